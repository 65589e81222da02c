"""Hours per week, parallel study tracks, a start date and a deadline -> weeks and dates for each step."""

from __future__ import annotations

import math
from datetime import date, timedelta

from gapplan.models import Budget, Plan, Step, Totals


def weeks_available(start: date, deadline: date) -> int:
    """Whole weeks from ``start`` to ``deadline``, both days included (a week ends on start + 7k - 1)."""
    return max(0, ((deadline - start).days + 1) // 7)


def derived_hours(budget: Budget, parallel: int = 1) -> float | None:
    """With a start and a deadline but no hours budget: the study hours that fit before the deadline."""
    if budget.hours is not None or budget.start is None or budget.deadline is None:
        return None
    return float(weeks_available(budget.start, budget.deadline) * budget.hours_per_week * parallel)


def step_weeks(hours: float, hours_per_week: float) -> int:
    """Weeks one step takes on one track: at least one when it has any hours."""
    return math.ceil(hours / hours_per_week - 1e-9) if hours > 0 else 0


def lay_out(
    plan: Plan, *, hours_per_week: float, parallel: int = 1, start: date | None, deadline: date | None
) -> Plan:
    """Give each step its weeks (1-based) and, with a start date, its dates.

    Steps are taken in plan order; each starts on the first track to come free once the steps in its
    ``after`` have ended. A step without hours (an auto-awarded stack) takes no week of its own: it starts
    and ends in the week its last prerequisite ends.
    """
    if hours_per_week <= 0:
        raise ValueError("hours_per_week must be positive")
    tracks = [0] * max(1, parallel)  # the last week each track is busy
    ends: dict[str, int] = {}
    steps: list[Step] = []
    for step in plan.steps:
        ready = max((ends[c] for c in step.after if c in ends), default=0)
        weeks = step_weeks(step.hours, hours_per_week)
        if weeks == 0:
            first = last = max(ready, 1)
        else:
            track = min(range(len(tracks)), key=lambda t: (max(tracks[t], ready), t))
            first = max(tracks[track], ready) + 1
            last = first + weeks - 1
            tracks[track] = last
        ends[step.credential] = last
        update: dict[str, object] = {"start_week": first, "end_week": last, "start": None, "end": None}
        if start is not None:
            update["start"] = start + timedelta(days=7 * (first - 1))
            update["end"] = start + timedelta(days=7 * last - 1)
        steps.append(step.model_copy(update=update))
    total_weeks = max((s.end_week for s in steps), default=0)
    fits: bool | None = None
    if start is not None and deadline is not None:
        last_day = max((s.end for s in steps if s.end is not None), default=start)
        fits = last_day <= deadline
    totals = Totals(cost_usd=plan.totals.cost_usd, hours=plan.totals.hours, weeks=total_weeks)
    return plan.model_copy(
        update={
            "steps": tuple(steps),
            "totals": totals,
            "hours_per_week": hours_per_week,
            "parallel": max(1, parallel),
            "start": start,
            "deadline": deadline,
            "fits_deadline": fits,
        }
    )
