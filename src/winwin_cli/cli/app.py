"""The typer application: the root command and the table of subcommands.

Each subcommand lives in its own module and is imported, and turned into a click command, only
when it runs: typer reads every parameter's annotation when it builds a command, which for all of
them costs more than the whole of `winwin --help` may. `winwin --help` lists the commands from
their help text alone. A new command is one line of `COMMANDS` (module, then the function, or the
`typer.Typer` of a command group).
"""

from __future__ import annotations

import importlib
import inspect
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from .. import __version__

if TYPE_CHECKING:
    from typer._click import Command, Context, HelpFormatter

# name: (module under winwin_cli.cli, attribute, settings for typer's `command`), in help order.
COMMANDS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "check": ("check", "check", {"cls": "output.CheckCommand"}),
    "diff": ("diff", "diff", {}),
    "report": ("report_cmd", "report", {}),
    "rules": ("rules_cmd", "rules", {}),
    "explain": ("rules_cmd", "explain", {}),
    "schema": ("scaffold_cmd", "schema", {}),
    "init": ("scaffold_cmd", "init", {}),
    "playbook": ("playbook", "app", {}),
    "config": ("config_cmd", "app", {}),
}


def _target(name: str) -> Any:
    module, attribute, _ = COMMANDS[name]
    return getattr(importlib.import_module(f"{__package__}.{module}"), attribute)


def build_command(name: str) -> Command:
    """The click command for one subcommand, built as typer builds it inside the whole app."""
    target = _target(name)
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        settings = dict(COMMANDS[name][2])
        if isinstance(settings.get("cls"), str):
            module, _, attribute = settings["cls"].rpartition(".")
            settings["cls"] = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
        holder.command(name, **settings)(target)
    return typer.main.get_group(holder).commands[name]


def _listed(name: str) -> Command:
    """A stand-in carrying only what the list of commands in `--help` shows: the help text."""
    target = _target(name)
    help = target.info.help if isinstance(target, typer.Typer) else inspect.getdoc(target)
    if not isinstance(help, str):  # help given some other way: let typer work it out
        return build_command(name)
    return TyperCommand(name=name, help=help)


class LazyGroup(TyperGroup):
    """The root group: a subcommand is built on first use, and listed without being built."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._pending = [name for name in COMMANDS if name not in self.commands]
        self._listing = False
        # Names first, in help order, so that typer's suggestions for a mistyped one see them all.
        built = dict(self.commands)
        self.commands.clear()
        self.commands.update({name: built.get(name) for name in COMMANDS})  # type: ignore[misc]
        self.commands.update(built)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name in self._pending:
            if self._listing:
                return _listed(cmd_name)
            self._pending.remove(cmd_name)
            self.commands[cmd_name] = build_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="winwin",
    cls=LazyGroup,
    help="Check sales deals for win-win: every concession traded for a get, every approval recorded.",
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"winwin {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer reads the annotation at run time
        typer.Option(
            "--version", "-V", help="Show the version and exit.", callback=_version_callback, is_eager=True
        ),
    ] = None,
) -> None:
    """Check sales deals for win-win."""


def build_app() -> typer.Typer:
    return app
