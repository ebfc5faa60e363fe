"""Closing many cases at once, as a library call: the history a team adopts with casectl (an
imported year of complaints) closed in bulk, each case through the same checks ``close`` makes
(docs/decisions.md, "Bulk close")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casectl.api.base import Base, When
from casectl.api.steps import needed
from casectl.errors import CasebookError, StepRefused, UsageError
from casectl.i18n import msg

if TYPE_CHECKING:
    from casectl.core.loop.steps import Who
    from casectl.core.model import Case
    from casectl.core.views.listing import ListFilter
    from casectl.errors import CasectlError, CorruptFileError


@dataclass(frozen=True)
class Closing:
    """A case closed (or, in a dry run, one that would close): its file, and what it still
    lacked when ``force`` closed it past the checks (empty: nothing was missing)."""

    case_id: str
    path: str
    forced: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotClosed:
    """A case that could not close, and why (the error ``close`` gives, with its remedies)."""

    case_id: str
    error: CasectlError


@dataclass
class ClosedMany:
    """What ``close_many`` did (or, with ``dry_run``, would do): the cases closed, those that
    could not close and why, and the files that could not be read."""

    closed: list[Closing] = field(default_factory=list)
    refused: list[NotClosed] = field(default_factory=list)
    dry_run: bool = False
    skipped: list[CorruptFileError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Whether any chosen case could not close (or a file could not be read)."""
        return bool(self.refused or self.skipped)


class BulkClose(Base):
    """close_many."""

    def close_many(
        self,
        ids: Sequence[str] = (),
        *,
        where: Sequence[str] | ListFilter = (),
        imported: bool = False,
        reason: str | None = None,
        force: bool = False,
        dry_run: bool = False,
        at: When = None,
        by: str | None = None,
    ) -> ClosedMany:
        """Close many cases: those ``ids`` name, or the open cases ``where`` keeps (the
        export's ``KEY=VALUE`` grammar) and, with ``imported``, only those an import made.
        ``reason`` is required and goes into each case's timeline. Each case passes the
        checks ``close`` makes; one that cannot close is listed with why and the others
        close. ``force`` closes past missing steps (the closure says it was forced, the
        result names what was missing). ``dry_run``: the checks only, nothing written."""
        why = needed(reason, "reason")
        chosen, skipped = self._to_close(ids, where, imported)
        actor = self.who(at, by)
        out = ClosedMany(dry_run=dry_run, skipped=list(skipped))
        for case_id in chosen:
            done = self._close_one(case_id, actor, why, force=force, dry_run=dry_run)
            if isinstance(done, Closing):
                out.closed.append(done)
            else:
                out.refused.append(done)
        return out

    def _close_one(
        self, case_id: str, actor: Who, why: str, *, force: bool, dry_run: bool
    ) -> Closing | NotClosed:
        """One case closed as ``close`` closes it (in a dry run, checked only), or why not."""
        from casectl.core.loop import aftercare

        lacked: list[str] = []

        def change(case: Case) -> Case:
            lacked[:] = _missing(case) if force else []
            return aftercare.close(case, actor, force=force, reason=why)

        try:
            if dry_run:
                path = self.store.resolve(case_id)[1]
                change(self.store.load_path(path))
            else:
                path = self.store.update(case_id, change)[1]
        except (StepRefused, CasebookError) as exc:  # refused; unreadable, locked, changed
            return NotClosed(case_id, exc)
        return Closing(case_id, self.relative(path), tuple(lacked))

    def _to_close(
        self, ids: Sequence[str], where: Sequence[str] | ListFilter, imported: bool
    ) -> tuple[list[str], list[CorruptFileError]]:
        """The IDs of the cases to close: ``ids`` resolved (an unknown one refuses the whole
        run before anything is written), or the open cases the filters keep, oldest first."""
        from casectl.api.export import export_filter
        from casectl.api.reading import reading
        from casectl.core.views.listing import ListFilter

        if ids and (where or imported):
            raise UsageError(msg("name the cases by ID or by --where/--imported, not both"))
        if ids:
            return [self.store.resolve(i)[0] for i in dict.fromkeys(ids)], []
        if not where and not imported:
            raise UsageError(msg("say which cases to close: IDs, --where KEY=VALUE or --imported"))
        wanted = export_filter(where)
        if not isinstance(where, ListFilter) and not any(_key(p) == "state" for p in where):
            wanted.state = "open"  # history to close: the open cases, unless state= says
        if wanted.customer:
            wanted.customer_names = reading(self).customer_names(wanted.customer)
        scan = self.store.entries(*(["search"] if wanted.text else []))
        self.skipped(scan.problems)
        state = wanted.state
        kept = [
            e
            for e in scan.entries
            if (state == "all" or e.open == (state == "open")) and wanted.keeps(e.row)
        ]
        if imported:
            kept = [e for e in kept if e.case().source is not None]
        kept.sort(key=lambda e: (e.row["_at"], e.id))
        return [e.id for e in kept], list(scan.problems)


def _key(pair: str) -> str:
    return pair.partition("=")[0].strip().casefold()


def _missing(case: Case) -> list[str]:
    """What ``close`` still needs of ``case``, as words (what forcing it skips)."""
    from casectl.core import lifecycle

    if lifecycle.is_closed(case):
        return []
    return [m for m, _ in lifecycle.missing_for("close", case)]
