"""Planner internals: the exact lexicographic solve of a planning instance with HiGHS.

One model per plan: the path, the ``now`` subset within the budgets and each ``--explain`` re-plan are
solves of the same model with other bounds. Nothing here imports highspy or numpy at module level.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from gapplan.planning._instance import Instance
from gapplan.planning._order import loop_cuts, order_columns

Sense = Literal["min", "max"]
Level = Literal["groups", "required", "preferred", "cost", "hours", "weeks", "durable", "tie"]
COVERAGE: tuple[Level, ...] = ("groups", "required", "preferred")
INTEGRAL_SLACK = 0.5  # integer-valued levels are fixed at opt -/+ 0.5: exact
RELATIVE_SLACK = 1e-7  # float levels (cost, hours, weeks): differences below this share are ties
JUSTIFY_GAP = 0.01  # weeks: "the other sources give less than needed" means at least this much less
MAX_KEEP_WEEKS = 60 * 52.0
FOLD_LIMIT = 2.0**31  # the largest weighted sum a folded objective may reach (see PlanModel.segments)


@dataclass
class Result:
    """The outcome of one lexicographic solve."""

    chosen: list[int] | None  # chosen columns (auto stacks included); None: no solution found
    keep_weeks: float = 0.0  # weeks of "keep working in your current role"
    values: dict[str, float] | None = None
    optimal: bool = True
    mip_gap: float = 0.0


Check = Callable[[list[int], float], bool]  # a selection and its keep-working weeks -> acceptable?
# Levels solved at once: [(level, its coefficients, sense)] and their weighted objective (None: alone).
Segment = tuple[list[tuple[Level, dict[int, float], Sense]], dict[int, float] | None]


class PlanModel:
    """The instance as a HiGHS MIP.

    Columns: x per credential (binary), K (weeks of keep-working), y per item level and z per coverable
    group (continuous 0..1, at most the sum of their providers), and for the experience sources' rule
    ("chosen only where needed") u per (source, step needing its area): that step needs more than the
    sources other than the two give."""

    def __init__(self, inst: Instance, *, time_limit: float) -> None:
        import numpy as np
        from highspy import _core

        self.np = np
        self.core: Any = _core
        self.inst = inst
        self.deadline = time.perf_counter() + time_limit
        n = inst.n
        forced = set(inst.forced)
        cols_lower: list[float] = [1.0 if c in forced else 0.0 for c in range(n)]
        cols_upper: list[float] = [1.0] * n
        integrality: list[int] = [1] * n
        rows: list[tuple[list[int], list[float], float, float]] = []

        def add_col(lower: float, upper: float, integral: bool) -> int:
            cols_lower.append(lower)
            cols_upper.append(upper)
            integrality.append(1 if integral else 0)
            return len(cols_lower) - 1

        self.kcol = add_col(0.0, MAX_KEEP_WEEKS if inst.keep else 0.0, False)
        self.ycols: list[list[int]] = []
        for item in inst.items:
            per: list[int] = []
            for _, cover in item.levels:
                if cover:
                    y = add_col(0.0, 1.0, False)
                    rows.append(([y, *cover], [1.0] + [-1.0] * len(cover), -math.inf, 0.0))
                    per.append(y)
            self.ycols.append(per)
        self.zcols: dict[int, int] = {}
        for g, cover in enumerate(inst.group_cover):
            if cover:
                z = add_col(0.0, 1.0, False)
                rows.append(([z, *cover], [1.0] + [-1.0] * len(cover), -math.inf, 0.0))
                self.zcols[g] = z
        for c in range(n):
            for need in inst.needs[c]:
                rows.append(([c, *need], [1.0] + [-1.0] * len(need), -math.inf, 0.0))
            if inst.auto[c] and inst.parts[c]:
                k = len(inst.parts[c])
                rows.append(([*inst.parts[c], c], [1.0] * k + [-1.0], -math.inf, k - 1.0))
            if inst.keep_need[c] > 0:
                rows.append(([c, self.kcol], [inst.keep_need[c], -1.0], -math.inf, 0.0))
            for area, weeks in inst.exp[c]:
                per_area = {s: w for s, w in inst.grants.get(area, {}).items() if s != c}
                idx = [c, *per_area]
                rows.append((idx, [weeks] + [-w for w in per_area.values()], -math.inf, 0.0))
        # The experience sources' rule: a source is chosen only where some chosen step c needs more years
        # in an area it gives than the sources other than itself and c give: x_s <= sum_c u_sc, and
        # u_sc -> x_c and sum_{s' not in (s, c)} g_s' x_s' <= need_c - gap.
        demands: dict[str, list[tuple[int, float]]] = {}
        for c in range(n):
            for area, weeks in inst.exp[c]:
                demands.setdefault(area, []).append((c, weeks))
        for s, areas in sorted(inst.justify.items()):
            if s in inst.free_sources:
                continue
            flags: list[int] = list(inst.named_by.get(s, ()))  # a step naming it in a group it needs
            for area in areas:
                given = inst.grants.get(area, {})
                for c, need_weeks in demands.get(area, []):
                    if c == s:
                        continue
                    others = {o: w for o, w in given.items() if o not in (s, c)}
                    big = sum(others.values()) + 1.0
                    u = add_col(0.0, 1.0, True)
                    flags.append(u)
                    rows.append(([u, c], [1.0, -1.0], -math.inf, 0.0))
                    limit = big + need_weeks - JUSTIFY_GAP
                    rows.append(([*others, u], [*others.values(), big], -math.inf, limit))
            rows.append(([s, *flags], [1.0] + [-1.0] * len(flags), -math.inf, 0.0))
        self.ncol = len(cols_lower)
        self.nrow = 0
        h: Any = _core._Highs()
        for name, setting in (
            ("output_flag", False),
            ("mip_rel_gap", 0.0),
            ("mip_heuristic_run_feasibility_jump", False),
            ("threads", 1),
            ("random_seed", 0),
        ):
            if h.setOptionValue(name, setting) != _core.HighsStatus.kOk:
                raise RuntimeError(f"HiGHS rejected option {name}={setting!r}")
        self.h = h
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        for idx, vals, _, _ in rows:
            starts.append(len(index))
            index.extend(idx)
            value.extend(vals)
        status = h.passModel(
            self.ncol,
            len(rows),
            len(index),
            int(_core.MatrixFormat.kRowwise),
            int(_core.ObjSense.kMinimize),
            0.0,
            np.zeros(self.ncol),
            np.array(cols_lower, dtype=np.float64),
            np.array(cols_upper, dtype=np.float64),
            np.array([r[2] for r in rows], dtype=np.float64),
            np.array([r[3] for r in rows], dtype=np.float64),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
            np.array(integrality, dtype=np.int32),
        )
        if status == _core.HighsStatus.kError:
            raise RuntimeError("HiGHS rejected the planning model")
        self.nrow = len(rows)
        self.upper = [1.0] * n
        # Budget rows, relaxed until a budget is set: cost, hours, study weeks, work weeks.
        self.budget_rows = {
            "usd": self.add_row(list(range(n)), list(inst.cost), -math.inf, math.inf),
            "hours": self.add_row(list(range(n)), list(inst.hours), -math.inf, math.inf),
            "study": self.add_row(
                [c for c in range(n) if not inst.work[c]],
                [float(inst.weeks[c]) for c in range(n) if not inst.work[c]],
                -math.inf,
                math.inf,
            ),
            "work": self.add_row(
                [*[c for c in range(n) if inst.work[c]], self.kcol],
                [*[float(inst.weeks[c]) for c in range(n) if inst.work[c]], 1.0],
                -math.inf,
                math.inf,
            ),
        }
        self.temporary: list[int] = []  # rows valid only under the current budgets
        self._coeffs: dict[Level, dict[int, float]] = {}
        self._scales: dict[Level, tuple[dict[int, float] | None, float]] = {}

    # ---- rows and bounds

    def add_row(self, idx: Sequence[int], vals: Sequence[float], lower: float, upper: float) -> int:
        np = self.np
        self.h.addRow(lower, upper, len(idx), np.array(idx, dtype=np.int32), np.array(vals, dtype=np.float64))
        self.nrow += 1
        return self.nrow - 1

    def relax_rows(self, rows: Sequence[int]) -> None:
        for r in rows:
            self.h.changeRowBounds(r, -math.inf, math.inf)

    def set_budgets(self, usd: float | None, hours: float | None, weeks: int | None, parallel: int) -> None:
        inf = math.inf
        bounds = {
            "usd": usd,
            "hours": hours,
            "study": None if weeks is None else float(weeks * parallel),
            "work": None if weeks is None else float(weeks),
        }
        for name, bound in bounds.items():
            self.h.changeRowBounds(self.budget_rows[name], -inf, inf if bound is None else bound + 1e-6)

    def restrict(self, allowed: set[int] | None) -> None:
        """Allow only these credential columns, none forced (None: all, locked ones forced)."""
        n = self.inst.n
        np = self.np
        upper = [1.0 if allowed is None or c in allowed else 0.0 for c in range(n)]
        forced = set(self.inst.forced) if allowed is None else set()
        lower = [1.0 if c in forced else 0.0 for c in range(n)]
        if n:
            self.h.changeColsBounds(n, np.arange(n, dtype=np.int32), np.array(lower), np.array(upper))
        self.upper = upper

    def forbid(self, cols: Sequence[int]) -> None:
        np = self.np
        k = len(cols)
        if k:
            self.h.changeColsBounds(k, np.array(cols, dtype=np.int32), np.zeros(k), np.zeros(k))

    def allow(self, cols: Sequence[int]) -> None:
        np = self.np
        k = len(cols)
        if k:
            up = np.array([self.upper[c] for c in cols])
            forced = set(self.inst.forced)
            low = np.array([1.0 if c in forced and self.upper[c] else 0.0 for c in cols])
            self.h.changeColsBounds(k, np.array(cols, dtype=np.int32), low, up)

    # ---- objectives

    def coeffs(self, what: Level) -> dict[int, float]:
        """A level's objective coefficients by column (built once per model; not to be changed)."""
        cached = self._coeffs.get(what)
        if cached is None:
            cached = self._coeffs[what] = self._make_coeffs(what)
        return cached

    def _make_coeffs(self, what: Level) -> dict[int, float]:
        inst = self.inst
        if what == "groups":
            return dict.fromkeys(self.zcols.values(), 1.0)
        if what in ("required", "preferred", "durable"):
            return {
                y: float(item.units)
                for item, ys in zip(inst.items, self.ycols, strict=True)
                if item.klass == what
                for y in ys
            }
        if what == "cost":
            return {c: inst.cost[c] for c in range(inst.n) if inst.cost[c]}
        if what == "hours":
            return {c: inst.hours[c] for c in range(inst.n) if inst.hours[c]}
        if what == "weeks":
            out = {c: float(inst.weeks[c]) for c in range(inst.n) if inst.weeks[c]}
            if inst.keep:
                out[self.kcol] = 1.0
            return out
        return {c: float(inst.tie[c]) for c in range(inst.n) if inst.tie[c]}

    def upper_bound(self, what: Level) -> float:
        """The most a coverage level can reach: every coverable item level and group."""
        return math.fsum(self.coeffs(what).values())

    def set_objective(self, coeffs: dict[int, float], sense: Sense) -> None:
        np = self.np
        cost = np.zeros(self.ncol)
        for c, v in coeffs.items():
            cost[c] = v
        self.h.changeColsCost(self.ncol, np.arange(self.ncol, dtype=np.int32), cost)
        core = self.core
        self.h.changeObjectiveSense(core.ObjSense.kMaximize if sense == "max" else core.ObjSense.kMinimize)

    # ---- solving

    def run(self) -> tuple[str, list[float] | None, float]:
        """One MIP solve: ("optimal" | "infeasible" | "limit", column values or None, gap)."""
        core = self.core
        remaining = self.deadline - time.perf_counter()
        if remaining <= 0:
            return "limit", None, math.inf
        if self.h.setOptionValue("time_limit", remaining) != core.HighsStatus.kOk:
            raise RuntimeError("HiGHS rejected option time_limit")
        failed = (
            core.HighsModelStatus.kSolveError,
            core.HighsModelStatus.kPostsolveError,
            core.HighsModelStatus.kPresolveError,
        )
        if self.h.run() == core.HighsStatus.kError or self.h.getModelStatus() in failed:
            # HiGHS 1.16 presolve can leave a postsolved point violating a bound on some of these models;
            # without presolve it solves them.
            self.h.setOptionValue("presolve", "off")
            status_run = self.h.run()
            self.h.setOptionValue("presolve", "choose")
            if status_run == core.HighsStatus.kError or self.h.getModelStatus() in failed:
                raise RuntimeError("HiGHS failed to solve the planning model")
        status = self.h.getModelStatus()
        if status in (core.HighsModelStatus.kInfeasible, core.HighsModelStatus.kUnboundedOrInfeasible):
            return "infeasible", None, math.inf
        info = self.h.getInfo()
        has_solution = int(info.primal_solution_status) == int(core.SolutionStatus.kSolutionStatusFeasible)
        values = list(self.h.getSolution().col_value) if has_solution else None
        if status == core.HighsModelStatus.kOptimal:
            return "optimal", values, 0.0
        return "limit", values, float(info.mip_gap) if has_solution else math.inf

    def solve(self, check: Check | None) -> tuple[str, list[int] | None, float, float]:
        """Solve, adding loop cuts until the selection has a valid order and ``check`` accepts it."""
        n = self.inst.n
        while True:
            status, values, gap = self.run()
            if values is None:
                return status, None, 0.0, gap
            chosen = [c for c in range(n) if values[c] > 0.5]
            keep = self.keep_needed(chosen)
            _, stuck = order_columns(self.inst, chosen)
            if stuck:
                for members, outside in loop_cuts(self.inst, chosen, stuck):
                    k = len(members)
                    self.add_row([*members, *outside], [1.0] * k + [-1.0] * len(outside), -math.inf, k - 1.0)
                continue
            if check is not None and not check(chosen, keep):
                # Adding steps never shortens a schedule, so no superset of this selection fits either.
                k = len(chosen)
                self.temporary.append(self.add_row(chosen, [1.0] * k, -math.inf, k - 1.0))
                continue
            return status, chosen, keep, gap

    def keep_needed(self, chosen: Sequence[int]) -> float:
        return max((self.inst.keep_need[c] for c in chosen), default=0.0)

    def value(self, chosen: Sequence[int], keep: float, what: Level) -> float:
        chosen_set = set(chosen)
        inst = self.inst
        if what == "groups":
            return float(sum(1 for cov in inst.group_cover if cov and chosen_set.intersection(cov)))
        if what in ("required", "preferred", "durable"):
            return float(
                sum(
                    item.units
                    for item in inst.items
                    if item.klass == what
                    for _, cover in item.levels
                    if chosen_set.intersection(cover)
                )
            )
        if what == "cost":
            return math.fsum(inst.cost[c] for c in chosen)
        if what == "hours":
            return math.fsum(inst.hours[c] for c in chosen)
        if what == "weeks":
            return float(sum(inst.weeks[c] for c in chosen)) + (keep if inst.keep else 0.0)
        return float(sum(inst.tie[c] for c in chosen))

    def lexicographic(
        self,
        levels: Sequence[Level],
        *,
        check: Check | None = None,
        floors: dict[Level, float] | None = None,
        try_upper: bool = True,
    ) -> Result:
        """Solve the levels in order, fixing each optimum before the next; ``floors`` are coverage values
        that must be reached. Every row added here is relaxed again before returning.

        Without floors, the coverage levels are first tried at their upper bounds (everything coverable
        covered): when that is feasible, as it is unless budgets, loops or the sources' rule get in the
        way, their optimum is known without solving them. ``try_upper=False`` skips that trial when the
        caller knows it is infeasible."""
        if try_upper and floors is None and levels and levels[0] in COVERAGE:
            bounds: dict[Level, float] = {w: self.upper_bound(w) for w in levels if w in COVERAGE}
            trial = self.lexicographic([w for w in levels if w not in COVERAGE], check=check, floors=bounds)
            if trial.chosen is not None or not trial.optimal:
                return trial
        added: list[int] = []
        result = Result(chosen=None)
        try:
            for what, floor in (floors or {}).items():
                co = self.coeffs(what)
                if co:
                    added.append(self._fix(co, "max", floor))
            chosen: list[int] | None = None
            keep = 0.0
            for segment, folded in self.segments(levels):
                if folded is None:
                    _, co, sense = segment[0]
                    self.set_objective(co, sense)
                else:  # one solve for the whole segment (see segments)
                    self.set_objective(folded, "min")
                status, chosen_now, keep_now, gap = self.solve(check)
                if chosen_now is None:
                    if status == "infeasible":
                        return Result(chosen=None)
                    result.optimal = False
                    result.mip_gap = max(result.mip_gap, gap)
                    break
                chosen, keep = chosen_now, keep_now
                if status != "optimal":
                    result.optimal = False
                    result.mip_gap = max(result.mip_gap, gap)
                for what, co, sense in segment:
                    added.append(self._fix(co, sense, self.value(chosen, keep, what)))
            if chosen is None:  # every level was empty: any feasible selection
                self.set_objective({}, "min")
                status, chosen, keep, gap = self.solve(check)
                if chosen is None:
                    return Result(chosen=None, optimal=status != "limit", mip_gap=gap)
            result.chosen = chosen
            result.keep_weeks = keep
            result.values = {
                w: self.value(chosen, keep, w) for w in (*COVERAGE, "cost", "hours", "weeks", "durable")
            }
            return result
        finally:
            self.relax_rows(added)

    def segments(self, levels: Sequence[Level]) -> list[Segment]:
        """The levels as few consecutive segments as possible, each solved once.

        A segment of several levels is one weighted objective, exact when it is lexicographic: every
        level's coefficients are integers once scaled (cents, tenths of an hour; "keep working" needs
        whole multiples too), and each level's weight is 1 + the sum over the levels below it of their
        weight times their range (what its value can vary by: the sum of its coefficients). A solution
        better on some level then always has the smaller weighted sum, since what it may lose below
        is less than one unit of that level. Segments stay under ``FOLD_LIMIT`` so that HiGHS's
        tolerances stay far below one unit of the lowest level."""
        terms: list[tuple[Level, dict[int, float], Sense, dict[int, float] | None, float]] = []
        for what in levels:
            co = self.coeffs(what)
            if not co:
                continue
            sense: Sense = "max" if what in (*COVERAGE, "durable") else "min"
            if what not in self._scales:
                self._scales[what] = self._scaled(what, co, sense)
            scaled, span = self._scales[what]
            terms.append((what, co, sense, scaled, span))
        k = len(terms)

        def fold(i: int, j: int) -> dict[int, float] | None:
            """Levels i..j-1 as one weighted objective ({} for one level; None: not exact within the
            limit)."""
            if j - i == 1:
                return {}
            weight = 1.0
            total = 0.0
            folded: dict[int, float] = {}
            for _, _, _, scaled, span in reversed(terms[i:j]):
                if scaled is None:
                    return None
                for c, v in scaled.items():
                    folded[c] = folded.get(c, 0.0) + weight * v
                total += weight * span
                if total > FOLD_LIMIT:
                    return None
                weight = 1.0 + total
            return folded

        # Fewest segments: best[i] is the fewest for terms[i:], split[i] where its first segment ends.
        best = [0] * (k + 1)
        split = [k] * (k + 1)
        folds: dict[tuple[int, int], dict[int, float]] = {}
        for i in range(k - 1, -1, -1):
            best[i] = k + 1
            for j in range(i + 1, k + 1):
                if best[j] + 1 >= best[i]:
                    continue
                f = fold(i, j)
                if f is None:
                    break  # a longer segment only adds levels at its bottom: it cannot fit either
                best[i], split[i] = best[j] + 1, j
                folds[i, j] = f
        out: list[Segment] = []
        i = 0
        while i < k:
            j = split[i]
            out.append(([(w, co, sense) for w, co, sense, _, _ in terms[i:j]], folds[i, j] or None))
            i = j
        return out

    def _scaled(
        self, what: Level, co: dict[int, float], sense: Sense
    ) -> tuple[dict[int, float] | None, float]:
        """A level's coefficients as integers to minimise (sign and scale applied) and its range; None
        when no scale of 1, 10 or 100 makes them integers."""
        extra = [v for v in self.inst.keep_need if v > 0] if what == "weeks" else []
        if what not in ("cost", "hours", "weeks"):  # coverage units and ranks are integers
            return self._scale(what, co, sense, 1.0, extra)
        for scale in (1.0, 10.0, 100.0):
            if all(_whole(v * scale) for v in co.values()) and all(_whole(v * scale) for v in extra):
                return self._scale(what, co, sense, scale, extra)
        return None, math.inf

    def _scale(
        self, what: Level, co: dict[int, float], sense: Sense, scale: float, extra: list[float]
    ) -> tuple[dict[int, float], float]:
        sign = -1.0 if sense == "max" else 1.0
        scaled = {c: sign * round(v * scale) for c, v in co.items()}
        span = math.fsum(abs(v) for c, v in scaled.items() if c != self.kcol)
        if what == "weeks" and self.kcol in co:
            span += scale * max(extra, default=0.0)  # keep-working: the longest need
        return scaled, span

    def _fix(self, coeffs: dict[int, float], sense: Sense, opt: float) -> int:
        integral = all(float(v).is_integer() for v in coeffs.values()) and float(opt).is_integer()
        slack = INTEGRAL_SLACK if integral else RELATIVE_SLACK * max(1.0, abs(opt))
        idx = list(coeffs)
        vals = [coeffs[c] for c in idx]
        if sense == "max":
            return self.add_row(idx, vals, opt - slack, math.inf)
        return self.add_row(idx, vals, -math.inf, opt + slack)

    def end_budgets(self) -> None:
        """Drop the rows that were valid only under the budgets just solved."""
        self.relax_rows(self.temporary)
        self.temporary = []
        self.set_budgets(None, None, None, 1)


def _whole(v: float) -> bool:
    return v.is_integer() or abs(v - round(v)) <= 1e-9 * max(1.0, abs(v))
