"""What a bulk close did (``casectl close --where …``): a line a case, then the sum, or JSON
for scripts. Pure text; how an error reads is the caller's (``said``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from casectl.errors import CasectlError, CorruptFileError
from casectl.i18n import _, text

Said = Callable[[CasectlError], str]


class Closed(Protocol):
    @property
    def case_id(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def forced(self) -> tuple[str, ...]: ...


class Refused(Protocol):
    @property
    def case_id(self) -> str: ...
    @property
    def error(self) -> CasectlError: ...


class ClosedMany(Protocol):
    """What the library's ``close_many`` returns, as this module reads it."""

    @property
    def closed(self) -> Sequence[Closed]: ...
    @property
    def refused(self) -> Sequence[Refused]: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def skipped(self) -> Sequence[CorruptFileError]: ...


def lines(done: ClosedMany, said: Said) -> list[str]:
    """One line a case: closed (or would close), forced past what, or why not."""
    out = []
    closed = _("{case}: would close — {path}") if done.dry_run else _("{case}: closed — {path}")
    for item in done.closed:
        line = closed.format(case=item.case_id, path=item.path)
        if item.forced:
            forced = "; ".join(text(m) for m in item.forced)
            line += _(" (forced past: {missing})").format(missing=forced)
        out.append(line)
    for refused in done.refused:
        said_why = _("{case}: not closed: {why}")
        out.append(said_why.format(case=refused.case_id, why=said(refused.error)))
    return out


def summary(done: ClosedMany) -> str:
    """The sum: how many closed (or would close), how many could not."""
    if done.dry_run:
        head = _("dry run: {closed} would close, {refused} could not; nothing written")
    else:
        head = _("{closed} closed, {refused} could not close")
    said = head.format(closed=len(done.closed), refused=len(done.refused))
    if done.skipped:
        said += _("; {count} case file(s) could not be read").format(count=len(done.skipped))
    return said


def to_json(done: ClosedMany, said: Said) -> dict[str, Any]:
    return {
        "dry_run": done.dry_run,
        "counts": {
            "closed": len(done.closed),
            "refused": len(done.refused),
            "unreadable": len(done.skipped),
        },
        "closed": [
            {"case": c.case_id, "path": c.path, "forced": [text(m) for m in c.forced]}
            for c in done.closed
        ],
        "refused": [{"case": r.case_id, "why": said(r.error)} for r in done.refused],
        "problems": [{"path": p.path, "line": p.line, "message": p.problem} for p in done.skipped],
    }
