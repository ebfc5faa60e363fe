"""The learning loop: ``report``, ``kb search|export``, ``letter``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from casectl.cli import context, output
from casectl.cli.options import ID, Output
from casectl.i18n import _, msg, text

if TYPE_CHECKING:
    from casectl.core.model import Case


def _cases(*, published: bool = False) -> list[Case]:
    loaded = context.book().cases(published=published)
    for problem in loaded.problems:
        output.warn(_("skipped {problem}").format(problem=text(problem)))
    return loaded.cases


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
    output_path: Output = None,
) -> None:
    """The retrospective of a month (or period), compared with the one before; the team's
    scorecard and the month's plan with it."""
    from casectl.core.learning import report as core
    from casectl.core.model import one_of
    from casectl.errors import UsageError
    from casectl.render import report_html, report_text
    from casectl.render.json import dumps

    formats = {
        "table": report_text.table,
        "markdown": report_text.markdown,
        "json": dumps,
        "html": report_html.html,
    }
    if by is not None:
        from casectl.render import scorecard

        one_of(by, ("owner",), "by")
        formats = {
            "table": scorecard.by_owner_table,
            "markdown": scorecard.by_owner_markdown,
            "json": lambda data: dumps({"period": data["period"], "team": data["team"]}),
        }
    fmt = one_of(format, tuple(formats), "format")
    book, now = context.primary(), context.now()
    if month and (since or until):
        raise UsageError(msg("give --month or --since/--until, not both"))
    if since:
        period = core.span(context.when(since), context.when(until) if until else now)
    elif until:
        raise UsageError(msg("--until needs --since"))
    else:
        period = core.month(month or f"{now.astimezone(book.config.tz):%Y-%m}", book.config.tz)
    plans = {}
    if (months := core.plan_months(period)) is not None:
        plans = {m: _plan(book, m) for m in months}
    data = core.build(_all_cases(book.config), book.config, period, now, plans)
    output.emit(formats, fmt, data, output_path)


def _plan(book: Any, month: str) -> Any:
    """A month's plan for the report; a plan file that does not read is said, and left out."""
    from casectl.errors import CorruptFileError
    from casectl.storage import plans as stored

    try:
        return stored.load(book, month)
    except CorruptFileError as exc:
        output.warn(_("the report leaves out {problem}").format(problem=text(exc.message)))
        return None


def _all_cases(config: Any) -> list[Case]:
    """Every case of every casebook read; from several, each named ``label:ID`` and measured
    by the first casebook's settings (said when theirs differ)."""
    if not context.qualified():
        return _named_by_profiles(context.book(), _cases())
    found: list[Case] = []
    for label, book in context.books():
        if book.config != config:
            said = _(
                "{label}: its settings differ from the first casebook's; the report "
                "measures every case by the first's"
            )
            output.warn(said.format(label=label))
        loaded = book.cases()
        for problem in loaded.problems:
            output.warn(_("skipped {problem}").format(problem=f"{label}: {text(problem)}"))
        named = _named_by_profiles(book, loaded.cases)
        found += [c.model_copy(update={"id": f"{label}:{c.id}"}) for c in named]
    return found


def _named_by_profiles(book: Any, cases: list[Case]) -> list[Case]:
    """The cases with each customer named as its profile names it, so a case that names an
    alias (华东精密) counts with the full name's (华东精密制造有限公司) in every figure."""
    from casectl.storage import profiles

    known = profiles.load(book)
    if not known.found:
        return cases
    names: dict[str, str] = {}
    out = []
    for case in cases:
        typed = case.customer.name
        name = names.setdefault(typed, known.canonical(typed))
        if name != typed:
            case = case.model_copy(
                update={"customer": case.customer.model_copy(update={"name": name})}
            )
        out.append(case)
    return out


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
    from casectl.cli import prompts
    from casectl.core.learning import kb
    from casectl.core.model import Category, Cause, one_of
    from casectl.render import kb as shown

    title = _("Case library: {words}").format(words=text) if text else _("Case library")
    formats = {
        "table": shown.table,
        "markdown": lambda found: shown.markdown(found, title=title),
        "json": shown.json,
    }
    fmt = one_of(format, tuple(formats), "format")
    tz = context.book().config.tz
    library = [kb.entry(c, tz) for c in kb.published(_cases(published=True))]
    found = kb.search(
        library,
        text,
        category=prompts.choice(category, Category, "category"),
        cause=prompts.choice(cause, Cause, "cause"),
        tags=tag or [],
    )
    output.emit(formats, fmt, found)
    if not found:
        output.info(_("no library entry matches"))


def kb_export(
    redact: Annotated[
        bool, typer.Option("--redact", help="Take out customers, contacts, emails, phones, names.")
    ] = False,
    format: Annotated[str, typer.Option("--format", help="markdown or json.")] = "markdown",
    output_path: Output = None,
) -> None:
    """Write the whole case library, for newcomers (stdout, or --output)."""
    from casectl.core.learning import kb
    from casectl.core.model import one_of
    from casectl.render import kb as shown

    formats = {"markdown": shown.markdown, "json": shown.json}
    fmt = one_of(format, tuple(formats), "format")
    book = context.book()
    cases = _cases()
    entries = [kb.entry(c, book.config.tz) for c in kb.published(cases)]
    if redact:
        redactor = kb.Redactor.for_cases(cases, book.config)
        entries = kb.redact(entries, redactor)
        output.info(f"redacted: {redactor.summary()}")
    output.emit(formats, fmt, entries, output_path)


def letter(
    case_id: ID,
    kind: Annotated[
        str, typer.Option(help="acknowledgement, apology, progress or closure.")
    ] = "acknowledgement",
    lang: Annotated[str, typer.Option(help="zh or en.")] = "zh",
    output_path: Output = None,
) -> None:
    """Write a letter to the customer from the case (templates/ overrides the bundled ones)."""
    from casectl.core.learning import letters
    from casectl.render.text import visible
    from casectl.storage import templates

    kind, lang = letters.check(kind, lang)
    book = context.book()
    case = book.load(case_id)
    template, source = templates.letter_template(kind, lang, book.root)
    text = letters.letter(case, book.config, context.now(), lang, template, source)
    output.show(visible(text), output_path)
