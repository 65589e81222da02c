"""The targets of ``../shared/PERFORMANCE.md`` (issue 12) and one way to print a figure beside its target.

Each benchmark measures its figures, then prints one verdict line per target::

    plan 1,000 credentials, no budget         p50     7.0 ms       target ≤ 2 ms         MISS ×3.50

``×`` is how far the figure is from its target, always read the same way: the figure over the limit for
times and ratios, the limit over the figure for throughputs. ``ok`` up to ×1, ``MISS`` above (the figure
must get that many times faster); ``~`` marks a verdict within the ±20% noise of the targets' own
measurements.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NOISE = 0.20  # PERFORMANCE.md: medians of repeated runs, ±20% noise


@dataclass(frozen=True)
class Target:
    figure: str  # what is measured, as the table names it
    stat: str  # p50, p90, median, rate, ratio
    limit: float
    unit: str  # ms, plans/s, ×
    higher_is_better: bool = False

    def bound(self) -> str:
        op = "≥" if self.higher_is_better else "≤"
        return f"{op} {_num(self.limit)}{'' if self.unit == '×' else ' '}{self.unit}"

    def factor(self, value: float) -> float:
        """How far ``value`` is from the target: above 1 misses by that factor, at most 1 holds."""
        if self.higher_is_better:
            return self.limit / value if value > 0 else float("inf")
        return value / self.limit


def _plan(n: str, budget: str, stat: str, limit: float) -> Target:
    return Target(f"plan {n} credentials, {budget}", stat, limit, "ms")


TARGETS: dict[str, Target] = {
    # benchmarks/plan.py: make_plan in-process (analyse + solve + lay out), medians and 90th percentiles
    "plan-1000-none-p50": _plan("1,000", "no budget", "p50", 2),
    "plan-1000-none-p90": _plan("1,000", "no budget", "p90", 5),
    "plan-1000-binding-p90": _plan("1,000", "binding budget", "p90", 20),
    "plan-10000-none-p50": _plan("10,000", "no budget", "p50", 15),
    "plan-10000-none-p90": _plan("10,000", "no budget", "p90", 50),
    "plan-10000-binding-p50": _plan("10,000", "binding budget", "p50", 15),
    "plan-10000-binding-p90": _plan("10,000", "binding budget", "p90", 50),
    "plan-50000-none-p90": _plan("50,000", "no budget", "p90", 500),
    "plan-50000-binding-p90": _plan("50,000", "binding budget", "p90", 500),
    # benchmarks/batch.py: clients per second through run_batch, reports written
    "batch-synthetic-1": Target(
        "batch, synthetic 1,000-credential catalog, 1 process", "rate", 400, "plans/s", True
    ),
    "batch-synthetic-2": Target(
        "batch, synthetic 1,000-credential catalog, 2 processes", "rate", 750, "plans/s", True
    ),
    "batch-embedded-1": Target("batch, embedded catalog, 1 process", "rate", 600, "plans/s", True),
    "batch-embedded-2": Target("batch, embedded catalog, 2 processes", "rate", 1_100, "plans/s", True),
    # benchmarks/load.py
    "load-cached-10000": Target("cached catalog load, 10,000 credentials", "median", 50, "ms"),
    # benchmarks/startup.py: median wall time over the median of its import floor
    "startup-help": Target("gapplan --help / import typer", "ratio", 3.0, "×"),
    "startup-roles": Target("gapplan roles / import typer, yaml, pydantic, rich", "ratio", 1.5, "×"),
    "startup-plan": Target("gapplan plan --goal data-analyst / its import floor", "ratio", 1.3, "×"),
}


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}".removesuffix(".0")
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _value(value: float, unit: str) -> str:
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:,.0f} {unit}" if value >= 100 or unit != "ms" else f"{value:.1f} {unit}"


@dataclass(frozen=True)
class Verdict:
    key: str
    value: float | None  # None: not measured (an error, or skipped)
    note: str = ""

    @property
    def target(self) -> Target:
        return TARGETS[self.key]

    @property
    def holds(self) -> bool | None:
        return None if self.value is None else self.target.factor(self.value) <= 1

    def line(self) -> str:
        t = self.target
        head = f"{t.figure:<54} {t.stat:>6}"
        if self.value is None:
            return f"{head} {'—':>13}   target {t.bound():<16} NOT MEASURED {self.note}".rstrip()
        factor = t.factor(self.value)
        word = "ok  " if factor <= 1 else "MISS"
        near = " ~" if abs(factor - 1) <= NOISE else ""
        tail = f"  {self.note}" if self.note else ""
        value = _value(self.value, t.unit)
        return f"{head} {value:>13}   target {t.bound():<16} {word} ×{factor:.2f}{near}{tail}"


def report(
    verdicts: Iterable[Verdict], title: str = "against the targets (PERFORMANCE.md, issue 12)"
) -> None:
    """Print one line per figure and a count of the targets that hold."""
    rows = list(verdicts)
    print()
    print(f"{title}:  × = figure/target (throughput: target/figure), MISS above ×1, ~ within ±20% noise")
    for v in rows:
        print(v.line())
    measured = [v for v in rows if v.holds is not None]
    held = sum(1 for v in measured if v.holds)
    missing = len(rows) - len(measured)
    extra = f", {missing} not measured" if missing else ""
    print(f"{held} of {len(measured)} measured targets hold{extra}.", flush=True)
