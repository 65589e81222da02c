"""Planning commands: ``gapplan gap`` and ``gapplan plan``."""

from __future__ import annotations

from typing import Annotated

import typer

from gapplan.commands._common import (
    BudgetHours,
    BudgetUsd,
    CatalogDirs,
    Experience,
    GapFormat,
    Goal,
    Have,
    Holding,
    HoursPerWeek,
    IgnoreRecommendations,
    IncludePreferred,
    NoBuiltin,
    Optimize,
    OutputFile,
    PlanFormat,
    ProfileFile,
    StateFlag,
    date_flag,
    dates_as_flags,
    emit,
    goal_id,
    handle_errors,
    have_flags,
    profile_or_empty,
    state_flag,
)
from gapplan.commands._load import load


def register(app: typer.Typer) -> None:
    app.command("gap")(gap)
    app.command("plan")(plan)


@handle_errors
def gap(
    goal: Goal = None,
    profile: ProfileFile = None,
    have: Have = None,
    holding: Holding = None,
    include_preferred: IncludePreferred = False,
    experience: Experience = None,
    fmt: Annotated[
        GapFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = GapFormat.table,
    horizon: Annotated[
        float | None,
        typer.Option(
            "--horizon", min=0, max=30, metavar="YEARS", help="Show held skills going stale this soon."
        ),
    ] = None,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Show which skills and licenses you lack for a role, and what already matches.

    \b
    Examples:
      gapplan gap --goal data-analyst --have excel:4 --have sql:1
      gapplan gap --profile me.yaml --format json
      gapplan gap --profile me.yaml --horizon 3
    """
    import datetime as dt

    from gapplan.advisor.profile import with_overrides
    from gapplan.planning.gap import analyse
    from gapplan.render.formats import render_gap

    cat = load(catalog, no_builtin).catalog
    prof = with_overrides(
        profile_or_empty(profile, cat),
        have=have_flags(have),
        holding=holding or (),
        include_preferred=include_preferred,
        experience_years=experience,
    )
    role_id = goal_id(goal, prof, cat)
    today = prof.budget.start or dt.date.today()
    result = analyse(
        cat,
        prof,
        role_id,
        include_preferred=prof.preferences.include_preferred,
        today=today,
        horizon_years=horizon,
    )
    emit(render_gap(fmt, result))


@handle_errors
def plan(
    goal: Goal = None,
    profile: ProfileFile = None,
    have: Have = None,
    holding: Holding = None,
    budget_usd: BudgetUsd = None,
    budget_hours: BudgetHours = None,
    hours_per_week: HoursPerWeek = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="DATE", help="Start date, e.g. 2027-01-04.")
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline",
            metavar="DATE",
            help="Finish the steps taken now by this date (without --start, the plan starts today).",
        ),
    ] = None,
    optimize: Annotated[
        Optimize | None, typer.Option("--optimize", help="Minimise cost (default) or hours.")
    ] = None,
    include_preferred: IncludePreferred = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", metavar="CRED", help="Never choose this credential; repeatable."),
    ] = None,
    online_only: Annotated[
        bool, typer.Option("--online-only", help="Only credentials delivered online.")
    ] = False,
    ignore_recommendations: IgnoreRecommendations = False,
    state: StateFlag = None,
    experience: Experience = None,
    lock: Annotated[
        list[str] | None,
        typer.Option("--lock", metavar="CRED", help="Keep this credential in the plan; repeatable."),
    ] = None,
    current_wage: Annotated[
        float | None,
        typer.Option(
            "--current-wage", min=0, help="Your current annual wage, USD (default: your role's median)."
        ),
    ] = None,
    parallel: Annotated[
        int,
        typer.Option(
            "--parallel", min=1, max=8, help="Study up to N credentials at once, each at the weekly hours."
        ),
    ] = 1,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="For each step, the best re-plan without it; and the route that gets furthest now.",
        ),
    ] = False,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="table, json, markdown, csv or ics.")
    ] = PlanFormat.table,
    output: OutputFile = None,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Plan the whole way to a role, optimal and ordered, and what your budgets take you to now.

    Exit code 0 when the steps that fit now close every required skill and license; 1 when something
    waits for later steps or stays uncovered, or no route reaches the role's license (blocked).

    \b
    Examples:
      gapplan plan --goal data-analyst
      gapplan plan --goal data-analyst --have excel:4 --budget-usd 500 --start 2027-01-04
      gapplan plan --profile me.yaml --format markdown --output plan.md
    """
    import datetime as dt

    from gapplan.advisor.profile import DateOrderError, with_overrides
    from gapplan.errors import InputError
    from gapplan.planning.planner import make_plan
    from gapplan.render.formats import PlanReport, render_plan

    cat = load(catalog, no_builtin).catalog
    try:
        prof = with_overrides(
            profile_or_empty(profile, cat),
            have=have_flags(have),
            holding=holding or (),
            budget_usd=budget_usd,
            budget_hours=budget_hours,
            hours_per_week=hours_per_week,
            start=date_flag("--start", start),
            deadline=date_flag("--deadline", deadline),
            optimize=optimize.value if optimize else None,
            include_preferred=include_preferred,
            exclude=exclude or (),
            online_only=online_only,
            ignore_recommendations=ignore_recommendations,
            experience_years=experience,
            state=state_flag(state),
            lock=lock or (),
        )
    except DateOrderError as err:
        raise dates_as_flags(err, deadline_flag=deadline is not None) from None
    if fmt is PlanFormat.ics and prof.budget.start is None and prof.budget.deadline is None:
        raise InputError("--format ics needs a start date: give --start DATE or budget.start in the profile")
    role_id = goal_id(goal, prof, cat)
    today = prof.budget.start or dt.date.today()
    result = make_plan(
        cat, prof, role_id, today=today, explain=explain, parallel=parallel, current_wage=current_wage
    )
    emit(render_plan(fmt, PlanReport.of(result, cat, explain=explain)), output)
    raise typer.Exit(0 if result.status == "complete" else 1)
