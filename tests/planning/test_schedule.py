"""Laying a plan out in weeks and dates, on one or more study tracks."""

from __future__ import annotations

from datetime import date

import pytest
from factories import TODAY, catalog, cred, profile, role

from gapplan.models import Budget, Plan
from gapplan.planning.gap import analyse
from gapplan.planning.planner import solve
from gapplan.planning.schedule import derived_hours, lay_out, step_weeks


def _plan() -> Plan:
    creds = [
        cred("base", cost=10, hours=25, grants=[("sql", 2)]),
        cred("next", cost=10, hours=10, grants=[("python", 3)], requires=["base"]),
        cred("side", cost=10, hours=12, grants=[("stats", 3)]),
        cred("cap", cost=0, hours=0, grants=[("viz", 3)], parts=["base", "next"]),
    ]
    cat = catalog(
        ["sql", "python", "stats", "viz"],
        creds,
        [role("r", requires=[("sql", 2, 5), ("python", 3, 5), ("stats", 3, 5)])],
    )
    gap = analyse(cat, profile(), "r", today=TODAY)
    return solve(cat, profile(), gap)


def test_step_weeks_round_up_and_zero_hours_take_no_week() -> None:
    assert [step_weeks(h, 10) for h in (0, 1, 10, 10.5, 25)] == [0, 1, 1, 2, 3]


def test_derived_hours_count_whole_weeks_between_start_and_deadline() -> None:
    budget = Budget(hours_per_week=6, start=date(2027, 1, 4), deadline=date(2027, 1, 17))

    assert derived_hours(budget) == 12
    assert derived_hours(budget, parallel=3) == 36
    assert derived_hours(budget.model_copy(update={"hours": 5.0})) is None
    assert derived_hours(Budget(start=date(2027, 1, 4))) is None
    assert derived_hours(Budget(start=date(2027, 1, 4), deadline=date(2026, 1, 4))) == 0


def test_one_track_runs_steps_back_to_back_and_the_stack_shares_its_last_parts_week() -> None:
    plan = lay_out(_plan(), hours_per_week=10, start=None, deadline=None)

    assert [(s.credential, s.start_week, s.end_week) for s in plan.steps] == [
        ("base", 1, 3),
        ("side", 4, 5),
        ("next", 6, 6),
        ("cap", 6, 6),
    ]
    assert plan.totals.weeks == 6
    assert (plan.start, plan.fits_deadline, plan.steps[0].start) == (None, None, None)


def test_parallel_tracks_overlap_only_where_prerequisites_allow() -> None:
    plan = lay_out(_plan(), hours_per_week=10, parallel=2, start=None, deadline=None)

    assert [(s.credential, s.start_week, s.end_week) for s in plan.steps] == [
        ("base", 1, 3),
        ("side", 1, 2),
        ("next", 4, 4),
        ("cap", 4, 4),
    ]
    assert (plan.totals.weeks, plan.parallel) == (4, 2)


@pytest.mark.parametrize(("deadline", "fits"), [(date(2027, 2, 14), True), (date(2027, 2, 13), False)])
def test_dates_follow_the_start_and_the_deadline_is_checked(deadline: date, fits: bool) -> None:
    plan = lay_out(_plan(), hours_per_week=10, start=date(2027, 1, 4), deadline=deadline)

    assert (plan.steps[0].start, plan.steps[0].end) == (date(2027, 1, 4), date(2027, 1, 24))
    assert plan.steps[-1].end == date(2027, 2, 14)
    assert plan.fits_deadline is fits


def test_a_deadline_without_a_start_leaves_fit_unknown() -> None:
    assert lay_out(_plan(), hours_per_week=10, start=None, deadline=date(2030, 1, 1)).fits_deadline is None
