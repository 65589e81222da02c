"""What a route costs to keep and whether it pays: renewal costs over a horizon and the wage payback.

Pure functions on the catalog and a plan. Wages are BLS OEWS medians: half the workers of an occupation
earn more, half less; a payback figure is arithmetic on two medians, not a promise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Literal

from gapplan.models import Catalog, Ownership, OwnershipItem, Payback, Plan, Profile, Wage

DEFAULT_HORIZON_YEARS = 5.0
WEEKS_PER_MONTH = 52 / 12


def renewers(catalog: Catalog, held: Iterable[str]) -> dict[str, str]:
    """For each credential of ``held`` that another credential of ``held`` renews (``renewal.renews``,
    followed transitively), the renewer at the top of the chain: the one whose own renewal keeps it.
    Among several, the smallest id; a credential never renews itself, and a renewer that is itself renewed
    by another gives way to that one."""
    have = set(held)
    direct: dict[str, set[str]] = {}
    for cid in sorted(have):
        cred = catalog.credential_by_id.get(cid)
        if cred is None or cred.renewal is None:
            continue
        for lower in cred.renewal.renews:
            if lower in have and lower != cid:
                direct.setdefault(lower, set()).add(cid)
    result: dict[str, str] = {}
    for lower in sorted(direct):
        seen = {lower}
        frontier = sorted(direct[lower])
        tops: set[str] = set()
        while frontier:
            node = frontier.pop()
            if node in seen:
                continue
            seen.add(node)
            above = sorted(direct.get(node, set()) - seen)
            if above:
                frontier.extend(above)
            else:
                tops.add(node)
        if tops:
            result[lower] = min(tops)
    return result


def ownership(
    catalog: Catalog, credentials: Iterable[str], horizon_years: float = DEFAULT_HORIZON_YEARS
) -> Ownership:
    """The total cost of ownership of ``credentials`` over ``horizon_years``.

    A credential with a renewal rule every ``every_years`` is renewed ``floor(horizon / every_years)``
    times within the horizon counted from when it is earned (a 3-year certification over 5 years: once;
    a yearly one: five times); each renewal costs its fee and CE hours. A credential that another one of
    the set renews (``renewal.renews``: a higher CompTIA certification renews A+ and Network+) costs
    nothing of its own: keeping the higher one keeps it. Credentials without a renewal rule do not expire
    and cost nothing to keep; nor do the plan's implicit work stages, which are not in the catalog.
    """
    ids = sorted(set(credentials))
    renewed = renewers(catalog, ids)
    items: list[OwnershipItem] = []
    for cid in ids:
        cred = catalog.credential_by_id.get(cid)  # an implicit work stage ("keep working") is not
        rule = cred.renewal if cred is not None else None
        if cred is None or rule is None:
            continue
        count = math.floor(horizon_years / rule.every_years + 1e-9)
        by = renewed.get(cid)
        items.append(
            OwnershipItem(
                credential=cid,
                name=cred.name,
                every_years=rule.every_years,
                renewals=count,
                cost_usd=0.0 if by else round(count * rule.cost_usd, 2),
                ce_hours=0.0 if by else round(count * rule.ce_hours, 2),
                reexam=rule.reexam,
                renewed_by=by,
            )
        )
    return Ownership(
        horizon_years=horizon_years,
        cost_usd=round(sum(i.cost_usd for i in items), 2),
        ce_hours=round(sum(i.ce_hours for i in items), 2),
        items=tuple(items),
    )


def _median(wage: Wage | None) -> float | None:
    return wage.median if wage is not None else None


def payback(catalog: Catalog, plan: Plan, profile: Profile, *, current_wage: float | None = None) -> Payback:
    """Does the route pay: the goal role's median wage against the current one, and the payback.

    Wages come from the profile's state when it names one and the state has the medians needed (the
    goal's, and the current role's unless ``current_wage`` is given), else from the nation. The current
    wage is ``current_wage`` when given, else the median of the profile's ``current_role``.

    - ``gain_per_year`` = goal median - current median (annual, USD);
    - ``path_months`` = ceil(path weeks x 12 / 52): the route's own time (``totals.path.weeks``);
    - ``payback_months`` = the whole months after the path ends until the cumulative wage gain covers
      the path's cost to earn: ceil(cost / (gain / 12)); 0 for a free path; None when the wage does not
      rise, a median is missing or the role is blocked;
    - ``break_even_months`` = path_months + payback_months: from the start until the gain has paid back.
    """
    goal = catalog.role_by_id[plan.goal]
    current = catalog.role_by_id.get(profile.current_role) if profile.current_role else None
    areas = ([f"US-{profile.state}"] if profile.state else []) + ["US"]
    area, goal_wage, current_role_wage = "US", catalog.wage(goal, "US"), None
    for candidate in areas:
        g = catalog.wage(goal, candidate)
        c = catalog.wage(current, candidate) if current is not None else None
        if _median(g) is not None and (current_wage is not None or current is None or _median(c) is not None):
            area, goal_wage, current_role_wage = candidate, g, c
            break
    else:
        current_role_wage = catalog.wage(current, "US") if current is not None else None
    goal_median = _median(goal_wage)
    source: Literal["role", "given", "none"]
    current_median: float | None
    if current_wage is not None:
        current_median, source = current_wage, "given"
    elif current is not None:
        current_median, source = _median(current_role_wage), "role"
    else:
        current_median, source = None, "none"
    cost = plan.totals.path.cost_usd
    weeks = plan.totals.path.weeks
    path_months = math.ceil(weeks / WEEKS_PER_MONTH - 1e-9)
    gain: float | None = None
    months: int | None = None
    reason: str | None = None
    if plan.status == "blocked":
        reason = "no route reaches the role's license"
    elif goal_median is None:
        status = goal_wage.median_status if goal_wage is not None else "no wage data"
        reason = f"no median wage for {goal.name} ({status})"
    elif current_median is None:
        reason = (
            "no current wage: set current_role in the profile or give a current wage"
            if current is None or current_role_wage is None or current_role_wage.median_status == "ok"
            else f"no median wage for {current.name} ({current_role_wage.median_status})"
        )
    else:
        gain = round(goal_median - current_median, 2)
        if gain <= 0:
            reason = "the goal role's median wage is not higher than the current one"
        else:
            months = 0 if cost <= 0 else math.ceil(cost / (gain / 12) - 1e-9)
    wage = goal_wage or current_role_wage
    return Payback(
        area=area,
        area_name=wage.area_name if wage is not None else ("National" if area == "US" else area),
        release=wage.release if wage is not None else "",
        goal_median=goal_median,
        current_median=current_median,
        current_source=source,
        gain_per_year=gain,
        cost_usd=cost,
        path_weeks=weeks,
        path_months=path_months,
        payback_months=months,
        break_even_months=None if months is None else path_months + months,
        reason=reason,
    )


def with_economics(
    catalog: Catalog,
    plan: Plan,
    profile: Profile,
    *,
    horizon_years: float = DEFAULT_HORIZON_YEARS,
    current_wage: float | None = None,
) -> Plan:
    """``plan`` with its cost of ownership (the path's credentials over ``horizon_years``) and payback."""
    path = [s.credential for s in plan.steps]
    return plan.model_copy(
        update={
            "ownership": ownership(catalog, path, horizon_years),
            "payback": payback(catalog, plan, profile, current_wage=current_wage),
        }
    )
