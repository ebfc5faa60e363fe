"""Three-way, field-level merge of one case file (the git merge driver's core; pure).

``merge_data`` merges plain data (what ``yamlio.fast_load`` returns); ``mergefile.merge_texts``
applies the result to OURS's round-trip document so that its comments survive.

Rules, by where a value sits (docs/teamwork.md has the user's version):

* scalars: a change on one side wins; the same change on both is fine; different changes are a
  ``Conflict`` (the merged data holds OURS's value there, the caller writes markers);
* growing lists (``model.GROWING_LISTS``): union by item id (ids are random and minted once,
  so both sides' new items are kept as they are); items both sides hold merge field by field;
  an item one side removed and the other left alone goes; items in order of time, then id (a
  list with an untimed item: base items first). Only old sequential ids (``n2``) can clash: of
  two *different* new items with one id, the one first by time, then content, keeps it; the
  other gets the next free number, and its side's references follow (``follow_renames``);
* the timeline (``model.APPEND_ONLY_LISTS``) and other plain lists: union by content (an item
  one side removed goes); the timeline is then sorted by time;
* long text (``model.LONG_TEXT_FIELDS``): merged line by line (``textmerge``);
* a promise's ``kept_at`` set on both sides: the earlier time (it was kept when first kept).
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from casectl.core import events
from casectl.core.model import APPEND_ONLY_LISTS, GROWING_LISTS, LONG_TEXT_FIELDS, Case
from casectl.core.teamwork.textmerge import merge_lines

Path = tuple[str | int, ...]
Map = Mapping[str, Any]
TIME_KEYS = ("at", "start", "added_at", "made_at", "due")
_AMENDED_NOTE = re.compile(r"notes\[(\w+)\]\.text")
_ITEM_ID = re.compile(r"^([A-Za-z_-]*?)(\d+)(\.\w+)?$")
# Times of "the first time it happened": two clones that both did it keep the earlier time.
EARLIEST = frozenset({"response.promises[].kept_at"})
# list → (list, field) naming its ids: a list of ids, or one
_REFERENCES = {"response.promises": ("updates", "keeps"), "mails": ("attachments", "mail")}


@dataclass
class Conflict:
    """Different changes to one field; ``path`` locates it in the merged data."""

    path: Path
    base: Any
    ours: Any
    theirs: Any

    @property
    def field(self) -> str:
        return dotted(self.path)


@dataclass
class MergeResult:
    data: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)
    # renames[side][list path] = {old id: new id}; side 0 is ours, 1 theirs
    renames: tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]] = field(
        default_factory=lambda: ({}, {})
    )

    def notes(self) -> list[str]:
        out: list[str] = []
        for side, name in ((0, "ours"), (1, "theirs")):
            for where, mapping in sorted(self.renames[side].items()):
                out.extend(
                    f"{where}: {old} from {name} renamed {new} (both sides added {old})"
                    for old, new in sorted(mapping.items())
                )
        return out


def dotted(path: Path) -> str:
    text = ".".join(f"[{p}]" if isinstance(p, int) else p for p in path)
    return text.replace(".[", "[")


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def same(a: Any, b: Any) -> bool:
    """Equal as file content: offsets of times count, trailing newlines and empty forms do not."""
    if empty(a) or empty(b):
        return empty(a) and empty(b)
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a == b and a.utcoffset() == b.utcoffset()
    if isinstance(a, str) and isinstance(b, str):
        return a.rstrip("\n") == b.rstrip("\n")
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        keys = set(a) | set(b)
        return all(same(a.get(k), b.get(k)) for k in keys)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return type(a) is type(b) and bool(a == b)


def canonical(value: Any) -> str:
    """A text that is equal for values ``same`` calls equal (for sorting and counting)."""

    def norm(v: Any) -> Any:
        if isinstance(v, Mapping):
            return {str(k): norm(x) for k, x in v.items() if not empty(x)}
        if isinstance(v, list):
            return [norm(x) for x in v]
        if isinstance(v, datetime | date):
            return v.isoformat()
        if isinstance(v, str):
            return v.rstrip("\n")
        return v

    return json.dumps(norm(value), sort_keys=True, ensure_ascii=False, default=str)


def time_key(item: Any) -> float:
    """When an item happened, as a UTC timestamp; items with no time sort last."""
    if isinstance(item, Mapping):
        for key in TIME_KEYS:
            value = item.get(key)
            if isinstance(value, str):
                try:
                    value = datetime.fromisoformat(value)
                except ValueError:
                    continue
            if isinstance(value, datetime):
                if value.tzinfo is None:
                    value = value.replace(tzinfo=UTC)
                return value.timestamp()
            if isinstance(value, date):
                return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp()
    return math.inf


def _order_key(item: Any) -> tuple[float, str]:
    return time_key(item), canonical(item)


def get(data: Any, dotted_path: str) -> Any:
    for part in dotted_path.split("."):
        data = data.get(part) if isinstance(data, Mapping) else None
    return data


def _id_list(value: Any) -> list[dict[str, Any]] | None:
    """``value`` as a list of items with unique string ids, or None when it is not one."""
    if empty(value):
        return []
    if not isinstance(value, list):
        return None
    if not all(isinstance(i, Mapping) and isinstance(i.get("id"), str) for i in value):
        return None
    ids = [i["id"] for i in value]
    return value if len(set(ids)) == len(ids) else None


def fresh_id(old: str, taken: set[str]) -> str:
    match = _ITEM_ID.match(old)
    if not match:
        n = 2
        while f"{old}.{n}" in taken:
            n += 1
        return f"{old}.{n}"
    prefix = match.group(1)
    numbers = [int(m.group(2)) for i in taken if (m := _ITEM_ID.match(i)) and m.group(1) == prefix]
    return f"{prefix}{max(numbers, default=0) + 1}"


def _plan_renames(base: Any, ours: Any, theirs: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Which new items to give a fresh id, per side, so that no two different items share one."""
    lists = [_id_list(base), _id_list(ours), _id_list(theirs)]
    renames: tuple[dict[str, str], dict[str, str]] = ({}, {})
    if any(x is None for x in lists):
        return renames
    b, o, t = ({i["id"]: i for i in x or []} for x in lists)
    taken = set(b) | set(o) | set(t)
    clashes = sorted(k for k in o if k in t and k not in b and not same(o[k], t[k]))
    for item_id in clashes:
        loser = 1 if _order_key(o[item_id]) <= _order_key(t[item_id]) else 0
        new = fresh_id(item_id, taken)
        taken.add(new)
        renames[loser][item_id] = new
    return renames


def follow_renames(
    data: dict[str, Any], where: str, mapping: dict[str, str], base_events: set[str]
) -> None:
    """Give items of ``data`` (one side, or a whole case) new ids, and follow them where it
    names them: ``updates[].keeps`` for promises, ``attachments[].mail`` for mails, the
    amendments of a note, and the timeline lines not in ``base_events`` (``note n2 added``)."""
    for item in get(data, where) or []:
        if item.get("id") in mapping:
            item["id"] = mapping[item["id"]]
    for item in data.get("amendments") or [] if where == "notes" else []:
        named = _AMENDED_NOTE.fullmatch(str(item.get("field") or ""))
        if isinstance(item, dict) and named and named.group(1) in mapping:
            item["field"] = f"notes[{mapping[named.group(1)]}].text"
    if where in _REFERENCES:
        list_name, ref_field = _REFERENCES[where]
        for item in data.get(list_name) or []:
            if isinstance(item, dict) and isinstance(item.get(ref_field), list):
                item[ref_field] = [mapping.get(r, r) for r in item[ref_field]]
            elif isinstance(item, dict) and isinstance(item.get(ref_field), str):
                item[ref_field] = mapping.get(item[ref_field], item[ref_field])
    timeline = data.get("timeline")
    for item in timeline if isinstance(timeline, list) else ():
        if not isinstance(item, dict) or canonical(item) in base_events:
            continue
        text, detail = item.get("event"), item.get("detail")
        if not isinstance(text, str):
            continue
        said = events.parse(text, detail if isinstance(detail, str) else None)
        if said is None or said.ITEM is None or said.ITEM[0] != where:
            continue
        name = said.ITEM[1]
        if getattr(said, name) in mapping:
            item["event"] = replace(said, **{name: mapping[getattr(said, name)]}).text


@dataclass(frozen=True)
class Shape:
    """Which lists of a file grow by id, which only grow (by content), which text merges by
    line: a case file's by default; a customer profile's (``core.profile``) has its own."""

    growing: tuple[str, ...] = GROWING_LISTS
    append_only: tuple[str, ...] = APPEND_ONLY_LISTS
    long_text: tuple[str, ...] = LONG_TEXT_FIELDS
    keys: tuple[str, ...] = tuple(Case.model_fields)  # the top level's order


CASE = Shape()


class _Merger:
    def __init__(self, shape: Shape = CASE) -> None:
        self.conflicts: list[Conflict] = []
        self.shape = shape

    def value(self, path: Path, where: str, b: Any, o: Any, t: Any) -> Any:
        if same(o, t) or same(t, b):
            return o
        if same(o, b):
            return t
        if where in EARLIEST and _all(datetime, o, t) and o is not None and t is not None:
            return min(o, t)
        if where in self.shape.growing:
            merged = self.id_list(path, where, b, o, t)
            if merged is not None:
                return merged
        if where in self.shape.append_only and _all(list, b, o, t):
            kept, new = _union(b or [], o or [], t or [])
            return _by_time(kept, sorted(new, key=_order_key))
        if _all(Mapping, b, o, t):
            return self.mapping(path, where, b or {}, o or {}, t or {})
        if _all(list, b, o, t):
            return union(b or [], o or [], t or [])
        if where in self.shape.long_text and _all(str, b, o, t):
            merged_text = self.text(b or "", o or "", t or "")
            if merged_text is not None:
                return merged_text
        self.conflicts.append(Conflict(path, b, o, t))
        return t if empty(o) else o

    def mapping(self, path: Path, where: str, b: Map, o: Map, t: Map) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in key_order(o, t, self.shape.keys if not path else ()):
            here = f"{where}.{key}" if where else key
            value = self.value((*path, key), here, b.get(key), o.get(key), t.get(key))
            if not empty(value) or (key in o and empty(o[key])):
                out[key] = value  # a key deleted by one side goes; OURS's `updates: []` stays
        return out

    def id_list(self, path: Path, where: str, b: Any, o: Any, t: Any) -> list[Any] | None:
        lists = [_id_list(b), _id_list(o), _id_list(t)]
        if any(x is None for x in lists):
            return None
        base, ours, theirs = ({i["id"]: i for i in x or []} for x in lists)
        new = {k: v for k, v in theirs.items() if k not in base}
        new.update({k: v for k, v in ours.items() if k not in base})  # same id: same content
        order = list(base) + sorted(new, key=lambda k: (time_key(new[k]), k, canonical(new[k])))
        out: list[Any] = []
        for item_id in order:
            bi, oi, ti = base.get(item_id), ours.get(item_id), theirs.get(item_id)
            if bi is None:
                out.append(oi if oi is not None else ti)
            elif oi is None or ti is None:
                kept = ti if oi is None else oi
                if kept is not None and not same(kept, bi):
                    out.append(kept)  # removed on one side, changed on the other: keep it
            else:
                out.append(self.value((*path, len(out)), where + "[]", bi, oi, ti))
        return _in_time_order(out)

    def text(self, b: str, o: str, t: str) -> str | None:
        ends = o.endswith("\n") or t.endswith("\n")
        merged, clean = merge_lines(*(s if s.endswith("\n") else s + "\n" for s in (b, o, t)))
        if not clean:
            return None
        return merged if ends else merged[:-1]


def _in_time_order(items: list[Any]) -> list[Any]:
    """Timed items by time, then id (the same in any merge order); else in the order given."""
    keys = [time_key(item) for item in items]
    if any(math.isinf(k) for k in keys):
        return items
    return [item for _, _, item in sorted(zip(keys, (i["id"] for i in items), items, strict=True))]


def _all(kind: type | tuple[type, ...], *values: Any) -> bool:
    return all(empty(v) or isinstance(v, kind) for v in values)


def key_order(o: Mapping[str, Any], t: Mapping[str, Any], known: tuple[str, ...] = ()) -> list[str]:
    """OURS's keys in its order; keys only THEIRS has go after their predecessor there. When
    every key is one of ``known`` (the file's own order, as casectl writes it), in that order:
    then merging A into B and B into A give the same file."""
    if known and set(o) | set(t) <= set(known):
        return [key for key in known if key in o or key in t]
    keys = list(o)
    previous: str | None = None
    for key in t:
        if key not in keys:
            keys.insert(keys.index(previous) + 1 if previous in keys else len(keys), key)
        previous = key
    return keys


def union(b: list[Any], o: list[Any], t: list[Any]) -> list[Any]:
    """Three-way multiset merge: an item stays unless a side removed it and the other did not add
    it; order is base's, then OURS's new items, then THEIRS's."""
    kept, new = _union(b, o, t)
    return kept + new


def _union(b: list[Any], o: list[Any], t: list[Any]) -> tuple[list[Any], list[Any]]:
    """``union`` as the base items kept and the new items."""
    cb, co, ct = (Counter(canonical(x) for x in xs) for xs in (b, o, t))
    want = {}
    for key in cb | co | ct:
        if co[key] == cb[key]:
            want[key] = ct[key]
        elif ct[key] == cb[key]:
            want[key] = co[key]
        else:
            want[key] = max(co[key], ct[key])
    kept: list[Any] = []
    new: list[Any] = []
    for index, item in enumerate([*b, *o, *t]):
        key = canonical(item)
        if want.get(key, 0) > 0:
            want[key] -= 1
            (kept if index < len(b) else new).append(item)
    return kept, new


def _by_time(kept: list[Any], new: list[Any]) -> list[Any]:
    """Insert the ``new`` items (in time order) among ``kept`` ones by time; ties: kept first."""
    out: list[Any] = []
    i = 0
    for item in new:
        when = time_key(item)
        while i < len(kept) and time_key(kept[i]) <= when:
            out.append(kept[i])
            i += 1
        out.append(item)
    return out + kept[i:]


def merge_data(
    base: Any, ours: Mapping[str, Any], theirs: Mapping[str, Any], shape: Shape = CASE
) -> MergeResult:
    """Merge three versions of a case's (or, with its ``shape``, a profile's) plain data;
    ``base`` may be empty (added on both)."""
    base = copy.deepcopy(dict(base or {}))
    sides = [copy.deepcopy(dict(ours)), copy.deepcopy(dict(theirs))]
    result = MergeResult(data={})
    base_events = {canonical(e) for e in base.get("timeline") or []}
    for where in shape.growing:
        plan = _plan_renames(get(base, where), get(sides[0], where), get(sides[1], where))
        for side in (0, 1):
            if plan[side]:
                follow_renames(sides[side], where, plan[side], base_events)
                result.renames[side][where] = plan[side]
    merger = _Merger(shape)
    result.data = merger.mapping((), "", base, sides[0], sides[1])
    result.conflicts = merger.conflicts
    return result
