"""Several casebooks read as one: ``-C east -C west``, or an org file that lists them.

An org file is a small YAML file (``org.yaml``)::

    casebooks:
      - teams/east            # a folder, relative to the org file
      - {name: west, path: /srv/casebooks/west}

Each casebook gets a label — its ``name``, else its folder's name (the path as given when two
folders share a name) — and its cases are shown as ``label:ID`` where several are read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casectl.errors import CasebookError, UsageError
from casectl.i18n import msg
from casectl.storage.store import Casebook


def is_org_file(given: str) -> bool:
    """Whether ``-C`` names a file (an org file) rather than a casebook folder."""
    return Path(given).expanduser().is_file()


def entries(given: str) -> list[tuple[str | None, str]]:
    """The (name, folder) pairs of ``given``: a folder alone, or those its org file lists."""
    if not is_org_file(given):
        return [(None, given)]
    from casectl.storage import reading, yamlio

    path = Path(given).expanduser()
    try:
        data: Any = yamlio.fast_load(reading.read_text(path, reading.ORG, follow=True))
    except reading.Unreadable as exc:
        raise CasebookError(
            msg("{given}: cannot read the org file ({exc})", given=given, exc=exc.problem)
        ) from None
    except OSError as exc:
        raise CasebookError(
            msg("{given}: cannot read the org file ({exc})", given=given, exc=exc.strerror)
        ) from None
    except yamlio.YamlError as exc:
        raise CasebookError(
            msg("{given}:{value}: {problem}", given=given, value=exc.line or 1, problem=exc.problem)
        ) from None
    listed = data.get("casebooks") if isinstance(data, dict) else None
    if not isinstance(listed, list) or not listed:
        raise UsageError(
            msg("{given}: an org file lists its casebooks under casebooks:", given=given)
        )
    found: list[tuple[str | None, str]] = []
    for n, item in enumerate(listed):
        name, folder = (
            (item.get("name"), item.get("path"))
            if isinstance(item, dict)
            else (
                None,
                item,
            )
        )
        if not isinstance(folder, str) or not folder.strip():
            raise UsageError(
                msg("{given}: casebooks[{n}]: a folder path is expected", given=given, n=n)
            )
        where = Path(folder).expanduser()
        found.append(
            (
                str(name) if name else None,
                str(where if where.is_absolute() else path.parent / where),
            )
        )
    return found


def open_all(given: list[str]) -> list[tuple[str, Casebook]]:
    """Every casebook ``given`` names, opened, each with its label (unique)."""
    listed = [pair for g in given for pair in entries(g)]
    opened = [(name, Casebook.open(folder), folder) for name, folder in listed]
    roots = [book.root for _, book, _ in opened]
    for root in roots:
        if roots.count(root) > 1:
            raise UsageError(msg("the casebook {root} is named twice", root=root))
    names = [name or book.root.name for name, book, _ in opened]
    out = []
    for (name, book, folder), label in zip(opened, names, strict=True):
        if name is None and names.count(label) > 1:
            label = folder
        out.append((label, book))
    return out
