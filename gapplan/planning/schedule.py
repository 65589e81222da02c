"""The calendar of a plan: a networkx DAG of its steps, their order, and their weeks and dates.

Hard edges come from prerequisites (the member of a group the plan uses), parts and experience; soft edges
from skill progression (a lower level of a skill, or a skill it builds on, first), added in id order only
where they keep the graph acyclic. ``now`` steps come before ``later`` ones; within each, a lexicographic
topological sort puts foundations first (steps more others wait for), then lower levels, then ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any


@dataclass
class Node:
    """One step to place: its length, track kind, phase and edges."""

    id: str
    weeks: int
    work: bool  # work stages run on their own track, one at a time, beside study
    later: bool = False
    hard: set[str] = field(default_factory=set)  # steps that must end before it starts
    grants: dict[str, int] = field(default_factory=dict)  # skill -> level, for soft edges
    mean_level: float = 0.0
    awarded: bool = False  # a stack awarded with its last part: placed right after it


@dataclass(frozen=True)
class Slot:
    start_week: int  # 1-based; 0 for a step of no length placed before anything
    end_week: int


def weeks_available(start: date, deadline: date) -> int:
    """Whole weeks from ``start`` to ``deadline``, both days included (a week ends on start + 7k - 1)."""
    return max(0, ((deadline - start).days + 1) // 7)


def graph(nodes: Sequence[Node], builds_on: dict[str, tuple[str, ...]]) -> Any:
    """The DAG: hard edges, then soft edges in id order where they keep it acyclic (never later -> now)."""
    import networkx as nx

    g: Any = nx.DiGraph()
    by_id = {n.id: n for n in nodes}
    for n in nodes:
        g.add_node(n.id)
    for n in sorted(nodes, key=lambda n: n.id):
        for p in sorted(n.hard):
            if p in by_id:
                g.add_edge(p, n.id, hard=True)
    soft: list[tuple[str, str]] = []
    for a in sorted(by_id):
        for b in sorted(by_id):
            if a == b:
                continue
            na, nb = by_id[a], by_id[b]
            if na.later and not nb.later:
                continue
            lower = any(skill in nb.grants and level < nb.grants[skill] for skill, level in na.grants.items())
            base = any(t in na.grants and t not in nb.grants for s in nb.grants for t in builds_on.get(s, ()))
            if lower or base:
                soft.append((a, b))
    for a, b in soft:
        if not g.has_edge(a, b) and not nx.has_path(g, b, a):
            g.add_edge(a, b, hard=False)
    return g


def order(nodes: Sequence[Node], g: Any) -> list[str]:
    """``now`` first, then ``later``; each a lexicographic topological sort, foundations first."""
    import networkx as nx

    by_id = {n.id: n for n in nodes}
    result: list[str] = []
    for later in (False, True):
        ids = [n.id for n in nodes if n.later == later]
        sub = g.subgraph(ids)

        def key(node: str, sub: Any = sub) -> tuple[int, int, float, str]:
            n = by_id[node]
            return (0 if n.awarded else 1, -len(nx.descendants(sub, node)), n.mean_level, node)

        result.extend(nx.lexicographical_topological_sort(sub, key=key))
    return result


def lay_out(nodes: Sequence[Node], g: Any, sequence: Sequence[str], parallel: int = 1) -> dict[str, Slot]:
    """Weeks for each step, in ``sequence``: each starts on the first free track of its kind once every
    step with an edge into it has ended. A step of no length ends in the week its last predecessor ends."""
    by_id = {n.id: n for n in nodes}
    study = [0] * max(1, parallel)  # the last week each study track is busy
    work = 0
    ends: dict[str, int] = {}
    slots: dict[str, Slot] = {}
    for sid in sequence:
        node = by_id[sid]
        ready = max((ends[p] for p in g.predecessors(sid) if p in ends), default=0)
        if node.weeks == 0:
            slots[sid] = Slot(ready, ready)
            ends[sid] = ready
            continue
        if node.work:
            first = max(work, ready) + 1
            work = first + node.weeks - 1
            last = work
        else:
            track = min(range(len(study)), key=lambda t: (max(study[t], ready), t))
            first = max(study[track], ready) + 1
            last = first + node.weeks - 1
            study[track] = last
        slots[sid] = Slot(first, last)
        ends[sid] = last
    return slots


def finish(nodes: Sequence[Node], builds_on: dict[str, tuple[str, ...]], parallel: int) -> int:
    """The week the last of ``nodes`` ends, laid out as a plan would lay them out."""
    g = graph(nodes, builds_on)
    slots = lay_out(nodes, g, order(nodes, g), parallel)
    return max((s.end_week for s in slots.values()), default=0)


def dates(start: date, slot: Slot) -> tuple[date, date]:
    first = max(slot.start_week, 1)
    begin = start + timedelta(days=7 * (first - 1))
    end = start + timedelta(days=7 * max(slot.end_week, first) - 1) if slot.end_week else begin
    return begin, end
