"""Catalog load time through the real loader, cached and not: ``python benchmarks/load.py``.

Writes the synthetic 10,000-credential catalog (``benchmarks/_synthetic.py``) as YAML into a temporary
folder, then calls :func:`gapplan.catalog.load_catalog` on it with ``builtin=False``, in this process:

- uncached (no ``cache_dir``): read, parse, validate and check, ``--uncached-runs`` times (information);
- cold: with an empty ``cache_dir``, which loads as above and writes the cache (information);
- cached: ``--runs`` more loads with that ``cache_dir``, each a cache hit, as a user's second run is;
  their median is judged against the target of ``../shared/PERFORMANCE.md``.

A hit is told from a miss by the origins: a catalog read from the cache carries none.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _synthetic import write_synthetic
from _targets import Verdict, report

from gapplan.catalog import LoadedCatalog, load_catalog


def timed_load(folders: tuple[Path, ...], cache: Path | None) -> tuple[float, LoadedCatalog]:
    gc.collect()  # the previous load's garbage is not this load's cost
    t = time.perf_counter()
    # freeze: as the console script loads (the catalog kept out of the garbage collector's sight)
    loaded = load_catalog(folders, builtin=False, cache_dir=cache, freeze=True)
    elapsed = (time.perf_counter() - t) * 1000
    gc.unfreeze()  # so that the runs do not pile up catalogs no collection can free
    return elapsed, loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--credentials", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20, help="cached loads timed")
    parser.add_argument("--uncached-runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n = args.credentials
    with tempfile.TemporaryDirectory(prefix="gapplan-load-") as tmp:
        folders, size = write_synthetic(n, args.seed, Path(tmp) / "catalog")
        cache = Path(tmp) / "cache"
        print(f"{n:,} credentials, {size / 1e6:.1f} MB of YAML in {len(folders)} folder(s)")

        uncached = [timed_load(folders, None)[0] for _ in range(args.uncached_runs)]
        if uncached:
            print(f"uncached load (parse + validate + check): median {statistics.median(uncached):,.0f} ms")

        cold, first = timed_load(folders, cache)
        files = sorted(p.name for p in cache.glob("*")) if cache.is_dir() else []
        written = f"{len(files)} file(s), {sum(p.stat().st_size for p in cache.glob('*')) / 1e6:.1f} MB"
        print(f"cold load writing the cache: {cold:,.0f} ms ({written if files else 'NO cache written'})")

        cached: list[float] = []
        hits = 0
        for _ in range(args.runs):
            ms, loaded = timed_load(folders, cache)
            cached.append(ms)
            hits += not loaded.origins
            if len(loaded.catalog.credentials) != len(first.catalog.credentials):
                sys.exit("the cached catalog differs from the loaded one")
        if not cached:
            return
        med = statistics.median(cached)
        p90 = sorted(cached)[min(len(cached) - 1, int(0.9 * len(cached)))]
        spread = f"median {med:.1f} ms, p90 {p90:.1f} ms, min {min(cached):.1f} ms"
        print(f"cached load: {spread}; {hits}/{args.runs} cache hits")

    note = "" if hits == len(cached) else f"only {hits} of {len(cached)} loads hit the cache"
    if n == 10_000:
        report([Verdict("load-cached-10000", med, note)])


if __name__ == "__main__":
    main()
