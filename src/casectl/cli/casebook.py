"""``init`` and ``edit``: the casebook itself, and hand edits of one case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from casectl.cli import context, output
from casectl.cli.options import ID
from casectl.i18n import _, msg


def init(
    path: Annotated[Path, typer.Argument(help="Where to create the casebook.")] = Path("."),
    timezone: Annotated[
        str | None, typer.Option(help="IANA time zone for the team (default: Asia/Shanghai).")
    ] = None,
    calendar: Annotated[
        str | None,
        typer.Option(
            "--calendar",
            help="Fill the calendar with this country's public holidays and make-up working "
            "days for this year and the next (CN, HK, US…; see casectl calendar update).",
            metavar="CODE",
        ),
    ] = None,
) -> None:
    """Create a casebook: commented casectl.yaml, cases/, .gitignore and .gitattributes."""
    from casectl.storage import templates

    config = templates.CONFIG
    if timezone:
        from pydantic import ValidationError

        from casectl.core.config import Config
        from casectl.core.problems import flatten
        from casectl.errors import UsageError, field

        try:  # refuse an unknown zone before writing anything
            Config.model_validate({"timezone": timezone})
        except ValidationError as exc:
            raise UsageError(
                msg(
                    "{timezone}: {message}",
                    timezone=field("timezone"),
                    message=flatten(exc)[0].message,
                )
            ) from None
        config = config.replace("timezone: Asia/Shanghai", f"timezone: {timezone}", 1)
    done: list[Any] = []
    if calendar:
        from zoneinfo import ZoneInfo

        from casectl.cli.calendar import this_and_next
        from casectl.storage import calendars

        zone = ZoneInfo(timezone or "Asia/Shanghai")
        config, done = calendars.add_years(config, calendar, this_and_next(zone))
    for item in templates.init_casebook(path, config, templates.FILES):
        output.info(_("wrote {path}").format(path=item))
    if done:
        from casectl.cli.calendar import report, this_year

        for offered, plan in done:
            report(offered, plan, this_year(zone))
    said = _("casebook ready at {path}; next: casectl git setup, then casectl record")
    output.info(said.format(path=path.resolve()))


MARK = "# casectl: "  # the lines edit puts at the top to say why an edit was refused


def edit(case_id: ID) -> None:
    """Open the case file in $VISUAL/$EDITOR; the edit is kept only if it still validates.

    On a terminal an edit that does not validate opens again with the reason at the top, as
    git commit does; quitting without a change keeps a copy in .casectl/edits/."""
    from casectl.cli import prompts
    from casectl.core.loop import around
    from casectl.core.model import Case
    from casectl.errors import CasectlError, ChangedMeanwhile, UsageError
    from casectl.storage import env

    book = context.book()
    actor = context.who(None, None)

    def say_edited(before: Case, after: Case) -> Case:
        return around.edited(before, after, actor)

    path = book.resolve(case_id)[1]
    original = book.read_text(path)
    book.load_path(path)
    shown = original
    while True:
        edited = _without_marks(env.edit(shown, suffix=".yaml"))
        if edited == original:
            output.info(_("{file}: no change").format(file=path.name))
            return
        try:
            case = book.replace_text(path, edited, was=original, then=say_edited)
            break
        except ChangedMeanwhile as exc:
            problem: CasectlError = exc
        except CasectlError as exc:
            problem = exc
            said = _("not saved: {problem}").format(problem=exc.text())
            fix = _("fix it below, or quit without a change")
            again = f"{MARK}{said}\n{MARK}{fix}\n"
            if prompts.interactive() and edited != _without_marks(shown):
                shown = again + edited
                continue
        kept = book.keep_edit(path, edited, f"{context.now():%Y%m%dT%H%M%S}")
        refused = ChangedMeanwhile if isinstance(problem, ChangedMeanwhile) else UsageError
        raise refused(
            msg(
                "edit refused, {file} is unchanged: {problem}; your edit is kept in {kept}",
                file=str(book.relative(path)),
                problem=problem,
                kept=str(book.relative(kept)),
            )
        ) from None
    output.info(_("{case}: edit saved — {path}").format(case=case.id, path=book.relative(path)))


def _without_marks(text: str) -> str:
    """``text`` without the lines edit put at its top."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(MARK):
        lines.pop(0)
    return "".join(lines)
