"""The gate's baseline file on disk (``overdue --baseline``): read with the size cap, written
whole and checked. What the entries mean is ``core.views.baseline``'s."""

from __future__ import annotations

import os
from pathlib import Path

from casectl.core.views import baseline
from casectl.errors import CasebookError, UsageError
from casectl.i18n import msg
from casectl.storage import reading
from casectl.storage.files import target, write_beside

BASELINE = reading.Kind(msg("a baseline file"), 1 * reading.MIB)


def read(path: str | os.PathLike[str], option: str = "--baseline") -> list[str]:
    """The entries of the baseline file at ``path``; a usage error naming ``option`` and the
    file when it cannot be read or a line is not an entry."""
    try:
        content = reading.read_text(path, BASELINE, follow=True)
    except reading.Unreadable as exc:
        raise _cannot(option, "read", path, exc.problem) from None
    except OSError as exc:
        raise _cannot(option, "read", path, exc.strerror or str(exc)) from None
    return baseline.parse(content, os.fspath(path))


def write(path: str | os.PathLike[str], entries: list[str], option: str) -> None:
    """``entries`` written as the baseline file at ``path``, whole or not at all: the text must
    read back as the same entries and fit the limit; a link, a FIFO or a folder is refused."""
    text = baseline.text(entries)
    shown = os.fspath(path)
    if baseline.parse(text, shown) != sorted(set(entries)):
        raise CasebookError(
            msg(
                "{file}: not written, it would read back as something else; the file is "
                "unchanged — please report this",
                file=shown,
            )
        )
    if len(text.encode("utf-8")) > BASELINE.limit:
        raise UsageError(
            msg(
                "{file}: not written, it would pass casectl's limit of {limit} for {what}",
                file=shown,
                limit=BASELINE.shown_limit,
                what=BASELINE.label,
            )
        )
    where = Path(path)
    try:
        target(where)
        if not where.parent.is_dir():
            raise FileNotFoundError(2, msg("no such folder"))
        data = text.encode("utf-8")
        write_beside(where, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        raise _cannot(option, "write", path, exc.strerror or str(exc)) from None


def _cannot(option: str, doing: str, path: object, problem: str) -> UsageError:
    values = {"option": option, "path": path, "problem": problem}
    if doing == "read":
        return UsageError(msg("{option}: cannot read {path}: {problem}", **values))
    return UsageError(msg("{option}: cannot write {path}: {problem}", **values))
