"""The gate's baseline: the breaches a team accepted when it adopted casectl with a backlog.
Pure.

A baseline is a set of entries, each a case and one of its clocks (``C-2026-0001
first_response``) — never a time, so a breach stays known however late it gets. Against a
gate, the rule says which breaches are new (they fail), which are known (reported, not
failing), and which entries are no longer breached (the file can shrink). The file's text is
written here too: a header comment, then one entry a line, sorted, so two branches that each
fix a case merge without a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from casectl.core.views.gate import Gate, Item
from casectl.errors import UsageError
from casectl.i18n import msg

HEADER = (
    "# casectl overdue baseline: breaches accepted when the gate was adopted.\n"
    "# One breach a line: case ID, then clock name. `casectl overdue --baseline FILE` fails\n"
    "# only on breaches not listed here; `--update-baseline` drops the ones fixed since.\n"
)


def entry(case_id: str, clock: str) -> str:
    """A baseline's line for one clock of one case."""
    return f"{case_id} {clock}"


def item_entry(item: Item) -> str:
    return entry(item.subject.id, item.clock.name)


@dataclass
class Judged:
    """A gate read against a baseline: ``new`` breaches (they fail the gate), ``known`` ones
    (in the baseline), and ``gone``: the baseline's entries no longer breached, sorted."""

    new: list[Item] = field(default_factory=list)
    known: list[Item] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    accepted: frozenset[str] = frozenset()  # the baseline's entries

    def baselined(self, item: Item) -> bool:
        """Whether ``item`` is a breach the baseline knows."""
        return item.level == "breach" and item_entry(item) in self.accepted


def judge(gate: Gate, baseline: Iterable[str]) -> Judged:
    """Which of ``gate``'s breaches are new and which known; which entries of ``baseline``
    are breached no more (fixed, closed, or the case gone). Warnings are never in a baseline:
    the rule reads breaches only."""
    accepted = frozenset(baseline)
    judged = Judged(accepted=accepted)
    breached = set()
    for item in gate.items:
        if item.level != "breach":
            continue
        key = item_entry(item)
        breached.add(key)
        (judged.known if key in accepted else judged.new).append(item)
    judged.gone = sorted(accepted - breached)
    return judged


def recorded(gate: Gate) -> list[str]:
    """The entries a new baseline records: every breach of ``gate``, sorted, once each."""
    return sorted({item_entry(i) for i in gate.items if i.level == "breach"})


def shrunk(baseline: Iterable[str], judged: Judged) -> list[str]:
    """``baseline`` without the entries no longer breached; never one added."""
    gone = set(judged.gone)
    return sorted({e for e in baseline if e not in gone})


def text(entries: Iterable[str]) -> str:
    """A baseline file's text: the header, then the entries sorted, one a line."""
    return HEADER + "".join(f"{e}\n" for e in sorted(set(entries)))


def parse(content: str, shown: str) -> list[str]:
    """The entries of a baseline file's text (``shown`` names it in errors): comments and
    blank lines are skipped; any other line must be a case ID and a clock name."""
    entries = []
    for number, raw in enumerate(content.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 2:
            raise UsageError(
                msg(
                    "{file}:{line}: not a baseline entry (CASE-ID CLOCK): {text!r}",
                    file=shown,
                    line=number,
                    text=line,
                )
            )
        entries.append(entry(parts[0], parts[1]))
    return sorted(set(entries))
