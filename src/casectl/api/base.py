"""What every part of the library shares: the opened casebook, "now", who is acting, the WHEN
grammar with the day-end rule of a due, the notices a call leaves for its caller, and running
one step on one case under its lock.

The library never prints. What a person should be told along the way (a due read as the end
of a working day, a file skipped, a look-alike case) is a ``Notice`` handed to the
``notices`` callback given when the casebook was opened (by default kept in
``Casebook.notices``); the command line prints them on stderr.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from casectl.errors import CorruptFileError
from casectl.i18n import N_, msg

if TYPE_CHECKING:
    from casectl.api.results import StepResult
    from casectl.core.config import Config
    from casectl.core.loop.steps import Who
    from casectl.core.model import Case
    from casectl.storage.profiles import Profiles
    from casectl.storage.store import Casebook as Store

FUTURE_SLACK = timedelta(minutes=5)  # clocks of two machines may differ a little
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))

Level = Literal["info", "warning"]


@dataclass(frozen=True)
class Notice:
    """Something the caller should tell a person: ``message`` is English that remembers its
    template (``i18n.msg``), so the command line shows it in the reader's language."""

    level: Level
    message: str


Notices = Callable[[Notice], None]
When = datetime | str | None  # a time, a WHEN text (ISO 8601, 明天, +48h …), or now


class Base:
    """A casebook opened for the library: its store, settings, clock and actor."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        now: datetime | str | None = None,
        user: str | None = None,
        notices: Notices | None = None,
        store: Store | None = None,
        label: str | None = None,
    ) -> None:
        from casectl.storage.store import Casebook as Store

        self.store: Store = store if store is not None else Store.open(path)
        self._now = now
        self._user = user
        self.label = label  # the casebook's name where several are read at once
        self.notices: list[Notice] = []
        self._tell: Notices = notices if notices is not None else self.notices.append
        self._import_undone()

    def _import_undone(self) -> None:
        """Roll back an import a killed process left half-done (``storage.journal``), and say
        so."""
        from casectl.storage import journal

        removed = journal.roll_back(self.store.root)
        if removed:
            self.warn(
                msg(
                    "an import was interrupted: its {count} case file(s) written so far were "
                    "removed; run the import again",
                    count=len(removed),
                )
            )

    # --- what the casebook is ---------------------------------------------------------------

    @property
    def root(self) -> Path:
        return self.store.root

    @property
    def config(self) -> Config:
        return self.store.config

    @property
    def name(self) -> str:
        return self.store.root.name

    def relative(self, path: Path) -> str:
        return self.store.relative(path)

    def __repr__(self) -> str:
        return f"Casebook({str(self.root)!r})"

    # --- telling the caller -------------------------------------------------------------------

    def info(self, message: str) -> None:
        self._tell(Notice("info", message))

    def warn(self, message: str) -> None:
        self._tell(Notice("warning", message))

    def plain_words(self, text: str | None, where: str) -> None:
        """A warning when customer-facing ``text`` (``where``: "the response", "the letter")
        uses a term of the team's glossary, with the plain words to say instead; never a
        refusal (docs/letters.md)."""
        from casectl.core.learning import plain
        from casectl.i18n import listed

        found = plain.jargon(text, plain.terms(self.config.glossary))
        if found:
            said = listed(f"{j.term} → {j.plain}" for j in found)
            self.warn(
                msg(
                    "{where} uses words a customer may not know; plainer: {said}",
                    where=where,
                    said=said,
                )
            )

    def skipped(self, problems: Sequence[CorruptFileError]) -> None:
        """The one policy for files a bulk read could not read: each is named, once, as a
        warning (the result also carries them, and JSON counts them)."""
        for problem in problems:
            said = problem.message
            if self.label:
                said = msg("{where}: {problem}", where=self.label, problem=said)
            self.warn(msg("skipped {problem}", problem=said))

    def profiles(self) -> Profiles:
        """Every customer profile that reads; those that do not are told (skipped)."""
        from casectl.storage import profiles

        found = profiles.load(self.store)
        self.skipped(found.problems)
        return found

    # --- time and actor -----------------------------------------------------------------------

    def now(self) -> datetime:
        """ "Now" in the team's time zone: as given when opened, else ``CASECTL_NOW``, else the
        clock."""
        from casectl.storage import env

        tz = self.config.tz
        if isinstance(self._now, datetime):
            return self._now.astimezone(tz)
        if isinstance(self._now, str):
            from casectl.core.dates import parse_when

            return parse_when(self._now, now=env.now(tz), tz=tz).astimezone(tz)
        return env.now(tz)

    def user(self, by: str | None = None) -> str:
        """Who acts: ``by``, else the user given when opened, else ``CASECTL_USER``, git's
        user.name or the login name."""
        from casectl.storage import env

        return env.user(by or self._user)

    def when(self, value: When, *, base: datetime | None = None, due: bool = False) -> datetime:
        """A time given as a ``datetime`` or a WHEN text, in the team's zone (None: ``base``,
        else now). A ``due`` that names a day without a time of day means the end of that
        working day; how such a value was read is told as a notice."""
        tz = self.config.tz
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=tz)
            return value.astimezone(tz)
        current = self.now()
        if value is None:
            return (base or current).astimezone(tz)
        from casectl.core.dates import parse_when

        ends = day_end(self.config) if due else None
        order = self.config.date_order
        read = parse_when(value, now=current, tz=tz, base=base, day_ends=ends, order=order)
        read = read.astimezone(tz)
        if due and not _full_time(value):
            self._read_as(value, read)
        return read

    def _read_as(self, text: str, value: datetime) -> None:
        shown = value.strftime("%Y-%m-%d %H:%M %Z")
        weekday = msg(WEEKDAYS[value.weekday()])
        self.info(
            msg("due {text!r} read as {when} ({weekday})", text=text, when=shown, weekday=weekday)
        )
        calendar = self.config.calendar
        if calendar is None:
            return
        from casectl.core.clocks.calendar import WorkCalendar

        if not WorkCalendar(self.config.tz, calendar).is_workday(value.date()):
            day = value.strftime("%Y-%m-%d")
            self.warn(msg("{day} is not a working day on the team's calendar", day=day))

    def who(self, at: When = None, by: str | None = None) -> Who:
        """When a step happened (default: now) and who did it; a time later than now is
        recorded as given, and said."""

        moment = self.when(at)
        current = self.now()
        if moment - current > FUTURE_SLACK:
            self.warn(
                msg(
                    "--at {at} is later than now ({now}); recorded as given",
                    at=moment.isoformat(),
                    now=current.isoformat(),
                )
            )
        return self.actor(moment, by)

    def actor(self, moment: datetime, by: str | None = None) -> Who:
        """Who did a step at ``moment``, with the randomness of the ids it mints."""
        from casectl.core.loop.steps import Who
        from casectl.storage import env

        person = self.user(by)
        return Who(at=moment, by=person, pick=env.item_pick(person, moment))

    # --- one step on one case -----------------------------------------------------------------

    def _step(
        self,
        case_id: str,
        change: Callable[[Case], Case],
        done: str,
        item: Callable[[Case], str | None] | None = None,
    ) -> StepResult:
        """Run ``change`` on one case under its lock, writing only what changed; ``item``
        names what the step added (read from the case as written)."""
        from casectl.api.results import StepResult

        case, path = self.store.update(case_id, change)
        return StepResult(
            case=case,
            path=self.relative(path),
            done=done,
            item=item(case) if item is not None else None,
        )


def day_end(config: Config) -> time:
    """When the team's working day ends (the last working interval's end; 23:59:59 on a 24x7
    clock)."""
    hours = config.calendar.hours if config.calendar is not None else []
    last = hours[-1].end if hours else None
    return last if last is not None else time(23, 59, 59)


def _full_time(text: str) -> bool:
    """Whether ``text`` is a full ISO 8601 time with its offset (then nothing needs saying)."""
    import re

    return bool(re.match(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?([+-]\d\d:?\d\d|Z)$", text.strip()))
