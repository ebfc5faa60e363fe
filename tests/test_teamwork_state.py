"""A team of clones, as a state machine: each clone takes steps on shared and new cases
(notes, actions, promises made and kept, updates, amendments) and merges another clone's work
in any order, merges of merges included. The merge is the git driver's own entry point
(``mergefile.merge_texts`` on base, ours and theirs), with git's choice of base: the common
ancestor, or, when there are several, their merge (as git's ``ort`` does).

After every merge: every item any clone wrote is there exactly once, with its author and time;
every reference names an item that is there; every file passes the validator; merging A into B
gives the bytes of merging B into A; two clones that hold the same steps hold the same files.

CI runs a bounded number of examples (profile ``teamwork-ci``); for a longer run:
``CASECTL_TEAMWORK_PROFILE=teamwork-long pytest tests/test_teamwork_state.py -n 0``.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from casectl.core import events
from casectl.core.loop import around, steps
from casectl.core.loop.checks import check_case
from casectl.core.model import Case
from casectl.core.teamwork.merge import get
from casectl.storage import yamlio
from casectl.storage.casefile import parse_case, render_case, update_text
from casectl.storage.mergefile import merge_texts

TZ = timezone(timedelta(hours=8))
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=TZ)
PEOPLE = ("li.wei", "wang.fang", "zhao.lei", "liu.yang")
SHARED = ("C-261123-7QH4K", "C-261123-9ZX2M")
# the lists whose items the steps add, and the field that says when
ITEMS = {
    "notes": "at",
    "actions": "added_at",
    "updates": "at",
    "response.promises": "made_at",
    "amendments": "at",
}

settings.register_profile(
    "teamwork-ci",
    max_examples=12,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "teamwork-long",
    max_examples=400,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = settings.get_profile(os.environ.get("CASECTL_TEAMWORK_PROFILE", "teamwork-ci"))

Key = tuple[str, str, str]  # case, list, item id


@dataclass(frozen=True)
class Commit:
    parents: tuple[int, ...]
    files: dict[str, str]  # case id -> file text
    ancestors: frozenset[int]  # itself included
    steps: frozenset[int]  # the commits of steps (not merges) it holds
    written: frozenset[Key]  # the items its steps wrote


def new_case(case_id: str, who: steps.Who) -> Case:
    case = steps.record(
        case_id,
        who,
        title="月末报表导出超时",
        customer="华东精密",
        received_at=T0,
        channel="phone",
        category="technical",
        priority="high",
        owner=who.by,
    )
    return steps.respond(case, who, summary="已致电", channel="phone", apology=True, promises=())


def items_of(data: Any, where: str) -> list[dict[str, Any]]:
    return list(get(data, where) or [])


class Team(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.rng = random.Random(0)
        self.tick = 0
        start = steps.Who(at=T0, by=PEOPLE[0], pick=self.rng.choice)
        files = {cid: render_case(new_case(cid, start)) for cid in SHARED}
        self.commits = [Commit((), files, frozenset({0}), frozenset({0}), frozenset())]
        self.heads = [0] * len(PEOPLE)
        self.said: dict[Key, tuple[str | None, Any]] = {}  # who wrote an item, and when

    # --- steps ---------------------------------------------------------------------------------

    def who(self, clone: int) -> steps.Who:
        self.tick += 1
        return steps.Who(
            at=T0 + timedelta(minutes=self.tick), by=PEOPLE[clone], pick=self.rng.choice
        )

    def step(self, clone: int, pick: int, change: Any) -> None:
        head = self.commits[self.heads[clone]]
        case_id = sorted(head.files)[pick % len(head.files)]
        text = head.files[case_id]
        before = parse_case(text, case_id)
        after = change(before, self.who(clone))
        if after is None:
            return
        written = self.record_items(case_id, before, after)
        new_text = update_text(text, before, after) or text
        self.commit(clone, (self.heads[clone],), {**head.files, case_id: new_text}, written)

    def commit(
        self, clone: int, parents: tuple[int, ...], files: dict[str, str], written: set[Key]
    ) -> None:
        olds = [self.commits[p] for p in parents]
        number = len(self.commits)
        is_step = len(parents) == 1
        self.commits.append(
            Commit(
                parents,
                files,
                frozenset().union(*(c.ancestors for c in olds)) | {number},
                frozenset().union(*(c.steps for c in olds)) | ({number} if is_step else set()),
                frozenset().union(*(c.written for c in olds)) | written,
            )
        )
        self.heads[clone] = number

    def record_items(self, case_id: str, before: Case, after: Case) -> set[Key]:
        old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
        written: set[Key] = set()
        for where, when in ITEMS.items():
            known = {i["id"] for i in items_of(old, where)}
            for item in items_of(new, where):
                if item["id"] not in known:
                    key = (case_id, where, item["id"])
                    assert key not in self.said, f"{key} minted twice"
                    self.said[key] = (item.get("by"), item[when])
                    written.add(key)
        return written

    @rule(clone=st.integers(0, 3), pick=st.integers(0, 9), text=st.sampled_from("甲乙丙"))
    def note(self, clone: int, pick: int, text: str) -> None:
        self.step(clone, pick, lambda c, w: around.note(c, w, text=f"备注{text}"))

    @rule(clone=st.integers(0, 3), pick=st.integers(0, 9))
    def action(self, clone: int, pick: int) -> None:
        def add(case: Case, who: steps.Who) -> Case:
            due = who.at + timedelta(days=2)
            return steps.add_action(case, who, what="修正模板", horizon="mid", owner=None, due=due)[
                0
            ]

        self.step(clone, pick, add)

    @rule(clone=st.integers(0, 3), pick=st.integers(0, 9))
    def promise(self, clone: int, pick: int) -> None:
        def update(case: Case, who: steps.Who) -> Case:
            made = [("书面说明", who.at + timedelta(days=1))]
            return steps.update(case, who, summary="进展", channel="email", promises=made)

        self.step(clone, pick, update)

    @rule(clone=st.integers(0, 3), pick=st.integers(0, 9))
    def keep(self, clone: int, pick: int) -> None:
        """An update that keeps a promise this clone made (one person ends their own)."""

        def update(case: Case, who: steps.Who) -> Case | None:
            mine = [
                p.id
                for p in (case.response.promises if case.response else [])
                if p.kept_at is None
                and self.said.get((case.id, "response.promises", p.id), ("",))
                and self.by_update(case, p.id) == who.by
            ]
            if not mine:
                return None
            return steps.update(case, who, summary="已兑现", channel="phone", keeps=mine[:1])

        self.step(clone, pick, update)

    def by_update(self, case: Case, promise_id: str) -> str | None:
        """Who made a promise: the author of the update that made it (same time)."""
        made = next(p.made_at for p in case.response.promises if p.id == promise_id)  # type: ignore[union-attr]
        return next((u.by for u in case.updates if u.at == made), None)

    @rule(clone=st.integers(0, 3), pick=st.integers(0, 9), text=st.sampled_from("丁戊"))
    def amend(self, clone: int, pick: int, text: str) -> None:
        """An amendment of a note this clone wrote (one person corrects their own words)."""

        def change(case: Case, who: steps.Who) -> Case | None:
            mine = [n for n in case.notes if n.by == who.by and not n.text.endswith(text)]
            if not mine:
                return None
            note = mine[-1]
            return around.amend(case, who, what=note.id, text=note.text + text, reason="更准确")

        self.step(clone, pick, change)

    @rule(clone=st.integers(0, 3))
    def record(self, clone: int) -> None:
        head = self.commits[self.heads[clone]]
        tail = "".join(self.rng.choice("0123456789ABCDEFGHJKMNPQRSTVWXYZ") for _ in range(5))
        case_id = f"C-261123-{tail}"
        case = new_case(case_id, self.who(clone))
        self.commit(clone, (self.heads[clone],), {**head.files, case_id: render_case(case)}, set())

    # --- merges --------------------------------------------------------------------------------

    @rule(ours=st.integers(0, 3), theirs=st.integers(0, 3))
    def merge(self, ours: int, theirs: int) -> None:
        a, b = self.heads[ours], self.heads[theirs]
        if a in self.commits[b].ancestors or b in self.commits[a].ancestors:
            if b not in self.commits[a].ancestors:
                self.heads[ours] = b  # fast-forward, as git does
            return
        files = self.merged(a, b)
        assert files == self.merged(b, a), "merging A into B and B into A differ"
        self.commit(ours, (a, b), files, set())
        self.check(self.heads[ours])

    def merged(self, a: int, b: int) -> dict[str, str]:
        base = self.base(a, b)
        ours, theirs = self.commits[a].files, self.commits[b].files
        out: dict[str, str] = {}
        for case_id in sorted(set(ours) | set(theirs)):
            o, t, was = ours.get(case_id), theirs.get(case_id), base.get(case_id)
            if t is None or t in (was, o):
                out[case_id] = o  # type: ignore[assignment]
            elif o is None or o == was:
                out[case_id] = t
            else:
                result = merge_texts(was or "", o, t, name=case_id)
                assert result.clean, (result.result.conflicts, result.problem, result.text)
                out[case_id] = result.text
        return out

    def base(self, a: int, b: int) -> dict[str, str]:
        """git's merge base: the newest common ancestors, merged when there are several."""
        common = self.commits[a].ancestors & self.commits[b].ancestors
        newest = sorted(
            c for c in common if not any(c in self.commits[d].ancestors - {d} for d in common)
        )
        files = self.commits[newest[0]].files
        for other in newest[1:]:
            virtual = len(self.commits)
            self.commits.append(
                Commit(
                    (newest[0], other),
                    files,
                    self.commits[newest[0]].ancestors | self.commits[other].ancestors | {virtual},
                    frozenset(),
                    frozenset(),
                )
            )
            files = self.merged(virtual, other)
        return files

    # --- what must hold ------------------------------------------------------------------------

    def check(self, commit: int) -> None:
        held = self.commits[commit]
        found: set[Key] = set()
        for case_id, text in held.files.items():
            case = parse_case(text, case_id)
            assert list(check_case(case)) == [], (case_id, list(check_case(case)), text)
            data = yamlio.fast_load(text)
            for where, when in ITEMS.items():
                for item in items_of(data, where):
                    key = (case_id, where, item["id"])
                    assert key not in found, f"{key} twice"
                    found.add(key)
                    if key in self.said:
                        by, at = self.said[key]
                        got = (
                            datetime.fromisoformat(str(item[when]))
                            if isinstance(item[when], str)
                            else item[when]
                        )
                        assert (item.get("by"), got) == (by, datetime.fromisoformat(at)), key
            self.check_references(case_id, data)
        assert found & set(self.said) == set(held.written), "an item went missing or came back"

    def check_references(self, case_id: str, data: Any) -> None:
        ids = {where: {i["id"] for i in items_of(data, where)} for where in ITEMS}
        for update in items_of(data, "updates"):
            assert set(update.get("keeps") or []) <= ids["response.promises"], (case_id, update)
        for amendment in items_of(data, "amendments"):
            named = re.fullmatch(r"notes\[(\w+)\]\.text", amendment["field"])
            assert named is None or named.group(1) in ids["notes"], (case_id, amendment)
        for line in data.get("timeline") or []:
            said = events.parse(line["event"], line.get("detail"))
            if said is not None and said.ITEM is not None and said.ITEM[0] in ids:
                assert getattr(said, said.ITEM[1]) in ids[said.ITEM[0]], (case_id, line)

    @invariant()
    def same_steps_same_files(self) -> None:
        by_steps: dict[frozenset[int], dict[str, str]] = {}
        for head in self.heads:
            commit = self.commits[head]
            seen = by_steps.setdefault(commit.steps, commit.files)
            assert seen == commit.files, "two clones with the same steps hold different files"


Team.TestCase.settings = PROFILE
TestTeam = Team.TestCase
