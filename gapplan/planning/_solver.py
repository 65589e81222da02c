"""Planner internals: the exact lexicographic solve of a planning instance with HiGHS.

Nothing here imports highspy or numpy at module level; :func:`lexicographic` loads them when it runs.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from gapplan.planning._instance import Instance, loop_cuts, order_columns

Sense = Literal["min", "max"]
INTEGRAL_SLACK = 0.5  # integer-valued levels are fixed at opt -/+ 0.5: exact
RELATIVE_SLACK = 1e-7  # float levels (cost, hours): differences below this share of the optimum are ties


# --------------------------------------------------------------------------- HiGHS


@dataclass
class Result:
    """The outcome of one lexicographic solve."""

    chosen: list[int] | None  # chosen columns (auto stacks included); None: no solution found
    optimal: bool = True
    mip_gap: float = 0.0
    notes: list[str] = field(default_factory=list)


class Model:
    """The instance as a HiGHS MIP: x per column, y per coverable item, z per coverable group."""

    def __init__(
        self,
        inst: Instance,
        *,
        usd: float | None,
        hours: float | None,
        cuts: list[tuple[list[int], list[int]]],
        deadline: float,
    ) -> None:
        import numpy as np
        from highspy import _core

        self.np = np
        self.core: Any = _core
        self.inst = inst
        self.cuts = cuts
        self.deadline = deadline
        n = inst.n
        self.ycol = {i: n + k for k, i in enumerate(i for i, cov in enumerate(inst.item_cover) if cov)}
        base = n + len(self.ycol)
        self.zcol = {g: base + k for k, g in enumerate(g for g, cov in enumerate(inst.group_cover) if cov)}
        ncol = base + len(self.zcol)
        self.ncol = ncol
        rows: list[tuple[list[int], list[float], float, float]] = []
        for c in range(n):
            for need in inst.needs[c]:
                rows.append(([c, *need], [1.0] + [-1.0] * len(need), -math.inf, 0.0))
            if inst.auto[c] and inst.parts[c]:
                k = len(inst.parts[c])
                rows.append(([*inst.parts[c], c], [1.0] * k + [-1.0], -math.inf, k - 1.0))
        if usd is not None:
            rows.append((list(range(n)), list(inst.cost), -math.inf, usd))
        if hours is not None:
            rows.append((list(range(n)), list(inst.hours), -math.inf, hours))
        for i, y in self.ycol.items():
            cov = inst.item_cover[i]
            rows.append(([y, *cov], [1.0] + [-1.0] * len(cov), -math.inf, 0.0))
        for g, z in self.zcol.items():
            cov = inst.group_cover[g]
            rows.append(([z, *cov], [1.0] + [-1.0] * len(cov), -math.inf, 0.0))
        for members, outside in cuts:
            rows.append(self._cut_row(members, outside))
        h: Any = _core._Highs()
        for name, setting in (
            ("output_flag", False),
            ("mip_rel_gap", 0.0),
            ("mip_heuristic_run_feasibility_jump", False),
            ("threads", 1),
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
            ncol,
            len(rows),
            len(index),
            int(_core.MatrixFormat.kRowwise),
            int(_core.ObjSense.kMinimize),
            0.0,
            np.zeros(ncol),
            np.zeros(ncol),
            np.ones(ncol),
            np.array([r[2] for r in rows], dtype=np.float64),
            np.array([r[3] for r in rows], dtype=np.float64),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
            np.array([1] * n + [0] * (ncol - n), dtype=np.int32),
        )
        if status == _core.HighsStatus.kError:
            raise RuntimeError("HiGHS rejected the planning model")

    @staticmethod
    def _cut_row(members: list[int], outside: list[int]) -> tuple[list[int], list[float], float, float]:
        return (
            [*members, *outside],
            [1.0] * len(members) + [-1.0] * len(outside),
            -math.inf,
            len(members) - 1.0,
        )

    def add_row(self, idx: Sequence[int], vals: Sequence[float], lower: float, upper: float) -> None:
        np = self.np
        self.h.addRow(lower, upper, len(idx), np.array(idx, dtype=np.int32), np.array(vals, dtype=np.float64))

    def set_lower(self, cols: Sequence[int], lower: float) -> None:
        np = self.np
        k = len(cols)
        self.h.changeColsBounds(k, np.array(cols, dtype=np.int32), np.full(k, lower), np.ones(k))

    def fix_zero(self, cols: Sequence[int]) -> None:
        np = self.np
        k = len(cols)
        if k:
            self.h.changeColsBounds(k, np.array(cols, dtype=np.int32), np.zeros(k), np.zeros(k))

    def warm_start(self, chosen: Sequence[int]) -> None:
        """Hand the solver a known feasible selection: it then starts with an incumbent."""
        np = self.np
        inst = self.inst
        values = np.zeros(self.ncol)
        chosen_set = set(chosen)
        for c in chosen_set:
            values[c] = 1.0
        for i, y in self.ycol.items():
            if chosen_set.intersection(inst.item_cover[i]):
                values[y] = 1.0
        for g, z in self.zcol.items():
            if chosen_set.intersection(inst.group_cover[g]):
                values[z] = 1.0
        self.h.setSolution(self.ncol, np.arange(self.ncol, dtype=np.int32), values)

    def set_objective(self, coeffs: dict[int, float], sense: Sense) -> None:
        np = self.np
        cost = np.zeros(self.ncol)
        for c, v in coeffs.items():
            cost[c] = v
        self.h.changeColsCost(self.ncol, np.arange(self.ncol, dtype=np.int32), cost)
        core = self.core
        self.h.changeObjectiveSense(core.ObjSense.kMaximize if sense == "max" else core.ObjSense.kMinimize)

    def run(self) -> tuple[str, list[int] | None, float]:
        """One MIP solve: ("optimal" | "infeasible" | "limit", chosen columns or None, gap)."""
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
            # HiGHS 1.16 presolve can leave a postsolved point violating a bound ("untransformed
            # violations" -> solve error) on some of these models; without presolve it solves them.
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
        chosen = None
        if has_solution:
            values = self.h.getSolution().col_value
            chosen = [c for c in range(self.inst.n) if values[c] > 0.5]
        if status == core.HighsModelStatus.kOptimal:
            return "optimal", chosen, 0.0
        return "limit", chosen, float(info.mip_gap) if has_solution else math.inf

    def solve(self) -> tuple[str, list[int] | None, float]:
        """Solve, adding loop cuts until the chosen set has a valid order (cuts are kept)."""
        while True:
            status, chosen, gap = self.run()
            if chosen is None:
                return status, None, gap
            _, stuck = order_columns(self.inst, chosen)
            if not stuck:
                return status, chosen, gap
            for members, outside in loop_cuts(self.inst, chosen, stuck):
                self.cuts.append((members, outside))
                self.add_row(*self._cut_row(members, outside))


def value(inst: Instance, chosen: Iterable[int], what: str) -> float:
    """The value of one objective level for a chosen set of columns."""
    chosen = set(chosen)
    if what == "groups":
        return float(sum(1 for cov in inst.group_cover if chosen.intersection(cov)))
    if what in ("required", "preferred"):
        pref = what == "preferred"
        return float(
            sum(
                w
                for cov, w, p in zip(inst.item_cover, inst.item_weight, inst.item_preferred, strict=True)
                if p == pref and chosen.intersection(cov)
            )
        )
    if what == "cost":
        return math.fsum(inst.cost[c] for c in chosen)
    if what == "hours":
        return math.fsum(inst.hours[c] for c in chosen)
    return float(sum(inst.tie[c] for c in chosen))


def _fix(model: Model, coeffs: dict[int, float], sense: Sense, opt: float, integral: bool) -> None:
    slack = INTEGRAL_SLACK if integral else RELATIVE_SLACK * max(1.0, abs(opt))
    idx = list(coeffs)
    vals = [coeffs[c] for c in idx]
    if sense == "max":
        model.add_row(idx, vals, opt - slack, math.inf)
    else:
        model.add_row(idx, vals, -math.inf, opt + slack)


def _after_level(
    model: Model, co: dict[int, float], sense: Sense, opt: float, what: str, chosen: list[int]
) -> None:
    """Fix a level at its optimum, drop columns that alone exceed a minimised optimum, warm-start the next."""
    integral = what not in ("cost", "hours")
    _fix(model, co, sense, opt, integral)
    if sense == "min":
        slack = INTEGRAL_SLACK if integral else RELATIVE_SLACK * max(1.0, abs(opt))
        model.fix_zero([c for c, v in co.items() if c < model.inst.n and v > opt + slack])
    model.warm_start(chosen)


def lexicographic(
    inst: Instance,
    *,
    time_limit: float,
    cuts: list[tuple[list[int], list[int]]] | None = None,
    force_items: Sequence[int] = (),
    force_groups: Sequence[int] = (),
    usd: float | None = None,
    hours: float | None = None,
    use_budget: bool = True,
    levels: Sequence[str] | None = None,
) -> Result:
    """Solve the levels in order, fixing each optimum before the next (DESIGN.md "The planning problem")."""
    deadline = time.perf_counter() + time_limit
    cuts = [] if cuts is None else cuts
    if use_budget:
        usd, hours = inst.usd, inst.hours_budget
    if inst.n == 0:
        return Result(chosen=[])
    model = Model(inst, usd=usd, hours=hours, cuts=cuts, deadline=deadline)
    forced_y = [model.ycol[i] for i in force_items if i in model.ycol]
    forced_z = [model.zcol[g] for g in force_groups if g in model.zcol]
    if len(forced_y) < len(force_items) or len(forced_z) < len(force_groups):
        return Result(chosen=None, notes=["infeasible"])
    if forced_y or forced_z:
        model.set_lower(forced_y + forced_z, 1.0)
    primary, secondary = ("cost", "hours") if inst.optimize == "cost" else ("hours", "cost")
    order = (
        list(levels) if levels is not None else ["groups", "required", "preferred", primary, secondary, "tie"]
    )

    def coeffs(what: str) -> dict[int, float]:
        if what == "groups":
            return dict.fromkeys(model.zcol.values(), 1.0)
        if what in ("required", "preferred"):
            pref = what == "preferred"
            return {
                y: float(inst.item_weight[i]) for i, y in model.ycol.items() if inst.item_preferred[i] == pref
            }
        if what == "cost":
            return {c: inst.cost[c] for c in range(inst.n) if inst.cost[c]}
        if what == "hours":
            return {c: inst.hours[c] for c in range(inst.n) if inst.hours[c]}
        return {c: float(inst.tie[c]) for c in range(inst.n) if inst.tie[c]}

    result = Result(chosen=None)
    coverage = [w for w in order if w in ("groups", "required", "preferred")]
    rest = [w for w in order if w not in coverage]
    if coverage and rest:
        # Optimistically ask for everything coverable; if the first cost level is feasible, the coverage
        # levels are at their upper bounds and need no solve of their own.
        wanted = [
            y
            for i, y in model.ycol.items()
            if ("preferred" if inst.item_preferred[i] else "required") in coverage
        ] + (list(model.zcol.values()) if "groups" in coverage else [])
        if wanted and usd is None and hours is None:
            model.set_lower(wanted, 1.0)
            coverage = []
        elif wanted:
            model.set_lower(wanted, 1.0)
            model.set_objective(coeffs(rest[0]), "min")
            status, chosen, gap = model.solve()
            if status == "infeasible":
                model.set_lower([c for c in wanted if c not in forced_y and c not in forced_z], 0.0)
            else:
                coverage = []
                if chosen is None:
                    result.optimal = False
                    result.mip_gap = gap
                    return result
                result.chosen = chosen
                result.optimal = status == "optimal"
                result.mip_gap = max(result.mip_gap, gap)
                what = rest.pop(0)
                _after_level(model, coeffs(what), "min", value(inst, chosen, what), what, chosen)
        else:
            coverage = []
    for what in coverage + rest:
        sense: Sense = "max" if what in ("groups", "required", "preferred") else "min"
        co = coeffs(what)
        if not co:
            continue
        model.set_objective(co, sense)
        status, chosen, gap = model.solve()
        if status == "infeasible":
            if result.chosen is None:
                result.notes.append("infeasible")
                return result
            raise RuntimeError("a fixed lexicographic level made the planning model infeasible")
        if chosen is None:
            result.optimal = False
            result.mip_gap = max(result.mip_gap, gap)
            return result
        result.chosen = chosen
        if status != "optimal":
            result.optimal = False
            result.mip_gap = max(result.mip_gap, gap)
        _after_level(model, co, sense, value(inst, chosen, what), what, chosen)
    if result.chosen is None:  # every level was empty or fixed by bounds: any feasible selection
        model.set_objective({}, "min")
        status, chosen, gap = model.solve()
        result.chosen = chosen
        result.optimal = status == "optimal"
        result.mip_gap = gap
        if status == "infeasible":
            result.notes.append("infeasible")
    return result


def greedy(inst: Instance) -> list[int]:
    """A fallback when the solver found nothing in time: add the best placeable column while budgets allow.

    Not optimal (PERFORMANCE.md measures how far off it is); only used so a timed-out plan still says
    something useful.
    """
    chosen: set[int] = set()
    spent = [0.0, 0.0]

    def gain(c: int) -> float:
        groups = sum(1 for cov in inst.group_cover if c in cov and not chosen.intersection(cov))
        weight = sum(
            w
            for cov, w in zip(inst.item_cover, inst.item_weight, strict=True)
            if c in cov and not chosen.intersection(cov)
        )
        return 1000.0 * groups + weight

    def fits(c: int) -> bool:
        return (inst.usd is None or spent[0] + inst.cost[c] <= inst.usd + 1e-9) and (
            inst.hours_budget is None or spent[1] + inst.hours[c] <= inst.hours_budget + 1e-9
        )

    while True:
        ready = [
            c
            for c in range(inst.n)
            if c not in chosen
            and not inst.auto[c]
            and fits(c)
            and all(chosen.intersection(need) for need in inst.needs[c])
        ]
        scored = [(gain(c) / (1.0 + inst.cost[c] + inst.hours[c]), -c) for c in ready]
        scored = [s for s in scored if s[0] > 0]
        if not scored:
            break
        best = -max(scored)[1]
        chosen.add(best)
        spent[0] += inst.cost[best]
        spent[1] += inst.hours[best]
        for c in range(inst.n):
            if inst.auto[c] and c not in chosen and all(p in chosen for p in inst.parts[c]):
                chosen.add(c)
    return sorted(chosen)
