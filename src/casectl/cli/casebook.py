"""``init`` and ``edit``: the casebook itself, and hand edits of one case."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from casectl.cli import context, output
from casectl.cli.options import ID
from casectl.i18n import _


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
    from casectl.api import teamwork
    from casectl.cli.calendar import report

    made = teamwork.init(path, timezone=timezone, calendar=calendar)
    for item in made.written:
        output.info(_("wrote {path}").format(path=item))
    if made.calendar is not None:
        report(made.calendar)
    said = _("casebook ready at {path}; next: casectl git setup, then casectl record")
    output.info(said.format(path=made.path))


MARK = "# casectl: "  # the lines edit puts at the top to say why an edit was refused


def edit(case_id: ID) -> None:
    """Open the case file in $VISUAL/$EDITOR; the edit is kept only if it still validates.

    On a terminal an edit that does not validate opens again with the reason at the top, as
    git commit does; quitting without a change keeps a copy in .casectl/edits/."""
    from casectl.api.env import edit as editor
    from casectl.cli import prompts
    from casectl.errors import CasectlError, ChangedMeanwhile

    book, cid = context.address(case_id)
    found = book.case_text(cid)
    shown = found.text
    while True:
        edited = _without_marks(editor(shown, suffix=".yaml"))
        if edited == found.text:
            output.info(_("{file}: no change").format(file=Path(found.path).name))
            return
        try:
            saved = book.save_edit(found.case_id, found.text, edited)
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
        book.keep_refused_edit(found.case_id, edited, problem)
    output.info(_("{case}: edit saved — {path}").format(case=saved.case.id, path=saved.path))


def _without_marks(text: str) -> str:
    """``text`` without the lines edit put at its top."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(MARK):
        lines.pop(0)
    return "".join(lines)
