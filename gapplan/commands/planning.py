"""Planning commands: ``gapplan gap`` and ``gapplan plan``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapplan.commands._common import (
    BudgetHours,
    BudgetUsd,
    CatalogDirs,
    DocFormat,
    Experience,
    Goal,
    Have,
    Holding,
    HoursPerWeek,
    IncludePreferred,
    NoBuiltin,
    Optimize,
    ProfileFile,
    handle_errors,
    load,
    out,
    profile_or_empty,
    show,
)

if TYPE_CHECKING:
    from gapplan.models import Catalog, Plan, Profile


class PlanFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    ics = "ics"


def register(app: typer.Typer) -> None:
    app.command("gap")(gap)
    app.command("plan")(plan)


def _goal(goal: str | None, profile: Profile, catalog: Catalog) -> str:
    from gapplan.catalog import lookup
    from gapplan.errors import InputError

    chosen = goal or profile.goal
    if not chosen:
        raise InputError("no goal: give --goal ROLE (see gapplan roles) or set 'goal' in the profile")
    return lookup.role(catalog, chosen).id


@handle_errors
def gap(
    goal: Goal = None,
    profile: ProfileFile = None,
    have: Have = None,
    holding: Holding = None,
    include_preferred: IncludePreferred = False,
    experience: Experience = None,
    fmt: Annotated[
        DocFormat, typer.Option("--format", "-f", help="table, json or markdown.")
    ] = DocFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Show which skills and licenses you lack for a role, and what already matches.

    \b
    Examples:
      gapplan gap --goal data-analyst --have excel:4 --have sql:1
      gapplan gap --profile me.yaml --format json
    """
    import datetime as dt

    from gapplan.advisor.profile import apply_flags
    from gapplan.planning.gap import analyse

    cat = load(catalog, no_builtin).catalog
    prof = apply_flags(
        profile_or_empty(profile, cat),
        have=have or (),
        holding=holding or (),
        include_preferred=include_preferred,
        experience_years=experience,
    )
    role_id = _goal(goal, prof, cat)
    today = prof.budget.start or dt.date.today()
    result = analyse(cat, prof, role_id, include_preferred=prof.preferences.include_preferred, today=today)
    if fmt is DocFormat.json:
        from gapplan.render import jsonout

        out(jsonout.gap_json(result))
    elif fmt is DocFormat.markdown:
        from gapplan.render import markdown

        out(markdown.gap_markdown(result))
    else:
        from gapplan.render import terminal

        show(terminal.gap_blocks(result))


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
            "--deadline", metavar="DATE", help="Finish by this date; sets the hours budget if none."
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
    experience: Experience = None,
    parallel: Annotated[
        int,
        typer.Option(
            "--parallel", min=1, max=8, help="Study up to N credentials at once, each at the weekly hours."
        ),
    ] = 1,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain", help="For each step, show the next-best credential and what it would cost."
        ),
    ] = False,
    fmt: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="table, json, markdown, csv or ics.")
    ] = PlanFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).")
    ] = None,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Plan the credentials that close your gap for a role: optimal, ordered and, with --start, dated.

    Exit code 0 when the plan closes every required skill and license, 1 when gaps remain.

    \b
    Examples:
      gapplan plan --goal data-analyst
      gapplan plan --goal data-analyst --have excel:4 --budget-usd 500 --start 2027-01-04
      gapplan plan --profile me.yaml --format markdown --output plan.md
    """
    import datetime as dt

    from gapplan.advisor.profile import apply_flags
    from gapplan.planning.planner import make_plan

    loaded = load(catalog, no_builtin)
    cat = loaded.catalog
    prof = apply_flags(
        profile_or_empty(profile, cat),
        have=have or (),
        holding=holding or (),
        budget_usd=budget_usd,
        budget_hours=budget_hours,
        hours_per_week=hours_per_week,
        start=start,
        deadline=deadline,
        optimize=optimize.value if optimize else None,
        include_preferred=include_preferred,
        exclude=exclude or (),
        online_only=online_only,
        experience_years=experience,
    )
    role_id = _goal(goal, prof, cat)
    today = prof.budget.start or dt.date.today()
    result = make_plan(cat, prof, role_id, today=today, explain=explain, parallel=parallel)
    text = render_plan(result, fmt, cat)
    if output is not None:
        from gapplan.output import write_atomic

        if text is None:  # the table format, as plain text in a file
            from gapplan.render import terminal
            from gapplan.render.blocks import to_plain

            text = to_plain(terminal.plan_blocks(result, cat, explain=explain))
        write_atomic(output, text)
    elif text is None:
        from gapplan.render import terminal

        show(terminal.plan_blocks(result, cat, explain=explain))
    else:
        out(text)
    raise typer.Exit(0 if result.status == "complete" else 1)


def render_plan(result: Plan, fmt: PlanFormat, cat: Catalog) -> str | None:
    """The report as text, or None for the terminal table (rendered by ``show``)."""
    if fmt is PlanFormat.json:
        from gapplan.render import jsonout

        return jsonout.plan_json(result)
    if fmt is PlanFormat.markdown:
        from gapplan.render import markdown

        return markdown.plan_markdown(result, cat)
    if fmt is PlanFormat.csv:
        from gapplan.render import csvout

        return csvout.plan_csv(result)
    if fmt is PlanFormat.ics:
        from gapplan.render import ics

        return ics.plan_ics(result)
    return None
