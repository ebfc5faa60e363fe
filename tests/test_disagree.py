"""Disagreements and broken rules in a merged case become conflicts (``core.teamwork.disagree``),
their blocks read back field by field (``storage.conflicts``), and the library resolves one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from casectl import Casebook
from casectl.api import teamwork
from casectl.core.teamwork import disagree
from casectl.core.teamwork.merge import merge_data
from casectl.errors import CasebookError
from casectl.storage import conflicts
from casectl.storage.mergefile import merge_texts

T1, T2 = "2026-11-23T10:00:00+08:00", "2026-11-23T11:00:00+08:00"
D1, D2 = (datetime.fromisoformat(t) for t in (T1, T2))
WITHDRAWN = {"at": T2, "by": "zhao.lei", "reason": "换方案"}


def case(**fields: Any) -> dict[str, Any]:
    promise = {"id": "p1", "what": "反馈原因", "due": "2026-11-25T10:00:00+08:00"}
    promise.update(fields.pop("promise", {}))
    data = {"id": "C-261122-7QH4K", "response": {"at": T1, "by": "li.wei", "promises": [promise]}}
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("ours", "theirs", "path", "reason"),
    [
        (
            case(promise={"kept_at": T1}),
            case(promise={"withdrawn": WITHDRAWN}),
            ("response", "promises", 0),
            "promise p1 ended differently: kept (ours), withdrawn (theirs)",
        ),
        (
            case(resolution={"at": T1, "by": "li.wei", "summary": "加索引"}),
            case(resolution={"at": T2, "by": "zhao.lei", "summary": "扩容"}),
            ("resolution",),
            "resolution recorded on both sides",
        ),
        (
            case(closed={"at": T2, "by": "li.wei", "forced": True}),
            case(reopenings=[{"id": "r1", "at": T1, "by": "zhao.lei", "reason": "复现"}]),
            ("closed",),
            "closed on one side, reopened on the other",
        ),
    ],
)
def test_a_disagreement_is_one_conflict_with_both_values(
    ours: dict[str, Any], theirs: dict[str, Any], path: tuple[Any, ...], reason: str
) -> None:
    base = case()
    result = merge_data(base, ours, theirs)
    disagree.settle(base, ours, theirs, result)
    (conflict,) = result.conflicts
    assert (conflict.path, getattr(conflict, "reason", "")) == (path, reason)
    assert conflict.ours != conflict.theirs and not (conflict.ours is None is conflict.theirs)


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (case(promise={"kept_at": D1}), case(promise={"kept_at": D2})),  # kept twice
        (case(promise={"withdrawn": WITHDRAWN}), case(promise={"withdrawn": WITHDRAWN})),
        (case(resolution={"at": T1, "by": "li.wei"}), case(resolution={"at": T1, "by": "li.wei"})),
        (case(closed={"at": T2, "by": "li.wei"}), case()),  # closed on one side only
    ],
)
def test_equal_outcomes_merge_clean(ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    base = case()
    result = merge_data(base, ours, theirs)
    disagree.settle(base, ours, theirs, result)
    assert result.conflicts == []


def test_lost_names_the_items_a_parent_added_that_the_merge_lacks() -> None:
    note = {"id": "n1", "at": T1, "by": "li.wei", "text": "a"}
    other = {"id": "n2", "at": T2, "by": "zhao.lei", "text": "b"}
    base: dict[str, Any] = {"notes": []}
    parents = [{"notes": [note]}, {"notes": [other]}]
    assert disagree.lost(base, parents, {"notes": [note]}, ("notes",)) == [("notes", "n2", 1)]
    assert disagree.lost(base, parents, {"notes": [note, other]}, ("notes",)) == []


BLOCKED = """\
id: C-261122-7QH4K
<<<<<<< ours (resolution recorded on both sides)
resolution:
  at: 2026-11-23T10:00:00+08:00
  summary: 加索引
=======
resolution:
  at: 2026-11-23T11:00:00+08:00
  summary: 扩容
>>>>>>> theirs
notes:
- id: n1
  text: x
<<<<<<< ours
  by: li.wei
=======
  by: zhao.lei
>>>>>>> theirs
<<<<<<< ours
=======
owner: wang.fang
>>>>>>> theirs
"""


def test_blocks_are_read_back_field_by_field_with_both_values() -> None:
    found = conflicts.blocks(BLOCKED)
    assert [(b.field, b.reason) for b in found] == [
        ("resolution", "resolution recorded on both sides"),
        ("notes[0].by", ""),
        ("owner", ""),
    ]
    assert found[0].ours["summary"] == "加索引" and found[0].theirs["summary"] == "扩容"
    assert (found[1].ours, found[1].theirs) == ("li.wei", "zhao.lei")
    assert (found[2].ours, found[2].theirs) == (None, "wang.fang")


def test_the_library_resolves_a_field_and_refuses_to_leave_an_invalid_file(
    tmp_path: Path,
) -> None:
    teamwork.init(tmp_path / "book")
    book = Casebook(tmp_path / "book", now=T2, user="li.wei")
    made = book.record(
        customer="华东精密", title="导出超时", category="technical", priority="high",
        at="2026-11-23T09:15:00+08:00",
    )  # fmt: skip
    path = tmp_path / "book" / made.path
    text = path.read_text(encoding="utf-8")
    ours, theirs = (text.replace("owner: li.wei", f"owner: {who}") for who in ("a.b", "c.d"))
    merged = merge_texts(text, ours, theirs, name=made.path)
    path.write_text(merged.text, encoding="utf-8")
    with pytest.raises(CasebookError):  # a case needs its customer: the file stays as it was
        book.resolve_conflict(str(path), "owner", value="[1, 2]")
    assert path.read_text(encoding="utf-8") == merged.text
    done = book.resolve_conflict(str(path), "owner", side="theirs")
    assert (done.field, done.taken, done.left) == ("owner", "theirs", 0)
    assert "owner: c.d\n" in path.read_text(encoding="utf-8")
