"""The learning loop: ``report``, ``kb search|export``, ``letter``."""

from __future__ import annotations

from typing import Annotated

import typer

from casectl.cli import context, output
from casectl.cli.options import Output
from casectl.errors import UsageError
from casectl.i18n import N_, _, msg


def report(
    month: Annotated[
        str | None,
        typer.Option(help="The month to look back on (default: this month).", metavar="YYYY-MM"),
    ] = None,
    since: Annotated[str | None, typer.Option(help="Start of the period.", metavar="WHEN")] = None,
    until: Annotated[
        str | None, typer.Option(help="End of the period (default: now).", metavar="WHEN")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table, markdown, json or html.")] = (
        "table"
    ),
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="owner: the team's scorecard alone (table, markdown or json).",
            metavar="owner",
        ),
    ] = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="The scorecard with every column (table format)."),
    ] = False,
    output_path: Output = None,
) -> None:
    """The retrospective of a month (or period), compared with the one before; the team's
    scorecard and the month's plan with it."""
    from casectl.core.model import one_of
    from casectl.render import report_html, report_text
    from casectl.render.json import dumps

    formats = {
        "table": lambda data: report_text.table(data, wide=wide),
        "markdown": report_text.markdown,
        "json": dumps,
        "html": report_html.html,
    }
    if by is not None:
        from casectl.render import scorecard

        one_of(by, ("owner",), "by")
        formats = {
            "table": lambda data: scorecard.by_owner_table(data, wide=wide),
            "markdown": scorecard.by_owner_markdown,
            "json": dumps,
        }
    fmt = one_of(format, tuple(formats), "format")
    done = context.casebooks().report(month=month, since=since, until=until)
    output.emit(formats, fmt, done.data if by is None else done.scorecard, output_path)


kb_app = typer.Typer(
    help="The case library: reviewed cases published for newcomers.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def kb_search(
    text: Annotated[str, typer.Argument(help="Words that must all appear (any language).")] = "",
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    cause: Annotated[str | None, typer.Option(help="Only this cause category.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Has this tag.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, markdown or json.")] = "table",
) -> None:
    """Search the case library: symptom, root cause, what fixed it, lessons."""
    from casectl.core.model import one_of
    from casectl.render import kb as shown

    title = _("Case library: {words}").format(words=text) if text else _("Case library")
    formats = {
        "table": shown.table,
        "markdown": lambda found: shown.markdown(found, title=title),
        "json": shown.json,
    }
    fmt = one_of(format, tuple(formats), "format")
    found = context.casebook().search_library(text, category=category, cause=cause, tags=tag or [])
    output.emit(formats, fmt, found.entries)
    if not found.entries:
        output.info(_("no library entry matches"))


def kb_export(
    redact: Annotated[
        bool, typer.Option("--redact", help="Take out customers, contacts, emails, phones, names.")
    ] = False,
    format: Annotated[str, typer.Option("--format", help="markdown or json.")] = "markdown",
    output_path: Output = None,
) -> None:
    """Write the whole case library, for newcomers (stdout, or --output)."""
    from casectl.core.model import one_of
    from casectl.render import kb as shown

    formats = {"markdown": shown.markdown, "json": shown.json}
    fmt = one_of(format, tuple(formats), "format")
    found = context.casebook().library(redact=redact)
    output.emit(formats, fmt, found.entries, output_path)


def letter(
    case_id: Annotated[
        str | None,
        typer.Argument(
            help="The case ID, or a unique start or end of it (not with service-report).",
            metavar="ID",
        ),
    ] = None,
    kind: Annotated[
        str,
        typer.Option(help="acknowledgement, apology, progress, closure or service-report."),
    ] = "acknowledgement",
    lang: Annotated[str, typer.Option(help="zh or en.")] = "zh",
    customer: Annotated[
        str | None, typer.Option(help="service-report: the customer it is for.")
    ] = None,
    month: Annotated[
        str | None, typer.Option(help="service-report: the month, YYYY-MM.", metavar="MONTH")
    ] = None,
    output_path: Output = None,
) -> None:
    """Write a letter to the customer from the case (templates/ overrides the bundled ones),
    or a customer's monthly service report (--kind service-report --customer X --month M)."""
    from casectl.cli import prompts
    from casectl.render.text import visible

    book = context.casebook()
    if kind == "service-report":
        if case_id is not None:
            raise UsageError(msg("a service report is for a customer: give --customer, not an ID"))
        report = book.service_report(
            prompts.required(customer, "--customer", N_("Customer")),
            prompts.required(month, "--month", N_("Month (YYYY-MM)")),
            lang=lang,
        )
        output.show(visible(report.text), output_path)
        return
    written = book.letter(prompts.required(case_id, "ID"), kind=kind, lang=lang)
    output.show(visible(written.text), output_path)
