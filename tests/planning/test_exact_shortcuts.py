"""The planner's exact shortcuts, each giving what the plain way gives: the folded objective (consecutive
levels solved as one weighted sum only where that is exact), dropping candidates no order can reach, and
reachability found over what the asked credentials depend on."""

from __future__ import annotations

import random

import pytest
from factories import TODAY, catalog, cred, profile, role

from gapplan.models import Budget, Catalog, Credential, Preferences, Profile
from gapplan.planning import _solver
from gapplan.planning._context import Context
from gapplan.planning._instance import build_instance
from gapplan.planning._solver import PlanModel
from gapplan.planning.gap import analyse
from gapplan.planning.planner import plan_gap

SKILLS = [f"s{i}" for i in range(6)]
LEVELS: list[_solver.Level] = ["groups", "required", "preferred", "cost", "hours", "weeks", "durable", "tie"]


def random_catalog(seed: int, cents: bool) -> Catalog:
    """Near-equal credentials (ties on cost, hours or both), prerequisites and skill needs."""
    rng = random.Random(seed)
    creds: list[Credential] = []
    for i in range(14):
        grants = {(rng.choice(SKILLS), rng.randint(1, 4)) for _ in range(rng.randint(1, 3))}
        cost = float(rng.choice([50, 50, 100, 100, 150, 0]))
        if cents:
            cost += rng.choice([0.0, 0.5, 0.99])
        requires = [f"c{rng.randrange(i):02d}"] if i and rng.random() < 0.25 else []
        creds.append(
            cred(
                f"c{i:02d}",
                cost=cost,
                hours=float(rng.choice([10, 10, 20, 40])),
                grants=sorted(dict(grants).items()),
                requires=requires,
            )
        )
    goal = role("goal", requires=[(s, rng.randint(2, 4), rng.randint(1, 3)) for s in SKILLS[:4]])
    return catalog(SKILLS, creds, [goal])


def plans(cat: Catalog, prof: Profile) -> str:
    gap = analyse(cat, prof, "goal", include_preferred=False, today=TODAY)
    return plan_gap(cat, prof, gap, start=None).model_dump_json()


@pytest.mark.parametrize("seed", range(12))
def test_folded_levels_give_the_same_plan_as_one_solve_per_level(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    cat = random_catalog(seed, cents=seed % 2 == 1)
    profiles = [
        profile(),
        profile().model_copy(update={"preferences": Preferences(optimize="hours")}),
        profile().model_copy(update={"budget": Budget(usd=150.0, hours=40.0)}),
    ]
    folded = [plans(cat, p) for p in profiles]
    monkeypatch.setattr(_solver, "FOLD_LIMIT", 0.0)
    assert [plans(cat, p) for p in profiles] == folded


def model_for(creds: list[Credential]) -> PlanModel:
    goal = role("goal", requires=[("s0", 3, 1)])
    cat = catalog(SKILLS, creds, [goal])
    prof = profile()
    gap = analyse(cat, prof, "goal", include_preferred=False, today=TODAY)
    return PlanModel(build_instance(Context.of(cat, prof, gap), gap), time_limit=10)


def shape(model: PlanModel) -> list[list[str]]:
    return [[what for what, _, _ in levels] for levels, _ in model.segments(LEVELS[3:])]


def test_whole_dollars_fold_every_level_after_coverage_into_one_solve() -> None:
    model = model_for(
        [cred("a", cost=60, hours=10, grants=[("s0", 2)]), cred("b", cost=80, grants=[("s0", 3)])]
    )

    assert shape(model) == [["cost", "hours", "weeks", "tie"]]
    _, folded = model.segments(LEVELS[3:])[0]
    # Columns a, b: ranks 1 and 2 (span 3), a week each (span 2), 10 hours each (span 20).
    w_weeks = 1 + 3
    w_hours = 1 + 3 + w_weeks * 2
    w_cost = 1 + 3 + w_weeks * 2 + w_hours * 20
    assert folded == {
        0: w_cost * 60 + w_hours * 10 + w_weeks + 1,
        1: w_cost * 80 + w_hours * 10 + w_weeks + 2,
    }


def test_levels_whose_coefficients_no_scale_makes_whole_are_solved_alone() -> None:
    model = model_for(
        [cred("a", cost=60.125, hours=10, grants=[("s0", 2)]), cred("b", cost=80, grants=[("s0", 3)])]
    )

    assert shape(model) == [["cost"], ["hours", "weeks", "tie"]]


def test_a_fold_over_the_limit_is_split(monkeypatch: pytest.MonkeyPatch) -> None:
    model = model_for(
        [cred("a", cost=60, hours=10, grants=[("s0", 2)]), cred("b", cost=80, grants=[("s0", 3)])]
    )
    monkeypatch.setattr(_solver, "FOLD_LIMIT", 0.0)

    assert shape(model) == [["cost"], ["hours"], ["weeks"], ["tie"]]


def test_a_candidate_needing_more_experience_than_every_source_gives_is_left_out_of_the_model() -> None:
    creds = [
        cred("senior", cost=10, grants=[("s0", 3)], skills=[("s1", 1)], experience=5),
        cred("intro", cost=10, grants=[("s1", 1)]),
        cred("junior-job", cost=0, grants=[], kind="work-experience"),
        cred("plain", cost=500, grants=[("s0", 3)]),
    ]
    goal = role("goal", requires=[("s0", 3, 1)])
    cat = catalog(SKILLS, creds, [goal])
    prof = profile()
    gap = analyse(cat, prof, "goal", include_preferred=False, today=TODAY)

    inst = build_instance(Context.of(cat, prof, gap), gap)

    # the job gives a year at most, "senior" needs 5: neither it nor its prerequisite is a candidate
    assert inst.ids == ["plain"]


@pytest.mark.parametrize("seed", range(6))
def test_reachability_over_what_a_credential_depends_on_matches_the_whole_catalogs(seed: int) -> None:
    from gapplan.catalog import load_catalog
    from gapplan.models import EXPERIENCE_KINDS, HeldSkill

    cat = load_catalog().catalog
    rng = random.Random(seed)
    role = rng.choice(cat.roles)
    jobs = [c.id for c in cat.credentials if c.kind in EXPERIENCE_KINDS]
    prof = Profile(
        experience_years=float(rng.randint(0, 6)),
        skills=tuple(HeldSkill(skill=rs.skill, level=rng.randint(1, 4)) for rs in role.requires[:2]),
        credentials=tuple(rng.sample([c.id for c in cat.credentials], rng.randint(0, 3))),
        state=rng.choice([None, "FL", "NY"]),
        # without half the work stages, some credentials needing experience are out of reach
        preferences=Preferences(exclude=tuple(jobs[seed % 2 :: 2])),
    )
    gap = analyse(cat, prof, role.id, include_preferred=False, today=TODAY)
    plain = Context.of(cat, prof, gap)
    eligible = [c.id for c in cat.credentials if plain.eligible(c.id)]
    whole = plain.reachable(eligible, plain.hard_needs)  # the fixpoint over every eligible credential
    assert len(whole) < len(eligible)
    assert Context.of(cat, prof, gap).reachable_hard() == whole
    parts = Context.of(cat, prof, gap)
    ids = [c.id for c in cat.credentials]
    rng.shuffle(ids)
    for i in range(0, len(ids), 37):  # asked piecemeal: later answers reuse earlier ones
        chunk = ids[i : i + 37]
        assert parts.hard_reachable(chunk) == whole.intersection(chunk)
