"""What every command shares: the global options (kept in the click context's ``obj``) and the
casebooks they open through the library (``casectl.api``), whose notices are printed on stderr
in the reader's language. The library loads on first use, so ``--help`` stays fast.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from casectl.cli import output

if TYPE_CHECKING:
    from casectl.api.base import Notice
    from casectl.api.casebook import Casebook
    from casectl.api.many import Casebooks


@dataclass
class State:
    """Global options (-C, --debug) of the command being run, and what it opened."""

    casebook: str | None = None
    debug: bool = False
    casebooks: list[str] = field(default_factory=list)  # every -C given (list, report, …)
    opened: Casebooks | None = field(default=None, repr=False)


RUNNING: ContextVar[typer.Context | None] = ContextVar("casectl_running", default=None)


def state() -> State:
    """The running command's state: the root context's ``obj``, which the global options'
    callback sets (a fresh one outside a command)."""
    ctx = RUNNING.get()
    obj = ctx.obj if ctx is not None else None
    if not isinstance(obj, State):
        obj = State()
        if ctx is not None:
            ctx.obj = obj
    return obj


def tell(notice: Notice) -> None:
    """A notice of the library, on stderr in the reader's language."""
    from casectl.i18n import text

    said = text(notice.message)
    if notice.level == "warning":
        output.warn(said)
    else:
        output.info(said)


def casebooks() -> Casebooks:
    """Every casebook this command reads: those ``-C`` names (folders, or org files listing
    them), else the one found as git finds .git (opened once)."""
    st = state()
    if st.opened is None:
        from casectl.api import Casebook
        from casectl.api.many import Casebooks, open_many

        if st.casebooks:
            st.opened = open_many(st.casebooks, notices=tell)
        else:
            found = Casebook(None, notices=tell)
            st.opened = Casebooks([(found.name, found)], several=False)
    return st.opened


def casebook() -> Casebook:
    """The casebook a command on one casebook works on (a usage error when several were
    given)."""
    return casebooks().one()


def address(case_id: str) -> tuple[Casebook, str]:
    """The casebook and case ID a command's ``ID`` names (``label:ID`` among several)."""
    return casebooks().address(case_id)


def root_given() -> str | None:
    """The one casebook folder ``-C`` names, for commands that need no opened casebook
    (doctor, git setup, validate); a usage error when several were given."""
    from casectl.api.many import is_several

    st = state()
    if is_several(st.casebooks):
        casebooks().one()  # says why
    return st.casebook
