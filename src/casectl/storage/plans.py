"""The monthly plans' files, ``plans/YYYY-MM.yaml``: read, and changed under the casebook's
lock with the same YAML round trip as case files (hand-written comments survive)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from casectl.core.learning.plans import Plan
from casectl.core.model import plain
from casectl.errors import CorruptFileError
from casectl.i18n import msg
from casectl.storage import yamlio
from casectl.storage.files import atomic_write, locked
from casectl.storage.store import LOCAL_DIR, Casebook

PLANS_DIR = "plans"


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


def load(book: Casebook, month: str) -> Plan | None:
    """The plan of ``month``; None when there is none."""
    path = path_of(book, month)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
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
    """Apply ``how`` to the plan of ``month`` (a new one when there is none) and write it."""
    path = path_of(book, month)
    with locked(book.root / LOCAL_DIR, "locks/plans", "the plans"):
        try:
            text: str | None = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = None
        before = parse(text, book.relative(path)) if text is not None else Plan(month=month)
        after = how(before)
        if text is None:
            out = yamlio.dump_new(_data(after))
        else:
            doc = yamlio.sync(yamlio.rt_load(text), yamlio.fast_load(text), _data(after))
            out = yamlio.dump(doc)
        parse(out, book.relative(path))  # what is written is what the reader accepts
        atomic_write(path, out)
    return after, path
