"""Three-way, line-level merge of one piece of text, as ``git merge-file`` does it.

Each side's edits against the base are taken as hunks (a range of base lines replaced by new
lines). Hunks of the two sides that overlap or touch are one cluster: when only one side edited
there, its edit is taken; when both made the same edit, once; otherwise the cluster conflicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher


@dataclass(frozen=True)
class _Hunk:
    start: int  # first base line replaced
    end: int  # one past the last base line replaced (start == end: an insertion)
    lines: tuple[str, ...]
    side: int  # 0 ours, 1 theirs


def _hunks(base: list[str], other: list[str], side: int) -> list[_Hunk]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [
        _Hunk(i1, i2, tuple(other[j1:j2]), side)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def _apply(base: list[str], start: int, end: int, hunks: list[_Hunk]) -> list[str]:
    """``base[start:end]`` with one side's ``hunks`` (all inside that range) applied."""
    out: list[str] = []
    at = start
    for hunk in sorted(hunks, key=lambda h: (h.start, h.end)):
        out.extend(base[at : hunk.start])
        out.extend(hunk.lines)
        at = hunk.end
    out.extend(base[at:end])
    return out


def merge_lines(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """The merged text and whether it merged cleanly; on a conflict the text is ``ours``."""
    if ours == theirs or theirs == base:
        return ours, True
    if ours == base:
        return theirs, True
    b = base.splitlines(keepends=True)
    o = ours.splitlines(keepends=True)
    t = theirs.splitlines(keepends=True)
    # A last line without its newline is a different line from the same text with one.
    hunks = sorted(_hunks(b, o, 0) + _hunks(b, t, 1), key=lambda h: (h.start, h.end, h.side))
    out: list[str] = []
    at = 0
    index = 0
    while index < len(hunks):
        cluster = [hunks[index]]
        end = hunks[index].end
        index += 1
        while index < len(hunks) and hunks[index].start <= end:
            cluster.append(hunks[index])
            end = max(end, hunks[index].end)
            index += 1
        start = cluster[0].start
        out.extend(b[at:start])
        mine = [h for h in cluster if h.side == 0]
        yours = [h for h in cluster if h.side == 1]
        ours_part = _apply(b, start, end, mine)
        theirs_part = _apply(b, start, end, yours)
        if mine and yours and ours_part != theirs_part:
            return ours, False
        out.extend(ours_part if mine else theirs_part)
        at = end
    out.extend(b[at:])
    return "".join(out), True
