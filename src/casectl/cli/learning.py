"""The learning loop: ``report``, ``kb search|export``, ``customer``, ``letter``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from casectl.cli import context as common
from casectl.cli.steps import ID

if TYPE_CHECKING:
    from casectl.core.model import Case

Output = Annotated[
    str | None,
    typer.Option("--output", "-o", help="Write to this file instead of stdout.", metavar="PATH"),
]


def _choice(value: str, allowed: tuple[str, ...], option: str) -> str:
    wanted = value.strip().lower()
    if wanted not in allowed:
        from casectl.errors import UsageError

        raise UsageError(f"{option}: {value!r} is not one of: {', '.join(allowed)}")
    return wanted


def _cases() -> list[Case]:
    loaded = common.book().cases()
    for problem in loaded.problems:
        common.warn(f"skipped {problem}")
    return loaded.cases


def _write(text: str, output: str | None) -> None:
    if output is None:
        typer.echo(text, nl=False)
        return
    from pathlib import Path

    from casectl.errors import UsageError

    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--output: cannot write {output}: {exc.strerror}") from None
    common.info(f"wrote {output}")


def report(
    month: Annotated[
        str | None, typer.Option(help="The month to look back on (default: this month).",
                                 metavar="YYYY-MM")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Start of the period.", metavar="WHEN")] = None,
    until: Annotated[
        str | None, typer.Option(help="End of the period (default: now).", metavar="WHEN")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="table, markdown, json or html.")
    ] = "table",
    output: Output = None,
) -> None:
    """The retrospective of a month (or period), compared with the one before."""
    from casectl.core import report as core
    from casectl.errors import UsageError

    fmt = _choice(format, ("table", "markdown", "json", "html"), "--format")
    book, now = common.book(), common.now()
    tz = book.config.tz
    if month and (since or until):
        raise UsageError("give --month or --since/--until, not both")
    if since:
        period = core.span(common.when(since), common.when(until) if until else now)
    elif until:
        raise UsageError("--until needs --since")
    else:
        period = core.month(month or f"{now.astimezone(tz):%Y-%m}", tz)
    data = core.build(_cases(), book.config, period, now)
    if fmt == "json":
        import json

        _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
        return
    from casectl.render import report_text as report_render

    if fmt == "html":
        from casectl.render import report_html

        _write(report_html.html(data), output)
    elif fmt == "markdown":
        _write(report_render.markdown(data), output)
    else:
        _write(report_render.table(data), output)


kb_app = typer.Typer(
    help="The case library: reviewed cases published for newcomers.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _library() -> list[dict[str, object]]:
    from casectl.core import kb

    tz = common.book().config.tz
    return [kb.entry(c, tz) for c in kb.published(_cases())]


@kb_app.command("search")
def kb_search(
    text: Annotated[str, typer.Argument(help="Words that must all appear (any language).")] = "",
    category: Annotated[str | None, typer.Option(help="Only this category.")] = None,
    cause: Annotated[str | None, typer.Option(help="Only this cause category.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Has this tag.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, markdown or json.")] = "table",
) -> None:
    """Search the case library: symptom, root cause, what fixed it, lessons."""
    from casectl.core import kb
    from casectl.core.model import Category, Cause

    fmt = _choice(format, ("table", "markdown", "json"), "--format")
    found = kb.search(_library(), text, category=common.choice(category, Category, "--category"),
                      cause=common.choice(cause, Cause, "--cause"), tags=tag or [])  # fmt: skip
    if fmt == "json":
        common.emit_json(found)
    elif fmt == "markdown":
        typer.echo(kb.markdown(found, title=f"Case library: {text}" if text else "Case library"),
                   nl=False)  # fmt: skip
    else:
        from casectl.render import table as render

        rows = [[str(e["id"]), str(e["category"]), str(e["cause"] or ""), str(e["title"]),
                 str(e["root_cause"] or "").strip()] for e in found]  # fmt: skip
        render.table(["id", "category", "cause", "title", "root cause"], rows)
    if not found:
        common.info("no library entry matches")


@kb_app.command("export")
def kb_export(
    redact: Annotated[
        bool, typer.Option("--redact", help="Take out customers, contacts, emails, phones, names.")
    ] = False,
    format: Annotated[str, typer.Option("--format", help="markdown or json.")] = "markdown",
    output: Output = None,
) -> None:
    """Write the whole case library, for newcomers (stdout, or --output)."""
    import json

    from casectl.core import kb

    fmt = _choice(format, ("markdown", "json"), "--format")
    book = common.book()
    cases = _cases()
    entries = [kb.entry(c, book.config.tz) for c in kb.published(cases)]
    if redact:
        redactor = kb.Redactor.for_cases(cases, book.config)
        entries = kb.redact(entries, redactor)
        common.info(f"redacted: {redactor.summary()}")
    text = (json.dumps(entries, ensure_ascii=False, indent=2) + "\n" if fmt == "json"
            else kb.markdown(entries))  # fmt: skip
    _write(text, output)


def customer(
    name: Annotated[
        str | None, typer.Argument(help="Part of a customer's name: show its history.")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Every customer with open and total cases; or one customer's history."""
    from casectl.core import customers
    from casectl.render import table as render

    fmt = _choice(format, ("table", "json"), "--format")
    tz = common.book().config.tz
    if name is None:
        rows = customers.summary(_cases(), tz)
        if fmt == "json":
            common.emit_json(rows)
            return
        render.table(["customer", "open", "total", "last nps", "last case"],
                     [[r["customer"], str(r["open"]), str(r["total"]),
                       "" if r["last_nps"] is None else str(r["last_nps"]), r["last_case"]]
                      for r in rows])  # fmt: skip
        return
    story = customers.history(_cases(), name, tz)
    if fmt == "json":
        common.emit_json(story)
        return
    common.info(f"{story['customer']}: {story['open']} open of {story['total']} case(s); "
                f"last NPS {story['last_nps'] if story['last_nps'] is not None else '—'}")
    render.table(["at", "case", "event"],
                 [[e["at"][:16].replace("T", " "), e["id"], e["event"]] for e in story["events"]])


def letter(
    case_id: ID,
    kind: Annotated[
        str, typer.Option(help="acknowledgement, apology, progress or closure.")
    ] = "acknowledgement",
    lang: Annotated[str, typer.Option(help="zh or en.")] = "zh",
    output: Output = None,
) -> None:
    """Write a letter to the customer from the case (templates/ overrides the bundled ones)."""
    from casectl.core import letters

    letters.check(kind.strip().lower(), lang.strip().lower())
    book = common.book()
    case = book.load(case_id)
    text = letters.letter(case, book.config, common.now(), kind.strip().lower(),
                          lang.strip().lower(), book.root)  # fmt: skip
    _write(text, output)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command(rich_help_panel="Learning")(report)
    app.add_typer(kb_app, name="kb", rich_help_panel="Learning")
    app.command(rich_help_panel="Learning")(customer)
    app.command(rich_help_panel="Learning")(letter)
