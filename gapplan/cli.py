"""The typer application: parse flags, call the core, render, map errors to exit codes. Thin.

Module level imports only typer, the standard library and ``gapplan.errors``; everything heavier loads
inside the command that needs it, so ``gapplan --help`` does not pay for the solver.
"""

from __future__ import annotations

import copy
import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import typer
from typer.core import TyperGroup, TyperOption

from gapplan import __version__
from gapplan.commands import _load, advisor, browse, planning, progress

if TYPE_CHECKING:
    from typer._click.core import Command, Context
    from typer._click.exceptions import ClickException


def _refuse_repeated_options(command: Command, name: str, parent: Context, args: Sequence[str]) -> None:
    """An option that takes one value, given twice (``--goal a --goal b``), is a usage error: click
    would silently keep the last one."""
    from typer._click.core import Context
    from typer._click.exceptions import UsageError

    sub = Context(command, parent=parent, info_name=name, resilient_parsing=True)
    try:
        _, _, order = command.make_parser(sub).parse_args(args=list(args))
    except UsageError:
        return  # the real parse reports it
    counts: dict[str, int] = {}
    for param in order:
        if isinstance(param, TyperOption) and not (param.multiple or param.count or param.is_flag):
            flag = max(param.opts, key=len)
            counts[flag] = counts.get(flag, 0) + 1
    for flag, times in counts.items():
        if times > 1:
            raise UsageError(f"{flag} given {times} times: give it once", ctx=sub)


class _Group(TyperGroup):
    """The command groups: a subcommand's arguments are checked for repeated options before it runs."""

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if name and command is not None and not isinstance(command, TyperGroup) and not ctx.resilient_parsing:
            _refuse_repeated_options(command, name, ctx, rest)
        return name, command, rest


app = typer.Typer(
    name="gapplan",
    help="Career gap analysis and a provably optimal credential planner.\n\n"
    "Which skills am I missing for this role, and which credentials should I earn, in what order, "
    "within my money and hours?",
    cls=_Group,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(
    help="Check and export the catalog.",
    cls=_Group,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(catalog_app, name="catalog")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gapplan {__version__}")
        raise typer.Exit(0)


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", "-V", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """Career gap analysis and a provably optimal credential planner."""


browse.register(app, catalog_app)
planning.register(app)
advisor.register(app)
progress.register(app)


def main(args: Sequence[str] | None = None) -> None:
    """Console-script entry point (and ``python -m gapplan``).

    Click's own usage errors (a bad value, an unknown option, a bad choice) come out as the one
    ``error: ...`` line gapplan prints for every other problem, its did-you-mean kept, exit 2.
    """
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    # gapplan uses no pydantic plugin; without this, pydantic reads every installed distribution's entry
    # points on its first model (30-120 ms per command). A user's own setting wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # One command per process: what start-up loaded, and then the catalog, stay until exit and need no
    # garbage collection (see commands._load.FREEZE_AFTER_LOAD).
    gc.freeze()
    _load.FREEZE_AFTER_LOAD = True
    argv = list(sys.argv[1:] if args is None else args)
    try:
        code = app_for(argv)(args=argv, prog_name="gapplan", standalone_mode=False)
    except NoArgsIsHelpError as err:  # ``gapplan`` alone, or ``gapplan catalog``: the help
        err.show()
        code = err.exit_code
    except ClickException as err:
        typer.echo(f"error: {usage_line(err)}", err=True)
        code = err.exit_code
    except typer.Abort:
        typer.echo("interrupted", err=True)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)


def app_for(argv: Sequence[str]) -> typer.Typer:
    """The app with only the command (or group) that ``argv`` names, else the whole app.

    typer builds the options of every registered command before it runs one (about 25 ms for gapplan's
    commands); one command's are enough to run it, its help and its errors read the same. The root help,
    an unknown name (its did-you-mean lists every command) and shell completion get the whole app."""
    name = argv[0] if argv else ""
    if not name or name.startswith("-") or os.environ.get("_GAPPLAN_COMPLETE"):
        return app
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands = commands
    only.registered_groups = groups
    return only


def usage_line(err: ClickException) -> str:
    """Click's message as one line, starting lower-case like gapplan's own, with the command's help."""
    message = " ".join(err.format_message().split())
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    ctx = getattr(err, "ctx", None)
    if ctx is not None:
        message += f" (see {ctx.command_path} --help)"
    return message
