"""One error root. Each subclass carries the exit code the CLI turns it into.

Exit codes (docs/exit-codes.md):
  0 done
  1 a check found problems (overdue found breaches, validate found invalid files)
  2 bad input or usage (unknown option or value, unknown or ambiguous ID, a step refused)
  3 casebook trouble (none found, unreadable or corrupt file, lock not obtained)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_CASEBOOK = 3


class CasectlError(Exception):
    """Base of every error a user can cause; never shown with a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(CasectlError):
    """Bad input: a value outside an enum, a malformed date, a missing option."""

    exit_code = EXIT_USAGE


class UnknownCaseError(UsageError):
    """No case matches the ID or prefix given."""


class AmbiguousCaseError(UsageError):
    """More than one case matches the prefix given."""


class StepRefused(UsageError):
    """A step the case is not ready for (what is missing and which command supplies it)."""


class CasebookError(CasectlError):
    """No casebook, an unreadable or corrupt file, a lock not obtained."""

    exit_code = EXIT_CASEBOOK


class CorruptFileError(CasebookError):
    """A case file or casectl.yaml that does not parse or does not validate."""

    def __init__(self, path: str, problem: str, *, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")
        self.path = path
        self.problem = problem
        self.line = line


class LockError(CasebookError):
    """Another casectl holds the casebook lock for too long."""
