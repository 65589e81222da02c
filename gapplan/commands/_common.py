"""Options, error handling and output shared by every command."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, ParamSpec, TypeVar

import typer

from gapplan.errors import GapplanError, InputError

# The format vocabularies, for the options: a standard-library-only module (no renderer loads with it).
from gapplan.render.formats import (  # noqa: TID253
    ExportFormat,
    GapFormat,
    ListFormat,
    MatchFormat,
    PlanFormat,
    ReportFormat,
    SummaryFormat,
)

if TYPE_CHECKING:
    import datetime as dt

    from gapplan.advisor.profile import DateOrderError
    from gapplan.catalog import LoadedCatalog
    from gapplan.models import Catalog, HeldSkill, Profile
    from gapplan.render.blocks import Block

__all__ = [
    "ExportFormat",
    "GapFormat",
    "ListFormat",
    "MatchFormat",
    "PlanFormat",
    "ReportFormat",
    "SummaryFormat",
]

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
    float | None, typer.Option("--experience", min=0, max=60, help="Years of any work experience.")
]
StateFlag = Annotated[
    str | None,
    typer.Option(
        "--state",
        metavar="XX",
        help="Your US state (two letters): its licenses and its wages next to the national ones.",
    ),
]
IgnoreRecommendations = Annotated[
    bool,
    typer.Option("--ignore-recommendations", help="Plan only what issuers require, not what they recommend."),
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


def have_flags(values: Sequence[str] | None) -> tuple[HeldSkill, ...]:
    """``--have sql:2`` or ``--have "power bi"`` (level 3), one error per bad flag."""
    from gapplan.advisor.profile import parse_skill_level

    held = []
    for raw in values or ():
        try:
            held.append(parse_skill_level(raw))
        except InputError as err:
            raise InputError(f"--have {raw!r}: {err.problems[0].message}") from None
    return tuple(held)


def state_flag(value: str | None) -> str | None:
    """``--state fl`` -> ``FL``; anything but two letters is a usage error naming the flag."""
    from gapplan.errors import InputError

    if value is None:
        return None
    state = value.strip().upper()
    if len(state) != 2 or not state.isascii() or not state.isalpha():
        raise InputError(f"--state {value!r}: give a US state as two letters, e.g. TX")
    return state


def date_flag(flag: str, value: str | None) -> dt.date | None:
    """``--start 2027-01-04``; a bad date is ``--start: '2027-02-30' is not a date like 2027-01-04``."""
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{flag}: {value!r} is not a date like 2027-01-04") from None


def dates_as_flags(err: DateOrderError, *, deadline_flag: bool) -> InputError:
    """A deadline before the start, phrased as the flag that put it so (the profile's own dates were
    checked when it was read)."""
    if deadline_flag:
        return InputError(f"--deadline {err.deadline} is before the start {err.start}")
    return InputError(f"--start {err.start} is after the deadline {err.deadline}")


def goal_id(goal: str | None, profile: Profile, catalog: Catalog) -> str:
    """The role to plan for: the ``--goal`` flag, else the profile's goal, resolved to its id once."""
    from gapplan.catalog import lookup

    chosen = goal or profile.goal
    if not chosen:
        raise InputError("no goal: give --goal ROLE (see gapplan roles) or set 'goal' in the profile")
    return lookup.role(catalog, chosen).id


ListFormatOption = Annotated[
    ListFormat, typer.Option("--format", "-f", help="table (a terminal table, plain text in a pipe) or json.")
]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with the one line to print instead of the bare ``interrupted`` (e.g. how to resume)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """The one error mapper: a GapplanError becomes one ``error: ...`` line per problem on stderr and its
    exit code; Ctrl-C one line and exit 130, no traceback; a closed pipe a quiet exit 0. Anything else is
    a bug and propagates."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except GapplanError as err:
            fail(err)
        except KeyboardInterrupt as err:
            typer.echo(err.message if isinstance(err, Interrupted) else "interrupted", err=True)
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

    if no_builtin and not dirs:
        raise InputError("--no-builtin needs at least one --catalog folder")
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


def emit(rendered: str | Sequence[Block], output: Path | None = None) -> None:
    """A renderer's result to stdout (blocks rich or plain), or as text to ``output``, atomically."""
    if output is not None:
        from gapplan.output import write_atomic

        write_atomic(output, rendered if isinstance(rendered, str) else _plain(rendered))
    elif isinstance(rendered, str):
        out(rendered)
    else:
        show(rendered)


def _plain(blocks: Sequence[Block]) -> str:
    from gapplan.render.blocks import to_plain

    return to_plain(blocks)


def show(blocks: Sequence[Block]) -> None:
    """Print a document of lines and tables to stdout, rich or plain."""
    if use_rich():
        from rich.console import Console

        from gapplan.render.blocks import to_rich

        console = Console(highlight=False, soft_wrap=False)
        for renderable in to_rich(blocks):
            console.print(renderable)
    else:
        out(_plain(blocks))


def out(text: str) -> None:
    """Write text to stdout as it is (it already ends with a newline when it should)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def warn(lines: Sequence[str]) -> None:
    for line in lines:
        typer.echo(line, err=True)
