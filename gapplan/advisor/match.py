"""Which roles are closest from where a person stands: plan every role and rank the plans."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Literal

from gapplan.advisor.records import RoleMatch
from gapplan.errors import InputError
from gapplan.models import Catalog, Profile, Role

READINESS_STEP = 0.10  # readiness is compared in steps of 10 points; within a step, the cheaper plan wins


def rank_key(match: RoleMatch) -> tuple[int, int, int, float, float, str]:
    """Closest first: readiness (the share of the role's required weight already met) in steps of 10
    points, highest first; then complete plans before partial ones (those by fewest uncovered items);
    then the plan's objective (cost, or hours with ``optimize: hours``), then the other of cost and
    hours, then the role id.

    Readiness leads because "closest from where I stand" is about what transfers: ranking by cost first
    put free but 1,500-hour paths ahead of roles a person is nearly ready for. It is compared in steps so
    that a point of readiness does not outweigh a plan that costs twice as much."""
    plan = match.plan
    cost, hours = plan.totals.path.cost_usd, plan.totals.path.hours
    first, second = (hours, cost) if plan.objective == "hours" else (cost, hours)
    uncovered = 0 if match.complete else len(plan.uncovered)
    return (
        -math.floor(round(match.readiness, 9) / READINESS_STEP),
        0 if match.complete else 1,
        uncovered,
        round(first, 6),
        second,
        match.role.id,
    )


class NoSuchIndustry(InputError):
    """No role of the catalog is in the industry asked for."""


def roles_for(catalog: Catalog, industry: str | None = None) -> tuple[Role, ...]:
    """Every role, or those of one industry (an unknown industry is a :class:`NoSuchIndustry` listing the
    known ones)."""
    if industry is None:
        return catalog.roles
    wanted = industry.strip().lower()
    chosen = tuple(r for r in catalog.roles if r.industry == wanted)
    if not chosen:
        known = sorted({r.industry for r in catalog.roles})
        raise NoSuchIndustry(f"no role in {industry!r} (known: {', '.join(known)})")
    return chosen


def rank_roles(
    catalog: Catalog,
    profile: Profile,
    *,
    today: dt.date,
    industry: str | None = None,
    roles: Sequence[Role] | None = None,
    rank: Literal["reach", "payback"] = "reach",
    current_wage: float | None = None,
) -> tuple[RoleMatch, ...]:
    """Plan every role of ``roles`` (default: :func:`roles_for` ``industry``) but the profile's current
    one, and rank them (see :func:`rank_key`; with ``rank="payback"``, :func:`payback_key`).

    Each plan is exactly the one ``gapplan plan`` makes for the same profile, budget and goal, with its
    cost of ownership and payback (``current_wage``, else the current role's median).
    """
    from gapplan.planning.planner import make_plan

    chosen = roles_for(catalog, industry) if roles is None else roles
    matches = [
        RoleMatch(
            role,
            make_plan(catalog, profile, role.id, today=today, current_wage=current_wage),
        )
        for role in chosen
        if role.id != profile.current_role  # the role one already has is not a move
    ]
    return tuple(sorted(matches, key=payback_key if rank == "payback" else rank_key))


def payback_key(match: RoleMatch) -> tuple[int, int, tuple[int, int, int, float, float, str]]:
    """Soonest paid back first: the months from the start until the median wage gain has covered the
    path's cost (``Payback.break_even_months``); roles without a figure (the wage does not rise, or a
    median is missing) last; ties by :func:`rank_key`."""
    months = match.plan.payback.break_even_months if match.plan.payback is not None else None
    return (1 if months is None else 0, months or 0, rank_key(match))
