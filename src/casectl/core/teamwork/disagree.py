"""Disagreements the field-by-field merge would settle silently, made conflicts (pure).

Field by field, two sides that each did something reasonable can add up to a case no command
would write: a promise kept on one side and withdrawn on the other holds both endings; a step
recorded on both sides with different content mixes the two; a case closed on one side and
reopened on the other. ``settle`` finds them in the three versions and turns each into one
``Disagreement`` (a conflict with a one-line reason) whose block holds both sides' values;
equal outcomes are no disagreement. ``broken`` does the same for a merged case that breaks a
lifecycle rule (``core.loop.checks``): the field involved gets a conflict, with the rule as the
reason.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from casectl.core.teamwork.merge import Conflict, MergeResult, Path, empty, same

# Steps recorded once, as a mapping with an ``at``: both sides recording one differently is one
# disagreement about the whole step, not a conflict per field.
STEPS = ("resolution", "relationship", "review", "closed")
Map = Mapping[str, Any]
ENDINGS = ("kept_at", "withdrawn")


@dataclass
class Disagreement(Conflict):
    """A conflict with the reason a person reads on its first marker line."""

    reason: str = ""


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _promises(data: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    items = _map(data.get("response")).get("promises")
    return {p["id"]: p for p in items or [] if isinstance(p, Mapping) and "id" in p}


def _ending(promise: Mapping[str, Any]) -> str | None:
    return next((key for key in ENDINGS if not empty(promise.get(key))), None)


def _without(result: MergeResult, path: Path) -> None:
    """Drop the field conflicts inside ``path``: one block for the whole of it replaces them."""
    result.conflicts = [c for c in result.conflicts if c.path[: len(path)] != path]


def _disagree(result: MergeResult, path: Path, base: Any, ours: Any, theirs: Any, why: str) -> None:
    """One conflict at ``path`` with each side's whole value; the merged data holds OURS's
    (or THEIRS's where OURS has none), as the markers expect."""
    _without(result, path)
    target: Any = result.data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = copy.deepcopy(theirs if empty(ours) else ours)
    result.conflicts.append(Disagreement(path, base, ours, theirs, why))


def _promise_endings(result: MergeResult, b: Map, o: Map, t: Map) -> None:
    ours, theirs = _promises(o), _promises(t)
    merged = _map(result.data.get("response")).get("promises") or []
    for pid, before in _promises(b).items():
        if _ending(before) is not None or pid not in ours or pid not in theirs:
            continue
        mine, yours = _ending(ours[pid]), _ending(theirs[pid])
        if mine is None or yours is None or mine == yours:
            continue  # ended on one side only, or the same way (kept twice: the earlier time)
        index = next((i for i, p in enumerate(merged) if p.get("id") == pid), None)
        if index is None:
            continue
        why = f"promise {pid} ended differently: {_said(mine)} (ours), {_said(yours)} (theirs)"
        path: Path = ("response", "promises", index)
        _disagree(result, path, before, dict(ours[pid]), dict(theirs[pid]), why)


def _said(ending: str) -> str:
    return "kept" if ending == "kept_at" else "withdrawn"


def _steps(result: MergeResult, b: Map, o: Map, t: Map) -> None:
    for step in STEPS:
        before, mine, yours = _map(b.get(step)), _map(o.get(step)), _map(t.get(step))
        if not empty(before.get("at")) or empty(mine.get("at")) or empty(yours.get("at")):
            continue
        if same(mine, yours) or step not in result.data:
            continue
        _disagree(result, (step,), b.get(step), o[step], t[step], f"{step} recorded on both sides")


def _response(result: MergeResult, b: Map, o: Map, t: Map) -> None:
    """The first response recorded on both sides: its own fields, promises aside (those are
    items, merged by id)."""
    before, mine, yours = _map(b.get("response")), _map(o.get("response")), _map(t.get("response"))
    if before or not mine or not yours or "response" not in result.data:
        return
    fields = [k for k in {**mine, **yours} if k != "promises"]
    if all(same(mine.get(k), yours.get(k)) for k in fields):
        return
    for key in fields:
        _without(result, ("response", key))
    promises = _map(result.data["response"]).get("promises")
    kept = {"promises": copy.deepcopy(promises)} if promises else {}
    mine, yours = {**mine, **kept}, {**yours, **kept}  # both sides' promises in either
    why = "response recorded on both sides"
    result.conflicts.append(Disagreement(("response",), None, mine, yours, why))
    result.data["response"] = copy.deepcopy(mine)


def _reopenings(data: Map) -> set[str]:
    return {r["id"] for r in data.get("reopenings") or [] if isinstance(r, Mapping) and "id" in r}


def _close_and_reopen(result: MergeResult, b: Map, o: Map, t: Map) -> None:
    if not empty(b.get("closed")):
        return
    for closer, opener in ((o, t), (t, o)):
        if empty(closer.get("closed")) or not empty(opener.get("closed")):
            continue
        if not _reopenings(opener) - _reopenings(b) or "closed" not in result.data:
            continue
        why = "closed on one side, reopened on the other"
        _disagree(result, ("closed",), None, o.get("closed"), t.get("closed"), why)
        return


def settle(base: Map, ours: Map, theirs: Map, result: MergeResult) -> None:
    """Turn a case merge's silent disagreements into conflicts (in ``result``)."""
    _promise_endings(result, base, ours, theirs)
    _steps(result, base, ours, theirs)
    _response(result, base, ours, theirs)
    _close_and_reopen(result, base, ours, theirs)


def broken(
    problems: list[tuple[str, str]], base: Map, ours: Map, theirs: Map, result: MergeResult
) -> bool:
    """A conflict for each top-level field a rule of the merged case names (``(field path,
    message)`` from the checks), with each side's value and the rule as the reason; False when
    a problem names no field (the caller marks the whole file)."""
    if any(not loc for loc, _message in problems):
        return False
    seen: set[str] = set()
    for loc, message in problems:
        key = loc.split(".")[0].split("[")[0]
        if key in seen:
            continue
        seen.add(key)
        mine, yours = ours.get(key), theirs.get(key)
        if empty(mine) and empty(yours):
            mine = result.data.get(key)
        _disagree(result, (key,), base.get(key), mine, yours, message)
    return True


def lost(
    base: Map, parents: Sequence[Map], merged: Map, lists: tuple[str, ...]
) -> list[tuple[str, str, int]]:
    """Items a parent of a merge added (not in ``base``) that the merged version lacks:
    ``(list, item id, parent index)`` each."""
    out: list[tuple[str, str, int]] = []
    for where in lists:
        before, after = _ids(base, where), _ids(merged, where)
        for index, parent in enumerate(parents):
            out.extend((where, i, index) for i in sorted(_ids(parent, where) - before - after))
    return out


def _ids(data: Map, where: str) -> set[str]:
    value: Any = data
    for part in where.split("."):
        value = _map(value).get(part)
    items = value if isinstance(value, list) else []
    return {i["id"] for i in items if isinstance(i, Mapping) and isinstance(i.get("id"), str)}
