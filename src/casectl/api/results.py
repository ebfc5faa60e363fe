"""What the library's calls return: typed results, never bare dicts. Each bulk result carries
the files it could not read (``skipped``), the one policy every bulk command follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from casectl.core.choices import Stage
    from casectl.core.clocks.sla import Clock
    from casectl.core.config import Config
    from casectl.core.customers.profile import Profile
    from casectl.core.model import Case
    from casectl.core.views.baseline import Judged
    from casectl.core.views.gate import Gate
    from casectl.core.views.listing import Row
    from casectl.errors import CorruptFileError, Remedy


@dataclass(frozen=True)
class StepResult:
    """A step done on one case: the case as written, its file (relative to the casebook), what
    was done (a message), and the id of the item the step added (an action, a note…)."""

    case: Case
    path: str
    done: str
    item: str | None = None

    @property
    def stage(self) -> Stage:
        from casectl.core.lifecycle import stage

        return stage(self.case)

    @property
    def next_step(self) -> Remedy | None:
        """What the loop asks for next, as a step to run."""
        from casectl.core.lifecycle import next_step

        return next_step(self.case)


@dataclass(frozen=True)
class CaseView:
    """One case as ``show`` sees it: the model, its file's text as it is, its clocks now."""

    case: Case
    path: str
    text: str
    clocks: list[Clock]
    now: datetime
    config: Config


@dataclass
class Listing:
    """Cases that match, in order (``list``), and the files that could not be read."""

    rows: list[Row] = field(default_factory=list)
    skipped: list[CorruptFileError] = field(default_factory=list)


@dataclass
class Overdue:
    """The gate over every open case's clocks and the customers due a contact (``overdue``).

    ``paths`` names each flagged case's file (by upper-case ID, or ``LABEL:ID``) as CI tools
    should show it; ``prefix`` is where the casebook lies in its repository."""

    gate: Gate
    config: Config
    paths: dict[str, str]
    skipped: list[CorruptFileError] = field(default_factory=list)
    prefix: str = ""
    hostname: str = ""
    baseline: GateBaseline | None = None  # the gate read against a baseline file


@dataclass
class GateBaseline:
    """The gate read against a baseline file: the file, which breaches are new and which
    known (``judged``), how many entries the file holds after this run, and whether this run
    wrote it (``--write-baseline``, or ``--update-baseline`` dropping fixed entries)."""

    path: str
    judged: Judged
    entries: int
    written: bool = False

    @property
    def failing(self) -> int:
        """The breaches that fail the gate: the new ones."""
        return len(self.judged.new)


@dataclass
class Loaded:
    """Whole cases read in bulk (for a report, the case library, an export)."""

    cases: list[Case] = field(default_factory=list)
    skipped: list[CorruptFileError] = field(default_factory=list)


@dataclass
class CustomerResult:
    """A customer profile written: the profile, its file, and what was done."""

    profile: Profile
    path: str
    done: str
    item: str | None = None


@dataclass(frozen=True)
class Written:
    """A file written by an export, a letter, a schema: where, and how many cases."""

    path: str
    count: int = 0


JSON = dict[str, Any]  # a JSON object as the outputs write it (renderers build them)
