"""The ``casectl`` application: global options, every command registered where a reader sees
it, and the one place errors become a one-line message and an exit code.

Command modules import only typer at the top; the core (pydantic, ruamel, rich) loads inside the
command that needs it, so ``casectl --help`` stays fast.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from casectl import i18n
from casectl.cli import (
    actions,
    aftercare,
    around,
    calendar,
    casebook,
    customers,
    learning,
    mail,
    notify,
    output,
    overdue,
    plans,
    promises,
    reading,
    site,
    steps,
    teamwork,
    transfer,
)
from casectl.cli.context import RUNNING, State, state
from casectl.cli.localize import localize, parse_error, patch_click
from casectl.cli.options import message
from casectl.errors import CasectlError
from casectl.i18n import _


def _name_placeholders(command: Any) -> None:
    """Options that take a value show ``TEXT`` or ``N`` in help, not a Python type name."""
    for param in getattr(command, "params", []):
        if param.param_type_name != "option" or getattr(param, "is_flag", False) or param.metavar:
            continue
        described = getattr(param, "type_descriptor", None)
        if described is None or described.is_choice:
            continue  # older typer names values itself; choices list their values
        param.metavar = "N" if described.annotation is int else "TEXT"
    for sub in getattr(command, "commands", {}).values():
        _name_placeholders(sub)


def _install_completion(ctx: Any, param: Any, value: Any) -> Any:
    """typer's ``--install-completion``, telling what it did in the reader's language."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=value) if isinstance(value, str) else install()
    typer.echo(_("{shell} completion installed in {path}").format(shell=shell, path=path))
    typer.echo(_("Completion will take effect once you restart the terminal"))
    sys.exit(0)


@cache
def _commands() -> Any:
    """Every command, built from its function once per process (tests run many in one)."""
    group = typer.main.get_command(commands)
    _name_placeholders(group)
    patch_click()
    return group


@cache
def _registered() -> dict[str, Any]:
    """Every command and group of ``commands`` by its name, not built yet."""
    found: dict[str, Any] = {}
    for info in commands.registered_commands:
        assert info.callback is not None
        found[info.name or typer.main.get_command_name(info.callback.__name__)] = info
    for group in commands.registered_groups:
        found[str(group.name)] = group
    return found


@cache
def _built(name: str) -> Any:
    """The one command ``name`` (a group with its own), built from its function once per
    process: a run builds only the command it runs, not the whole tree (0.1 s and more)."""
    info = _registered().get(name)
    if info is None:
        return None
    if isinstance(info, typer.models.TyperInfo):
        made: Any = typer.main.get_group_from_info(
            info,
            pretty_exceptions_short=commands.pretty_exceptions_short,
            rich_markup_mode=commands.rich_markup_mode,
            suggest_commands=commands.suggest_commands,
        )
    else:
        made = typer.main.get_command_from_info(
            info,
            pretty_exceptions_short=commands.pretty_exceptions_short,
            rich_markup_mode=commands.rich_markup_mode,
        )
    _name_placeholders(made)
    return made


class CasectlGroup(TyperGroup):
    """The ``casectl`` group: each command is built from ``commands`` when it is asked for,
    with its help texts in the reader's language, and every ``CasectlError`` becomes a one-line
    message and its exit code, in one place."""

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # type: ignore[override]
        command = _built(cmd_name)
        if command is not None:
            localize(command)
        return command

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        known = list(_registered())  # groups (action, promise…) among the steps
        return sorted(known, key=lambda n: HELP_ORDER.index(n) if n in HELP_ORDER else 99)

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        standalone_mode: bool = True,
        **kwargs: Any,
    ) -> Any:
        """The run in the reader's language (docs/language.md); English again after it."""
        from casectl.api.env import speak

        speak(sys.argv[1:] if args is None else list(args))
        patch_click()
        localize(self)
        for param in self.params:  # typer's --install-completion, saying so in our words
            if param.name == "install_completion":
                param.callback = _install_completion
        try:
            return self._run(args, prog_name, standalone_mode, **kwargs)
        finally:
            i18n.use(None)

    def _run(self, args: Any, prog_name: str | None, standalone_mode: bool, **kwargs: Any) -> Any:
        """Parse errors (unknown option, bad value) as one line on stderr, exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **kwargs)
        _utf8_arguments(sys.argv[1:] if args is None else list(args))
        try:
            result = super().main(args, prog_name, standalone_mode=False, **kwargs)
        except Exception as exc:
            formatted = getattr(exc, "format_message", None)
            if not callable(formatted) or type(exc).__name__ == "NoArgsIsHelpError":
                if type(exc).__name__ == "Abort":
                    output.error(_("aborted"))
                    sys.exit(1)
                if callable(formatted):  # bare `casectl action`: show that group's help
                    exc.show()  # type: ignore[attr-defined]
                    sys.exit(getattr(exc, "exit_code", 2))
                raise
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "casectl"
            hint = _("{command} -h shows the options").format(command=where)
            output.error(parse_error(str(formatted())), hint=hint)
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]

        running = RUNNING.set(ctx)
        ctx.meta["casectl.words"] = [*ctx._protected_args, *ctx.args][:2]  # the command's name
        try:
            return super().invoke(ctx)
        except CasectlError as exc:
            if state().debug:
                raise
            command = self.get_command(ctx, ctx.invoked_subcommand or "")
            output.error(message(exc, command), hint=i18n.label(exc.hint) if exc.hint else None)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            output.error(_("interrupted"))
            raise typer.Exit(130) from None
        finally:
            RUNNING.reset(running)


app = typer.Typer(
    cls=CasectlGroup,
    name="casectl",
    help="Track customer complaints through to a closed loop: record, respond, investigate, "
    "resolve, repair the relationship, review.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from casectl.version import __version__

        typer.echo(f"casectl {__version__}")
        raise typer.Exit()


def _utf8_arguments(args: list[str]) -> None:
    """Refuse, as one line and exit 2, an argument that is not UTF-8 text (Python keeps its
    bad bytes as lone surrogates, which no file, message or index can hold)."""
    for n, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raw = arg.encode("utf-8", "surrogateescape")
            shown = raw.decode("utf-8", "backslashreplace")
            said = _("argument {n} is not UTF-8 text: '{shown}' (check the terminal's encoding)")
            output.error(said.format(n=n, shown=shown))
            sys.exit(2)


@app.callback()
def main_options(
    ctx: typer.Context,
    casebook: Annotated[
        list[str] | None,
        typer.Option(
            "-C",
            "--casebook",
            help="The casebook folder (default: CASECTL_CASEBOOK, else the first folder upwards "
            "holding casectl.yaml). list, overdue, report and export take several, or an org "
            "file listing them (casebooks: [...]).",
            metavar="PATH",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Do not page long output (on a terminal it goes through CASECTL_PAGER, else "
            "PAGER, else less -FRX).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    given = list(casebook or [])
    ctx.obj = State(casebook=given[0] if given else None, debug=debug, casebooks=given)
    ctx.with_resource(output.paged(not no_pager and paged(ctx.meta.get("casectl.words", []))))


# --- every command, in the loop's order ------------------------------------------------------

commands = typer.Typer(rich_markup_mode=None)

STEPS, AROUND, READING = "Steps", "Around the steps", "Reading"
LEARNING, TEAMWORK, CASEBOOK = "Learning", "Teamwork", "Casebook"

commands.command(rich_help_panel=STEPS)(steps.record)
commands.command(rich_help_panel=STEPS)(steps.respond)
commands.command(rich_help_panel=STEPS)(steps.investigate)
actions.action_app.command("add")(actions.action_add)
actions.action_app.command("done")(actions.action_done)
actions.action_app.command("cancel")(actions.action_cancel)
commands.add_typer(actions.action_app, name="action")
commands.command(rich_help_panel=STEPS)(steps.update)
promises.promise_app.command("keep")(promises.keep)
promises.promise_app.command("withdraw")(promises.withdraw)
promises.promise_app.command("renegotiate")(promises.renegotiate)
commands.add_typer(promises.promise_app, name="promise")
commands.command(rich_help_panel=STEPS)(steps.resolve)
commands.command(rich_help_panel=STEPS)(aftercare.repair)
commands.command("follow-up", rich_help_panel=STEPS)(aftercare.follow_up)
commands.command(rich_help_panel=STEPS)(aftercare.survey)
commands.command(rich_help_panel=STEPS)(aftercare.review)
commands.command(rich_help_panel=STEPS)(aftercare.close)
commands.command(rich_help_panel=STEPS)(aftercare.reopen)
commands.command(rich_help_panel=AROUND)(around.escalate)
commands.command(rich_help_panel=AROUND)(around.wait)
commands.command(rich_help_panel=AROUND)(around.resume)
commands.command(rich_help_panel=AROUND)(around.note)
commands.command(rich_help_panel=AROUND)(mail.attach)
commands.command(rich_help_panel=AROUND)(around.amend)
commands.command(rich_help_panel=AROUND)(around.undo)
commands.command(rich_help_panel=READING)(reading.show)
commands.command("list", rich_help_panel=READING)(reading.list_cases)
commands.command(rich_help_panel=READING)(overdue.overdue)
commands.command(rich_help_panel=READING)(notify.notify)
commands.command(rich_help_panel=LEARNING)(learning.report)
learning.kb_app.command("search")(learning.kb_search)
learning.kb_app.command("export")(learning.kb_export)
commands.add_typer(learning.kb_app, name="kb", rich_help_panel=LEARNING)
site.site_app.command("build")(site.build)
site.site_app.command("serve")(site.serve)
commands.add_typer(site.site_app, name="site", rich_help_panel=LEARNING)
customers.customer_app.callback()(customers.every_customer)
customers.customer_app.command("show")(customers.show)
customers.customer_app.command("add")(customers.add)
customers.customer_app.command("set")(customers.set_)
customers.person_app.command("add")(customers.person_add)
customers.customer_app.add_typer(customers.person_app, name="person")
customers.customer_app.command("merge")(customers.merge)
commands.add_typer(customers.customer_app, name="customer", rich_help_panel=LEARNING)
commands.command(rich_help_panel=LEARNING)(customers.touch)
plans.plan_app.command("add")(plans.plan_add)
plans.plan_app.command("done")(plans.plan_done)
plans.plan_app.command("list")(plans.plan_list)
commands.add_typer(plans.plan_app, name="plan", rich_help_panel=LEARNING)
commands.command(rich_help_panel=LEARNING)(learning.letter)
commands.command(rich_help_panel=TEAMWORK)(teamwork.validate)
commands.command(rich_help_panel=TEAMWORK)(teamwork.schema)
commands.command(rich_help_panel=TEAMWORK)(teamwork.doctor)
commands.command(rich_help_panel=TEAMWORK)(teamwork.conflicts)
commands.command(rich_help_panel=TEAMWORK)(teamwork.migrate)
teamwork.git_app.command("setup")(teamwork.git_setup)
commands.add_typer(teamwork.git_app, name="git", rich_help_panel=TEAMWORK)
commands.command("merge-driver", rich_help_panel=TEAMWORK)(teamwork.merge_driver)
commands.command(rich_help_panel=CASEBOOK)(casebook.init)
commands.command(rich_help_panel=CASEBOOK)(casebook.edit)
commands.command("import", rich_help_panel=CASEBOOK)(transfer.import_)
commands.command(rich_help_panel=CASEBOOK)(mail.intake)
commands.command(rich_help_panel=CASEBOOK)(transfer.export)
calendar.calendar_app.command("update")(calendar.update)
commands.add_typer(calendar.calendar_app, name="calendar", rich_help_panel=CASEBOOK)


# The commands whose output can run past a screen: paged on a terminal, as git pages log. Never
# a step: it may ask on the terminal, which the pager reads too.
PAGED = {"show": None, "list": None, "overdue": None, "report": None, "kb": {"search"}}
PAGED |= {"plan": {"list"}, "customer": None}
NOT_PAGED = {"customer": {"add", "set", "person", "merge"}}


def paged(words: list[str]) -> bool:
    """Whether the command line ``words`` (its first two) runs a command that is paged."""
    if not words or words[0] not in PAGED:
        return False
    name, sub = words[0], words[1] if len(words) > 1 else ""
    only = PAGED[name]
    return (only is None or sub in only) and sub not in NOT_PAGED.get(name, set())


# The order ``casectl --help`` lists commands in: the loop's, each group where it belongs
# (typer would put every group after the commands). tests/test_docs.py checks it is whole.
HELP_ORDER = (
    *("record", "respond", "investigate", "action", "update", "promise", "resolve"),
    *("repair", "follow-up", "survey", "review", "close", "reopen"),
    *("escalate", "wait", "resume", "note", "attach", "amend", "undo"),
    *("show", "list", "overdue", "notify"),
    *("report", "kb", "customer", "touch", "plan", "letter", "site"),
    *("validate", "schema", "doctor", "conflicts", "migrate", "git", "merge-driver"),
    *("init", "edit", "import", "intake", "export", "calendar"),
)


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `casectl list | head`
        sys.stderr.close()
        sys.exit(0)
