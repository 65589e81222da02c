"""The plan: the whole way to the role (every step, optimal), which of its steps fit the budgets now, why the
rest wait, what is left uncovered, and the steps on the calendar.

What a profile can plan (:mod:`gapplan.planning._context`), the planning instance
(:mod:`gapplan.planning._instance`) and its HiGHS solve (:mod:`gapplan.planning._solver`) load when a
plan is made, so ``import gapplan.planning.planner`` stays
cheap (no highspy, numpy or networkx).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gapplan.models import (
    EXPERIENCE_KINDS,
    Alternative,
    AreaYears,
    Catalog,
    Cover,
    Gap,
    Plan,
    PlanTotals,
    Profile,
    Replan,
    Route,
    Step,
    Totals,
    Uncovered,
    UncoveredReason,
    Wage,
    Waiting,
)

if TYPE_CHECKING:
    from gapplan.planning._context import Context
    from gapplan.planning._instance import Instance
    from gapplan.planning._solver import Check, Level, PlanModel, Result
    from gapplan.planning.schedule import Node

# Lower is easier for the user to change: shown first when several reasons apply.
_REASON_RANK: dict[UncoveredReason, int] = {
    "delivery": 0,
    "excluded": 1,
    "location": 2,
    "needs-experience": 3,
    "not-in-catalog": 4,
    "durable": 5,
}


@dataclass
class _Setup:
    ctx: Context
    inst: Instance
    model: PlanModel
    levels: list[Level]
    parallel: int


def make_plan(
    catalog: Catalog,
    profile: Profile,
    goal: str,
    *,
    today: date,
    explain: bool = False,
    parallel: int = 1,
    time_limit: float = 10.0,
    current_wage: float | None = None,
) -> Plan:
    """analyse the gap at the plan's start -> the path and the ``now`` steps -> the calendar, with the
    cost of keeping the path's credentials and whether it pays (``current_wage``, else the current
    role's median)."""
    from gapplan.errors import InputError
    from gapplan.planning.gap import analyse

    if parallel < 1:
        raise InputError(f"parallel must be at least 1 (got {parallel})")
    budget = profile.budget
    start = budget.start
    assumed = False
    if start is None and budget.deadline is not None:
        start, assumed = today, True
    if start is not None and budget.deadline is not None and budget.deadline < start:
        raise InputError("budget.deadline is before budget.start")
    gap = analyse(
        catalog, profile, goal, include_preferred=profile.preferences.include_preferred, today=start or today
    )
    from gapplan.planning.economics import with_economics

    plan = plan_gap(
        catalog,
        profile,
        gap,
        start=start,
        start_assumed=assumed,
        explain=explain,
        parallel=parallel,
        time_limit=time_limit,
    )
    return with_economics(catalog, plan, profile, current_wage=current_wage)


def plan_gap(
    catalog: Catalog,
    profile: Profile,
    gap: Gap,
    *,
    start: date | None,
    start_assumed: bool = False,
    explain: bool = False,
    parallel: int = 1,
    time_limit: float = 10.0,
) -> Plan:
    """The plan for an analysed ``gap`` (DESIGN.md "The planning problem")."""
    from gapplan.planning._context import Context
    from gapplan.planning._instance import build_instance
    from gapplan.planning._solver import PlanModel
    from gapplan.planning.schedule import weeks_available

    budget = profile.budget
    prefs = profile.preferences
    ctx = Context.of(catalog, profile, gap)
    inst = build_instance(ctx, gap)
    model = PlanModel(inst, time_limit=time_limit)
    primary: Level = "cost" if prefs.optimize == "cost" else "hours"
    secondary: Level = "hours" if primary == "cost" else "cost"
    levels: list[Level] = ["groups", "required", "preferred", primary, secondary, "weeks", "durable", "tie"]
    setup = _Setup(ctx, inst, model, levels, parallel)
    weeks_budget = weeks_available(start, budget.deadline) if start and budget.deadline else None
    budgeted = budget.usd is not None or budget.hours is not None or weeks_budget is not None

    path_res = model.lexicographic(levels)
    if path_res.chosen is None:  # only when the time limit ended the first solve
        path_res.chosen, path_res.optimal = [], False
    optimal = path_res.optimal
    mip_gap = path_res.mip_gap
    blocked_groups = [g for g, lic in enumerate(gap.licenses) if not _met(inst, path_res.chosen, g)]
    if blocked_groups:
        return _blocked_plan(setup, profile, gap, blocked_groups, start, start_assumed, optimal)

    path = list(path_res.chosen)
    path_keep = path_res.keep_weeks
    now = list(path)
    now_keep = path_keep
    furthest: Route | None = None
    if budgeted:
        check = _deadline_check(setup, weeks_budget)
        model.set_budgets(budget.usd, budget.hours, weeks_budget, parallel)
        assert path_res.values is not None
        floors: dict[Level, float] = {w: path_res.values[w] for w in ("groups", "required", "preferred")}
        fit = model.lexicographic(levels[3:], check=check, floors=floors)
        if fit.chosen is not None:
            path = now = list(fit.chosen)
            path_keep = now_keep = fit.keep_weeks
            optimal = optimal and fit.optimal
            mip_gap = max(mip_gap, fit.mip_gap)
        else:
            # Nothing reaches the path's coverage within the budgets, so neither the path's steps nor any
            # others reach everything coverable: the upper-bound trial would be infeasible.
            model.restrict(set(path))
            sub = model.lexicographic(levels, check=check, try_upper=False)
            model.restrict(None)
            now = list(sub.chosen or [])
            now_keep = sub.keep_weeks if sub.chosen else 0.0
            optimal = optimal and sub.optimal
            mip_gap = max(mip_gap, sub.mip_gap)
            if explain:
                best = model.lexicographic(levels, check=check, try_upper=False)
                if best.chosen is not None and set(best.chosen) != set(now):
                    furthest = Route(
                        credentials=tuple(sorted(inst.ids[c] for c in best.chosen)),
                        cost_usd=math.fsum(inst.cost[c] for c in best.chosen),
                        hours=math.fsum(inst.hours[c] for c in best.chosen),
                        covers_required=int(model.value(best.chosen, 0.0, "required")),
                        path_covers_required=int(model.value(now, 0.0, "required")),
                    )
        model.end_budgets()
    replans: dict[str, Replan] = {}
    if explain:
        replans = _replans(setup, gap, path)
    plan = _assemble(setup, profile, gap, path, path_keep, now, now_keep, start, replans)
    return plan.model_copy(
        update={
            "optimal": optimal,
            "mip_gap": 0.0 if optimal else mip_gap,
            "budget_weeks": weeks_budget,
            "start_assumed": start_assumed,
            "furthest_now": furthest,
        }
    )


def _met(inst: Instance, chosen: list[int], g: int) -> bool:
    return bool(set(chosen).intersection(inst.group_cover[g]))


# --------------------------------------------------------------------------- steps on the calendar


def _nodes(setup: _Setup, cols: list[int], keep: float, later: set[int], later_keep: float) -> list[Node]:
    """Schedule nodes for chosen columns (and keep-working weeks), with their hard edges."""
    from gapplan.planning._instance import KEEP_WORKING
    from gapplan.planning._order import order_columns
    from gapplan.planning.schedule import Node

    ctx, inst = setup.ctx, setup.inst
    creds = ctx.catalog.credential_by_id
    placed, stuck = order_columns(inst, cols)
    position = {c: i for i, c in enumerate([*placed, *stuck])}
    nodes: list[Node] = []
    keep_now = math.ceil(keep - 1e-9) if keep > 0 else 0
    keep_later = math.ceil(later_keep - 1e-9) - keep_now if later_keep > keep else 0
    if keep_now:
        nodes.append(Node(KEEP_WORKING, keep_now, True))
    if keep_later > 0:
        nodes.append(Node(KEEP_WORKING + "-more", keep_later, True, later=True, hard={KEEP_WORKING}))
    for c in cols:
        cid = inst.ids[c]
        cred = creds[cid]
        hard: set[str] = set()
        for need in inst.needs[c]:
            used = [p for p in need if p in position and position[p] < position[c]]
            if used:
                hard.add(inst.ids[min(used, key=position.__getitem__)])
        for area, _ in inst.exp[c]:
            hard.update(
                inst.ids[s] for s in inst.grants.get(area, {}) if s in position and position[s] < position[c]
            )
        if inst.keep_need[c] > 0:
            hard.add(KEEP_WORKING)
            if c in later and keep_later > 0:
                hard.add(KEEP_WORKING + "-more")
        best: dict[str, int] = {}
        for g in cred.grants:
            best[g.skill] = max(best.get(g.skill, 0), g.level)
        mean = sum(best.values()) / len(best) if best else 0.0
        nodes.append(Node(cid, inst.weeks[c], inst.work[c], c in later, hard, best, mean, inst.auto[c]))
    return nodes


def _builds_on(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    return {s.id: s.builds_on for s in catalog.skills if s.builds_on}


def _deadline_check(setup: _Setup, weeks_budget: int | None) -> Check | None:
    """The solver's check of a selection against the deadline, in the plan's own schedule."""
    from gapplan.planning.schedule import finish

    if weeks_budget is None:
        return None
    builds_on = _builds_on(setup.ctx.catalog)

    def check(chosen: list[int], keep: float) -> bool:
        nodes = _nodes(setup, chosen, keep, set(), keep)
        return finish(nodes, builds_on, setup.parallel) <= weeks_budget

    return check


def _assemble(
    setup: _Setup,
    profile: Profile,
    gap: Gap,
    path: list[int],
    path_keep: float,
    now: list[int],
    now_keep: float,
    start: date | None,
    replans: dict[str, Replan],
) -> Plan:
    from gapplan.planning._instance import KEEP_WORKING
    from gapplan.planning.schedule import dates, graph, lay_out, order

    ctx, inst = setup.ctx, setup.inst
    catalog = ctx.catalog
    creds = catalog.credential_by_id
    now_set = set(now)
    later = set(path) - now_set
    nodes = _nodes(setup, sorted(path), now_keep, later, path_keep)
    g = graph(nodes, _builds_on(catalog))
    sequence = order(nodes, g)
    slots = lay_out(nodes, g, sequence, setup.parallel)
    by_id = {n.id: n for n in nodes}
    col = {cid: i for i, cid in enumerate(inst.ids)}

    required: dict[str, int] = {}
    for item in gap.items:
        required[item.skill] = max(required.get(item.skill, 0), item.required_level)
    mandatory = {c for lic in gap.licenses for c in lic.any_of}
    reached: dict[str, int] = dict(gap.current_levels)
    hpw = profile.budget.hours_per_week
    steps: list[Step] = []
    for i, sid in enumerate(sequence):
        node = by_id[sid]
        slot = slots[sid]
        after = tuple(p for p in sequence if g.has_edge(p, sid) and g.edges[p, sid]["hard"])
        unlocks = tuple(s for s in sequence if g.has_edge(sid, s) and g.edges[sid, s]["hard"])
        begin = end = None
        if start is not None:
            begin, end = dates(start, slot)
        phase = "later" if node.later else "now"
        if sid.startswith(KEEP_WORKING):
            years = node.weeks / 52
            more = " more" if sid != KEEP_WORKING else ""
            steps.append(
                Step(
                    order=i + 1,
                    credential=sid,
                    name=f"Keep working in your current role ({years:.1f}{more} years)",
                    issuer="Your current employer",
                    kind="work-experience",
                    cost_usd=0,
                    hours=0,
                    covers=(),
                    unlocks=unlocks,
                    after=after,
                    start_week=slot.start_week,
                    end_week=slot.end_week,
                    phase=phase,
                    weeks=node.weeks,
                    work=True,
                    experience=tuple(
                        AreaYears(area=a, years=round(years, 2)) for a in sorted(ctx.keep_areas) if a
                    ),
                    start=begin,
                    end=end,
                )
            )
            continue
        cred = creds[sid]
        covers: list[Cover] = []
        best: dict[str, int] = {}
        for gr in cred.grants:
            best[gr.skill] = max(best.get(gr.skill, 0), gr.level)
        for skill, level in sorted(best.items()):
            if skill in required and level > reached.get(skill, 0):
                covers.append(Cover(skill=skill, level=min(level, 5)))
                reached[skill] = level
        needs, exps, unmet = ctx.needs(cred)
        needs_text = [
            ("recommended: " if n.recommended else "requires ") + n.label for n in needs if n.kind != "part"
        ]
        needs_text += [("recommended: " if e.recommended else "requires ") + e.label for e in exps]
        full_time = bool(cred.weeks and cred.hours / cred.weeks > hpw + 1e-9)
        steps.append(
            Step(
                order=i + 1,
                credential=sid,
                name=cred.name,
                issuer=cred.issuer,
                kind=cred.kind,
                cost_usd=cred.cost_usd,
                hours=ctx.hours(cred),
                covers=tuple(covers),
                unlocks=unlocks,
                after=after,
                mandatory=sid in mandatory,
                locked=sid in ctx.locked,
                hours_done=ctx.hours_done.get(sid, 0.0),
                awarded_by_parts=inst.auto[col[sid]],
                start_week=slot.start_week,
                end_week=slot.end_week,
                phase=phase,
                replan=replans.get(sid),
                weeks=node.weeks,
                full_time=full_time,
                work=cred.kind in EXPERIENCE_KINDS,
                experience=cred.grants_experience if cred.kind in EXPERIENCE_KINDS else (),
                needs=tuple(needs_text),
                unmet_recommendations=tuple(f"recommended: {u} (no step can meet it)" for u in unmet),
                url=cred.url,
                start=begin,
                end=end,
            )
        )
    now_steps = [s for s in steps if s.phase == "now"]
    later_steps = [s for s in steps if s.phase == "later"]
    now_weeks = max((s.end_week for s in now_steps), default=0)
    path_weeks = max((s.end_week for s in steps), default=0)
    now_totals = Totals(
        cost_usd=math.fsum(s.cost_usd for s in now_steps),
        hours=math.fsum(s.hours for s in now_steps),
        weeks=now_weeks,
    )
    path_totals = Totals(
        cost_usd=math.fsum(s.cost_usd for s in steps),
        hours=math.fsum(s.hours for s in steps),
        weeks=path_weeks,
    )
    uncovered, waiting = _coverage(
        setup, gap, [inst.ids[c] for c in path], [inst.ids[c] for c in now], later_steps
    )
    required_open = any(not (u.preferred or u.durable) for u in uncovered) or any(
        not (w.preferred or w.durable) for w in waiting
    )
    budget = profile.budget
    return Plan(
        goal=gap.role,
        goal_name=gap.role_name,
        status="partial" if required_open else "complete",
        client=profile.name,
        optimal=True,
        objective=profile.preferences.optimize,
        budget_usd=budget.usd,
        budget_hours=budget.hours,
        hours_per_week=hpw,
        parallel=setup.parallel,
        start=start,
        deadline=budget.deadline,
        gap=gap,
        steps=tuple(steps),
        totals=PlanTotals(now=now_totals, path=path_totals),
        uncovered=tuple(uncovered),
        waiting=tuple(waiting),
        wages=_wages(catalog, gap.role, profile.state),
        notes=tuple(_progress_notes(ctx, profile, {inst.ids[c] for c in path})),
        licenses_vary=profile.state is None
        and any(
            creds[c].jurisdiction is not None
            for c in {m for g in catalog.role_by_id[gap.role].mandatory for m in g}
            if c in creds
        ),
    )


def _progress_notes(ctx: Context, profile: Profile, path: set[str]) -> list[str]:
    """Started or locked credentials the plan does not contain, and why: never dropped silently."""
    creds = ctx.catalog.credential_by_id
    notes: list[str] = []
    for cid in sorted({p.id for p in profile.in_progress} | set(profile.locked)):
        if cid in path or cid in ctx.held:
            continue
        cred = creds.get(cid)
        started = "started" if cid in ctx.hours_done else "locked"
        if cred is None:
            notes.append(f"{started} credential {cid} is not in the catalog")
            continue
        why = ctx.blocked(cred)
        if why == "excluded":
            notes.append(f"{started} credential {cid} is left out: it is excluded")
        elif why == "delivery":
            notes.append(
                f"{started} credential {cid} is left out: it is {cred.delivery}, outside your delivery"
            )
        elif why == "location":
            notes.append(f"{started} credential {cid} is left out: it is a license of {cred.jurisdiction}")
        elif started == "locked":
            notes.append(
                f"locked credential {cid} cannot be placed in any plan (its prerequisites cannot be met)"
            )
        else:
            notes.append(
                f"started credential {cid} is not on the optimal path to this role; lock it to keep it"
            )
    return notes


def _wages(catalog: Catalog, role_id: str, state: str | None) -> tuple[Wage, ...]:
    role = catalog.role_by_id[role_id]
    found = [catalog.wage(role, "US"), catalog.wage(role, f"US-{state}") if state else None]
    return tuple(w for w in found if w is not None)


# --------------------------------------------------------------------------- coverage and reasons


def _levels(catalog: Catalog, gap: Gap, chosen: list[str]) -> dict[str, int]:
    levels = dict(gap.current_levels)
    for cid in chosen:
        for g in catalog.credential_by_id[cid].grants:
            levels[g.skill] = max(levels.get(g.skill, 0), g.level)
    return levels


def _coverage(
    setup: _Setup, gap: Gap, path: list[str], now: list[str], later_steps: list[Step]
) -> tuple[list[Uncovered], list[Waiting]]:
    ctx = setup.ctx
    catalog = ctx.catalog
    creds = catalog.credential_by_id
    at_path = _levels(catalog, gap, path)
    at_now = _levels(catalog, gap, now)
    uncovered: list[Uncovered] = []
    waiting: list[Waiting] = []
    for item in gap.items:
        target = item.required_level
        if at_path.get(item.skill, 0) < target:
            if item.durable:
                reason: UncoveredReason = "durable"
                detail = (
                    f"{item.name} is developed on the job and in practice; no step of the path brings it to "
                    f"level {target}"
                )
            else:
                providers = list(ctx.index.granting(item.skill, target))
                reason, detail = _explain_blocked(ctx, providers, f"{item.name} at level {target}")
            uncovered.append(
                Uncovered(
                    skill=item.skill,
                    name=item.name,
                    required_level=target,
                    reached_level=at_path.get(item.skill, 0),
                    weight=item.weight,
                    preferred=item.preferred,
                    durable=item.durable,
                    reason=reason,
                    detail=detail,
                )
            )
        elif at_now.get(item.skill, 0) < target:
            bringers = tuple(
                s.credential
                for s in later_steps
                if s.credential in creds
                and any(g.skill == item.skill and g.level >= target for g in creds[s.credential].grants)
            )
            waiting.append(
                Waiting(
                    skill=item.skill,
                    name=item.name,
                    required_level=target,
                    reached_now=at_now.get(item.skill, 0),
                    preferred=item.preferred,
                    durable=item.durable,
                    steps=bringers,
                )
            )
    now_set = set(now)
    for lic in gap.licenses:
        if not now_set.intersection(lic.any_of):
            name = " or ".join(creds[c].name if c in creds else c for c in lic.any_of)
            waiting.append(
                Waiting(
                    credential_group=lic.any_of,
                    name=name,
                    steps=tuple(s.credential for s in later_steps if s.credential in lic.any_of),
                )
            )
    return uncovered, waiting


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
    if why == "delivery":
        wanted = ", ".join(sorted(ctx.delivery))
        return "delivery", f"{cid} is {cred.delivery}, outside the preferred delivery ({wanted})"
    if why == "location":
        return "location", f"{cid} is a license of {cred.jurisdiction}, not of {ctx.state}"
    needs, exps, _ = ctx.needs(cred)
    for exp in exps:
        if not ctx.exp_satisfiable(exp, reach, cid):
            return "needs-experience", f"{cid} needs {exp.label}, which no eligible work stage gives"
    for need in needs:
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
    if not providers:
        return "not-in-catalog", f"no credential in the catalog grants {what}"
    reach = ctx.reachable_hard()
    found = [_blocker(ctx, reach, p, frozenset()) for p in sorted(providers)]
    reason = min((r for r, _ in found), key=_REASON_RANK.__getitem__)
    texts = [t for r, t in found if r == reason]
    more = f" (and {len(texts) - 3} more)" if len(texts) > 3 else ""
    return reason, "; ".join(texts[:3]) + more


def _blocked_plan(
    setup: _Setup,
    profile: Profile,
    gap: Gap,
    groups: list[int],
    start: date | None,
    start_assumed: bool,
    optimal: bool,
) -> Plan:
    ctx = setup.ctx
    creds = ctx.catalog.credential_by_id
    texts: list[str] = []
    for g in groups:
        lic = gap.licenses[g]
        members = [c for c in lic.any_of if c in creds]
        name = " or ".join(creds[c].name if c in creds else c for c in lic.any_of)
        if not members:
            texts.append(f"the role requires {name}, which is not in the catalog")
            continue
        _, detail = _explain_blocked(ctx, members, name)
        texts.append(f"the role requires {name}, which cannot be reached: {detail}")
    budget = profile.budget
    zero = Totals(cost_usd=0, hours=0, weeks=0)
    return Plan(
        goal=gap.role,
        goal_name=gap.role_name,
        status="blocked",
        client=profile.name,
        wages=_wages(ctx.catalog, gap.role, profile.state),
        blocked_by="; ".join(texts),
        optimal=optimal,
        objective=profile.preferences.optimize,
        budget_usd=budget.usd,
        budget_hours=budget.hours,
        hours_per_week=budget.hours_per_week,
        parallel=setup.parallel,
        start=start,
        deadline=budget.deadline,
        start_assumed=start_assumed,
        gap=gap,
        steps=(),
        totals=PlanTotals(now=zero, path=zero),
        uncovered=(),
    )


# --------------------------------------------------------------------------- --explain


def _replans(setup: _Setup, gap: Gap, path: list[int]) -> dict[str, Replan]:
    """For each step of the path: the best plan without it (the same model, one bound changed)."""
    inst, model = setup.inst, setup.model
    creds = setup.ctx.catalog.credential_by_id
    old = set(path)
    at_path = _levels(setup.ctx.catalog, gap, [inst.ids[c] for c in path])
    out: dict[str, Replan] = {}
    for c in sorted(path):
        if inst.auto[c]:
            continue
        model.forbid([c])
        res: Result = model.lexicographic(setup.levels)
        model.allow([c])
        if res.chosen is None:
            continue
        new = set(res.chosen)
        adds = tuple(
            Alternative(
                credential=inst.ids[a],
                name=creds[inst.ids[a]].name,
                cost_usd=inst.cost[a],
                hours=inst.hours[a],
            )
            for a in sorted(new - old)
        )
        at_new = _levels(setup.ctx.catalog, gap, [inst.ids[x] for x in new])
        loses = tuple(
            sorted(
                {
                    i.skill
                    for i in gap.items
                    if at_path.get(i.skill, 0) >= i.required_level > at_new.get(i.skill, 0)
                }
            )
        )
        out[inst.ids[c]] = Replan(
            adds=adds,
            drops=tuple(sorted(inst.ids[d] for d in old - new if d != c)),
            extra_cost_usd=round(
                math.fsum(inst.cost[x] for x in new) - math.fsum(inst.cost[x] for x in old), 2
            ),
            extra_hours=round(
                math.fsum(inst.hours[x] for x in new) - math.fsum(inst.hours[x] for x in old), 2
            ),
            loses=loses,
        )
    return out
