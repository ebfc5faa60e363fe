"""Checks of one case that look across its fields: item ids, the order of its times, and that
the stage its content shows has the earlier steps' content. Pure: a case in, problems out.

``casectl validate`` runs these on every file; each problem is ``(field path, message)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import PurePosixPath
from typing import Any

from casectl.core import events, lifecycle
from casectl.core.ids import is_sequential
from casectl.core.layout import CASES_DIR as CASES_DIR
from casectl.core.model import GROWING_LISTS, Case
from casectl.i18n import msg

_LOC = re.compile(r"[A-Za-z_]\w*|\[\d+\]")


def loc_of(dotted: str) -> list[str | int]:
    """``response.promises[0].due`` as ``["response", "promises", 0, "due"]``."""
    return [int(p[1:-1]) if p.startswith("[") else p for p in _LOC.findall(dotted)]


def home(case: Case, tz: tzinfo) -> PurePosixPath:
    """Where a case file belongs in its casebook: ``cases/YYYY/MM/<ID>.yaml``, by the month it
    was received in the team's time zone."""
    received = case.received_at.astimezone(tz)
    return PurePosixPath(CASES_DIR, f"{received:%Y}", f"{received:%m}", f"{case.id}.yaml")


def check_place(
    case: Case, actual: PurePosixPath, tz: tzinfo, zone: str
) -> Iterator[tuple[str, str]]:
    """A file whose name or folder disagrees with the case it holds."""
    expected = home(case, tz)
    if actual.stem != case.id:
        yield "id", f"the file name {actual.name} does not match the ID; it belongs at {expected}"
    elif actual.parent != expected.parent:
        received = case.received_at.astimezone(tz)
        yield (
            "received_at",
            f"received {received:%Y-%m} ({zone}) but filed under "
            f"{actual.parent.as_posix()}; it belongs at {expected.as_posix()}",
        )


WARNING = "warning: "  # a finding that does not make the file invalid


def check_id_form(case: Case) -> Iterator[tuple[str, str]]:
    """A warning when ``case`` holds item ids of the old sequential form (``n2``): they still
    read, but two clones mint the same ones (``casectl migrate`` gives them random ids)."""
    old = [
        item.id
        for where in GROWING_LISTS
        for item in _items(case, where)
        if is_sequential(str(getattr(item, "id", "")))
    ]
    if old:
        shown = ", ".join(old[:5]) + (" …" if len(old) > 5 else "")
        said = msg("warning: old sequential item ids ({shown}); run casectl migrate", shown=shown)
        yield "", said


def _items(case: Case, where: str) -> list[Any]:
    items: Any = case
    for part in where.split("."):
        items = getattr(items, part, None)
    return list(items or [])


def check_case(case: Case) -> Iterator[tuple[str, str]]:
    """Every cross-field problem of ``case``."""
    yield from _check_item_ids(case)
    yield from _check_dates(case)
    yield from _check_stage(case)


def _check_item_ids(case: Case) -> Iterator[tuple[str, str]]:
    for where in GROWING_LISTS:
        items: Any = case
        for part in where.split("."):
            items = getattr(items, part, None) if items is not None else None
        seen: set[str] = set()
        for index, item in enumerate(items or []):
            if item.id in seen:
                yield f"{where}[{index}].id", f"duplicate item id {item.id!r}"
            seen.add(item.id)
    promises = {p.id for p in (case.response.promises if case.response else [])}
    for index, update in enumerate(case.updates):
        for ref in update.keeps:
            if ref not in promises:
                yield f"updates[{index}].keeps", f"no promise {ref!r} in response.promises"


Where = tuple[str | int, ...]  # where a value sits in a case's data: keys and list places


def _early(
    value: dict[str, Any] | list[Any], received: datetime, path: Where, found: list[Where]
) -> None:
    """Add to ``found`` where each time in a case's data before ``received`` sits (a due
    excepted: it may be set before the case came in), in the data's order; only dicts and
    lists are walked, a text or a number is passed by."""
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in pairs:
        if isinstance(item, datetime):
            if item < received and key != "due":
                found.append((*path, key))
        elif isinstance(item, dict | list):
            _early(item, received, (*path, key), found)


def _loc(path: Where) -> str:
    """``response.promises[0].due`` from its keys and list places."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def _check_dates(case: Case) -> Iterator[tuple[str, str]]:
    received = case.received_at
    early: list[Where] = []
    data = case.model_dump()
    _early(data, received, (), early)
    for path in early:
        at: Any = data
        for part in path:
            at = at[part]
        said = f"{at.isoformat()} is before the case was received ({received.isoformat()})"
        yield _loc(path), said
    pairs: list[tuple[str, datetime | None, str, datetime | None]] = []
    for i, p in enumerate(case.response.promises if case.response else []):
        made = p.made_at or (case.response.at if case.response else None)
        base = f"response.promises[{i}]"
        pairs.append((f"{base}.kept_at", p.kept_at, "made", made))
        pairs.append((f"{base}.due", p.due, "made", made))
    for i, a in enumerate(case.actions):
        pairs += [
            (f"actions[{i}].done_at", a.done_at, "added", a.added_at),
            (f"actions[{i}].cancelled_at", a.cancelled_at, "added", a.added_at),
        ]
    for i, pause in enumerate(case.pauses):
        pairs.append((f"pauses[{i}].end", pause.end, "started", pause.start))
    resolved = case.resolution.at
    reopened = lifecycle.last_reopened(case)
    rel = case.relationship
    later: list[tuple[str, datetime | None]] = [
        ("relationship.at", rel.at),
        ("relationship.follow_up.done_at", rel.follow_up.done_at if rel.follow_up else None),
        *((f"relationship.surveys[{i}].at", s.at) for i, s in enumerate(rel.surveys)),
        ("review.at", case.review.at),
        ("closed.at", case.closed.at if case.closed else None),
    ]
    for loc, when in later:
        if when is not None and (reopened is None or when > reopened):
            pairs.append((loc, when, "resolved", resolved))
    for loc, after, what, before in pairs:
        if after is not None and before is not None and after < before:
            yield loc, f"{after.isoformat()} is before it was {what} ({before.isoformat()})"


def _check_stage(case: Case) -> Iterator[tuple[str, str]]:
    """The stage read off the content needs the earlier steps' content, unless forced."""
    said = (events.Forced.read(e.event, e.detail) for e in case.timeline)
    forced = {e.step for e in said if e is not None}
    root_cause = case.investigation.root_cause
    if root_cause and case.response is None and "investigated" not in forced:
        yield "investigation.root_cause", "a root cause but no first response (casectl respond)"
    if lifecycle.is_resolved(case) and not root_cause and "resolve" not in forced:
        yield "resolution.at", "resolved without a root cause (casectl investigate records one)"
    for step, done, loc in (
        ("repair", lifecycle.is_repaired(case), "relationship.at"),
        ("review", lifecycle.is_reviewed(case), "review.at"),
    ):
        if done and not lifecycle.is_resolved(case) and step not in forced:
            yield loc, f"{step} recorded but the case is not resolved (casectl resolve)"
    if lifecycle.is_closed(case) and case.closed is not None and not case.closed.forced:
        for what, _command in lifecycle.missing_for("close", case):
            yield "closed", f"closed, but {what}"
