"""The networkx prerequisite graph of the catalog's credentials, and the queries built on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapplan.models import Catalog, Credential

if TYPE_CHECKING:
    import networkx as nx


def build(catalog: Catalog) -> nx.DiGraph[str]:
    """Edges run from what comes first to what it enables: ``prerequisite -> credential`` (``requires``,
    with ``any_of`` holding the group when one of several suffices) and ``part -> stack`` (``part``)."""
    import networkx as nx

    graph: Any = nx.DiGraph()
    for cred in catalog.credentials:
        graph.add_node(cred.id)
    for cred in catalog.credentials:
        for group in cred.requires.credential_groups:
            for pre in group:
                if pre in catalog.credential_by_id:
                    graph.add_edge(pre, cred.id, kind="requires", any_of=group)
        for part in cred.parts:
            if part in catalog.credential_by_id:
                graph.add_edge(part, cred.id, kind="part", any_of=(part,))
    return graph


def earnable(catalog: Catalog) -> set[str]:
    """Credentials that can be earned from nothing: every prerequisite group has an earnable member,
    every part is earnable, and every skill prerequisite is granted by some earnable credential
    (experience requirements aside, which only a profile can meet)."""
    done: set[str] = set()
    best: dict[str, int] = {}
    pending = list(catalog.credentials)
    changed = True
    while changed:
        changed = False
        rest: list[Credential] = []
        for cred in pending:
            ok = (
                all(any(p in done for p in g) for g in cred.requires.credential_groups)
                and all(p in done for p in cred.parts)
                and all(best.get(s.skill, 0) >= s.level for s in cred.requires.skills)
            )
            if ok:
                done.add(cred.id)
                for g in cred.grants:
                    best[g.skill] = max(best.get(g.skill, 0), g.level)
                changed = True
            else:
                rest.append(cred)
        pending = rest
    return done


def blocking_cycle(catalog: Catalog, stuck: set[str]) -> list[str]:
    """A cycle among credentials that can never be earned, as ``[a, b, ..., a]``; empty when the
    blockage is not a cycle of credential edges (e.g. a skill nothing earnable grants)."""
    import networkx as nx

    sub = build(catalog).subgraph(stuck)
    try:
        edges = nx.find_cycle(sub)
    except nx.NetworkXNoCycle:
        return []
    return [edges[0][0], *(v for _, v, *_ in edges)]


def prerequisite_chain(catalog: Catalog, cred_id: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """What must come before ``cred_id``, nearest first: ``(depth, kind, any_of group)`` rows, each group
    listed once, walking breadth-first through prerequisite groups and parts."""
    rows: list[tuple[int, str, tuple[str, ...]]] = []
    seen_groups: set[tuple[str, ...]] = set()
    frontier = [cred_id]
    visited = {cred_id}
    depth = 0
    while frontier:
        depth += 1
        nxt: list[str] = []
        for cid in frontier:
            cred = catalog.credential_by_id.get(cid)
            if cred is None:
                continue
            entries = [("requires", g) for g in cred.requires.credential_groups]
            entries += [("part", (p,)) for p in cred.parts]
            for kind, group in entries:
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


def unlocks(catalog: Catalog, cred_id: str) -> list[tuple[str, str]]:
    """Credentials that directly need ``cred_id``: ``(id, "requires" | "part")``, sorted by id."""
    out: list[tuple[str, str]] = []
    for cred in catalog.credentials:
        if any(cred_id in g for g in cred.requires.credential_groups):
            out.append((cred.id, "requires"))
        if cred_id in cred.parts:
            out.append((cred.id, "part"))
    return sorted(out)
