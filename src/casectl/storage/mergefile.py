"""Merge one case file's (or customer profile's) three versions: ``core.merge.merge_data``
applied to OURS's round-trip document (so its comments, key order and quoting survive), with
conflict markers around each conflicting field only. ``merge_texts`` is texts in, text out;
``merge_in_place`` is the git merge driver's whole job on the three files.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from casectl.core.customers.profile import PROFILE_GROWING_LISTS, PROFILE_LONG_TEXT, PROFILES_DIR
from casectl.core.loop import checks
from casectl.core.teamwork import disagree
from casectl.core.teamwork.merge import (
    CASE,
    Conflict,
    MergeResult,
    Shape,
    canonical,
    empty,
    get,
    merge_data,
)
from casectl.errors import CorruptFileError
from casectl.storage import git, plans, yamlio
from casectl.storage.casefile import parse_case
from casectl.storage.files import atomic_write
from casectl.storage.profiles import parse_profile

PROFILE = Shape(growing=PROFILE_GROWING_LISTS, append_only=(), long_text=PROFILE_LONG_TEXT)
PLAN = Shape(growing=("items",), append_only=(), long_text=())


class Unmergeable(Exception):
    """One of the three versions is not a case file this merge understands."""


@dataclass
class FileMerge:
    text: str
    result: MergeResult
    problem: str | None = None  # merged without conflict but the result does not validate

    @property
    def clean(self) -> bool:
        return not self.result.conflicts and self.problem is None


def _parse(text: str, side: str, *, allow_empty: bool = False) -> dict[str, Any]:
    try:
        data = yamlio.fast_load(text)
    except yamlio.YamlError as exc:
        where = f" (line {exc.line})" if exc.line else ""
        raise Unmergeable(f"{side}: {exc.problem}{where}") from None
    if data is None and allow_empty:
        return {}
    if not isinstance(data, dict):
        raise Unmergeable(f"{side}: not a case (a mapping of fields)")
    return data


def merge_texts(
    base_text: str, ours_text: str, theirs_text: str, *, marker_size: int = 7, name: str = "case"
) -> FileMerge:
    """Merge three versions of a case file (or profile, or plan); ``Unmergeable`` when one
    cannot be read. The result is checked as a write would check it: a rule it breaks becomes
    conflict markers around the fields involved, with the rule as the reason."""
    base = _parse(base_text, "base", allow_empty=True)
    ours = _parse(ours_text, "ours")
    theirs = _parse(theirs_text, "theirs")
    kind = kind_of(ours, theirs, name)
    shape = SHAPES[kind]
    result = merge_data(base, ours, theirs, shape)
    if kind == "case":
        disagree.settle(base, ours, theirs, result)
    text = _written(ours_text, ours, result, shape)
    if result.conflicts:
        return FileMerge(
            mark(text, result.data, result.conflicts, marker_size, theirs_text), result
        )
    problems = file_problems(text, name, kind)
    if problems:  # a problem a side already had is not the merge's
        had = {
            why for side in (ours_text, theirs_text) for _, why in file_problems(side, name, kind)
        }
        problems = [(loc, why) for loc, why in problems if why not in had]
    if not problems:
        return FileMerge(text, result)
    problem = "; ".join(f"{loc}: {why}" if loc else why for loc, why in problems)
    if not disagree.broken(problems, base, ours, theirs, result):
        return FileMerge(_whole(text, theirs_text, marker_size, problem), result, problem)
    text = _written(ours_text, ours, result, shape)
    return FileMerge(mark(text, result.data, result.conflicts, marker_size, theirs_text), result)


SHAPES = {"case": CASE, "profile": PROFILE, "plan": PLAN}


def _written(ours_text: str, ours: dict[str, Any], result: MergeResult, shape: Shape) -> str:
    """The merged data written into OURS's round-trip document (comments, order, quoting)."""
    doc = yamlio.rt_load(ours_text)
    old = copy.deepcopy(ours)
    for where in (*shape.growing, *shape.append_only):
        _align(doc, old, result, where, shape)
    return yamlio.dump(yamlio.sync(doc, old, result.data))


def file_problems(text: str, name: str, kind: str) -> list[tuple[str, str]]:
    """What a write would refuse in the merged ``text``: ``(field path, message)`` each."""
    try:
        if kind == "profile":
            parse_profile(text, name)
        elif kind == "plan":
            plans.parse(text, name)
        else:
            return list(checks.check_case(parse_case(text, name)))
    except CorruptFileError as exc:
        return [(e.field or "", str(e.detail)) for e in (exc, *exc.more)]
    return []


def kind_of(ours: Mapping[str, Any], theirs: Mapping[str, Any], name: str) -> str:
    """``case``, ``profile`` (``customers/…``) or ``plan`` (``plans/…``)."""
    if is_plan(ours, name) and is_plan(theirs, name):
        return "plan"
    return "profile" if is_profile(ours, name) and is_profile(theirs, name) else "case"


def is_profile(data: Mapping[str, Any], name: str) -> bool:
    """Whether a version is a customer profile (``customers/…``; a name and no case id)."""
    if name.startswith(f"{PROFILES_DIR}/") or f"/{PROFILES_DIR}/" in name:
        return True
    return "id" not in data and "received_at" not in data and "name" in data


def is_plan(data: Mapping[str, Any], name: str) -> bool:
    """Whether a version is a monthly plan (``plans/…``; a month and its items)."""
    if name.startswith(f"{plans.PLANS_DIR}/") or f"/{plans.PLANS_DIR}/" in name:
        return True
    return "id" not in data and "month" in data


def _align(
    doc: Any, old: dict[str, Any], result: MergeResult, where: str, shape: Shape = CASE
) -> None:
    """Reorder OURS's list at ``where`` (document and plain data alike) to the merged order, so
    that ``yamlio.sync`` then only writes changed fields and new items, keeping comments."""
    *parents, key = where.split(".")
    node: Any = doc
    plain: Any = old
    for part in parents:
        node = node.get(part) if isinstance(node, CommentedMap) else None
        plain = plain.get(part) if isinstance(plain, dict) else None
    merged = get(result.data, where)
    if not isinstance(node, CommentedMap) or not isinstance(plain, dict):
        return
    seq, ours = node.get(key), plain.get(key)
    if not (isinstance(seq, CommentedSeq) and isinstance(ours, list) and isinstance(merged, list)):
        return
    if len(seq) != len(ours):
        return
    slots: dict[str, list[int]] = {}
    back = {new: old_id for old_id, new in result.renames[0].get(where, {}).items()}
    for j, item in enumerate(ours):
        slots.setdefault(_identity(item, where, {}, shape), []).append(j)
    new_seq = CommentedSeq()
    new_plain: list[Any] = []
    taken: list[int] = []
    for item in merged:
        found = slots.get(_identity(item, where, back, shape))
        if found:
            j = found.pop(0)
            taken.append(j)
            if j in seq.ca.items:
                new_seq.ca.items[len(new_seq)] = seq.ca.items[j]
            new_seq.append(seq[j])
            new_plain.append(ours[j])
        else:
            new_seq.append(yamlio.styled(item, flow=key in yamlio.FLOW_LISTS))
            new_plain.append(item)
    if taken == list(range(len(ours))) and len(merged) == len(ours):
        return
    new_seq.ca.comment = seq.ca.comment
    node[key] = new_seq
    plain[key] = new_plain


def _identity(item: Any, where: str, back: dict[str, str], shape: Shape) -> str:
    if where in shape.growing and isinstance(item, Mapping) and isinstance(item.get("id"), str):
        item_id: str = item["id"]
        return "id:" + back.get(item_id, item_id)
    return "content:" + canonical(item)


# --- conflict markers ---------------------------------------------------------------------------


def mark(
    text: str, data: Any, conflicts: list[Conflict], size: int = 7, theirs_text: str = ""
) -> str:
    """Put conflict markers around each conflicting field of ``text`` (which holds OURS's
    values there): ``<<<<<<< ours``, OURS's lines, ``=======``, THEIRS's, ``>>>>>>> theirs``."""
    doc = yamlio.rt_load(text)
    lines = text.splitlines(keepends=True)
    spans: dict[tuple[str | int, ...], list[Conflict]] = {}
    places: dict[tuple[str | int, ...], tuple[int, int]] = {}
    for conflict in conflicts:
        found = _locate(doc, conflict.path)
        if found is None:
            return _whole(text, theirs_text, size)
        span, line, col = found
        spans.setdefault(span, []).append(conflict)
        places[span] = (line, col)
    for span in sorted(spans, key=lambda s: places[s][0], reverse=True):
        line, col = places[span]
        end = _span_end(lines, line, col)
        here = lines[line:end]
        theirs = _render_theirs(data, span, spans[span], col, here[0][:col])
        only_theirs = len(spans[span]) == 1 and spans[span][0].path == span
        if only_theirs and empty(spans[span][0].ours):  # the document holds THEIRS's value
            here, theirs = [], here
        reasons = [r for c in spans[span] if (r := getattr(c, "reason", ""))]
        why = f" ({'; '.join(reasons)})" if reasons else ""
        lines[line:end] = [
            f"{'<' * size} ours{why}\n",
            *here,
            f"{'=' * size}\n",
            *theirs,
            f"{'>' * size} theirs\n",
        ]
    return "".join(lines)


def _locate(doc: Any, path: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], int, int] | None:
    """The block-style key that holds ``path`` (itself, or the key of an enclosing flow
    mapping) with its 0-based line and column."""
    node = doc
    best: tuple[tuple[str | int, ...], int, int] | None = None
    for i, part in enumerate(path):
        if isinstance(node, CommentedMap) and part in node:
            if node.fa.flow_style():
                return best
            line, col = node.lc.key(part)
            best = (path[: i + 1], line, col)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            if node.fa.flow_style():
                return best
            node = node[part]
        else:
            return None
    return best


def _span_end(lines: list[str], line: int, col: int) -> int:
    """One past the last line of the value that starts with the key at ``line``, ``col``."""
    end = line + 1
    probe = end
    while probe < len(lines):
        text = lines[probe]
        body = text.lstrip(" ")
        indent = len(text) - len(body)
        if body.strip() == "":
            probe += 1
            continue
        if (
            indent > col
            or (indent == col and body.startswith("- "))
            or (indent == col and body.rstrip("\n") == "-")
        ):
            probe += 1
            end = probe
            continue
        break
    return end


def _render_theirs(
    data: Any, span: tuple[str | int, ...], conflicts: list[Conflict], col: int, prefix: str
) -> list[str]:
    """THEIRS's version of the lines at ``span``: the merged value with THEIRS's conflicting
    values put in, at the same indentation."""
    key = span[-1]
    if len(conflicts) == 1 and conflicts[0].path == span:
        value = conflicts[0].theirs
    else:
        value = data
        for part in span:
            value = value[part]
        value = copy.deepcopy(value)
        for conflict in conflicts:
            target = value
            for part in conflict.path[len(span) : -1]:
                target = target[part]
            if empty(conflict.theirs):
                target.pop(conflict.path[-1], None)
            else:
                target[conflict.path[-1]] = conflict.theirs
    if empty(value):
        return []
    rendered = yamlio.dump(yamlio.styled({str(key): value})).splitlines(keepends=True)
    out = [" " * col + ln if ln.strip() else ln for ln in rendered]
    out[0] = prefix + out[0][col:]
    return out


def _whole(text: str, theirs_text: str, size: int, reason: str = "") -> str:
    """Markers around the whole file, when a conflicting field cannot be found in it."""
    theirs = theirs_text if theirs_text.endswith("\n") or not theirs_text else theirs_text + "\n"
    why = f" ({reason})" if reason else ""
    return f"{'<' * size} ours{why}\n{text}{'=' * size}\n{theirs}{'>' * size} theirs\n"


@dataclass
class DriverOutcome:
    """What the merge driver did to OURS: merged field by field (``merged``), or left git's
    own line merge there because ``fallback`` went wrong."""

    merged: FileMerge | None = None
    fallback: str | None = None


def merge_in_place(
    base: Path, ours: Path, theirs: Path, *, marker_size: int, name: str, debug: bool = False
) -> DriverOutcome:
    """git's merge driver: merge the three versions into ``ours``. A version this merge cannot
    read — or a bug in it (unless ``debug``) — leaves git's line merge instead, so THEIRS is
    never lost."""
    try:
        texts = [p.read_text(encoding="utf-8") for p in (base, ours, theirs)]
        outcome = merge_texts(*texts, marker_size=marker_size, name=name)
    except (Unmergeable, UnicodeDecodeError, OSError) as exc:
        git.merge_file(ours, base, theirs, marker_size)
        return DriverOutcome(fallback=str(exc))
    except Exception as exc:
        if debug:
            raise
        git.merge_file(ours, base, theirs, marker_size)
        return DriverOutcome(fallback=f"casectl merge failed: {exc!r}")
    atomic_write(ours, outcome.text)
    return DriverOutcome(merged=outcome)
