"""The casebook as a static site (``casectl site build``/``serve``): read once, rendered in
each language by ``render.site``, written by ``storage.site``.

The casebook is read once: every case, the open cases' clocks, the customers' profiles, the
case library and the last months' reports; each language's pages are then rendered from that
in a context of its own, so the reader's language of the run is left as it was.
"""

from __future__ import annotations

import contextvars
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casectl.api.base import Base
from casectl.api.reading import reading

if TYPE_CHECKING:
    from casectl.api.learning import Learning
    from casectl.core.learning.figures import Context
    from casectl.core.model import Case
    from casectl.errors import CorruptFileError
    from casectl.render.site.data import SiteData
    from casectl.storage.profiles import Profiles

LANGUAGES = ("zh", "en")
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


class Site(Base):
    """site build, site serve."""

    def site(self, folder: str | Path, *, public: bool = False) -> SiteBuilt:
        """Write the site of the casebook into ``folder`` (new, empty, or a site built
        before; anything else is refused): the dashboard, cases, customers, the case library
        and the monthly reports, in Chinese and English. ``public``: only the case library,
        redacted as ``library(redact=True)`` redacts it, for sharing outside the team."""
        from casectl.render import site as render
        from casectl.storage import site as store

        store.check_folder(Path(folder))
        data, skipped = self._site_data(public)
        data.work()  # what both languages' pages share, worked out once
        files = render.shared(data.language)
        for lang in LANGUAGES:
            files.update(
                {f"{lang}/{p}": t for p, t in _in_language(lang, render.pages, data).items()}
            )
        files[store.MARK] = "casectl site\n"
        copies = {  # the files kept as evidence, which case pages link (never when public)
            f"{render.ATTACHED}/{a.path}": self.root / a.path
            for case in data.cases
            for a in case.attachments
        }
        done = store.write(Path(folder), files, copies)
        return SiteBuilt(
            done.folder,
            done.written,
            done.unchanged,
            done.removed,
            len(data.cases),
            public,
            skipped,
        )

    def serve_site(self, ready: Callable[[str], None], *, port: int = 8000) -> None:
        """Build the site into a new temporary folder and serve it read-only on localhost
        at ``port`` (0: any free port) until interrupted; ``ready`` is told its address."""
        from casectl.storage import site as store

        folder = store.temporary_folder()
        try:
            self.site(folder)
            store.serve(folder, port, ready)
        finally:
            store.remove(folder)

    def _site_data(self, public: bool) -> tuple[SiteData, list[CorruptFileError]]:
        from casectl import i18n
        from casectl.core.learning.figures import Context
        from casectl.render.site.data import SiteData

        learning: Learning = self  # type: ignore[assignment]
        chosen = self.config.language or i18n.language()
        data = SiteData(
            name=self.root.name,
            now=self.now(),
            tz=self.config.tz,
            language="zh" if i18n.language_of(chosen) == i18n.CHINESE else "en",
            public=public,
        )
        if public:
            library = learning.library(redact=True)
            data.library, data.redacted = library.entries, library.redacted
            return data, library.skipped
        known = self.profiles()
        loaded = reading(self).cases(profiles=known)
        data.library = learning._entries(loaded.cases)
        shared = Context(loaded.cases, self.config, data.now)  # measures each case's clocks once
        self._fill(data, sorted(loaded.cases, key=lambda c: (c.received_at, c.id)), known, shared)
        for month in data.board.months:
            if data.board.count(f"received:{month.label}") or data.board.count(
                f"resolved:{month.label}"
            ):
                period = learning.report_period(month=month.label)
                data.reports[month.label] = learning.report_of(period, loaded, shared).data
        return data, [*known.problems, *loaded.skipped]

    def _fill(self, data: SiteData, cases: list[Case], known: Profiles, shared: Context) -> None:
        from casectl.core import lifecycle
        from casectl.core.views import dashboard

        now = self.now()
        data.cases = cases
        data.clocks = {c.id: shared.clocks_of(c) for c in cases if lifecycle.is_open(c)}
        states = {cid: [c.state for c in held] for cid, held in data.clocks.items()}
        data.board = dashboard.build(cases, states, now, self.config.tz, REPORT_MONTHS)
        self._customers(data, cases, known)

    def _customers(self, data: SiteData, cases: Sequence[Case], known: Profiles) -> None:
        """Every customer's view (as ``customer(name)`` gives it), from the cases read."""
        from casectl.core.clocks.sla import Clocks
        from casectl.core.customers import rhythm
        from casectl.core.names import file_stem
        from casectl.core.views import customers

        mine: dict[str, list[Case]] = defaultdict(list)
        for case in cases:
            mine[case.customer.name].append(case)
        tz = self.config.tz
        views: dict[str, dict[str, Any]] = {}
        for profile in known.all:
            own = mine.pop(profile.name, [])
            pairs = [(c.customer.name, rhythm.case_contact(c)) for c in own]
            last = rhythm.last_contact(profile, rhythm.latest_by_customer(pairs))
            clock = rhythm.clock(profile, last, Clocks(self.config, self.now()))
            views[profile.name] = customers.view(profile, own, tz, last, clock)
        for name, own in mine.items():
            views[name] = customers.story(own, tz, name)
        taken: set[str] = set()
        for name, view in views.items():
            stem = base = file_stem(name)
            n = 1
            while stem.casefold() in taken:
                n += 1
                stem = f"{base}-{n}"
            taken.add(stem.casefold())
            data.stems[name] = stem
            data.customers[stem] = view


def _in_language(
    lang: str, render: Callable[[SiteData], dict[str, str]], data: SiteData
) -> dict[str, str]:
    """``render(data)`` with the reader's language ``lang``, in a context of its own."""
    from dataclasses import replace

    from casectl import i18n
    from casectl.storage.language import catalog

    def run() -> dict[str, str]:
        language = i18n.CHINESE if lang == "zh" else i18n.ENGLISH
        i18n.use(catalog(language), language)
        return render(replace(data, language=lang))

    return contextvars.copy_context().run(run)
