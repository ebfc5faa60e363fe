"""Customers as library calls: every customer, one customer's view, the profiles' steps
(add, set, person add, merge, touch), and finding a customer by what people type.

A customer is named as people type it: its profile's name, an alias, or a unique prefix
(``华东``, ``hdjm``). Each step on a profile changes its file under the casebook's lock and
writes only what changed, so comments written by hand survive (docs/customers.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from casectl.api.base import Base, When
from casectl.api.reading import reading
from casectl.api.results import JSON, CustomerResult
from casectl.api.steps import choice, needed
from casectl.i18n import N_, msg

if TYPE_CHECKING:
    from casectl.core.customers.profile import Profile
    from casectl.core.loop.steps import Who
    from casectl.core.model import Case
    from casectl.core.views.customers import CustomerRow
    from casectl.errors import CorruptFileError
    from casectl.storage.profiles import Profiles


@dataclass
class CustomerList:
    """Every customer (``casectl customer``): open and total cases, the last survey answers
    and the last case, most open cases first; and the files that could not be read."""

    rows: list[CustomerRow] = field(default_factory=list)
    skipped: list[CorruptFileError] = field(default_factory=list)


@dataclass
class CustomerView:
    """One customer (``casectl customer NAME``): ``data`` is its story as the outputs write
    it — its cases, their milestones and the survey trend; for a customer with a profile also
    the profile, key people, touchpoints, last contact and contact rhythm. ``profile`` and
    ``path`` are None for a customer only cases name."""

    data: JSON
    profile: Profile | None = None
    path: str | None = None
    skipped: list[CorruptFileError] = field(default_factory=list)


@dataclass
class Merged(CustomerResult):
    """Two customers joined (``customer merge``): the profile that stays, and the IDs of the
    cases renamed to its name."""

    renamed: list[str] = field(default_factory=list)


class Customers(Base):
    """customer …, touch."""

    def find_customer(self, typed: str) -> Profile | None:
        """The profile ``typed`` names (its name, an alias, or a unique prefix), if any."""
        return self.profiles().find(typed)

    def close_customers(self, typed: str) -> list[str]:
        """Profiled customers whose names look like ``typed`` (to offer when none matches)."""
        from casectl.core.customers import profile as rules

        return rules.close_matches(self.profiles().all, typed)

    # --- reading --------------------------------------------------------------------------

    def customers(self) -> CustomerList:
        """Every customer with open and total cases: a profiled customer is one row under its
        profile's name, whatever name or alias its cases use; a profile with no case has a
        row too."""
        from casectl.core.views import customers

        known = self.profiles()
        loaded = reading(self).cases(profiles=known)
        rows = customers.summary(loaded.cases, self.config.tz, known.all)
        return CustomerList(rows, [*known.problems, *loaded.skipped])

    def customer(self, typed: str) -> CustomerView:
        """One customer: a profile's name, alias or prefix gives its profile, key people,
        cases, NPS/CSAT trend, touchpoints and contact rhythm; a name no profile has gives the
        history of the customer whose cases' name contains it (exactly one, else an error)."""
        from casectl.core.clocks.sla import Clocks
        from casectl.core.customers import rhythm
        from casectl.core.views import customers

        known = self.profiles()
        profile = known.find(typed)
        tz = self.config.tz
        if profile is None:
            loaded = reading(self).cases(profiles=known)
            story = customers.history(loaded.cases, typed, tz)
            return CustomerView(story, skipped=[*known.problems, *loaded.skipped])
        mine, skipped = self._cases_of(profile)
        pairs = [(c.customer.name, rhythm.case_contact(c)) for c in mine]
        last = rhythm.last_contact(profile, rhythm.latest_by_customer(pairs))
        clock = rhythm.clock(profile, last, Clocks(self.config, self.now()))
        data = customers.view(profile, mine, tz, last, clock)
        return CustomerView(data, profile, known.path_of(profile), [*known.problems, *skipped])

    def _cases_of(self, profile: Profile) -> tuple[list[Case], list[CorruptFileError]]:
        """The cases naming the profile's customer (by name or alias), oldest first; only
        their files' rows are turned into cases."""
        from casectl.core.customers.profile import fold

        entries, skipped = reading(self).entries()
        keys = profile.folded()
        chosen = [e for e in entries if fold(str(e.row["customer"])) in keys]
        mine = sorted(self.store.index.load(chosen), key=lambda c: (c.received_at, c.id))
        return mine, skipped

    # --- the profiles' steps --------------------------------------------------------------

    def add_customer(
        self,
        name: str,
        *,
        aliases: Sequence[str] = (),
        tier: str | None = None,
        industry: str | None = None,
        lifecycle: str | None = None,
        owner: str | None = None,
        at: When = None,
    ) -> CustomerResult:
        """A customer's profile added (``customers/<name>.yaml``); refused when another
        profile has its name or one of its aliases."""
        from casectl.core.customers import profile as rules
        from casectl.errors import UsageError
        from casectl.storage import profiles

        if not name.strip():
            raise UsageError(msg("the customer's name must not be empty"))
        made = rules.new(
            name,
            at=self.when(at),
            aliases=aliases,
            tier=tier,
            industry=industry,
            lifecycle=choice(lifecycle, rules.Lifecycle, "lifecycle"),
            owner=owner,
        )
        path = profiles.create(self.store, made)
        return CustomerResult(made, self.relative(path), N_("profile added"))

    def set_customer(
        self,
        customer: str,
        *,
        aliases: Sequence[str] = (),
        tier: str | None = None,
        industry: str | None = None,
        lifecycle: str | None = None,
        owner: str | None = None,
        channel: str | None = None,
        language: str | None = None,
        hours: str | None = None,
        notes: str | None = None,
    ) -> CustomerResult:
        """A customer's profile changed: aliases added; tier, industry, lifecycle, owner,
        the preferred channel, language and hours, and the notes (replaced) set. None leaves a
        field as it is."""
        from casectl.core.customers import profile as rules

        changes = {
            "aliases": list(aliases) or None,
            "tier": tier,
            "industry": industry,
            "lifecycle": choice(lifecycle, rules.Lifecycle, "lifecycle"),
            "owner": owner,
            "channel": channel,
            "language": language,
            "hours": hours,
            "notes": notes,
        }
        changed, rel = self._change(customer, lambda p: rules.with_settings(p, **changes))
        return CustomerResult(changed, rel, N_("profile updated"))

    def add_person(
        self,
        customer: str,
        name: str,
        *,
        role: str | None = None,
        influence: str | None = None,
        attitude: str | None = None,
        contact: str | None = None,
    ) -> CustomerResult:
        """A key person added to a customer's profile (the relationship map); ``item`` is
        their id."""
        from casectl.core.customers import profile as rules

        fields = {
            "name": needed(name, "name"),
            "role": role,
            "influence": choice(influence, rules.Influence, "influence"),
            "attitude": choice(attitude, rules.Attitude, "attitude"),
            "contact": contact,
        }
        pick = self.who().pick
        changed, rel = self._change(customer, lambda p: rules.add_person(p, pick, **fields))
        added = changed.people[-1].id
        return CustomerResult(changed, rel, msg("key person {id} added", id=added), added)

    def touch(
        self,
        customer: str,
        *,
        channel: str,
        summary: str,
        at: When = None,
        by: str | None = None,
    ) -> CustomerResult:
        """A contact with the customer outside any case (a visit, a call): it resets the
        contact rhythm; ``item`` is the touchpoint's id."""
        from casectl.core.customers import profile as rules

        actor = self.who(at, by)
        said = needed(summary, "summary")
        how = needed(channel, "channel").strip()
        changed, rel = self._change(
            customer,
            lambda p: rules.touch(
                p, at=actor.at, by=actor.by, channel=how, summary=said, pick=actor.pick
            ),
        )
        point = changed.touchpoints[-1].id
        return CustomerResult(changed, rel, msg("touchpoint {id} logged", id=point), point)

    def _change(self, typed: str, change: Callable[[Profile], Profile]) -> tuple[Profile, str]:
        """``change`` made to the profile ``typed`` names, under the lock: the profile as
        written, and its file."""
        from casectl.storage import profiles

        known = self.profiles()
        rel = known.path_of(known.require(typed))
        return profiles.update(self.store, rel, change), rel

    # --- merge ----------------------------------------------------------------------------

    def merge_customers(
        self, keep: str, gone: str, *, at: When = None, by: str | None = None
    ) -> Merged:
        """Duplicate customers joined: ``gone``'s names become aliases of ``keep``, its key
        people and touchpoints move to ``keep``'s profile (a person ``keep`` has already stays
        behind, and is told), its profile file is removed, and every case naming ``gone`` is
        renamed to ``keep``'s name (each through its own update, under its lock). ``gone`` may
        be a name only cases use: it becomes an alias."""
        from casectl.core.customers import profile as rules
        from casectl.errors import not_found
        from casectl.storage import profiles

        known = self.profiles()
        kept, other = self._merging(known, keep, gone)
        rel = known.path_of(kept)
        old_names = {rules.fold(gone)} if other is None else other.folded()
        naming = self._cases_naming(old_names, kept.name)
        if other is not None:  # a duplicate with a profile: join the two files
            self._people_kept(kept, other)
            gone_rel = known.path_of(other)
            joined = profiles.update(
                self.store,
                rel,
                lambda p: rules.absorb(p, other, self.who().pick),
                absorbing=gone_rel,
            )
            profiles.remove(self.store, gone_rel)
        elif naming:  # a name only cases use: it becomes an alias
            joined = profiles.update(
                self.store, rel, lambda p: rules.with_settings(p, aliases=[gone])
            )
        else:
            raise not_found("customer", gone)
        self._rename_cases(naming, joined.name, self.who(at, by))
        said = msg(
            "joined {customer}; {count} case(s) renamed",
            customer=other.name if other else gone,
            count=len(naming),
        )
        return Merged(joined, rel, said, renamed=naming)

    def _merging(self, known: Profiles, keep: str, gone: str) -> tuple[Profile, Profile | None]:
        """The profile that stays, and the duplicate's (None: a name only cases use)."""
        from casectl.core.customers.profile import fold, left_by_merge
        from casectl.errors import UsageError

        kept = known.require(keep)
        left = left_by_merge(known.all, kept, gone)
        if left is not None:  # a merge killed before it removed the duplicate: finish it
            return kept, left
        other = known.find(gone)
        if other is kept and self._cases_naming({fold(gone)}, kept.name):
            return kept, None  # killed while renaming the cases: rename the rest
        if other is kept:
            raise UsageError(
                msg(
                    "{keep!r} and {gone!r} name the same customer: {name}",
                    keep=keep,
                    gone=gone,
                    name=kept.name,
                )
            )
        return kept, other

    def _people_kept(self, kept: Profile, other: Profile) -> None:
        """Tell each key person of ``other`` that ``kept`` has under the same name: the merge
        keeps ``kept``'s, and does not move the other."""
        from casectl.core.customers.profile import fold

        ours = {fold(p.name) for p in kept.people}
        for person in other.people:
            if fold(person.name) in ours:
                self.warn(
                    msg(
                        "{customer} has {person} already: {gone}'s {person} ({role}) is not "
                        "moved; add them under another name if they are someone else",
                        customer=kept.name,
                        person=person.name,
                        gone=other.name,
                        role=person.role or "—",
                    )
                )

    def _cases_naming(self, names: set[str], but: str) -> list[str]:
        """The IDs of the cases whose customer is one of ``names`` (folded), but not spelled
        ``but``: from the index's rows, no case file read."""
        from casectl.core.customers.profile import fold

        entries, _skipped = reading(self).entries()
        return [
            e.id
            for e in entries
            if fold(str(e.row["customer"])) in names and e.row["customer"] != but
        ]

    def _rename_cases(self, case_ids: list[str], to: str, actor: Who) -> None:
        """The customer of these cases renamed ``to``, each through the store's update (its
        lock; only that line of the file changes; the timeline says so)."""
        from casectl.core.loop.around import customer_renamed

        for case_id in case_ids:
            self.store.update(case_id, lambda case: customer_renamed(case, actor, to=to))
