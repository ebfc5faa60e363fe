"""Learning from cases as library calls: the retrospective report (and the scorecard), the
case library (kb search, kb export) and letters to the customer.

The report over several casebooks is ``Casebooks.report`` (``casectl.api.many``): it reads
every casebook's cases and measures them as one with the first casebook's settings, through
``report_of`` here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casectl.api.base import When
from casectl.api.plans import Plans
from casectl.api.reading import reading
from casectl.api.results import JSON
from casectl.api.steps import choice
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.api.results import Loaded
    from casectl.core.learning.figures import Context
    from casectl.core.learning.periods import Period
    from casectl.core.learning.plans import Plan
    from casectl.core.model import Case
    from casectl.errors import CorruptFileError


@dataclass
class Report:
    """The retrospective of a period (``report``): ``data`` holds its figures as the outputs
    write them — counts, breakdowns, times, feedback, lessons, the trend, the team's scorecard
    (``team``) and, for a month, the plans it checks; with the files it could not read."""

    data: JSON
    period: Period
    skipped: list[CorruptFileError] = field(default_factory=list)

    @property
    def scorecard(self) -> JSON:
        """The team's scorecard alone, with its period (``report --by owner``)."""
        return {"period": self.data["period"], "team": self.data["team"]}


@dataclass
class Library:
    """Entries of the case library (reviewed cases published for newcomers), in order; with
    ``redact``, what the redaction took out (``2 customer names, 1 email address``)."""

    entries: list[JSON] = field(default_factory=list)
    redacted: str | None = None
    skipped: list[CorruptFileError] = field(default_factory=list)


@dataclass(frozen=True)
class ServiceReport:
    """The monthly service report to one customer: its text, the customer, the month and the
    template it was filled from."""

    text: str
    customer: str
    month: str
    lang: str
    template: str


@dataclass(frozen=True)
class Letter:
    """A letter to the customer: its text, the case it tells of, and the template it was
    filled from (``templates/…`` of the casebook, or ``bundled …``)."""

    text: str
    case: Case
    kind: str
    lang: str
    template: str


class Learning(Plans):
    """report, kb, letter."""

    # --- the retrospective ----------------------------------------------------------------

    def report(self, *, month: str | None = None, since: When = None, until: When = None) -> Report:
        """The retrospective of ``month`` (YYYY-MM; default: this month) or of ``since`` …
        ``until`` (default: now), compared with the period before; the team's scorecard, and
        for a month the plan set for it and the one for the next."""
        period = self.report_period(month=month, since=since, until=until)
        return self.report_of(period, reading(self).cases())

    def report_period(
        self, *, month: str | None = None, since: When = None, until: When = None
    ) -> Period:
        """The period a report looks back on: ``month`` or ``since`` … ``until``, not
        both."""
        from casectl.core.learning import report as core
        from casectl.errors import UsageError

        if month and (since or until):
            raise UsageError(msg("give --month or --since/--until, not both"))
        now = self.now()
        if since:
            return core.span(self.when(since), self.when(until) if until else now)
        if until:
            raise UsageError(msg("--until needs --since"))
        return core.month(month or f"{now:%Y-%m}", self.config.tz)

    def report_of(self, period: Period, cases: Loaded, shared: Context | None = None) -> Report:
        """The retrospective of ``cases`` over ``period``, measured by this casebook's
        settings, with the plans of this casebook it checks (a plan file that does not read
        is told, and the report goes on without it). ``shared``: the context of
        ``cases``, this casebook's settings and now, shared by several reports (the site's
        months), so what they have in common is measured once."""
        from casectl.core.learning import report as core

        plans: dict[str, Plan | None] = {}
        unread: list[CorruptFileError] = []
        for month in core.plan_months(period) or ():
            plans[month] = self._plan_for_report(month, unread)
        data = core.build(cases.cases, self.config, period, self.now(), plans, shared)
        return Report(data, period, [*cases.skipped, *unread])

    def _plan_for_report(self, month: str, unread: list[CorruptFileError]) -> Plan | None:
        from casectl.errors import CorruptFileError

        try:
            return self.read_plan(month)
        except CorruptFileError as exc:
            self.warn(msg("the report leaves out {problem}", problem=exc.message))
            unread.append(exc)
            return None

    # --- the case library -----------------------------------------------------------------

    def search_library(
        self,
        words: str = "",
        *,
        category: str | None = None,
        cause: str | None = None,
        tags: Sequence[str] = (),
    ) -> Library:
        """The case library's entries whose symptom, root cause, fix or lessons hold every
        one of ``words`` (any language), of ``category`` and ``cause``, with every tag."""
        from casectl.core.choices import Category, Cause
        from casectl.core.learning import kb

        wanted = choice(category, Category, "category")
        why = choice(cause, Cause, "cause")
        loaded = reading(self).cases(published=True, holding=kb.may_hold(words))
        library = self._entries(loaded.cases)
        found = kb.search(library, words, category=wanted, cause=why, tags=list(tags))
        return Library(found, skipped=loaded.skipped)

    def library(self, *, redact: bool = False) -> Library:
        """The whole case library, for newcomers. ``redact`` takes out customers (every name
        and alias their profiles know), contacts, people, emails and phone numbers; what it
        took out is told."""
        from casectl.core.learning import kb

        known = self.profiles()
        loaded = reading(self).cases(profiles=known)
        entries = self._entries(loaded.cases)
        skipped = [*known.problems, *loaded.skipped]
        if not redact:
            return Library(entries, skipped=skipped)
        names = [name for profile in known.all for name in profile.names()]
        redactor = kb.Redactor.for_cases(loaded.cases, self.config, customers=names)
        entries = kb.redact(entries, redactor)
        self.info(msg("redacted: {summary}", summary=redactor.summary()))
        return Library(entries, redactor.summary(), skipped)

    def _entries(self, cases: list[Case]) -> list[JSON]:
        """The library's entries: the cases a review published, oldest first."""
        from casectl.core.learning import kb

        return [kb.entry(c, self.config.tz) for c in kb.published(cases)]

    # --- letters ----------------------------------------------------------------------------

    def letter(self, case_id: str, *, kind: str = "acknowledgement", lang: str = "zh") -> Letter:
        """A letter to the customer from the case: ``kind`` acknowledgement, apology,
        progress or closure, in ``lang`` zh or en (the casebook's ``templates/`` overrides
        the bundled templates)."""
        from casectl.core.learning import letters
        from casectl.storage import templates

        kind, lang = letters.check(kind, lang)
        case = self.store.load(case_id)
        template, source = templates.letter_template(kind, lang, self.root)
        text = letters.letter(case, self.config, self.now(), lang, template, source)
        self.plain_words(text, msg("the letter"))
        return Letter(text, case, kind, lang, source)

    def service_report(self, customer: str, month: str, *, lang: str = "zh") -> ServiceReport:
        """The month's service report to ``customer`` (a profile's name, alias or prefix, or
        the name its cases give): the month's cases and how they ended, response and
        resolution times against the promise, open actions, the reviews' recommendations."""
        from casectl.core.learning import letters, periods, service
        from casectl.core.names import fold
        from casectl.errors import not_found
        from casectl.storage import templates

        _, lang = letters.check("acknowledgement", lang)
        period = periods.month(month, self.config.tz)
        profile = self.profiles().find(customer)
        names = frozenset(profile.folded()) if profile is not None else frozenset({fold(customer)})
        loaded = self.store.cases()
        self.skipped(loaded.problems)
        theirs = [c for c in loaded.cases if fold(c.customer.name) in names]
        if not theirs:
            raise not_found("customer", customer)
        name = profile.name if profile is not None else theirs[-1].customer.name
        template, source = templates.letter_template(service.KIND, lang, self.root)
        values = service.fields(theirs, name, period, self.config, self.now(), lang)
        text = letters.render(template, source, values, name)
        self.plain_words(text, msg("the letter"))
        return ServiceReport(text, name, period.label, lang, source)
