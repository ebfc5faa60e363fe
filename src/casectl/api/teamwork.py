"""The casebook itself and working as a team, as library calls: init, validate, doctor, git
setup, the merge driver, schemas, the calendar's public holidays, hand edits of one case.

Those that need no opened casebook — a casebook not made yet, or one whose settings may not
read (validate and doctor report that rather than fail on it) — are functions of this module;
``casebook`` names the folder (None: found from the working directory as git finds .git, or
``CASECTL_CASEBOOK``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from casectl.api.base import Base
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.core.clocks.public_days import Offered, Plan
    from casectl.core.ids import Pick
    from casectl.core.model import Case
    from casectl.errors import CasectlError
    from casectl.storage.conflicts import Conflicted, Resolved
    from casectl.storage.doctor import Check
    from casectl.storage.mergefile import DriverOutcome
    from casectl.storage.validate import Report

Given = str | os.PathLike[str]
TIMEZONE = "Asia/Shanghai"  # the zone of the casectl.yaml init writes


@dataclass
class CalendarUpdate:
    """A country's public holidays and make-up working days added to a calendar: what each
    year offered and what was added (``Offered``, ``Plan``), and this year (a year without
    make-up days reads differently before it and after)."""

    years: list[tuple[Offered, Plan]] = field(default_factory=list)
    this_year: int = 0


@dataclass
class Initialized:
    """A casebook made: where, the files written, and the calendar filled (``calendar``)."""

    path: Path
    written: list[str] = field(default_factory=list)
    calendar: CalendarUpdate | None = None


@dataclass(frozen=True)
class Migrated:
    """A case whose old sequential item ids ``migrate`` replaced: ``renamed[list] = {old: new}``."""

    case: str
    path: str
    renamed: dict[str, dict[str, str]]

    @property
    def count(self) -> int:
        return sum(len(m) for m in self.renamed.values())


@dataclass(frozen=True)
class CaseText:
    """A case file's text as it is, for a hand edit: the case's ID and its file."""

    case_id: str
    path: str  # relative to the casebook
    text: str


def init(
    path: Given = ".", *, timezone: str | None = None, calendar: str | None = None
) -> Initialized:
    """Make a casebook at ``path``: a commented casectl.yaml, cases/, .gitignore and
    .gitattributes (refused where one is already). ``timezone``: the team's IANA zone
    (default Asia/Shanghai); ``calendar``: a country's public holidays and make-up working
    days for this year and the next (CN, HK, US…)."""
    from casectl.storage import templates

    config = templates.CONFIG
    if timezone:
        _check_zone(timezone)  # before anything is written
        config = config.replace(f"timezone: {TIMEZONE}", f"timezone: {timezone}", 1)
    filled = None
    if calendar:
        from zoneinfo import ZoneInfo

        from casectl.storage import calendars, env

        now = env.now(ZoneInfo(timezone or TIMEZONE))
        config, years = calendars.add_years(config, calendar, _this_and_next(now))
        filled = CalendarUpdate(years, now.year)
    root = Path(path)
    written = templates.init_casebook(root, config, templates.FILES)
    return Initialized(root.resolve(), [str(p) for p in written], filled)


def _check_zone(timezone: str) -> None:
    from pydantic import ValidationError

    from casectl.core.config import Config
    from casectl.core.problems import flatten
    from casectl.errors import UsageError
    from casectl.errors import field as option

    try:
        Config.model_validate({"timezone": timezone})
    except ValidationError as exc:
        raise UsageError(
            msg(
                "{timezone}: {message}",
                timezone=option("timezone"),
                message=flatten(exc)[0].message,
            )
        ) from None


def _this_and_next(now: datetime) -> list[int]:
    return [now.year, now.year + 1]


def find(casebook: Given | None = None) -> Path:
    """The casebook's folder: ``casebook``, else ``CASECTL_CASEBOOK``, else the first folder
    upwards holding casectl.yaml."""
    from casectl.storage import discovery

    return discovery.find_root(explicit=casebook)


def validate(
    paths: Sequence[Given] = (),
    *,
    casebook: Given | None = None,
    merge: bool = False,
    merge_commit: str | None = None,
) -> Report:
    """Check case files, customer profiles and casectl.yaml against the models and across
    files: the files and folders ``paths`` names (each in its own casebook), else the whole
    casebook. ``Report.ok`` says whether all is valid; ``problems`` name file, line, field.

    ``merge``: also refuse the merge in progress (git's MERGE_HEAD; nothing when there is none)
    when a case, profile or plan lacks an item one of its parents added; ``merge_commit``: the
    same check of a merge commit made."""
    from casectl.storage import mergecheck
    from casectl.storage import validate as walk

    if paths:
        report = walk.validate_paths([Path(p) for p in paths])
    else:
        report = walk.validate_casebook(find(casebook))
    if merge or merge_commit:
        root = walk.casebook_of(Path(paths[0])) if paths else find(casebook)
        report.problems.extend(mergecheck.check(root, merge_commit))
    return report


def doctor(casebook: Given | None = None) -> list[Check]:
    """Whether the casebook is in order: found, its settings and files valid, git's merge
    driver set up, the schema files kept in the repository current. A casebook not found is a
    failed check, not an error."""
    from casectl.errors import CasebookError
    from casectl.storage import doctor as checkup

    try:
        root: Path | None = find(casebook)
        error = None
    except CasebookError as exc:
        root, error = None, str(exc)
    return checkup.doctor(root, error)


def git_setup(casebook: Given | None = None, *, scope: str = "local") -> list[str]:
    """Register casectl's merge driver in git's config (``local``: the repository's;
    ``global``: ~/.gitconfig), falling back to git's line merge when casectl cannot start, and
    route case files, customer profiles and plans to it in .gitattributes; what was done, a
    line each."""
    from casectl.storage import git

    return git.setup(find(casebook), scope=scope)


def merge_driver(
    base: Given,
    ours: Given,
    theirs: Given,
    *,
    marker_size: int = 7,
    name: str | None = None,
    debug: bool = False,
) -> DriverOutcome:
    """git's merge driver: the three versions of a case file, customer profile or plan merged
    field by field into ``ours`` and checked as a write (a disagreement, or a rule the result
    breaks, is a conflict with its reason); a version that cannot be read as one leaves git's
    line merge there (``fallback`` says why), so theirs is never lost. ``debug``: a bug raises
    instead."""
    from casectl.storage.mergefile import merge_in_place

    return merge_in_place(
        Path(base),
        Path(ours),
        Path(theirs),
        marker_size=marker_size,
        name=name or Path(ours).name,
        debug=debug,
    )


def schema(kind: str = "case") -> str:
    """The JSON Schema (draft 2020-12) of case files (``case``), customer profiles
    (``customer``), monthly plans (``plan``) or casectl.yaml (``config``), for editors."""
    from casectl.core.model import one_of
    from casectl.core.teamwork import schema as schemas

    return schemas.render(one_of(kind, schemas.KINDS, "kind"))


class Teamwork(Base):
    """validate, calendar update, edit, conflicts."""

    def conflicts(self) -> list[Conflicted]:
        """Every case file, customer profile and plan a merge left unmerged, with each
        conflicting field: its name, the reason the merge gave, OURS's and THEIRS's values."""
        from casectl.storage import conflicts

        return conflicts.conflicted(self.root)

    def resolve_conflict(
        self, file: str, field: str, *, side: str | None = None, value: str | None = None
    ) -> Resolved:
        """Resolve one conflicting ``field`` of a conflicted ``file`` (its path, or a case ID
        or month): take ``side`` (``ours`` or ``theirs``), or write ``value`` (YAML). When it
        was the file's last conflict the file must then be valid (else it stays unchanged), and
        it is added to git's index."""
        from casectl.errors import UsageError
        from casectl.storage import conflicts

        if (side is None) == (value is None) or side not in (None, "ours", "theirs"):
            raise UsageError(msg("give one of --ours, --theirs or --value"))
        return conflicts.resolve(self.root, file, field, side=side, value=value)

    def validate(self) -> Report:
        """Every file of this casebook checked (``validate`` of this module)."""
        from casectl.storage import validate as walk

        return walk.validate_casebook(self.root)

    def migrate(self, *, dry_run: bool = False) -> list[Migrated]:
        """Give every item with an old sequential id (``n2``, from casectl before random ids) a
        random one, with every reference in its case following (promises kept by updates, a
        mail's attachments, a note's amendments, the timeline), each case rewritten under its
        lock through the checked write. ``dry_run`` only says which cases would change."""
        from casectl.core.teamwork import renumber

        pick = self.who().pick
        done: list[Migrated] = []
        for case_id, path in sorted(self.store.case_files().items()):
            if not renumber.old_ids(self.store.load_path(path)):
                continue
            renamed: dict[str, dict[str, str]] = {}
            _, where = self.store.update(case_id, _renumbering(pick, renamed, dry_run))
            done.append(Migrated(case_id, self.relative(where), renamed))
        return done

    def update_calendar(self, country: str, years: Sequence[int] = ()) -> CalendarUpdate:
        """Add ``country``'s public holidays and make-up working days for ``years`` (default:
        this year and the next) to casectl.yaml. Only adds: dates listed stay with their
        comments, a date moved to the other list by hand stays there, and nothing else in the
        file changes."""
        from casectl.storage import calendars

        now = self.now()
        done = calendars.update_casebook(self.root, country, list(years) or _this_and_next(now))
        return CalendarUpdate(done, now.year)

    def case_text(self, case_id: str) -> CaseText:
        """The text of a case's file as it is, to edit by hand (refused when the file does not
        read: fix it with validate's help first)."""
        case_path = self.store.resolve(case_id)[1]
        text = self.store.read_text(case_path)
        case = self.store.load_path(case_path)
        return CaseText(case.id, self.relative(case_path), text)

    def keep_refused_edit(self, case_id: str, edited: str, problem: CasectlError) -> NoReturn:
        """A hand edit that could not be saved (``problem``: it does not validate, or the file
        changed meanwhile) kept in .casectl/edits/; raises the refusal, naming where it is."""
        from casectl.errors import ChangedMeanwhile, UsageError

        case_path = self.store.resolve(case_id)[1]
        kept = self.store.keep_edit(case_path, edited, f"{self.now():%Y%m%dT%H%M%S}")
        refused = ChangedMeanwhile if isinstance(problem, ChangedMeanwhile) else UsageError
        raise refused(
            msg(
                "edit refused, {file} is unchanged: {problem}; your edit is kept in {kept}",
                file=self.relative(case_path),
                problem=problem,
                kept=self.relative(kept),
            )
        ) from None


def _renumbering(
    pick: Pick, renamed: dict[str, dict[str, str]], dry_run: bool
) -> Callable[[Case], Case]:
    """The change ``migrate`` makes to one case, saying in ``renamed`` what it renamed."""
    from casectl.core.teamwork import renumber

    def change(case: Case) -> Case:
        new, found = renumber.fresh_ids(case, pick)
        renamed.update(found)
        return case if dry_run else new

    return change
