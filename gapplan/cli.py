"""The typer application: parse flags, call the core, render, map errors to exit codes. Thin.

Module level imports only typer, the standard library and ``gapplan.errors``; everything heavier loads
inside the command that needs it, so ``gapplan --help`` does not pay for the solver.
"""

from __future__ import annotations

import typer

from gapplan import __version__
from gapplan.commands import advisor, browse, planning

app = typer.Typer(
    name="gapplan",
    help="Career gap analysis and a provably optimal credential planner.\n\n"
    "Which skills am I missing for this role, and which credentials should I earn, in what order, "
    "within my money and hours?",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
catalog_app = typer.Typer(
    help="Check and export the catalog.",
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


def main() -> None:
    """Console-script entry point."""
    app()
