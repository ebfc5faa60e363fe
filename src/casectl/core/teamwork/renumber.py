"""Old item ids given new ones (``casectl migrate``; pure).

Older casectl numbered a list's items per clone (``n1``, ``n2``): two clones minted the
same id and a merge had to rename one. Today's ids are random and minted once
(``ids.next_item_id``); ``fresh_ids`` gives every item with an old sequential id a new one, and
every reference in the case follows it (``merge.follow_renames``: promises kept by updates,
a mail's attachments, a note's amendments, the timeline's lines).
"""

from __future__ import annotations

import re
from typing import Any

from casectl.core.ids import Pick, is_sequential, next_item_id
from casectl.core.model import GROWING_LISTS, Case
from casectl.core.teamwork.merge import follow_renames, get

Renames = dict[str, dict[str, str]]  # list (dotted path) -> {old id: new id}


def old_ids(case: Case) -> list[str]:
    """Where ``case`` still holds sequential item ids: ``notes[n1]``, …"""
    data = case.model_dump(mode="python")
    return [
        f"{where}[{item['id']}]"
        for where in GROWING_LISTS
        for item in get(data, where) or []
        if is_sequential(str(item.get("id")))
    ]


def fresh_ids(case: Case, pick: Pick) -> tuple[Case, Renames]:
    """``case`` with each sequential item id replaced by a random one, references following;
    and what was renamed (empty when nothing was: the same case back)."""
    data: dict[str, Any] = case.model_dump(mode="python")
    renames: Renames = {}
    for where in GROWING_LISTS:
        ids = [str(item.get("id")) for item in get(data, where) or []]
        taken = set(ids)
        mapping: dict[str, str] = {}
        for old in ids:
            if is_sequential(old):
                prefix = re.match(r"[a-z]+", old)
                new = next_item_id(prefix.group(0) if prefix else old, taken, pick)
                taken.add(new)
                mapping[old] = new
        if mapping:
            follow_renames(data, where, mapping, set())
            renames[where] = mapping
    if not renames:
        return case, renames
    return Case.model_validate(data), renames
