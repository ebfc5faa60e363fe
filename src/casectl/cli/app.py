"""The ``casectl`` application: global options, command registration, the one error handler.

Command modules import only typer at the top; the core (pydantic, ruamel, rich) loads inside the
command that needs it, so ``casectl --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from casectl.cli import context as common


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


class CasectlGroup(TyperGroup):
    """Turns every ``CasectlError`` into a one-line message and its exit code, in one place."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_placeholders(self)

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        standalone_mode: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Parse errors (unknown option, bad value) as one line on stderr, exit 2."""
        if not standalone_mode:
            return super().main(args, prog_name, standalone_mode=False, **kwargs)
        try:
            result = super().main(args, prog_name, standalone_mode=False, **kwargs)
        except Exception as exc:
            message = getattr(exc, "format_message", None)
            if not callable(message) or type(exc).__name__ == "NoArgsIsHelpError":
                if type(exc).__name__ == "Abort":
                    common.error("aborted")
                    sys.exit(1)
                if callable(message):  # bare `casectl action`: show that group's help
                    exc.show()  # type: ignore[attr-defined]
                    sys.exit(getattr(exc, "exit_code", 2))
                raise
            context = getattr(exc, "ctx", None)
            where = context.command_path if context is not None else "casectl"
            common.error(
                str(message()).strip().replace("\n", " "), hint=f"{where} -h shows the options"
            )
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        from casectl.errors import CasectlError

        try:
            return super().invoke(ctx)
        except CasectlError as exc:
            if common.state().debug:
                raise
            common.error(str(exc), hint=exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            common.error("interrupted")
            raise typer.Exit(130) from None

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return list(self.commands)  # in the order they were registered: the loop's order


app = typer.Typer(
    cls=CasectlGroup,
    name="casectl",
    help="Track customer complaints through to a closed loop: record, respond, investigate, "
    "resolve, repair the relationship, review.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from casectl import __version__

        typer.echo(f"casectl {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    casebook: Annotated[
        str | None,
        typer.Option(
            "-C",
            "--casebook",
            help="The casebook folder (default: CASECTL_CASEBOOK, else the first folder upwards "
            "holding casectl.yaml).",
            metavar="PATH",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    common.set_state(common.State(casebook=casebook, debug=debug))


def _register() -> None:
    from casectl.cli import casebook, learning, overdue, steps, teamwork
    from casectl.cli import reading as views

    for module in (steps, views, overdue, learning, teamwork, casebook):
        module.register(app)


_register()


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `casectl list | head`
        sys.stderr.close()
        sys.exit(0)
