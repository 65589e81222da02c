"""The networkx prerequisite graph of the catalog's credentials, built once per catalog, and its queries.

As dvc's ``repo/graph.py`` keeps one graph per repository, :func:`graph_of` keeps one per loaded
:class:`~gapplan.models.Catalog` object (for as long as the catalog lives) and every query below answers
from it: :func:`earnable`, :func:`blocking_cycle`, :func:`prerequisite_chain` and :func:`unlocks`.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from gapplan.models import Catalog

if TYPE_CHECKING:
    import networkx as nx

Chain = list[tuple[int, str, tuple[str, ...]]]  # (depth, "requires" | "part", any_of group)


class CatalogGraph:
    """Edges run from what comes first to what it enables: ``prerequisite -> credential`` and
    ``part -> stack``, each with the ``kinds`` of link (``requires``, ``part``). Each node keeps its
    ``before`` entries, ``(kind, any_of group)`` in catalog order, its skill prerequisites and grants."""

    def __init__(self, catalog: Catalog) -> None:
        import networkx as nx

        known = catalog.credential_by_id
        graph: Any = nx.DiGraph()
        for cred in catalog.credentials:
            before = [("requires", g) for g in cred.requires.credentials]
            before += [("part", (p,)) for p in cred.parts]
            graph.add_node(
                cred.id,
                before=tuple(before),
                skills=tuple((s.skill, s.level) for s in cred.requires.skills),
                grants=tuple((g.skill, g.level) for g in cred.grants),
            )
        for cred in catalog.credentials:
            for kind, group in graph.nodes[cred.id]["before"]:
                for pre in group:
                    if pre in known:
                        kinds = graph.get_edge_data(pre, cred.id, {}).get("kinds", frozenset())
                        graph.add_edge(pre, cred.id, kinds=kinds | {kind})
        self.graph: nx.DiGraph[str] = graph
        self._earnable: frozenset[str] | None = None

    def earnable(self) -> frozenset[str]:
        """Credentials that can be earned from nothing: every prerequisite group has an earnable member,
        every part is earnable, and every skill prerequisite is granted by some earnable credential
        (experience requirements aside, which only a profile can meet)."""
        if self._earnable is None:
            nodes = self.graph.nodes
            done: set[str] = set()
            best: dict[str, int] = {}
            pending = list(nodes)
            changed = True
            while changed:
                changed = False
                rest: list[str] = []
                for cid in pending:
                    data = nodes[cid]
                    if all(any(p in done for p in g) for _, g in data["before"]) and all(
                        best.get(skill, 0) >= level for skill, level in data["skills"]
                    ):
                        done.add(cid)
                        for skill, level in data["grants"]:
                            best[skill] = max(best.get(skill, 0), level)
                        changed = True
                    else:
                        rest.append(cid)
                pending = rest
            self._earnable = frozenset(done)
        return self._earnable

    def blocking_cycle(self, stuck: set[str]) -> list[str]:
        """A cycle among ``stuck`` credentials as ``[a, b, ..., a]``; empty when the blockage is not a
        cycle of credential edges (e.g. a skill nothing earnable grants)."""
        import networkx as nx

        try:
            edges = nx.find_cycle(self.graph.subgraph(stuck))
        except nx.NetworkXNoCycle:
            return []
        return [edges[0][0], *(v for _, v, *_ in edges)]

    def prerequisite_chain(self, cred_id: str) -> Chain:
        """What must come before ``cred_id``, nearest first: ``(depth, kind, any_of group)`` rows, each
        group listed once, walking breadth-first through prerequisite groups and parts."""
        nodes = self.graph.nodes
        rows: Chain = []
        seen_groups: set[tuple[str, ...]] = set()
        frontier = [cred_id]
        visited = {cred_id}
        depth = 0
        while frontier:
            depth += 1
            nxt: list[str] = []
            for cid in frontier:
                if cid not in nodes:
                    continue
                for kind, group in nodes[cid]["before"]:
                    if group in seen_groups:
                        continue
                    seen_groups.add(group)
                    rows.append((depth, kind, group))
                    for member in group:
                        if member not in visited:
                            visited.add(member)
                            nxt.append(member)
            frontier = sorted(nxt)
        return rows

    def unlocks(self, cred_id: str) -> list[tuple[str, str]]:
        """Credentials that directly need ``cred_id``: ``(id, "requires" | "part")``, sorted."""
        if cred_id not in self.graph:
            return []
        return sorted(
            (succ, kind) for succ, data in self.graph.succ[cred_id].items() for kind in data["kinds"]
        )


_GRAPHS: dict[int, tuple[weakref.ref[Catalog], CatalogGraph]] = {}


def graph_of(catalog: Catalog) -> CatalogGraph:
    """The catalog's graph, built on first use and kept while the catalog object lives."""
    key = id(catalog)
    entry = _GRAPHS.get(key)
    if entry is not None and entry[0]() is catalog:
        return entry[1]
    built = CatalogGraph(catalog)
    _GRAPHS[key] = (weakref.ref(catalog, lambda _ref: _GRAPHS.pop(key, None)), built)
    return built


def earnable(catalog: Catalog) -> set[str]:
    """See :meth:`CatalogGraph.earnable`."""
    return set(graph_of(catalog).earnable())


def blocking_cycle(catalog: Catalog, stuck: set[str]) -> list[str]:
    """See :meth:`CatalogGraph.blocking_cycle`."""
    return graph_of(catalog).blocking_cycle(stuck)


def prerequisite_chain(catalog: Catalog, cred_id: str) -> Chain:
    """See :meth:`CatalogGraph.prerequisite_chain`."""
    return graph_of(catalog).prerequisite_chain(cred_id)


def unlocks(catalog: Catalog, cred_id: str) -> list[tuple[str, str]]:
    """See :meth:`CatalogGraph.unlocks`."""
    return graph_of(catalog).unlocks(cred_id)
