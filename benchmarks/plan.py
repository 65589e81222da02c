"""Plan latency on synthetic catalogs of 100, 1,000 and 10,000 credentials: ``python benchmarks/plan.py``.

Prints p50/p90 in milliseconds of ``planner.plan_gap`` (gap already analysed) and ``planner.make_plan``
(analyse + solve + lay out) for 50 random profiles per size, once without a binding budget and once
with one, and how many plans were proven optimal. Targets: ``../shared/PERFORMANCE.md``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gapplan.models import (
    Budget,
    Catalog,
    Credential,
    Delivery,
    HeldSkill,
    Preferences,
    Profile,
    Requirements,
    Role,
    RoleSkill,
    Skill,
    SkillLevel,
)
from gapplan.planning._instance import catalog_index
from gapplan.planning.gap import analyse
from gapplan.planning.planner import make_plan, plan_gap

TODAY = date(2026, 6, 1)


def synthetic_catalog(n: int, seed: int) -> Catalog:
    """``n`` credentials in domains of about 200 (as real catalogs span industries), each domain with 30
    skills of uneven popularity, plus 15 skills shared by all domains; the role sits in domain 0."""
    rng = random.Random(seed)
    n_domains = max(1, n // 200)
    shared = [f"shared-{i:02d}" for i in range(15)]
    domain_skills = [[f"d{d:03d}-skill-{i:02d}" for i in range(30)] for d in range(n_domains)]
    skills = [
        Skill(id=s, name=s.replace("-", " "), category="technical")
        for s in shared + [s for group in domain_skills for s in group]
    ]
    popularity = [1.0 / (i + 1) ** 0.5 for i in range(30)]
    ids = [f"cred-{i:05d}" for i in range(n)]
    by_domain: list[list[str]] = [[] for _ in range(n_domains)]
    creds: list[Credential] = []

    def pick_skill(d: int) -> str:
        if rng.random() < 0.15:
            return rng.choice(shared)
        return domain_skills[d][rng.choices(range(30), popularity)[0]]

    for i, cid in enumerate(ids):
        d = rng.randrange(n_domains)
        chosen = {pick_skill(d) for _ in range(rng.randint(1, 4))}
        grants = tuple(
            SkillLevel(skill=s, level=rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5])) for s in sorted(chosen)
        )
        groups: tuple[str | tuple[str, ...], ...] = ()
        needs: tuple[SkillLevel, ...] = ()
        roll = rng.random()
        earlier = by_domain[d]
        if earlier and roll < 0.10:
            picks = sorted({rng.choice(earlier) for _ in range(rng.randint(1, 2))})
            groups = (picks[0] if len(picks) == 1 else tuple(picks),)
        elif roll < 0.20:
            needs = (SkillLevel(skill=pick_skill(d), level=rng.randint(1, 3)),)
        parts: tuple[str, ...] = ()
        if len(earlier) > 5 and rng.random() < 0.02:
            parts = tuple(sorted({rng.choice(earlier) for _ in range(3)}))
        zero = bool(parts) and rng.random() < 0.5
        delivery: Delivery = rng.choice(["online", "online", "online", "in-person", "hybrid"])
        cost = 0.0 if zero or rng.random() < 0.05 else float(rng.randint(20, 2000))
        creds.append(
            Credential(
                id=cid,
                name=f"Credential {i}",
                issuer="Synthetic",
                kind="certification",
                cost_usd=cost,
                hours=0.0 if zero else float(rng.randint(5, 300)),
                delivery=delivery,
                grants=grants,
                requires=Requirements(
                    credentials=groups,
                    skills=needs,
                    experience_years=float(rng.choice([0] * 19 + [rng.randint(2, 5)])),
                ),
                parts=parts,
            )
        )
        by_domain[d].append(cid)
    targets = rng.sample(domain_skills[0][:15], 6) + rng.sample(shared, 2)
    required = [RoleSkill(skill=s, level=rng.randint(2, 4), weight=rng.randint(1, 5)) for s in targets]
    preferred = [RoleSkill(skill=s, level=2, weight=2) for s in domain_skills[0][20:23]]
    role = Role(
        id="target",
        name="Target Role",
        industry="technology",
        requires=tuple(required),
        prefers=tuple(preferred),
    )
    return Catalog(skills=tuple(skills), credentials=tuple(creds), roles=(role,))


def random_profile(cat: Catalog, rng: random.Random, binding: bool) -> Profile:
    role = cat.roles[0]
    held = [
        HeldSkill(skill=rs.skill, level=rng.randint(1, 3), last_used=rng.choice([None, 2019, 2025]))
        for rs in rng.sample(role.requires, rng.randint(0, 4))
    ]
    budget = (
        Budget(usd=float(rng.randint(200, 1500)), hours=float(rng.randint(60, 400))) if binding else Budget()
    )
    return Profile(
        experience_years=float(rng.randint(0, 10)),
        skills=tuple(held),
        credentials=tuple(rng.sample([c.id for c in cat.credentials], rng.randint(0, 2))),
        budget=budget,
        preferences=Preferences(
            optimize=rng.choice(["cost", "cost", "hours"]),
            delivery=rng.choice([(), (), ("online", "hybrid")]),
            include_preferred=rng.random() < 0.3,
        ),
    )


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(sizes: list[int], profiles: int, seed: int) -> None:
    print(
        f"{'credentials':>11} {'budget':>9} {'solve p50':>10} {'p90':>7} {'make_plan p50':>14} {'p90':>7} "
        f"{'optimal':>8} {'complete':>9}"
    )
    for n in sizes:
        cat = synthetic_catalog(n, seed)
        t0 = time.perf_counter()
        catalog_index(cat)
        index_ms = (time.perf_counter() - t0) * 1000
        for binding in (False, True):
            rng = random.Random(seed * 7 + n + binding)
            solve_ms: list[float] = []
            plan_ms: list[float] = []
            optimal = complete = 0
            for _ in range(profiles):
                prof = random_profile(cat, rng, binding)
                gap = analyse(
                    cat, prof, "target", include_preferred=prof.preferences.include_preferred, today=TODAY
                )
                t = time.perf_counter()
                plan = plan_gap(cat, prof, gap, start=None)
                solve_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                make_plan(cat, prof, "target", today=TODAY)
                plan_ms.append((time.perf_counter() - t) * 1000)
                optimal += plan.optimal
                complete += plan.status == "complete"
            print(
                f"{n:>11,} {'binding' if binding else 'none':>9} {statistics.median(solve_ms):>10.2f} "
                f"{_pct(solve_ms, 0.9):>7.2f} {statistics.median(plan_ms):>14.2f} {_pct(plan_ms, 0.9):>7.2f} "
                f"{optimal:>4}/{profiles:<3} {complete:>5}/{profiles}"
            )
        print(f"{'':>11} (catalog index built once in {index_ms:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--profiles", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    import highspy  # noqa: F401  (import cost is not plan latency)

    run(args.sizes, args.profiles, args.seed)


if __name__ == "__main__":
    main()
