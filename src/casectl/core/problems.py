"""What pydantic says is wrong with some data, as ``field.path: message`` problems. Pure.

Case files, ``casectl.yaml`` and values typed on the command line are all checked by the models;
this is the one place that turns pydantic's errors into words people read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from casectl.core.dates import not_a_time
from casectl.i18n import Msg, msg

_NOT_A_TIME = {"datetime_type", "datetime_parsing", "datetime_from_date_parsing"}


@dataclass(frozen=True)
class FieldProblem:
    """One field that failed validation: where it is (``loc``, ``path``) and what is wrong."""

    loc: tuple[str | int, ...]
    path: str  # response.promises[0].due; "(top)" for the document itself
    message: str
    kind: str  # pydantic's error type: missing, extra_forbidden, string_too_short, ...
    value: Any = None


def dotted(loc: tuple[str | int, ...]) -> str:
    """``("response", "promises", 0, "due")`` as ``response.promises[0].due``."""
    text = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc)
    return text.replace(".[", "[") or "(top)"


def flatten(exc: ValidationError, *, docs: str = "docs/case-format.md") -> list[FieldProblem]:
    """Every error of ``exc``, worded for people; ``docs`` is where unknown fields are explained."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        message: str = str(error["msg"]).removeprefix("Value error, ")
        kind = str(error["type"])
        raised = (error.get("ctx") or {}).get("error")
        if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Msg):
            message = raised.args[0]  # the core's own words, translatable
        if kind == "extra_forbidden":
            message = msg("unknown field (a typo? see {docs})", docs=docs)
        elif kind == "missing":
            message = msg("required field is missing")
        elif kind in _NOT_A_TIME:  # the words of core.dates, not pydantic's
            message = not_a_time(error.get("input"))
        problems.append(FieldProblem(loc, dotted(loc), message, kind, error.get("input")))
    return problems
