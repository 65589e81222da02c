"""Options, error handling and output shared by every command."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from gapplan.errors import GapplanError

if TYPE_CHECKING:
    from gapplan.catalog import LoadedCatalog
    from gapplan.models import Catalog, Profile
    from gapplan.render.blocks import Block

P = ParamSpec("P")
R = TypeVar("R")

CatalogDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--catalog",
        metavar="DIR",
        help="A catalog folder (skills.yaml, credentials.yaml, roles.yaml) loaded on top of the "
        "embedded one; repeatable, later folders replace entries with the same id.",
    ),
]
NoBuiltin = Annotated[
    bool, typer.Option("--no-builtin", help="Leave the embedded catalog out; use only --catalog folders.")
]


class DocFormat(StrEnum):
    """Output of the gap and match views: a terminal table, JSON or Markdown."""

    table = "table"
    json = "json"
    markdown = "markdown"


class Optimize(StrEnum):
    cost = "cost"
    hours = "hours"


Goal = Annotated[
    str | None, typer.Option("--goal", "-g", help="The role to plan for (an id; see gapplan roles).")
]
ProfileFile = Annotated[
    Path | None,
    typer.Option("--profile", "-p", help="A profile YAML file (skills, credentials, budget ...)."),
]
Have = Annotated[
    list[str] | None,
    typer.Option(
        "--have", metavar="SKILL[:LEVEL]", help="A skill you hold (level 1-5, default 3); repeatable."
    ),
]
Holding = Annotated[
    list[str] | None, typer.Option("--holding", metavar="CRED", help="A credential you hold; repeatable.")
]
IncludePreferred = Annotated[
    bool, typer.Option("--include-preferred", help="Also close the role's preferred (optional) skills.")
]
Experience = Annotated[
    float | None, typer.Option("--experience", min=0, max=60, help="Years of relevant work experience.")
]
BudgetUsd = Annotated[float | None, typer.Option("--budget-usd", min=0, help="Money to spend, USD.")]
BudgetHours = Annotated[
    float | None, typer.Option("--budget-hours", min=0, help="Study hours available in all.")
]
HoursPerWeek = Annotated[
    float | None,
    typer.Option("--hours-per-week", min=0.5, max=168, help="Study hours a week (default 10)."),
]
RoleIndustry = Annotated[str | None, typer.Option("--industry", help="Only roles in this industry.")]


def profile_or_empty(path: Path | None, catalog: Catalog) -> Profile:
    """The profile file checked against the catalog, or an empty profile (a plan from scratch)."""
    from gapplan.advisor.profile import read_profile
    from gapplan.models import Profile

    return read_profile(path, catalog) if path is not None else Profile()


class ListFormat(StrEnum):
    table = "table"
    json = "json"


ListFormatOption = Annotated[
    ListFormat, typer.Option("--format", "-f", help="table (a terminal table, plain text in a pipe) or json.")
]


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn a GapplanError into one ``error: ...`` line per problem on stderr and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except GapplanError as err:
            fail(err)
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            quiet_pipe()

    return wrapper


def fail(err: GapplanError) -> NoReturn:
    for line in err.lines():
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(err.exit_code)


def quiet_pipe() -> NoReturn:
    """The reader went away (``gapplan credentials | head -3``): stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(0)


def load(dirs: Sequence[Path] | None, no_builtin: bool) -> LoadedCatalog:
    from gapplan.catalog import load_catalog

    return load_catalog(tuple(dirs or ()), builtin=not no_builtin, cache_dir=cache_dir())


def cache_dir() -> Path | None:
    """Where the validated catalog is cached: ``$XDG_CACHE_HOME/gapplan`` (``~/.cache/gapplan``);
    ``GAPPLAN_NO_CACHE=1`` turns the cache off."""
    if os.environ.get("GAPPLAN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "gapplan"


def use_rich() -> bool:
    """Rich tables on an interactive terminal; plain stable text in a pipe, a file, or with NO_COLOR."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def show(blocks: Sequence[Block]) -> None:
    """Print a document of lines and tables to stdout, rich or plain."""
    if use_rich():
        from rich.console import Console

        from gapplan.render.blocks import to_rich

        console = Console(highlight=False, soft_wrap=False)
        for renderable in to_rich(blocks):
            console.print(renderable)
    else:
        from gapplan.render.blocks import to_plain

        out(to_plain(blocks))


def out(text: str) -> None:
    """Write text to stdout as it is (it already ends with a newline when it should)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def dump_json(data: Any) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def warn(lines: Sequence[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)
