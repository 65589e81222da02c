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

from gapplan.commands.completion import complete_credential, complete_role, complete_skill_level
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
    str | None,
    typer.Option(
        "--goal", "-g", help="The role to plan for (an id; see gapplan roles).", autocompletion=complete_role
    ),
]
ProfileFile = Annotated[
    Path | None,
    typer.Option("--profile", "-p", help="A profile YAML file (skills, credentials, budget ...)."),
]
Have = Annotated[
    list[str] | None,
    typer.Option(
        "--have",
        metavar="SKILL[:LEVEL]",
        help="A skill you hold (level 1-5, default 3); repeatable.",
        autocompletion=complete_skill_level,
    ),
]
Holding = Annotated[
    list[str] | None,
    typer.Option(
        "--holding",
        metavar="CRED",
        help="A credential you hold; repeatable.",
        autocompletion=complete_credential,
    ),
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


def output_path(value: str) -> Path:
    """``--output FILE``: an empty name is a usage error (``-`` means stdout)."""
    if not value:
        raise typer.BadParameter("give a file name (or - for stdout)")
    return Path(value)


OutputFile = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        parser=output_path,
        metavar="FILE",
        help="Write the report to this file (atomically; - is stdout).",
    ),
]


def not_text(fn: Callable[..., object], values: dict[str, object]) -> InputError | None:
    """An argument that is not valid text (bytes that are not UTF-8 reach Python as lone surrogates), as
    one error naming its flag; None when every argument is text."""
    for name, value in values.items():
        for item in value if isinstance(value, list | tuple) else (value,):
            text = os.fspath(item) if isinstance(item, str | os.PathLike) else None
            if not isinstance(text, str):
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as err:
                shown = _escaped(text)
                bad = _escaped(text[err.start : err.start + 1])
                return InputError(
                    f"{_flag(fn, name)} '{shown}': not valid UTF-8 text ({bad} at character {err.start + 1})"
                )
    return None


def _escaped(text: str) -> str:
    """Text with each undecodable byte as ``\\xff`` (a lone surrogate that is no byte as ``\\ud800``)."""
    out = []
    for char in text:
        if "\udc80" <= char <= "\udcff":
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif "\ud800" <= char <= "\udfff" or not char.isprintable():
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def _flag(fn: Callable[..., object], name: str) -> str:
    """How the user wrote the parameter ``name`` of command ``fn``: ``--have``, or ``INPUT...``."""
    import typing

    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except Exception:  # an annotation that does not resolve: the plain flag spelling will do
        hints = {}
    for meta in getattr(hints.get(name), "__metadata__", ()):
        default = getattr(meta, "default", None)  # in Annotated, typer takes a first "--flag" as a name
        decls = (default, *(getattr(meta, "param_decls", None) or ()))
        longs = [d for d in decls if isinstance(d, str) and d.startswith("--")]
        if longs:
            return str(longs[0])
        if type(meta).__name__ == "ArgumentInfo":
            return str(getattr(meta, "metavar", None) or name.upper())
    return "--" + name.replace("_", "-")


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
            bad = not_text(fn, dict(kwargs))
            if bad is not None:
                raise bad
            return fn(*args, **kwargs)
        except GapplanError as err:
            fail(err)
        except KeyboardInterrupt as err:
            typer.echo(err.message if isinstance(err, Interrupted) else "interrupted", err=True)
            raise typer.Exit(interrupted_code(err)) from None
        except BrokenPipeError:
            quiet_pipe()

    return wrapper


def interrupted_code(err: BaseException) -> int:
    """130 for Ctrl-C; 128 + the signal's number for a signal turned into an interrupt (143 for SIGTERM),
    found on the exception or on the one it was raised while handling."""
    for cause in (err, err.__context__):
        signum = getattr(cause, "signum", None)
        if isinstance(signum, int):
            return 128 + signum
    return 130


def fail(err: GapplanError) -> NoReturn:
    for line in err.lines():
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(err.exit_code)


def quiet_pipe() -> NoReturn:
    """The reader went away (``gapplan credentials | head -3``): stop quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    raise typer.Exit(0)


def use_rich() -> bool:
    """Rich tables on an interactive terminal; plain stable text in a pipe, a file, or with NO_COLOR."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return sys.stdout.isatty()


def emit(rendered: str | Sequence[Block], output: Path | None = None) -> None:
    """A renderer's result to stdout (blocks rich or plain), or as text to ``output``, atomically
    (``-`` is stdout)."""
    if output is not None and str(output) != "-":
        from gapplan.output import write_atomic

        write_atomic(output, rendered if isinstance(rendered, str) else _plain(rendered))
    elif isinstance(rendered, str):
        out(rendered)
    elif output is not None:
        out(_plain(rendered))
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
