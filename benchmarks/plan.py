"""Plan latency on synthetic catalogs of 1,000 and 10,000 credentials: ``python benchmarks/plan.py``.

Each catalog is generated (seeded), written as YAML and loaded once through the real loader
(``benchmarks/_synthetic.py``), then 50 random profiles per size are planned in-process, once without a
binding budget and once with one. The figure judged against the targets is ``make_plan`` (analyse + solve
+ lay out: what ``gapplan plan`` and each batch client run); ``plan_gap`` (the gap already analysed) is
shown beside it. One plan per size runs first, untimed: it builds the per-catalog caches (shown as
"first plan"). Then one line per target of ``../shared/PERFORMANCE.md`` with its verdict.

Options: ``--large`` adds 50,000 credentials (15 s to generate and load, then 20 profiles: minutes while
plans take seconds; ``--large-profiles`` sets how many), ``--sizes`` picks the sizes (``--sizes 50000``
for that size alone), ``--profiles`` the profiles per size.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _synthetic import load_synthetic, synthetic_catalog
from _targets import TARGETS, Verdict, report

from gapplan.models import Budget, Catalog, HeldSkill, Preferences, Profile
from gapplan.planning.gap import analyse
from gapplan.planning.planner import make_plan, plan_gap

__all__ = ["random_profile", "synthetic_catalog"]  # batch.py and load.py reuse these

TODAY = date(2026, 6, 1)
LARGE = 50_000


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


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank), as the targets' 90th percentiles are read."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Case:
    solve_ms: list[float] = field(default_factory=list)
    plan_ms: list[float] = field(default_factory=list)
    optimal: int = 0
    complete: int = 0
    errors: int = 0
    first_error: str = ""


def measure(cat: Catalog, profiles: int, seed: int, binding: bool) -> Case:
    rng = random.Random(seed * 7 + len(cat.credentials) + binding)
    case = Case()
    for _ in range(profiles):
        prof = random_profile(cat, rng, binding)
        try:
            gap = analyse(
                cat, prof, "target", include_preferred=prof.preferences.include_preferred, today=TODAY
            )
            t0 = time.perf_counter()
            plan_gap(cat, prof, gap, start=None)
            t1 = time.perf_counter()
            plan = make_plan(cat, prof, "target", today=TODAY)
            t2 = time.perf_counter()
        except Exception as err:  # the code changes under the benchmark: count it, keep measuring
            case.errors += 1
            case.first_error = case.first_error or f"{type(err).__name__}: {err}"
            continue
        case.solve_ms.append((t1 - t0) * 1000)
        case.plan_ms.append((t2 - t1) * 1000)
        case.optimal += plan.optimal
        case.complete += plan.status == "complete"
    return case


def run(sizes: list[int], profiles: int, seed: int, large_profiles: int) -> list[Verdict]:
    verdicts: list[Verdict] = []
    print(
        f"{'credentials':>11} {'budget':>8} {'plan_gap p50':>13} {'p90':>7} {'make_plan p50':>14} {'p90':>7} "
        f"{'optimal':>8} {'complete':>9} {'errors':>7}"
    )
    for n in sizes:
        count = large_profiles if n >= LARGE else profiles
        syn = load_synthetic(n, seed)
        cat = syn.catalog
        t = time.perf_counter()
        try:  # untimed warm-up: the per-catalog caches (index, graph) and the solver's first import
            make_plan(cat, random_profile(cat, random.Random(seed), False), "target", today=TODAY)
            first = f"{(time.perf_counter() - t) * 1000:.0f} ms"
        except Exception as err:
            first = f"failed: {type(err).__name__}: {err}"
        for binding in (False, True):
            case = measure(cat, count, seed, binding)
            budget = "binding" if binding else "none"
            ok = count - case.errors
            if case.plan_ms:
                print(
                    f"{n:>11,} {budget:>8} {statistics.median(case.solve_ms):>13.2f} "
                    f"{pct(case.solve_ms, 0.9):>7.2f} {statistics.median(case.plan_ms):>14.2f} "
                    f"{pct(case.plan_ms, 0.9):>7.2f} {case.optimal:>4}/{ok:<3} {case.complete:>5}/{ok:<3} "
                    f"{case.errors:>7}",
                    flush=True,
                )
            else:
                print(f"{n:>11,} {budget:>8} {'all failed':>13} {'':>46} {case.errors:>7}", flush=True)
            if case.first_error:
                print(f"{'':>11} first error: {case.first_error[:200]}")
            for stat, q in (("p50", 0.5), ("p90", 0.9)):
                key = f"plan-{n}-{budget}-{stat}"
                if key in TARGETS:
                    value = (
                        (statistics.median(case.plan_ms) if q == 0.5 else pct(case.plan_ms, q))
                        if case.plan_ms
                        else None
                    )
                    note = f"{case.errors} of {count} plans failed" if case.errors else ""
                    verdicts.append(Verdict(key, value, note))
        print(
            f"{'':>11} (YAML {syn.size / 1e6:.1f} MB written in {syn.generate_s:.1f} s, loaded in "
            f"{syn.load_s:.1f} s, {syn.warnings} warnings; first plan {first}; {count} profiles)"
        )
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--large", action="store_true", help=f"also {LARGE:,} credentials")
    parser.add_argument("--profiles", type=int, default=50)
    parser.add_argument("--large-profiles", type=int, default=20, help=f"profiles at {LARGE:,} credentials")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sizes = [*args.sizes, *([LARGE] if args.large and LARGE not in args.sizes else [])]
    import highspy  # noqa: F401  (import cost is not plan latency)

    verdicts = run(sizes, args.profiles, args.seed, args.large_profiles)
    if verdicts:
        report(verdicts)


if __name__ == "__main__":
    main()
