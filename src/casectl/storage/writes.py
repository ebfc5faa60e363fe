"""The one checked write of a casebook file — a case, a customer profile, a monthly plan.

In order: the text must read back, with the reader that will read it, as what was meant to be
written; it must fit its kind's limit; the file must be a regular file (or a new one) inside the
casebook, reached through no link that leads out; then it is written atomically
(``files.write_beside``), and the temporaries interrupted writes left in its folder are removed.
Anything refused leaves the old file byte for byte. Line endings, comments and key order are
kept by the text itself (``casefile.update_text``); this only writes what it is given.
``save_new`` makes many new files (an import's) after the same checks, all or none
(``files.write_new_files``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from casectl.errors import CasebookError, CorruptFileError, UsageError
from casectl.i18n import msg
from casectl.storage import yamlio
from casectl.storage.files import (
    NotRegular,
    atomic_write,
    clean_temporaries,
    clean_temporaries_of,
    not_writable,
    write_new_files,
)
from casectl.storage.reading import KIB, Kind

T = TypeVar("T")


def reads_as(
    read: Callable[[str], T], data: Callable[[T], Mapping[str, Any]], meant: T
) -> Callable[[str], bool]:
    """A check that a text reads back as ``meant``: equal, or equal as plain ``data`` but for
    what the YAML writer may change (a text's final line break)."""

    def check(text: str) -> bool:
        again = read(text)
        return bool(again == meant) or yamlio.same(data(again), data(meant))

    return check


def save(
    root: Path, path: Path, text: str, *, shown: str, kind: Kind, check: Callable[[str], bool]
) -> None:
    """Write ``text`` to ``path`` (``shown`` in messages) once every check passes; ``check``
    reads the text back (``reads_as``) and raises ``CorruptFileError`` when it cannot."""
    checked(root, path, text, shown=shown, kind=kind, check=check)
    try:
        atomic_write(path, text)
    except NotRegular as exc:
        raise not_writable(shown, exc.what) from None
    except OSError as exc:  # disk full, read-only, a file-size limit: the old file stays
        raise cannot(shown, exc) from None
    clean_temporaries(path)


@dataclass
class New:
    """One new file ``save_new`` is to write: where, its text, its name in messages, and the
    check its text must pass (``reads_as``)."""

    path: Path
    text: str
    shown: str
    check: Callable[[str], bool]


def save_new(
    root: Path, files: Sequence[New], *, kind: Kind, temporaries: Sequence[Path] | None = None
) -> None:
    """Write many new files (an import's cases) once each passes every check ``save`` makes —
    all of them or, when one is refused or cannot be written, none (``files.write_new_files``:
    each atomic, the disk waited on twice in all). ``temporaries``: the files' temporaries,
    written already (one a file, beside it); the caller removes them when a check refuses."""
    inside: dict[Path, bool] = {}
    for new in files:
        checked(
            root, new.path, new.text, shown=new.shown, kind=kind, check=new.check, inside=inside
        )
    try:
        write_new_files([(new.path, new.text.encode("utf-8")) for new in files], temporaries)
    except NotRegular as exc:
        raise not_writable(_named(files, exc.filename), exc.what) from None
    except OSError as exc:
        raise cannot(_named(files, exc.filename), exc) from None
    clean_temporaries_of(new.path for new in files)


def _named(files: Sequence[New], filename: object) -> str:
    """The name in messages of the file an error names (the first file when none)."""
    return next((new.shown for new in files if str(new.path) == str(filename)), files[0].shown)


def cannot(shown: str, exc: OSError) -> CasebookError:
    """The error of a file that could not be written (``shown`` in the message)."""
    return CasebookError(
        msg("{rel}: cannot write ({strerror}); it is unchanged", rel=shown, strerror=exc.strerror)
    )


def checked(
    root: Path,
    path: Path,
    text: str,
    *,
    shown: str,
    kind: Kind,
    check: Callable[[str], bool],
    inside: dict[Path, bool] | None = None,
) -> None:
    """Every check before ``text`` may be written to ``path``: it reads back as meant, fits
    its kind's limit, and its folder lies inside the casebook (``inside`` remembers folders
    found so)."""
    try:
        if not check(text):
            raise CasebookError(
                msg(
                    "{rel}: not written, it would read back as something else; the file is "
                    "unchanged — please report this",
                    rel=shown,
                )
            )
    except CorruptFileError as exc:
        raise CasebookError(
            msg(
                "{rel}: not written, it would not read back ({problem}); the file is "
                "unchanged — please report this",
                rel=shown,
                problem=exc.problem,
            )
        ) from None
    size = len(text.encode("utf-8"))
    if size > kind.limit:
        problem = msg(
            "{rel}: not written, it would grow to {size} KiB, past casectl's limit of "
            "{limit} for {what}",
            rel=shown,
            size=-(-size // KIB),
            limit=kind.shown_limit,
            what=kind.label,
        )
        advice = kind.advice
        raise UsageError(
            msg("{problem}; {advice}", problem=problem, advice=advice) if advice else problem
        )
    check_inside(root, path, shown, inside)


def check_inside(root: Path, path: Path, shown: str, inside: dict[Path, bool] | None) -> None:
    """Refuse ``path`` when its folder does not lie inside the casebook (a folder on its way
    is a symbolic link elsewhere); ``inside`` remembers the folders found so."""
    known = inside if inside is not None else {}
    if path.parent not in known:
        known[path.parent] = path.parent.resolve().is_relative_to(root.resolve())
    if not known[path.parent]:
        raise CasebookError(
            msg(
                "{rel} lies outside the casebook (a folder on its way is a symbolic "
                "link elsewhere): refusing to write there",
                rel=shown,
            )
        )
