"""The one checked write of a casebook file — a case, a customer profile, a monthly plan.

In order: the text must read back, with the reader that will read it, as what was meant to be
written; it must fit its kind's limit; the file must be a regular file (or a new one) inside the
casebook, reached through no link that leads out; then it is written atomically
(``files.write_beside``), and the temporaries interrupted writes left in its folder are removed.
Anything refused leaves the old file byte for byte. Line endings, comments and key order are
kept by the text itself (``casefile.update_text``); this only writes what it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from casectl.errors import CasebookError, CorruptFileError, UsageError
from casectl.i18n import msg
from casectl.storage import yamlio
from casectl.storage.files import NotRegular, atomic_write, clean_temporaries, not_writable
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
    if not path.parent.resolve().is_relative_to(root.resolve()):
        raise CasebookError(
            msg(
                "{rel} lies outside the casebook (a folder on its way is a symbolic "
                "link elsewhere): refusing to write there",
                rel=shown,
            )
        )
    try:
        atomic_write(path, text)
    except NotRegular as exc:
        raise not_writable(shown, exc.what) from None
    except OSError as exc:  # disk full, read-only, a file-size limit: the old file stays
        raise CasebookError(
            msg(
                "{rel}: cannot write ({strerror}); it is unchanged",
                rel=shown,
                strerror=exc.strerror,
            )
        ) from None
    clean_temporaries(path)
