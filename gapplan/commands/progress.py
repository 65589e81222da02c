"""Progress and renewal commands: ``gapplan progress done|start|hours|lock|unlock``, ``gapplan renewals``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gapplan.commands._common import (
    CatalogDirs,
    Goal,
    NoBuiltin,
    PlanFormat,
    date_flag,
    emit,
    handle_errors,
    profile_or_empty,
)
from gapplan.commands._load import load

if TYPE_CHECKING:
    from gapplan.advisor.progress import Action


class RenewalFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    ics = "ics"


progress_app = typer.Typer(
    help="Record progress in a profile file (started, hours done, earned, locked), then replan.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Cred = Annotated[str, typer.Argument(metavar="CRED", help="A credential id (see gapplan credentials).")]
RequiredProfile = Annotated[
    Path,
    typer.Option("--profile", "-p", help="The profile YAML file to update (comments and order are kept)."),
]
OnDate = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", help="When it happened, e.g. 2027-03-01 (default: today)."),
]
ReplanFormat = Annotated[
    PlanFormat, typer.Option("--format", "-f", help="The replan's format: table, json, markdown, csv or ics.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(progress_app, name="progress")
    app.command("renewals")(renewals)


def _update_and_replan(
    action: Action,
    credential: str,
    profile: Path,
    date: str | None,
    *,
    hours: float | None = None,
    goal: str | None,
    fmt: PlanFormat,
    catalog: list[Path] | None,
    no_builtin: bool,
) -> None:
    """Update the profile file, say what changed on stderr, then print the plan for what is left (the
    ``gapplan plan`` command itself, with the updated profile)."""
    import datetime as dt

    from gapplan.advisor.progress import update_profile
    from gapplan.commands.planning import plan

    on = date_flag("--date", date) or dt.date.today()
    cat = load(catalog, no_builtin).catalog
    update_profile(profile, action, credential, catalog=cat, on=on, hours=hours)
    what = {
        "done": f"earned {on}",
        "start": f"started {on}",
        "hours": f"hours done {hours:g}" if hours is not None else "hours done",
        "lock": "locked",
        "unlock": "unlocked",
    }[action]
    typer.echo(f"updated {profile}: {credential.strip().lower()} {what}", err=True)
    plan(goal=goal, profile=profile, fmt=fmt, catalog=catalog, no_builtin=no_builtin)


@progress_app.command("done")
@handle_errors
def done(
    credential: Cred,
    profile: RequiredProfile,
    date: OnDate = None,
    goal: Goal = None,
    fmt: ReplanFormat = PlanFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Record a credential as earned: it moves from in_progress to credentials with its earned date, then
    the plan for what is left is printed (exit codes as gapplan plan). For a credential already held, it
    records a renewal: the new earned date.

    \b
    Examples:
      gapplan progress done capm --profile me.yaml --date 2027-03-01
      gapplan progress done pl-300 --profile me.yaml --format json
    """
    _update_and_replan(
        "done", credential, profile, date, goal=goal, fmt=fmt, catalog=catalog, no_builtin=no_builtin
    )


@progress_app.command("start")
@handle_errors
def start(
    credential: Cred,
    profile: RequiredProfile,
    date: OnDate = None,
    goal: Goal = None,
    fmt: ReplanFormat = PlanFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Record a credential as started (in_progress with its start date), then print the plan for what is
    left: a started credential stays in the plan, or the plan says why not.

    \b
    Examples:
      gapplan progress start pl-300 --profile me.yaml
      gapplan progress start capm --profile me.yaml --date 2027-01-04
    """
    _update_and_replan(
        "start", credential, profile, date, goal=goal, fmt=fmt, catalog=catalog, no_builtin=no_builtin
    )


@progress_app.command("hours")
@handle_errors
def hours(
    credential: Cred,
    done_hours: Annotated[
        float, typer.Argument(metavar="N", min=0, max=100_000, help="Study hours done so far (in all).")
    ],
    profile: RequiredProfile,
    date: OnDate = None,
    goal: Goal = None,
    fmt: ReplanFormat = PlanFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Record the study hours done on a credential in progress (starting it on --date if it was not), then
    print the plan for what is left: the credential is planned for its remaining hours.

    \b
    Examples:
      gapplan progress hours pl-300 40 --profile me.yaml
    """
    _update_and_replan(
        "hours",
        credential,
        profile,
        date,
        hours=done_hours,
        goal=goal,
        fmt=fmt,
        catalog=catalog,
        no_builtin=no_builtin,
    )


@progress_app.command("lock")
@handle_errors
def lock(
    credential: Cred,
    profile: RequiredProfile,
    goal: Goal = None,
    fmt: ReplanFormat = PlanFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Keep a credential in every plan (the profile's locked list), then print the plan.

    \b
    Examples:
      gapplan progress lock capm --profile me.yaml
    """
    _update_and_replan(
        "lock", credential, profile, None, goal=goal, fmt=fmt, catalog=catalog, no_builtin=no_builtin
    )


@progress_app.command("unlock")
@handle_errors
def unlock(
    credential: Cred,
    profile: RequiredProfile,
    goal: Goal = None,
    fmt: ReplanFormat = PlanFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Stop keeping a credential in every plan (remove it from locked), then print the plan.

    \b
    Examples:
      gapplan progress unlock capm --profile me.yaml
    """
    _update_and_replan(
        "unlock", credential, profile, None, goal=goal, fmt=fmt, catalog=catalog, no_builtin=no_builtin
    )


@handle_errors
def renewals(
    profile: Annotated[
        Path | None,
        typer.Option("--profile", "-p", help="A profile YAML file: its credentials and their earned dates."),
    ] = None,
    horizon: Annotated[
        float,
        typer.Option("--horizon", min=0, max=30, metavar="YEARS", help="Years to look ahead (default 5)."),
    ] = 5.0,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="The date statuses are judged on (default: today)."),
    ] = None,
    fmt: Annotated[
        RenewalFormat, typer.Option("--format", "-f", help="table, json, markdown or ics.")
    ] = RenewalFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file (atomically).")
    ] = None,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """When your credentials expire, what renewing takes (fee, CE hours, re-exam), and which renew others.

    Status on the as-of date: Valid, Expiring soon (within 90 days) or Expired; a credential without an
    earned date is "unknown: add earned". The ics format has an event per expiry with reminders 90, 30
    and 7 days before it.

    \b
    Examples:
      gapplan renewals --profile me.yaml
      gapplan renewals --profile me.yaml --horizon 10 --format ics --output renewals.ics
    """
    import datetime as dt

    from gapplan.advisor.renewals import renewals as report_of
    from gapplan.render.renewals import render_renewals

    day: dt.date = date_flag("--as-of", as_of) or dt.date.today()
    cat = load(catalog, no_builtin).catalog
    prof = profile_or_empty(profile, cat)
    report = report_of(cat, prof, as_of=day, horizon_years=horizon)
    emit(render_renewals(fmt.value, report), output)
