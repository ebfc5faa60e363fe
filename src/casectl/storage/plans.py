"""The monthly plans' files, ``plans/YYYY-MM.yaml``: read, and changed under the casebook's
lock with the same YAML round trip as case files (hand-written comments survive)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casectl.core.layout import PLANS_DIR as PLANS_DIR
from casectl.core.learning.plans import Plan
from casectl.core.model import plain
from casectl.errors import CorruptFileError
from casectl.i18n import msg
from casectl.storage import reading, writes, yamlio
from casectl.storage.casefile import update_text
from casectl.storage.store import Casebook


def path_of(book: Casebook, month: str) -> Path:
    return book.root / PLANS_DIR / f"{month}.yaml"


def parse(text: str, name: str) -> Plan:
    try:
        data = yamlio.fast_load(text) or {}
    except yamlio.YamlError as exc:
        raise CorruptFileError(name, exc.problem, line=exc.line) from None
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "plan"
        raise CorruptFileError(
            name, msg("{where}: {problem}", where=where, problem=first["msg"])
        ) from None


def _text(book: Casebook, path: Path) -> str | None:
    """A plan file's text as it is (None: there is none)."""
    if not reading.exists(path):
        return None
    return reading.file_text(path, reading.PLAN, book.relative(path))


def load(book: Casebook, month: str) -> Plan | None:
    """The plan of ``month``; None when there is none."""
    path = path_of(book, month)
    text = _text(book, path)
    if text is None:
        return None
    plan = parse(text, book.relative(path))
    if plan.month != month:
        raise CorruptFileError(
            book.relative(path),
            msg("month: {month!r}, not {month2!r}", month=plan.month, month2=month),
        )
    return plan


def _data(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.prune(plain(plan.model_dump(mode="python")))
    return data


def change(book: Casebook, month: str, how: Callable[[Plan], Plan]) -> tuple[Plan, Path]:
    """Apply ``how`` to the plan of ``month`` (a new one when there is none) and write it
    under the casebook's lock, through the one checked write (``storage.writes``)."""
    path = path_of(book, month)
    rel = book.relative(path)
    with book.lock():
        text = _text(book, path)
        before = parse(text, rel) if text is not None else Plan(month=month)
        after = how(before)
        out = (
            yamlio.dump_new(_data(after))
            if text is None
            else update_text(text, before, after, _data)
        )
        if out is not None:
            check = writes.reads_as(lambda t: parse(t, rel), _data, after)
            writes.save(book.root, path, out, shown=rel, kind=reading.PLAN, check=check)
    return after, path
