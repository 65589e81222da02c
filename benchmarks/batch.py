"""Batch throughput in plans per second: ``python benchmarks/batch.py``.

Generates 1,000 clients (random skills, held credentials, budgets and goals; ``--sizes`` for more) for the
embedded catalog (the small test catalog when the embedded one has no roles, with no verdict then) and for
a synthetic 1,000-credential catalog (written as YAML and loaded once through the real loader:
``benchmarks/_synthetic.py``), and times :func:`gapplan.advisor.batch.run_batch` with ``--jobs 1`` and
``--jobs 2``, Markdown and JSON reports written to a temporary folder, as ``gapplan batch`` does. Then one
line per target of ``../shared/PERFORMANCE.md`` with its verdict (from the largest client count run).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _synthetic import synthetic_catalog
from _targets import TARGETS, Verdict, report

from gapplan.advisor.batch import run_batch
from gapplan.advisor.clients import Client, unique_slugs
from gapplan.catalog import load_catalog
from gapplan.models import Budget, Catalog, HeldSkill, Preferences, Profile

TODAY = date(2026, 6, 1)
SMALL = Path(__file__).resolve().parents[1] / "tests" / "data" / "small"


def embedded() -> tuple[str, str, Catalog]:
    """(label, target key prefix or "", catalog)."""
    try:
        cat = load_catalog(freeze=True).catalog  # as the console script loads
    except Exception:  # the embedded data may still be incomplete in a checkout
        cat = None
    if cat is not None and cat.roles:
        return "embedded", "batch-embedded", cat
    return "small (tests/data/small)", "", load_catalog((SMALL,), builtin=False, freeze=True).catalog


def clients(cat: Catalog, n: int, seed: int) -> list[Client]:
    """``n`` random clients: a goal, some of its skills, maybe a held credential and a budget."""
    rng = random.Random(seed)
    creds = [c.id for c in cat.credentials]
    out: list[tuple[str, Profile]] = []
    for i in range(n):
        role = rng.choice(cat.roles)
        wanted = [*role.requires, *role.prefers]
        held = tuple(
            HeldSkill(skill=rs.skill, level=rng.randint(1, 4))
            for rs in rng.sample(wanted, rng.randint(0, len(wanted)))
        )
        binding = rng.random() < 0.3
        profile = Profile(
            name=f"Client {i}",
            experience_years=float(rng.randint(0, 8)),
            skills=held,
            credentials=tuple(rng.sample(creds, rng.choice([0, 0, 0, 1]))),
            goal=role.id,
            budget=Budget(usd=float(rng.randint(200, 1500)), hours=float(rng.randint(60, 400)))
            if binding
            else Budget(),
            preferences=Preferences(optimize=rng.choice(["cost", "cost", "hours"])),
        )
        out.append((f"client-{i}", profile))
    slugs = unique_slugs(name for name, _ in out)
    return [
        Client(label=p.name or name, source=f"generated:{i + 1}", slug=s, profile=p)
        for i, ((name, p), s) in enumerate(zip(out, slugs, strict=True))
    ]


def measure(cat: Catalog, batch: list[Client], jobs: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="gapplan-bench-") as tmp:
        t = time.perf_counter()
        # a folder the run creates, as with `gapplan batch --out NEW`
        result = run_batch(cat, batch, out=Path(tmp) / "out", jobs=jobs, today=TODAY)
        elapsed = time.perf_counter() - t
    failed = sum(1 for r in result.rows if r.status == "error")
    return len(batch) / elapsed, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000], help="clients per batch")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--synthetic", type=int, default=1_000, help="credentials in the synthetic catalog (0: skip)"
    )
    args = parser.parse_args()
    catalogs = [embedded()]
    if args.synthetic:
        t = time.perf_counter()
        cat = synthetic_catalog(args.synthetic, seed=1)
        print(f"(synthetic catalog generated and loaded in {time.perf_counter() - t:.1f} s)")
        key = "batch-synthetic" if args.synthetic == 1_000 else ""
        catalogs.append((f"synthetic {args.synthetic:,} credentials", key, cat))
    print(f"{'catalog':<34} {'credentials':>11} {'clients':>8} {'jobs':>5} {'plans/s':>9} {'failed':>7}")
    judged: dict[str, Verdict] = {}
    for label, prefix, cat in catalogs:
        for n in sorted(args.sizes):
            batch = clients(cat, n, seed=n)
            for jobs in args.jobs:
                try:
                    rate, failed = measure(cat, batch, jobs)
                except Exception as err:  # the code changes under the benchmark: report it, go on
                    print(f"{label:<34} {len(cat.credentials):>11,} {n:>8,} {jobs:>5} failed: {err!r:.200}")
                    rate, failed = None, n
                else:
                    print(
                        f"{label:<34} {len(cat.credentials):>11,} {n:>8,} {jobs:>5} {rate:>9.0f} {failed:>7}",
                        flush=True,
                    )
                key = f"{prefix}-{jobs}"
                if prefix and key in TARGETS:  # the largest batch run decides
                    note = f"{failed} of {n:,} clients failed" if failed else f"{n:,} clients"
                    judged[key] = Verdict(key, rate, note)
    for key in TARGETS:  # say which targets this run could not judge, rather than leave them out
        if key.startswith("batch-") and key not in judged and int(key.rsplit("-", 1)[1]) in args.jobs:
            judged[key] = Verdict(key, None, "(catalog not run: see above)")
    report(sorted(judged.values(), key=lambda v: list(TARGETS).index(v.key)))


if __name__ == "__main__":
    main()
