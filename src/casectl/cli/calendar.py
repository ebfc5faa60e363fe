"""``calendar update``: a country's public holidays and make-up working days (调休) into the
casebook's calendar, from the ``holidays`` package."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from casectl import i18n
from casectl.cli import context, output
from casectl.i18n import _

if TYPE_CHECKING:
    from casectl.api.teamwork import CalendarUpdate
    from casectl.core.clocks.public_days import Offered, Plan

calendar_app = typer.Typer(
    help="The casebook's working calendar: public holidays and make-up working days.",
    no_args_is_help=True,
)

Country = Annotated[
    str,
    typer.Option(
        "--country",
        help="ISO 3166 country code: CN (mainland China), HK, TW, SG, US, DE…; a region as US-CA.",
        metavar="CODE",
    ),
]


def update(
    country: Country,
    year: Annotated[
        list[int] | None,
        typer.Option(
            "--year",
            help="The year to add (repeatable; default: this year and the next).",
            min=1970,
            max=2100,
        ),
    ] = None,
) -> None:
    """Add a country's public holidays and make-up working days to casectl.yaml.

    Only adds: dates already listed stay with their comments, a date you moved to the other
    list by hand stays there, and nothing else in the file changes."""
    report(context.casebook().update_calendar(country, year or []))


def report(done: CalendarUpdate) -> None:
    """What each year added (``calendar update``, ``init --calendar``)."""
    for offered, plan in done.years:
        _year(offered, plan, done.this_year)


def _year(offered: Offered, plan: Plan, this_year: int) -> None:
    """One line a year on stderr; a warning when the source has no make-up days for it yet
    (for this year or a later one: a past year's arrangement will not be published later)."""
    what = _("{year} ({country}, {source})").format(
        year=offered.year, country=offered.country, source=offered.source
    )
    if plan.empty:
        said = _("{what}: nothing to add; {present} date(s) already listed")
        output.info(said.format(what=what, present=plan.present))
    else:
        said = _(
            "{what}: added {holidays} holiday(s) and {workdays} make-up working day(s); "
            "{present} already listed"
        )
        output.info(
            said.format(
                what=what,
                holidays=len(plan.holidays),
                workdays=len(plan.workdays),
                present=plan.present,
            )
        )
    if plan.hand_kept:
        kept = _days(plan.hand_kept)
        output.info(_("  kept as you listed them: {days}").format(days=kept))
    if plan.unlisted:
        said = _("  listed, but not in {source} (check them): {days}")
        output.info(said.format(source=offered.source, days=_days(plan.unlisted)))
    if offered.workdays_known:
        return
    if offered.year < this_year:
        said = _(
            "{source} has no make-up working days for {year}: its days off follow the "
            "statutory rule; list the year's make-up working days by hand if it had any"
        )
        output.warn(said.format(source=offered.source, year=offered.year))
        return
    said = _(
        "{source} has no make-up working days for {year} yet: the year's official arrangement "
        "is not in it, so its days off follow the statutory rule and may change; run "
        "'casectl calendar update --country {country} --year {year}' again after upgrading "
        "holidays"
    )
    output.warn(said.format(source=offered.source, year=offered.year, country=offered.country))


def _days(days: Iterable[date]) -> str:
    return i18n.list_text(day.isoformat() for day in days)
