"""Property tests: on small random catalogs the planner equals a brute-force optimum, respects budgets and
orders prerequisites first, and gives the same plan for a shuffled catalog."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from factories import TODAY, cred, profile, role
from factories import catalog as make_catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapplan.models import Catalog, Credential, Delivery, Gap, Plan, Profile
from gapplan.planning.gap import analyse
from gapplan.planning.planner import solve

SKILLS = ["s0", "s1", "s2", "s3", "s4", "s5"]


@dataclass(frozen=True)
class Case:
    catalog: Catalog
    profile: Profile
    seed: int


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n_skills = draw(st.integers(4, 6))
    skills = SKILLS[:n_skills]
    skill_st = st.sampled_from(skills)
    n = draw(st.integers(1, 10))
    ids = [f"c{i:02d}" for i in range(n)]
    creds: list[Credential] = []
    for i, cid in enumerate(ids):
        grants = draw(st.dictionaries(skill_st, st.integers(2, 5), min_size=1, max_size=3))
        requires: list[str | tuple[str, ...]] = []
        if i and draw(st.integers(0, 9)) < 3:  # any-of credential prerequisites on earlier ids: no cycles
            group = draw(st.lists(st.sampled_from(ids[:i]), min_size=1, max_size=2, unique=True))
            requires.append(group[0] if len(group) == 1 else tuple(group))
        skill_needs = []
        if draw(st.integers(0, 9)) < 3:  # skill prerequisites may close only through loops
            skill_needs.append((draw(skill_st), draw(st.integers(1, 3))))
        creds.append(
            cred(
                cid,
                cost=draw(st.integers(0, 400)),
                hours=draw(st.integers(0, 80)),
                grants=grants.items(),
                requires=requires,
                skills=skill_needs,
                experience=draw(st.sampled_from([0, 0, 0, 2, 5])),
                delivery=draw(st.sampled_from(["online", "online", "in-person"])),
            )
        )
    if n >= 3 and draw(st.integers(0, 2)):  # a stack over two other credentials
        parts = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        zero = draw(st.booleans())
        creds.append(
            cred(
                "c99",
                cost=0 if zero else draw(st.integers(0, 100)),
                hours=0 if zero else draw(st.integers(0, 20)),
                grants=draw(st.dictionaries(skill_st, st.integers(1, 5), min_size=1, max_size=2)).items(),
                parts=sorted(parts),
            )
        )
    all_ids = [c.id for c in creds]
    req = draw(st.lists(skill_st, min_size=1, max_size=4, unique=True))
    pref = draw(
        st.lists(st.sampled_from([s for s in skills if s not in req] or skills), max_size=2, unique=True)
    )
    mandatory: list[str | tuple[str, ...]] = []
    if draw(st.integers(0, 3)) == 0:
        group = draw(st.lists(st.sampled_from(all_ids), min_size=1, max_size=2, unique=True))
        mandatory.append(group[0] if len(group) == 1 else tuple(group))
    goal = role(
        "goal",
        requires=[(s, draw(st.integers(1, 3)), draw(st.integers(1, 5))) for s in req],
        prefers=[(s, draw(st.integers(1, 4)), draw(st.integers(1, 5))) for s in pref if s not in req],
        mandatory=mandatory,
    )
    held_skills = draw(
        st.lists(
            st.tuples(skill_st, st.integers(1, 4), st.sampled_from([2026, 2020])),
            max_size=3,
        )
    )
    held = draw(st.lists(st.sampled_from(all_ids), max_size=2, unique=True))
    budget_usd = draw(st.one_of(st.none(), st.integers(0, 800).map(float)))
    budget_hours = draw(st.one_of(st.none(), st.integers(0, 150).map(float)))
    delivery: tuple[Delivery, ...] = draw(st.sampled_from([(), (), ("online",)]))
    prof = profile(
        skills=held_skills,
        credentials=held,
        experience=draw(st.sampled_from([0, 3, 6])),
        usd=budget_usd,
        hours=budget_hours,
        optimize=draw(st.sampled_from(["cost", "hours"])),
        delivery=delivery,
        exclude=draw(st.lists(st.sampled_from(all_ids), max_size=1)),
        include_preferred=draw(st.booleans()),
    )
    return Case(make_catalog(skills, creds, [goal]), prof, draw(st.integers(0, 2**16)))


# --------------------------------------------------------------------------- an independent brute force


def _needs_met(c: Credential, have: set[str], levels: dict[str, int]) -> bool:
    groups = all(have.intersection((g,) if isinstance(g, str) else g) for g in c.requires.credentials)
    skills = all(levels.get(r.skill, 0) >= r.level for r in c.requires.skills)
    return groups and skills and all(p in have for p in c.parts)


def _orderable(cat: Catalog, gap: Gap, chosen: set[str]) -> bool:
    have = set(gap.held_credentials)
    levels = dict(gap.current_levels)
    left = set(chosen)
    while left:
        ready = [c for c in sorted(left) if _needs_met(cat.credential_by_id[c], have, levels)]
        if not ready:
            return False
        for cid in ready:
            have.add(cid)
            left.discard(cid)
            for g in cat.credential_by_id[cid].grants:
                levels[g.skill] = max(levels.get(g.skill, 0), g.level)
    return True


def _eligible(c: Credential, prof: Profile, gap: Gap) -> bool:
    prefs = prof.preferences
    return (
        c.id not in gap.held_credentials
        and c.id not in prefs.exclude
        and (not prefs.delivery or c.delivery in prefs.delivery)
        and c.requires.experience_years <= prof.experience_years
    )


def _auto(c: Credential, gap: Gap) -> bool:
    """Awarded with its parts: no cost or hours, no prerequisites beyond parts that holdings leave open."""
    held = set(gap.held_credentials)
    return (
        bool(c.parts)
        and c.cost_usd == 0
        and c.hours == 0
        and _needs_met(c.model_copy(update={"parts": ()}), held, gap.current_levels)
    )


def _vector(cat: Catalog, gap: Gap, prof: Profile, chosen: set[str], autos: set[str]) -> tuple[float, ...]:
    rank = {cid: i + 1 for i, cid in enumerate(sorted(cat.credential_by_id))}
    everything = chosen | autos

    def covers(skill: str, level: int) -> bool:
        return any(
            g.skill == skill and g.level >= level for c in everything for g in cat.credential_by_id[c].grants
        )

    groups = sum(1 for lic in gap.licenses if everything.intersection(lic.any_of))
    req = sum(i.weight for i in gap.items if not i.preferred and covers(i.skill, i.required_level))
    pref = sum(i.weight for i in gap.items if i.preferred and covers(i.skill, i.required_level))
    cost = sum(cat.credential_by_id[c].cost_usd for c in chosen)
    hours = sum(cat.credential_by_id[c].hours for c in chosen)
    first, second = (cost, hours) if prof.preferences.optimize == "cost" else (hours, cost)
    return (-groups, -req, -pref, first, second, sum(rank[c] for c in chosen))


def brute_force(cat: Catalog, prof: Profile, gap: Gap) -> tuple[float, ...]:
    candidates = [c for c in cat.credentials if _eligible(c, prof, gap)]
    free = [c.id for c in candidates if not _auto(c, gap)]
    autos = [c for c in candidates if _auto(c, gap)]
    held = set(gap.held_credentials)
    budget = prof.budget
    best: tuple[float, ...] | None = None
    for k in range(len(free) + 1):
        for subset in itertools.combinations(free, k):
            chosen = set(subset)
            cost = sum(cat.credential_by_id[c].cost_usd for c in chosen)
            hours = sum(cat.credential_by_id[c].hours for c in chosen)
            if (budget.usd is not None and cost > budget.usd) or (
                budget.hours is not None and hours > budget.hours
            ):
                continue
            awarded: set[str] = set()
            grew = True
            while grew:
                grew = False
                for a in autos:
                    if a.id not in awarded and all(p in held | chosen | awarded for p in a.parts):
                        awarded.add(a.id)
                        grew = True
            if not _orderable(cat, gap, chosen | awarded):
                continue
            vec = _vector(cat, gap, prof, chosen, awarded)
            if best is None or vec < best:
                best = vec
    assert best is not None  # the empty selection is always feasible
    return best


def plan_vector(cat: Catalog, gap: Gap, prof: Profile, plan: Plan) -> tuple[float, ...]:
    chosen = {s.credential for s in plan.steps if not s.awarded_by_parts}
    autos = {s.credential for s in plan.steps if s.awarded_by_parts}
    return _vector(cat, gap, prof, chosen, autos)


def _shuffled(cat: Catalog, seed: int) -> Catalog:
    rng = random.Random(seed)
    skills, creds = list(cat.skills), list(cat.credentials)
    rng.shuffle(skills)
    rng.shuffle(creds)
    return Catalog(skills=tuple(skills), credentials=tuple(creds), roles=cat.roles)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_plan_is_a_valid_brute_force_optimum_and_independent_of_catalog_order(case: Case) -> None:
    cat, prof = case.catalog, case.profile
    gap = analyse(cat, prof, "goal", include_preferred=prof.preferences.include_preferred, today=TODAY)

    plan = solve(cat, prof, gap)

    assert plan.optimal
    budget = prof.budget
    assert budget.usd is None or plan.totals.cost_usd <= budget.usd + 1e-9
    assert budget.hours is None or plan.totals.hours <= budget.hours + 1e-9
    have = set(gap.held_credentials)
    levels = dict(gap.current_levels)
    for step in plan.steps:
        assert _needs_met(cat.credential_by_id[step.credential], have, levels), step.credential
        have.add(step.credential)
        for g in cat.credential_by_id[step.credential].grants:
            levels[g.skill] = max(levels.get(g.skill, 0), g.level)
    assert plan_vector(cat, gap, prof, plan) == brute_force(cat, prof, gap)
    again = solve(_shuffled(cat, case.seed), prof, gap)
    assert again.model_dump_json() == plan.model_dump_json()
