"""One error root. Each subclass carries the exit code the CLI turns it into.

Exit codes (docs/exit-codes.md):
  0 done
  1 a check found problems (overdue found breaches, validate found invalid files)
  2 bad input or usage (unknown option or value, unknown or ambiguous ID, a step refused)
  3 casebook trouble (none found, unreadable or corrupt file, lock not obtained)

Messages raised below the command line name the *fields* they are about, never a command-line
option: ``field("root_cause")`` marks a name in a message, and ``Remedy`` names the step that
would supply what is missing. ``str(error)`` shows field names as they are; the CLI spells them
as its options (``--root-cause``) and its remedies as command lines.

Messages are made with ``casectl.i18n.msg`` (a template and named values): ``str(error)`` is
English, and the CLI shows them in the reader's language (docs/language.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from casectl import i18n
from casectl.i18n import N_, listed, msg

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CASEBOOK = 3

_MARK = "\x00"  # cannot come from argv, and text from files is never put between two of them
_FIELD = re.compile(f"{_MARK}([a-z][a-z_]*){_MARK}")


def field(name: str) -> str:
    """``name`` marked as a field in a message, for the CLI to spell as its option."""
    return f"{_MARK}{name}{_MARK}"


def spell(message: str, how: Callable[[str], str] = lambda name: name) -> str:
    """``message`` with its marked fields written by ``how`` (default: the bare field name)."""
    return _FIELD.sub(lambda m: how(m.group(1)), message) if _MARK in message else message


@dataclass(frozen=True)
class Remedy:
    """A step that supplies what a refused step is missing: ``command`` run on ``case_id`` with
    ``args`` and the ``fields`` it needs given."""

    command: str  # "respond", "action done"
    case_id: str
    args: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()

    def __str__(self) -> str:
        return " ".join((self.command, self.case_id, *self.args, *self.fields))


class CasectlError(Exception):
    """Base of every error a user can cause; never shown with a traceback. ``hint`` is a line
    shown under it (the class's ``default_hint`` when none is given)."""

    exit_code = EXIT_USAGE
    default_hint: str | None = None

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        remedies: Sequence[Remedy] = (),
        can_force: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint
        self.remedies = tuple(remedies)
        self.can_force = can_force  # the step may be skipped with force and a reason

    def text(self, how: Callable[[str], str] = lambda name: name) -> str:
        """The message in the reader's language with its fields written by ``how`` (the CLI:
        as options)."""
        return spell(i18n.text(self.message), how)

    def __str__(self) -> str:
        text = spell(str(self.message))
        if self.remedies:
            text += f". Supply it with: {'; '.join(str(r) for r in self.remedies)}"
        return text


class UsageError(CasectlError):
    """Bad input: a value outside an enum, a malformed date, a missing option."""

    exit_code = EXIT_USAGE


# The commands that list what can be named.
LIST_CASES = N_("casectl list shows the cases")
LIST_CUSTOMERS = N_("casectl customer lists the customers")


class UnknownCaseError(UsageError):
    """No case matches the ID or prefix given."""

    default_hint = LIST_CASES


class UnknownCustomerError(UsageError):
    """No customer's name contains the text given."""

    default_hint = LIST_CUSTOMERS


class UnknownItemError(UsageError):
    """No item of a case or a plan (action, promise, note, plan item) has the id given."""


# What can be sought and not found: the error, its message, and the command that lists what
# there is. ``{given}`` is what was typed, ``{within}`` the case or month it was sought in,
# ``{known}`` the ids there are.
_NOT_FOUND: dict[str, tuple[type[UsageError], str, str]] = {
    "case": (UnknownCaseError, N_("no case matches {given!r}"), LIST_CASES),
    "customer": (UnknownCustomerError, N_("no customer matches {given!r}"), LIST_CUSTOMERS),
    "customer profile": (
        UnknownCustomerError,
        N_("no customer profile matches {given!r}"),
        LIST_CUSTOMERS,
    ),
    "action": (
        UnknownItemError,
        N_("{within} has no action {given!r} (actions: {known})"),
        N_("casectl show {within} lists its actions"),
    ),
    "promise": (
        UnknownItemError,
        N_("{within} has no promise {given!r} (promises: {known})"),
        N_("casectl show {within} lists its promises"),
    ),
    "text to amend": (
        UnknownItemError,
        N_("{within} has nothing called {given!r} to amend (one of: {known})"),
        N_("casectl show {within} lists its notes"),
    ),
    "plan item": (
        UnknownItemError,
        N_("the plan for {within} has no item {given!r} (items: {known})"),
        N_("casectl plan list {within} lists its items"),
    ),
    "conflicted file": (
        UsageError,
        N_("no conflicted file matches {given!r} (conflicted: {known})"),
        N_("casectl conflicts lists them"),
    ),
    "conflicting field": (
        UsageError,
        N_("{within} has no conflict in {given!r} (conflicts in: {known})"),
        N_("casectl conflicts lists them"),
    ),
}


def not_found(
    sought: str,
    given: str,
    *,
    within: str = "",
    known: Sequence[str] = (),
    close: Sequence[str] = (),
) -> UsageError:
    """The one error for something not found (exit 2): ``sought`` is what was looked for (a key
    of ``_NOT_FOUND``), ``given`` what was typed, ``within`` the case or month it was sought in,
    ``known`` the ids there are, ``close`` the names that look like it. Its hint names the
    command that lists the valid ones."""
    error, template, hint = _NOT_FOUND[sought]
    ids = listed(known) if known else msg("none")
    said = msg(template, given=given, within=within, known=ids)
    if close:
        said = msg("{said}; did you mean: {names}?", said=said, names=listed(close))
    return error(said, hint=msg(hint, within=within))


class AmbiguousCaseError(UsageError):
    """More than one case matches the prefix given."""


class StepRefused(UsageError):
    """A step the case is not ready for (what is missing and which step supplies it)."""


class CasebookError(CasectlError):
    """No casebook, an unreadable or corrupt file, a lock not obtained."""

    exit_code = EXIT_CASEBOOK


class CorruptFileError(CasebookError):
    """A case file or casectl.yaml that does not parse or does not validate.

    ``problem`` is what is wrong (``field: message`` when a field is to blame); ``field`` and
    ``detail`` are its two parts, for tools that list problems by field.
    """

    def __init__(
        self, path: str, problem: str, *, line: int | None = None, field: str | None = None
    ) -> None:
        where = f"{path}:{line}" if line else path
        whole = i18n.Msg("{field}: {problem}", field=field, problem=problem) if field else problem
        super().__init__(i18n.Msg("{where}: {problem}", where=where, problem=whole))
        self.path = path
        self.problem = whole
        self.detail = problem
        self.field = field
        self.line = line
        self.more: list[CorruptFileError] = []  # the file's other problems, for validate


class ChangedMeanwhile(CasebookError):
    """A file changed by another command between reading it and writing it back."""


class LockError(CasebookError):
    """Another casectl holds the casebook lock for too long."""
