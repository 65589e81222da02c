"""Planner internals: orderability. Whether chosen columns have an order meeting every prerequisite and
experience need, and the cuts that exclude a selection closing only in a loop."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gapplan.planning._instance import Instance

# --------------------------------------------------------------------------- orderability


def order_columns(inst: Instance, chosen: Iterable[int]) -> tuple[list[int], list[int]]:
    """Place chosen columns greedily (a need is met by a column placed earlier; experience by the sources
    placed earlier; "keep working" comes first): (placed, stuck)."""
    remaining = sorted(chosen)
    placed: list[int] = []
    done: set[int] = set()
    given: dict[str, float] = {}
    progress = True
    while remaining and progress:
        progress = False
        for c in list(remaining):
            if all(done.intersection(need) for need in inst.needs[c]) and all(
                given.get(area, 0.0) + 1e-6 >= w for area, w in inst.exp[c]
            ):
                placed.append(c)
                done.add(c)
                remaining.remove(c)
                progress = True
                for area, per in inst.grants.items():
                    if c in per:
                        given[area] = given.get(area, 0.0) + per[c]
    return placed, remaining


def loop_cuts(
    inst: Instance, chosen: Sequence[int], stuck: Sequence[int]
) -> list[tuple[list[int], list[int]]]:
    """Cuts ``sum_{S} x - (|S|-1) <= sum_{U} x`` that exclude the loops among the ``stuck`` columns.

    Let P be the placed columns and R the stuck ones. Draw i -> j for j in R meeting an unmet need of i
    (for unmet experience in an area: every stuck source of that area); every i in R has an edge or an
    unmet need that only columns outside the selection can meet. Take S a bottom strongly connected
    component (no edge leaves S) and U the columns outside P ∪ R that meet an unmet need of a member of S
    (for experience: the unchosen sources of the area). Validity: in any orderable selection containing
    all of S, the first member i of S placed has each need met before it. A prerequisite unmet by P is
    met by some j not in S (i is first), not in P, not in R - S (no edge leaves S): j is in U. Experience
    unmet by P's sources needs more than P's sources give from sources outside S (all stuck sources of
    the area are in S), hence a source outside P ∪ R: in U. Selections missing a member of S satisfy the
    cut trivially.
    """
    chosen_set = set(chosen)
    done = chosen_set.difference(stuck)
    stuck_set = set(stuck)
    given: dict[str, float] = {}
    for area, per in inst.grants.items():
        given[area] = sum(w for c, w in per.items() if c in done)
    unmet: dict[int, list[tuple[int, ...]]] = {}
    for i in stuck:
        found = [need for need in inst.needs[i] if not done.intersection(need)]
        for area, w in inst.exp[i]:
            if given.get(area, 0.0) + 1e-6 < w:
                found.append(tuple(c for c in inst.grants.get(area, {}) if c != i))
        unmet[i] = found
    edges = {i: {j for need in unmet[i] for j in need if j in stuck_set} for i in stuck}
    reach: dict[int, set[int]] = {}
    for i in stuck:
        seen: set[int] = set()
        todo = list(edges[i])
        while todo:
            j = todo.pop()
            if j not in seen:
                seen.add(j)
                todo.extend(edges[j])
        reach[i] = seen
    cuts: list[tuple[list[int], list[int]]] = []
    taken: set[int] = set()
    for i in stuck:
        if i in taken:
            continue
        if not edges[i]:  # nothing stuck meets its need: S = {i}
            members = [i]
        elif i not in reach[i] or any(i not in reach[j] for j in reach[i]):
            continue
        else:
            members = sorted(reach[i])
        taken.update(members)
        outside = sorted({j for m in members for need in unmet[m] for j in need if j not in chosen_set})
        cuts.append((members, outside))
    if not cuts:  # cannot happen (see above); fall back to the whole stuck set, which is always valid
        outside = sorted({j for i in stuck for need in unmet[i] for j in need if j not in chosen_set})
        cuts.append((sorted(stuck), outside))
    return cuts
