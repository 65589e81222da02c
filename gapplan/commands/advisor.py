"""Advisor commands: ``gapplan batch`` and ``gapplan match``."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gapplan.commands._common import (
    BudgetHours,
    BudgetUsd,
    CatalogDirs,
    Experience,
    Have,
    Holding,
    HoursPerWeek,
    IgnoreRecommendations,
    Interrupted,
    MatchFormat,
    NoBuiltin,
    Optimize,
    ProfileFile,
    ReportFormat,
    RoleIndustry,
    StateFlag,
    SummaryFormat,
    emit,
    handle_errors,
    have_flags,
    profile_or_empty,
    state_flag,
)
from gapplan.commands._load import load
from gapplan.commands.completion import complete_role


class RankBy(StrEnum):
    reach = "reach"
    payback = "payback"


def register(app: typer.Typer) -> None:
    app.command("batch")(batch)
    app.command("match")(match)


def _formats(value: str) -> tuple[ReportFormat, ...]:
    from gapplan.errors import InputError

    chosen = [part.strip().lower() for part in value.split(",") if part.strip()]
    picked = tuple(f for f in ReportFormat if f in chosen)
    if not chosen or len(picked) != len(set(chosen)):
        raise InputError(f"--format {value!r}: expected markdown, json or both (markdown,json)")
    return picked


@contextmanager
def _progress(total: int, *, show: bool = True) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr when stderr is a terminal; nothing otherwise, nor without ``show``
    (``--quiet``)."""
    if not show or not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("planning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("planning", total=total)

        def update(done: int, _total: int) -> None:
            bar.update(task, completed=done)

        yield update


@handle_errors
def batch(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="INPUT...",
            help="Profile files, folders of them (*.yaml, *.yml) or a roster (.csv, .jsonl).",
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the reports and summary.")
    ],
    goal: Annotated[
        str | None,
        typer.Option(
            "--goal",
            "-g",
            help="Plan every client for this role (default: each profile's goal).",
            autocompletion=complete_role,
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, max=256, help="Processes to plan with (default: every core)."),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="FORMATS", help="Report formats, comma-separated: markdown,json."
        ),
    ] = "markdown,json",
    summary: Annotated[
        SummaryFormat, typer.Option("--summary", help="Summary format: csv, markdown or json.")
    ] = SummaryFormat.csv,
    skip_existing: Annotated[
        bool, typer.Option("--skip-existing", help="Skip clients whose reports all exist (resume a batch).")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No progress bar and no summary line on stderr (errors are still printed)."
        ),
    ] = False,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Plan many clients at once: one report per client and a summary, in parallel.

    Exit code 0 when every plan is complete, 1 when some plan leaves gaps, 2 when a client could not be
    planned (its error is in the summary; the others are planned), 3 when a file could not be written,
    130 when interrupted, 143 on SIGTERM (rerun with --skip-existing to finish).

    \b
    Examples:
      gapplan batch clients/ --out reports/
      gapplan batch roster.csv --goal data-analyst --out reports/ --summary markdown
      gapplan batch clients/ --out reports/ --quiet
    """
    import datetime as dt

    from gapplan.advisor.batch import run_batch, write_summary
    from gapplan.advisor.clients import read_inputs
    from gapplan.catalog import lookup
    from gapplan.render.summary import counts_line

    formats = _formats(fmt)
    cat = load(catalog, no_builtin).catalog
    role = lookup.role(cat, goal).id if goal is not None else None
    clients = read_inputs(inputs, cat)
    done = 0

    def seen(count: int, total: int) -> None:
        nonlocal done
        done = count
        if bar is not None:
            bar(count, total)

    try:
        with _progress(len(clients), show=not quiet) as bar:
            result = run_batch(
                cat,
                clients,
                out=out_dir,
                goal=role,
                formats=formats,
                jobs=jobs or os.cpu_count() or 1,
                today=dt.date.today(),
                skip_existing=skip_existing,
                progress=seen,
            )
    except KeyboardInterrupt:
        raise Interrupted(
            f"interrupted: {done} of {len(clients)} clients done; run again with --skip-existing to finish"
        ) from None
    path = write_summary(out_dir, result.rows, summary, formats)
    skipped = f", {result.skipped} skipped (reports existed)" if result.skipped else ""
    if not quiet:
        typer.echo(f"{counts_line(result.rows)}{skipped}; summary: {path}", err=True)
    raise typer.Exit(result.exit_code)


@handle_errors
def match(
    profile: ProfileFile = None,
    have: Have = None,
    holding: Holding = None,
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Show the N closest roles.")] = 10,
    industry: RoleIndustry = None,
    budget_usd: BudgetUsd = None,
    budget_hours: BudgetHours = None,
    hours_per_week: HoursPerWeek = None,
    optimize: Annotated[
        Optimize | None, typer.Option("--optimize", help="Rank by cost (default) or hours.")
    ] = None,
    experience: Experience = None,
    ignore_recommendations: IgnoreRecommendations = False,
    state: StateFlag = None,
    rank: Annotated[
        RankBy, typer.Option("--rank", help="reach (default) or payback: soonest paid back first.")
    ] = RankBy.reach,
    current_wage: Annotated[
        float | None,
        typer.Option(
            "--current-wage", min=0, help="Your current annual wage, USD (default: your role's median)."
        ),
    ] = None,
    fmt: Annotated[
        MatchFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = MatchFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Rank roles by how reachable they are for you: the optimal plan to each, and what you already meet.

    Readiness first (the share of the role's required weight you already meet, in steps of 10 points),
    then complete plans before partial ones, then the plan's cost (or hours with --optimize hours).
    Your current role (profile current_role) is left out. With --rank payback: the months from the start
    until the median wage gain covers the path's cost, soonest first (roles whose wage does not rise last).

    \b
    Examples:
      gapplan match --have excel:4 --have communication:3 --have statistics:2
      gapplan match --profile me.yaml --industry technology --budget-usd 1000 --format json
      gapplan match --profile me.yaml --rank payback --current-wage 52000
    """
    import datetime as dt

    from gapplan.advisor.match import NoSuchIndustry, rank_roles, roles_for
    from gapplan.advisor.profile import with_overrides
    from gapplan.advisor.records import Ranking
    from gapplan.errors import InputError
    from gapplan.render.formats import render_match

    where = state_flag(state)
    cat = load(catalog, no_builtin).catalog
    prof = with_overrides(
        profile_or_empty(profile, cat),
        have=have_flags(have),
        holding=holding or (),
        budget_usd=budget_usd,
        budget_hours=budget_hours,
        hours_per_week=hours_per_week,
        optimize=optimize.value if optimize else None,
        ignore_recommendations=ignore_recommendations,
        experience_years=experience,
        state=where,
    )
    try:
        roles = roles_for(cat, industry)
    except NoSuchIndustry as err:
        raise InputError(f"--industry: {err.problems[0].message}") from None
    today = prof.budget.start or dt.date.today()
    ranked = rank_roles(cat, prof, today=today, roles=roles, rank=rank.value, current_wage=current_wage)
    ranking = Ranking(
        ranked[:top],
        total=len(roles),
        who=prof.name,
        objective=prof.preferences.optimize,
        by_payback=rank.value == "payback",
    )
    emit(render_match(fmt, ranking, prof.state))
