"""The casebook as a static site (``casectl site build``/``serve``): read once, rendered in
each language by ``render.site``, written by ``storage.site``.

The casebook is read once: every case, the open cases' clocks, the customers' profiles, the
case library and the last months' reports; each language's pages are then rendered from that
in a context of its own, so the reader's language of the run is left as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from casectl.api.base import Base
from casectl.api.reading import reading
from casectl.api.site_cases import LANGUAGES

if TYPE_CHECKING:
    from casectl.api.learning import Learning
    from casectl.api.results import Loaded
    from casectl.core.model import Case
    from casectl.errors import CorruptFileError
    from casectl.render.site.data import SiteData
    from casectl.storage.profiles import Profiles
    from casectl.storage.site import Written

REPORT_MONTHS = 6  # the dashboard's months, each with its report page


@dataclass
class SiteBuilt:
    """A site written: its folder, the pages written (new or changed), left unchanged and
    removed, the number of cases it shows, and the files that could not be read."""

    folder: str
    written: int
    unchanged: int
    removed: int
    cases: int
    public: bool
    skipped: list[CorruptFileError] = field(default_factory=list)
    open: int = 0  # open cases, and those with a breached clock (the dashboard's tiles)
    breached: int = 0
    language: str = "en"  # the language its root page leads to: zh or en


class Site(Base):
    """site build, site serve."""

    def site(self, folder: str | Path, *, public: bool = False) -> SiteBuilt:
        """Write the site of the casebook into ``folder`` (new, empty, or a site built
        before; anything else is refused): the dashboard, cases, customers, the case library
        and the monthly reports, in Chinese and English. ``public``: only the case library,
        redacted as ``library(redact=True)`` redacts it, for sharing outside the team.

        Only the pages whose bytes changed are written. A big casebook's case pages are
        rendered and written by two processes forked once the cases are read, while this one
        measures the reports and renders the rest."""
        from casectl.storage.bulk import paused_gc

        with paused_gc():  # millions of strings and objects made, no cycles
            return self._site(Path(folder), public)

    def _site(self, out: Path, public: bool) -> SiteBuilt:
        from casectl.api import site_cases
        from casectl.render import site as render
        from casectl.storage import site as store

        store.check_folder(out)
        data, read, skipped = self._site_cases(public)
        data.version = store.code_version()
        data.built = store.begin(out)
        # The case pages and the case library, begun before the rest is worked out.
        library = self._library(data, read[0], out) if read is not None else None
        wait = site_cases.start(data, out, library)
        if read is not None:
            loaded, known = read
            self._fill(data, known)
            self._site_reports(data, loaded)
        files = render.shared(data.language)
        for lang in LANGUAGES:
            made = _in_language(lang, lambda d: render.other_pages(d, library=not read), data)
            files.update({f"{lang}/{p}": t for p, t in made.items()})
        copies = {  # the files kept as evidence, which case pages link (never when public)
            f"{render.ATTACHED}/{a.path}": self.root / a.path
            for case in data.cases
            for a in case.attachments
        }
        parts = wait()
        done = store.write(out, files, copies, kept=[n for part in parts for n in part.names])
        store.remember(out, {n: key for part in parts for n, key in part.inputs.items()})
        return SiteBuilt(
            done.folder,
            done.written + sum(part.written for part in parts),
            done.unchanged + sum(part.unchanged for part in parts),
            done.removed,
            len(data.cases),
            public,
            skipped,
            data.board.count("open"),
            data.board.count("breached"),
            data.language,
        )

    def serve_site(self, ready: Callable[[str], None], *, port: int = 8000) -> None:
        """Build the site into a new temporary folder and serve it read-only on localhost
        at ``port`` (0: any free port) until interrupted; ``ready`` is told its address.
        A page asked for after a file of the casebook changed is rebuilt first (``SiteWatch``:
        only the pages that changed are written)."""
        serve(self.site_watch, ready, port)

    def site_watch(self, folder: str | Path) -> SiteWatch:
        """The site in ``folder``, built now and kept up to date with the casebook by
        ``SiteWatch.check``."""
        from casectl.storage import site as store

        watch = SiteWatch(lambda: self.site(folder), lambda: store.signature(self.root))
        watch.build()
        return watch

    def _site_cases(
        self, public: bool
    ) -> tuple[SiteData, tuple[Loaded, Profiles] | None, list[CorruptFileError]]:
        """What the case pages show: the cases read once, the open ones' clocks and the
        customers' page names; and the cases as read and the customers' profiles, for the
        rest."""
        from casectl import i18n
        from casectl.core import lifecycle
        from casectl.core.learning.figures import Context
        from casectl.render.site.data import SiteData

        learning: Learning = self  # type: ignore[assignment]
        chosen = self.config.language or i18n.language()
        data = SiteData(
            name=self.label or self.root.name,
            label=self.label,
            now=self.now(),
            tz=self.config.tz,
            language="zh" if i18n.language_of(chosen) == i18n.CHINESE else "en",
            public=public,
        )
        if public:
            library = learning.library(redact=True)
            data.library, data.redacted = library.entries, library.redacted
            data.work()
            return data, None, library.skipped
        known = self.profiles()
        loaded = reading(self).cases(profiles=known)
        measured = data.context = Context(loaded.cases, self.config, data.now)  # clocks once
        data.cases = sorted(loaded.cases, key=lambda c: (c.received_at, c.id))
        data.clocks = {c.id: measured.clocks_of(c) for c in data.cases if lifecycle.is_open(c)}
        data.stems = _stems([p.name for p in known.all], data.cases)
        data.work()  # what both languages' pages share, worked out once
        return data, (loaded, known), [*known.problems, *loaded.skipped]

    def _library(self, data: SiteData, loaded: Loaded, out: Path) -> Callable[[], Written]:
        """The job that writes the case library's pages: its entries, its search index and
        a page in each language."""

        def job() -> Written:
            from casectl.render import site as render
            from casectl.storage import site as store

            learning: Learning = self  # type: ignore[assignment]
            data.library[:] = learning._entries(loaded.cases)  # the list the shared work holds
            files: dict[str, str] = {}
            for lang in LANGUAGES:
                made = _in_language(lang, render.library_pages, data)
                files.update({f"{lang}/{p}": t for p, t in made.items()})
            done = store.put(out, files)
            done.names = list(files)
            return done

        return job

    def _site_reports(self, data: SiteData, loaded: Loaded) -> None:
        """The reports of the dashboard's months that received or resolved a case."""
        learning: Learning = self  # type: ignore[assignment]
        for month in data.board.months:
            if data.board.count(f"received:{month.label}") or data.board.count(
                f"resolved:{month.label}"
            ):
                period = learning.report_period(month=month.label)
                data.reports[month.label] = learning.report_of(period, loaded, data.context).data

    def _fill(self, data: SiteData, known: Profiles) -> None:
        """The dashboard and every customer's view (as ``customer(name)`` gives it)."""
        from casectl.core.clocks.sla import Clocks
        from casectl.core.customers import rhythm
        from casectl.core.views import customers, dashboard

        cases, tz = data.cases, self.config.tz
        states = {cid: [c.state for c in held] for cid, held in data.clocks.items()}
        teams = {p.id: p.team for p in self.config.people if p.team}
        data.board = dashboard.build(cases, states, data.now, tz, REPORT_MONTHS, teams)
        mine: dict[str, list[Case]] = defaultdict(list)
        for case in cases:
            mine[case.customer.name].append(case)
        for profile in known.all:
            own = mine.pop(profile.name, [])
            pairs = [(c.customer.name, rhythm.case_contact(c)) for c in own]
            last = rhythm.last_contact(profile, rhythm.latest_by_customer(pairs))
            clock = rhythm.clock(profile, last, Clocks(self.config, self.now()))
            view = customers.view(profile, own, tz, last, clock, milestones=False)
            data.customers[data.stems[profile.name]] = view
        for name, own in mine.items():
            data.customers[data.stems[name]] = customers.story(own, tz, name, milestones=False)


def _stems(profiled: Sequence[str], cases: Sequence[Case]) -> dict[str, str]:
    """Each customer's page name (its file stem, numbered where two fold alike): the
    customers with a profile first, then the others as their first case came in."""
    from casectl.core.names import file_stem

    names = dict.fromkeys([*profiled, *(c.customer.name for c in cases)])
    stems: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        stem = base = file_stem(name)
        n = 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base}-{n}"
        taken.add(stem.casefold())
        stems[name] = stem
    return stems


def _in_language(
    lang: str, render: Callable[[SiteData], dict[str, str]], data: SiteData
) -> dict[str, str]:
    """``render(data)`` with the reader's language ``lang``, in a context of its own."""
    from dataclasses import replace

    from casectl.api.site_cases import speaking

    return speaking(lang, lambda: render(replace(data, language=lang)))


class SiteWatch:
    """A site kept up to date with its casebooks (``site serve``): ``check`` rebuilds it
    when a file of theirs changed since the last build, which writes only the pages that
    changed. ``last``: what the last build did."""

    def __init__(self, build: Callable[[], SiteBuilt], signature: Callable[[], object]) -> None:
        self._build = build
        self._signature = signature
        self._seen: object = None
        self.last: SiteBuilt | None = None

    def build(self) -> SiteBuilt:
        self._seen = self._signature()  # taken first: a change made while building is seen
        self.last = self._build()
        return self.last

    def check(self) -> SiteBuilt | None:
        """Rebuild if a file changed since the last build; what the build did, else None."""
        if self._signature() == self._seen:
            return None
        return self.build()


def serve(watching: Callable[[Path], SiteWatch], ready: Callable[[str], None], port: int) -> None:
    """A site built by ``watching`` into a new temporary folder, served on localhost until
    interrupted, rebuilt when a page is asked for after a change; the folder removed after."""
    from casectl.storage import site as store

    folder = store.temporary_folder()
    try:
        watch = watching(folder)
        store.serve(folder, port, ready, watch.check)
    finally:
        store.remove(folder)
