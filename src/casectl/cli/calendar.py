"""``calendar update``: a country's public holidays and make-up working days (调休) into the
casebook's calendar, from the ``holidays`` package."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from casectl.cli import context, output

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
    from casectl.storage import calendars

    book = context.book()
    years = year or this_and_next()
    for offered, plan in calendars.update_casebook(book.root, country, years):
        report(offered, plan)


def this_and_next(zone: Any = None) -> list[int]:
    """This year (in the casebook's zone, or ``zone``) and the next."""
    now = context.now() if zone is None else _now(zone)
    return [now.year, now.year + 1]


def _now(zone: Any) -> Any:
    from casectl.storage import env

    return env.now(zone)


def report(offered: Any, plan: Any) -> None:
    """One line a year on stderr; a warning when the source has no make-up days for it yet."""
    what = f"{offered.year} ({offered.country}, {offered.source})"
    if plan.empty:
        output.info(f"{what}: nothing to add; {plan.present} date(s) already listed")
    else:
        output.info(
            f"{what}: added {len(plan.holidays)} holiday(s) and {len(plan.workdays)} make-up "
            f"working day(s); {plan.present} already listed"
        )
    if plan.hand_kept:
        kept = ", ".join(day.isoformat() for day in plan.hand_kept)
        output.info(f"  kept as you listed them: {kept}")
    if plan.unlisted:
        days = ", ".join(day.isoformat() for day in plan.unlisted)
        output.info(f"  listed, but not in {offered.source} (check them): {days}")
    if not offered.workdays_known:
        output.warn(
            f"{offered.source} has no make-up working days for {offered.year} yet: the year's "
            "official arrangement is not in it, so its days off follow the statutory rule and "
            "may change; run "
            f"'casectl calendar update --country {offered.country} --year {offered.year}' "
            "again after upgrading holidays"
        )
