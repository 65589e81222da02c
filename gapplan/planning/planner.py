"""Optimal credential selection under budgets, ordered into a stackable sequence of steps.

The planning instance (:mod:`gapplan.planning._instance`) and its HiGHS solve
(:mod:`gapplan.planning._solver`) load when a plan is made, so ``import gapplan.planning.planner`` stays
cheap (no highspy, numpy or networkx).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gapplan.models import (
    Alternative,
    Catalog,
    Cover,
    Gap,
    Plan,
    Profile,
    Step,
    Totals,
    Uncovered,
    UncoveredReason,
)

if TYPE_CHECKING:
    from gapplan.planning._instance import Context, Instance

# Lower is easier for the user to change: shown first when several reasons apply.
_REASON_RANK: dict[UncoveredReason, int] = {
    "preference": 0,
    "excluded": 1,
    "needs-experience": 2,
    "not-in-catalog": 3,
}


@dataclass
class _Solved:
    ctx: Context
    inst: Instance
    chosen: list[str]  # every credential in the plan, auto-awarded stacks included, sorted
    optimal: bool
    mip_gap: float
    notes: list[str]
    cuts: list[tuple[list[int], list[int]]]
    deadline: float


def _solve_core(
    catalog: Catalog, profile: Profile, gap: Gap, time_limit: float, extra_exclude: tuple[str, ...] = ()
) -> _Solved:
    from gapplan.planning._instance import Context, build_instance
    from gapplan.planning._solver import greedy, lexicographic

    deadline = time.perf_counter() + time_limit
    ctx = Context.of(catalog, profile, gap, extra_exclude)
    inst = build_instance(ctx, profile, gap)
    cuts: list[tuple[list[int], list[int]]] = []
    result = lexicographic(inst, time_limit=time_limit, cuts=cuts)
    notes: list[str] = []
    if result.chosen is None:
        columns = greedy(inst)
        notes.append(
            f"the solver found no plan within the time limit ({time_limit:g} s): this is a greedy plan, "
            "not an optimal one"
        )
    else:
        columns = result.chosen
        if not result.optimal:
            notes.append(
                f"the time limit ({time_limit:g} s) ended the search before optimality was proven "
                f"(relative gap {result.mip_gap:.2%})"
            )
    chosen = {inst.ids[c] for c in columns}
    _award_stacks(ctx, chosen)
    return _Solved(
        ctx=ctx,
        inst=inst,
        chosen=sorted(chosen),
        optimal=result.optimal and result.chosen is not None,
        mip_gap=result.mip_gap if result.chosen is not None else 1.0,
        notes=notes,
        cuts=cuts,
        deadline=deadline,
    )


def _award_stacks(ctx: Context, chosen: set[str]) -> None:
    """Add the stacks with no cost or hours of their own whose parts are all held or in the plan."""
    creds = ctx.catalog.credential_by_id
    have = ctx.held | chosen
    changed = True
    while changed:
        changed = False
        for sid in ctx.index.zero_stacks:
            cred = creds[sid]
            if sid in have or ctx.blocked(cred) is not None or not ctx.is_auto(cred):
                continue
            if all(p in have for p in cred.parts):
                chosen.add(sid)
                have = have | {sid}
                changed = True


def _order(ctx: Context, chosen: list[str]) -> list[str]:
    """Prerequisites first, a stack right after its last part, then foundations first, then id."""
    creds = ctx.catalog.credential_by_id
    needs = {c: [n.providers for n in ctx.needs(creds[c])] for c in chosen}

    def key(cid: str) -> tuple[int, float, int, str]:
        # Foundations first: fewer prerequisites, then a lower mean level of what it grants (a broad
        # entry-level programme before a focused exam), then the highest level, then id.
        cred = creds[cid]
        count = len(cred.requires.credentials) + len(cred.requires.skills) + len(cred.parts)
        levels = [g.level for g in cred.grants]
        mean = sum(levels) / len(levels) if levels else 0.0
        return count, mean, max(levels, default=0), cid

    placed: list[str] = []
    done: set[str] = set()
    remaining = set(chosen)
    while remaining:
        ready = [c for c in remaining if all(done.intersection(n) for n in needs[c])]
        if not ready:  # only a greedy fallback could get here; keep going rather than lose steps
            ready = list(remaining)
        stacks = [c for c in ready if creds[c].parts]
        pick = min(stacks) if stacks else min(ready, key=key)
        placed.append(pick)
        done.add(pick)
        remaining.discard(pick)
    return placed


def _steps(ctx: Context, gap: Gap, order: list[str]) -> list[Step]:
    creds = ctx.catalog.credential_by_id
    required: dict[str, int] = {}
    for item in gap.items:
        required[item.skill] = max(required.get(item.skill, 0), item.required_level)
    mandatory = {c for lic in gap.licenses for c in lic.any_of}
    covered: dict[str, int] = {}
    position = {c: i for i, c in enumerate(order)}
    after: dict[str, list[str]] = {}
    for cid in order:
        deps: list[str] = []
        for need in ctx.needs(creds[cid]):
            earlier = [p for p in need.providers if p in position and position[p] < position[cid]]
            if earlier:
                first = min(earlier, key=position.__getitem__)
                if first not in deps:
                    deps.append(first)
        after[cid] = sorted(deps, key=position.__getitem__)
    steps: list[Step] = []
    for i, cid in enumerate(order):
        cred = creds[cid]
        covers: list[Cover] = []
        best: dict[str, int] = {}
        for g in cred.grants:
            best[g.skill] = max(best.get(g.skill, 0), g.level)
        for skill, level in sorted(best.items()):
            if skill in required and level >= required[skill] and level > covered.get(skill, 0):
                covers.append(Cover(skill=skill, level=level))
                covered[skill] = level
        steps.append(
            Step(
                order=i + 1,
                credential=cid,
                name=cred.name,
                issuer=cred.issuer,
                kind=cred.kind,
                cost_usd=cred.cost_usd,
                hours=cred.hours,
                covers=tuple(covers),
                unlocks=tuple(c for c in order if cid in after[c]),
                after=tuple(after[cid]),
                mandatory=cid in mandatory,
                awarded_by_parts=ctx.is_auto(cred),
            )
        )
    return steps


def _money(x: float) -> str:
    return f"${round(x):,}" if abs(x - round(x)) < 0.005 else f"${x:,.2f}"


def _hours(x: float) -> str:
    return f"{x:g} more hour" + ("" if x == 1 else "s")


def _blocker(
    ctx: Context, reach: frozenset[str], cid: str, seen: frozenset[str]
) -> tuple[UncoveredReason, str]:
    """Why credential ``cid`` cannot be in any plan: (reason, text)."""
    cred = ctx.catalog.credential_by_id[cid]
    why = ctx.blocked(cred)
    if why == "held":
        return "not-in-catalog", f"{cid} is held"
    if why == "excluded":
        return "excluded", f"{cid} is excluded"
    if why == "preference":
        return (
            "preference",
            f"{cid} is {cred.delivery}, outside the preferred delivery ({', '.join(sorted(ctx.delivery))})",
        )
    if why == "needs-experience":
        return "needs-experience", (
            f"{cid} needs {cred.requires.experience_years:g} years of experience "
            f"(the profile has {ctx.experience:g})"
        )
    for need in ctx.needs(cred):
        if any(p in reach for p in need.providers):
            continue
        options = [
            _blocker(ctx, reach, p, seen | {cid})
            for p in need.providers
            if p not in seen and p != cid and p in ctx.catalog.credential_by_id
        ]
        if not options:
            return "not-in-catalog", f"{cid} needs {need.label}, which no credential can provide"
        reason, text = min(options, key=lambda o: _REASON_RANK[o[0]])
        return reason, f"{cid} needs {need.label}: {text}"
    return "not-in-catalog", f"{cid} cannot be placed in any order"


def _explain_blocked(ctx: Context, providers: list[str], what: str) -> tuple[UncoveredReason, str]:
    from gapplan.planning._instance import reachable

    if not providers:
        return "not-in-catalog", f"no credential in the catalog grants {what}"
    reach = frozenset(reachable(ctx, providers))
    found = [_blocker(ctx, reach, p, frozenset()) for p in sorted(providers)]
    reason = min((r for r, _ in found), key=_REASON_RANK.__getitem__)
    texts = [t for r, t in found if r == reason]
    more = f" (and {len(texts) - 3} more)" if len(texts) > 3 else ""
    return reason, "; ".join(texts[:3]) + more


def _budget_extra(
    solved: _Solved, items: list[int], groups: list[int]
) -> tuple[float | None, float | None, str]:
    """Minimal extra money or hours over the budget that would cover ``items`` and ``groups`` too."""
    from gapplan.planning._solver import lexicographic, value

    inst = solved.inst
    remaining = max(0.01, solved.deadline - time.perf_counter())

    def relax(usd: float | None, hours: float | None, levels: list[str]) -> list[int] | None:
        res = lexicographic(
            inst,
            time_limit=remaining,
            cuts=list(solved.cuts),
            force_items=items,
            force_groups=groups,
            usd=usd,
            hours=hours,
            use_budget=False,
            levels=levels,
        )
        return res.chosen

    extra_usd = extra_hours = None
    if inst.usd is not None:
        sel = relax(None, inst.hours_budget, ["cost"])
        if sel is not None:
            extra_usd = round(max(0.0, value(inst, sel, "cost") - inst.usd), 2)
    if inst.hours_budget is not None:
        sel = relax(inst.usd, None, ["hours"])
        if sel is not None:
            extra_hours = round(max(0.0, value(inst, sel, "hours") - inst.hours_budget), 2)
    if extra_usd is not None and extra_hours is not None:
        return extra_usd, extra_hours, f"needs {_money(extra_usd)} more (or {_hours(extra_hours)})"
    if extra_usd is not None:
        return extra_usd, None, f"needs {_money(extra_usd)} more"
    if extra_hours is not None:
        return None, extra_hours, f"needs {_hours(extra_hours)}"
    if inst.usd is None and inst.hours_budget is None:
        return None, None, "not reached within the time limit"
    sel = relax(None, None, ["cost", "hours"] if inst.optimize == "cost" else ["hours", "cost"])
    if sel is None:
        return None, None, "not reached within the time limit"
    extra_usd = round(max(0.0, value(inst, sel, "cost") - (inst.usd or 0.0)), 2)
    extra_hours = round(max(0.0, value(inst, sel, "hours") - (inst.hours_budget or 0.0)), 2)
    return extra_usd, extra_hours, f"needs {_money(extra_usd)} and {_hours(extra_hours)}"


def _uncovered(solved: _Solved, gap: Gap) -> list[Uncovered]:
    ctx, inst = solved.ctx, solved.inst
    plan = set(solved.chosen)
    col = {c: i for i, c in enumerate(inst.ids)}
    chosen_cols = {col[c] for c in plan if c in col}
    creds = ctx.catalog.credential_by_id

    def grants(cid: str, skill: str, level: int) -> bool:
        return any(g.skill == skill and g.level >= level for g in creds[cid].grants)

    covered_items = [
        i for i, item in enumerate(gap.items) if any(grants(c, item.skill, item.required_level) for c in plan)
    ]
    met_groups = [g for g, lic in enumerate(gap.licenses) if plan.intersection(lic.any_of)]
    out: list[Uncovered] = []
    for i, item in enumerate(gap.items):
        if i in covered_items:
            continue
        what = f"{item.name} at level {item.required_level}"
        usd = hours = None
        if inst.item_cover[i] and not chosen_cols.intersection(inst.item_cover[i]):
            reason: UncoveredReason = "budget"
            usd, hours, detail = _budget_extra(solved, [*covered_items, i], met_groups)
        else:
            providers = list(ctx.index.granting(item.skill, item.required_level))
            reason, detail = _explain_blocked(ctx, providers, what)
        out.append(
            Uncovered(
                skill=item.skill,
                name=item.name,
                required_level=item.required_level,
                weight=item.weight,
                reason=reason,
                detail=detail,
                extra_usd=usd,
                extra_hours=hours,
            )
        )
    for g, lic in enumerate(gap.licenses):
        if g in met_groups:
            continue
        name = " or ".join(creds[c].name if c in creds else c for c in lic.any_of)
        if inst.group_cover[g]:
            usd, hours, detail = _budget_extra(solved, covered_items, [*met_groups, g])
            out.append(
                Uncovered(
                    credential_group=lic.any_of,
                    name=name,
                    reason="budget",
                    detail=detail,
                    extra_usd=usd,
                    extra_hours=hours,
                )
            )
        else:
            members = [c for c in lic.any_of if c in creds]
            reason, detail = _explain_blocked(ctx, members, name)
            if not members:
                detail = f"{', '.join(lic.any_of)} is not in the catalog"
            out.append(Uncovered(credential_group=lic.any_of, name=name, reason=reason, detail=detail))
    return out


def solve(
    catalog: Catalog, profile: Profile, gap: Gap, *, time_limit: float = 10.0, explain: bool = False
) -> Plan:
    """The optimal plan for ``gap`` under the profile's budget and preferences (steps ordered, no weeks)."""
    solved = _solve_core(catalog, profile, gap, time_limit)
    order = _order(solved.ctx, solved.chosen)
    steps = _steps(solved.ctx, gap, order)
    uncovered = _uncovered(solved, gap)
    if explain:
        steps = _alternatives(catalog, profile, gap, solved, steps, time_limit)
    required_left = any(u.skill is not None and not _is_preferred(gap, u.skill) for u in uncovered)
    groups_left = any(u.skill is None for u in uncovered)
    budget = profile.budget
    return Plan(
        goal=gap.role,
        goal_name=gap.role_name,
        status="partial" if required_left or groups_left else "complete",
        optimal=solved.optimal,
        mip_gap=0.0 if solved.optimal else solved.mip_gap,
        objective=profile.preferences.optimize,
        budget_usd=budget.usd,
        budget_hours=budget.hours,
        hours_per_week=budget.hours_per_week,
        gap=gap,
        steps=tuple(steps),
        totals=Totals(
            cost_usd=math.fsum(s.cost_usd for s in steps), hours=math.fsum(s.hours for s in steps), weeks=0
        ),
        uncovered=tuple(uncovered),
        notes=tuple(solved.notes),
    )


def _is_preferred(gap: Gap, skill: str) -> bool:
    return any(i.preferred for i in gap.items if i.skill == skill)


def _alternatives(
    catalog: Catalog, profile: Profile, gap: Gap, solved: _Solved, steps: list[Step], time_limit: float
) -> list[Step]:
    """For each step: what the optimal plan would use instead if that credential were excluded."""
    creds = catalog.credential_by_id
    old = set(solved.chosen)
    total_cost = math.fsum(s.cost_usd for s in steps)
    total_hours = math.fsum(s.hours for s in steps)
    out: list[Step] = []
    for step in steps:
        if step.awarded_by_parts:
            out.append(step)
            continue
        other = _solve_core(catalog, profile, gap, time_limit, extra_exclude=(step.credential,))
        new = set(other.chosen)
        skills = {c.skill: c.level for c in step.covers}
        groups = [set(lic.any_of) for lic in gap.licenses if step.credential in lic.any_of]

        # What the plan loses without this step: skills it covered that the new plan no longer reaches.
        loses = tuple(
            sorted(
                skill
                for skill in skills
                if not any(
                    g.skill == skill and g.level >= _required(gap, skill)
                    for c in new
                    for g in creds[c].grants
                )
            )
        )
        picked = sorted(
            c
            for c in new - old
            if (
                any(g.skill in skills and g.level >= _required(gap, g.skill) for g in creds[c].grants)
                or any(c in group for group in groups)
            )
        )
        if not skills and not groups:
            picked = sorted(new - old)
        extra_cost = math.fsum(creds[c].cost_usd for c in new) - total_cost
        extra_hours = math.fsum(creds[c].hours for c in new) - total_hours
        alts = tuple(
            Alternative(
                credential=c,
                name=creds[c].name,
                cost_usd=creds[c].cost_usd,
                hours=creds[c].hours,
                extra_cost_usd=round(extra_cost, 2),
                extra_hours=round(extra_hours, 2),
                loses=loses,
            )
            for c in picked
        )
        out.append(step.model_copy(update={"alternatives": alts}))
    return out


def _required(gap: Gap, skill: str) -> int:
    return max((i.required_level for i in gap.items if i.skill == skill), default=99)


def make_plan(
    catalog: Catalog,
    profile: Profile,
    goal: str,
    *,
    today: date,
    explain: bool = False,
    parallel: int = 1,
    time_limit: float = 10.0,
) -> Plan:
    """analyse -> hours from the deadline when no hours budget is set -> solve -> lay out in weeks."""
    from gapplan.errors import InputError
    from gapplan.planning.gap import analyse
    from gapplan.planning.schedule import derived_hours, lay_out

    if parallel < 1:
        raise InputError(f"parallel must be at least 1 (got {parallel})")
    gap = analyse(
        catalog, profile, goal, include_preferred=profile.preferences.include_preferred, today=today
    )
    budget = profile.budget
    derived = derived_hours(budget, parallel)
    if derived is not None:
        budget = budget.model_copy(update={"hours": derived})
        profile = profile.model_copy(update={"budget": budget})
    plan = solve(catalog, profile, gap, time_limit=time_limit, explain=explain)
    if derived is not None:
        plan = plan.model_copy(update={"hours_derived_from_deadline": True})
    return lay_out(
        plan,
        hours_per_week=budget.hours_per_week,
        parallel=parallel,
        start=budget.start,
        deadline=budget.deadline,
    )
