"""Planner internals: the planning instance (eligible credentials, needs, coverable items), its exact
pruning, and the orderability checks (loop cuts) the solver uses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from gapplan.models import Catalog, Credential, Gap, Profile

# --------------------------------------------------------------------------- the catalog index


@dataclass(frozen=True)
class CatalogIndex:
    """Lookups built once per catalog: ranks for the tie-break, who grants what, zero-cost stacks."""

    rank: dict[str, int]  # position of the id among all credential ids, sorted, plus one
    order: dict[str, int]  # position by (cost, hours, id): a dominator always comes before what it dominates
    providers: dict[str, list[tuple[int, str]]]  # skill -> (granted level, credential), level descending
    zero_stacks: tuple[str, ...]  # stacks with no cost or hours of their own, sorted

    def granting(self, skill: str, level: int) -> Iterable[str]:
        for granted, cid in self.providers.get(skill, ()):
            if granted < level:
                break
            yield cid


_INDEX: dict[int, tuple[Catalog, CatalogIndex]] = {}


def catalog_index(catalog: Catalog) -> CatalogIndex:
    cached = _INDEX.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    providers: dict[str, list[tuple[int, str]]] = {}
    for cred in catalog.credentials:
        best: dict[str, int] = {}
        for g in cred.grants:
            best[g.skill] = max(best.get(g.skill, 0), g.level)
        for skill, level in best.items():
            providers.setdefault(skill, []).append((level, cred.id))
    for entries in providers.values():
        entries.sort(key=lambda e: (-e[0], e[1]))
    ids = sorted(catalog.credential_by_id)
    zero = tuple(
        c
        for c in ids
        if catalog.credential_by_id[c].parts
        and catalog.credential_by_id[c].cost_usd == 0
        and catalog.credential_by_id[c].hours == 0
    )
    creds = catalog.credential_by_id
    by_price = sorted(ids, key=lambda c: (creds[c].cost_usd, creds[c].hours, c))
    index = CatalogIndex(
        rank={cid: i + 1 for i, cid in enumerate(ids)},
        order={cid: i for i, cid in enumerate(by_price)},
        providers=providers,
        zero_stacks=zero,
    )
    if len(_INDEX) >= 8:  # a strong reference keeps id(catalog) from being reused while cached
        _INDEX.pop(next(iter(_INDEX)))
    _INDEX[id(catalog)] = (catalog, index)
    return index


# --------------------------------------------------------------------------- the instance


class Need(NamedTuple):
    providers: tuple[str, ...]  # credentials of which any one, earned earlier, meets it
    part: bool  # a part of a stack
    label: str  # for messages: "sql at level 3", "one of a, b"
    key: tuple[
        str, ...
    ]  # the same for equal needs of different credentials: ("s", skill, level) | ("g", ids...)


@dataclass
class Context:
    """What decides eligibility and which prerequisites are already met."""

    catalog: Catalog
    index: CatalogIndex
    held: frozenset[str]
    levels: dict[str, int]
    exclude: frozenset[str]
    delivery: frozenset[str]
    experience: float

    @classmethod
    def of(cls, catalog: Catalog, profile: Profile, gap: Gap, extra_exclude: Iterable[str] = ()) -> Context:
        prefs = profile.preferences
        return cls(
            catalog=catalog,
            index=catalog_index(catalog),
            held=frozenset(gap.held_credentials),
            levels=gap.current_levels,
            exclude=frozenset(prefs.exclude) | frozenset(extra_exclude),
            delivery=frozenset(prefs.delivery),
            experience=profile.experience_years,
        )

    def blocked(self, cred: Credential) -> str | None:
        """Why ``cred`` cannot be planned on its own terms (held, excluded, delivery, experience)."""
        if cred.id in self.held:
            return "held"
        if cred.id in self.exclude:
            return "excluded"
        if self.delivery and cred.delivery not in self.delivery:
            return "preference"
        if cred.requires.experience_years > self.experience:
            return "needs-experience"
        return None

    def needs(self, cred: Credential) -> list[Need]:
        """Prerequisites not met by holdings, each met by any one of its providers placed earlier."""
        out: list[Need] = []
        for group in cred.requires.credential_groups:
            if not self.held.intersection(group):
                label = group[0] if len(group) == 1 else "one of " + ", ".join(group)
                out.append(Need(tuple(m for m in group if m != cred.id), False, label, ("g", *group)))
        for req in cred.requires.skills:
            if self.levels.get(req.skill, 0) < req.level:
                providers = tuple(p for p in self.index.granting(req.skill, req.level) if p != cred.id)
                key = ("s", req.skill, str(req.level))
                out.append(Need(providers, False, f"{req.skill} at level {req.level}", key))
        out.extend(Need((p,), True, p, ("g", p)) for p in cred.parts if p not in self.held)
        return out

    def is_auto(self, cred: Credential) -> bool:
        """A stack with no cost or hours of its own and nothing open but its parts: awarded with them."""
        return (
            bool(cred.parts)
            and cred.cost_usd == 0
            and cred.hours == 0
            and all(need.part for need in self.needs(cred))
        )


@dataclass
class Instance:
    """The planning MIP over the credentials that can matter, columns in sorted id order."""

    ids: list[str]
    cost: list[float]
    hours: list[float]
    tie: list[int]  # tie-break weight: rank + 1 in the sorted catalog, 0 for auto-awarded stacks
    auto: list[bool]
    needs: list[list[tuple[int, ...]]]  # per column: needs, each met by any one column placed earlier
    parts: list[tuple[int, ...]]  # per auto-awarded stack: its part columns
    item_cover: list[tuple[int, ...]]  # per gap item: the columns granting it at the required level
    item_weight: list[int]
    item_preferred: list[bool]
    group_cover: list[tuple[int, ...]]  # per unmet mandatory group: its member columns
    usd: float | None
    hours_budget: float | None
    optimize: Literal["cost", "hours"]
    dropped_dominated: int = 0

    @property
    def n(self) -> int:
        return len(self.ids)


def build_instance(ctx: Context, profile: Profile, gap: Gap) -> Instance:
    """Keep only the eligible credentials that can matter to an optimal plan, in sorted id order.

    Exact (it never changes the lexicographic optimum). A candidate is a credential that covers a gap
    item, meets an unmet mandatory group, or meets a prerequisite ("key") of a kept credential. Its
    signature is the set of items, groups and keys it serves. A candidate is dominated when a candidate
    with no open prerequisites serves a superset, for no more cost and no more hours, strictly better in
    one or else with a smaller id. Kept = candidates not dominated (auto-awarded stacks are always kept);
    keys grow with the kept set until nothing changes (keeping is monotone in the keys, so this ends).
    Why it is exact: take an optimal plan P with members outside the kept set R. Each c in P - R that
    serves anything serves only items, groups and keys of R that its dominator d(c) in R serves too, and
    d(c) can be placed first. So (P ∩ R) + {d(c)}, in P's order after the d(c), is a valid plan covering
    at least as much, no dearer in cost or hours, and lexicographically smaller (tie-break included):
    a contradiction. Finally, members of R that no order within R can reach are in no plan.
    """
    creds = ctx.catalog.credential_by_id
    eligible: dict[str, bool] = {}

    def ok(cid: str) -> bool:
        if cid not in eligible:
            cred = creds.get(cid)
            eligible[cid] = cred is not None and ctx.blocked(cred) is None
        return eligible[cid]

    needs: dict[str, list[Need]] = {}
    key_providers: dict[tuple[str, ...], tuple[str, ...]] = {}

    def needs_of(cid: str) -> list[Need]:
        if cid not in needs:
            needs[cid] = ctx.needs(creds[cid])
        return needs[cid]

    def providers(key: tuple[str, ...]) -> tuple[str, ...]:
        if key not in key_providers:
            if key[0] == "s":
                found: Iterable[str] = ctx.index.granting(key[1], int(key[2]))
            else:
                found = key[1:]
            key_providers[key] = tuple(p for p in found if ok(p))
        return key_providers[key]

    item_providers = [
        [c for c in ctx.index.granting(item.skill, item.required_level) if ok(c)] for item in gap.items
    ]
    group_members = [[c for c in lic.any_of if ok(c)] for lic in gap.licenses]
    base: dict[str, int] = {}
    for bit, members in enumerate((*item_providers, *group_members)):
        for c in members:
            base[c] = base.get(c, 0) | (1 << bit)
    auto_memo: dict[str, bool] = {}

    def is_auto(cid: str) -> bool:
        if cid not in auto_memo:
            auto_memo[cid] = ctx.is_auto(creds[cid])
        return auto_memo[cid]

    # Dominance is kept up to date as keys are added, not recomputed: a new key's bit goes to its
    # providers only, so (1) a candidate that was not dominated stays so (any dominator would have served
    # its old bits before), (2) a new candidate serves only new bits, so it dominates no old one, and
    # (3) a dominated candidate stays dominated unless it gained a bit. Only new candidates and dominated
    # ones that gained a bit are checked again.
    order = ctx.index.order
    sig: dict[str, int] = dict(base)
    by_bit: dict[int, set[str]] = {}  # possible dominators (need-free, not auto-awarded) serving a bit

    def can_dominate(cid: str) -> bool:
        return not is_auto(cid) and not needs_of(cid)

    def is_dominated(cid: str) -> bool:
        if is_auto(cid):
            return False
        mc, oc, hc = sig[cid], order[cid], creds[cid].hours
        pool = min((by_bit.get(b, ()) for b in _bits(mc)), key=len)
        return any(order[d] < oc and sig[d] & mc == mc and creds[d].hours <= hc for d in pool)

    for cid, mask in sig.items():
        if can_dominate(cid):
            for b in _bits(mask):
                by_bit.setdefault(b, set()).add(cid)
    dominated = {cid for cid in sig if is_dominated(cid)}
    keys: dict[tuple[str, ...], int] = {}
    next_bit = len(item_providers) + len(group_members)
    expanded: set[str] = set()  # kept candidates whose needs became keys
    while True:
        newly_kept = [c for c in sig if c not in dominated and c not in expanded]
        expanded.update(newly_kept)
        fresh = sorted({need.key for c in newly_kept for need in needs_of(c) if need.key not in keys})
        if not fresh:
            break
        touched: set[str] = set()
        fresh_candidates: set[str] = set()
        for key in fresh:
            bit = next_bit
            keys[key] = bit
            next_bit += 1
            for p in providers(key):
                if p not in sig:
                    fresh_candidates.add(p)
                sig[p] = sig.get(p, 0) | (1 << bit)
                touched.add(p)
                if can_dominate(p):
                    by_bit.setdefault(bit, set()).add(p)
        recheck = (dominated & touched) | fresh_candidates
        dominated -= recheck
        dominated |= {c for c in recheck if is_dominated(c)}
    kept = [c for c in sig if c not in dominated]

    def model_need(cid: str, need: Need) -> tuple[str, ...]:
        return tuple(p for p in providers(need.key) if p != cid)

    relevant = set(kept)
    reach: set[str] = set()
    pending = sorted(relevant)
    while True:
        placed = [c for c in pending if all(any(p in reach for p in model_need(c, n)) for n in needs_of(c))]
        if not placed:
            break
        reach.update(placed)
        pending = [c for c in pending if c not in reach]

    ids = sorted(reach)
    col = {cid: i for i, cid in enumerate(ids)}
    budget = profile.budget
    return Instance(
        ids=ids,
        cost=[creds[c].cost_usd for c in ids],
        hours=[creds[c].hours for c in ids],
        tie=[0 if is_auto(c) else ctx.index.rank[c] for c in ids],
        auto=[is_auto(c) for c in ids],
        needs=[[tuple(col[p] for p in model_need(c, n) if p in col) for n in needs_of(c)] for c in ids],
        parts=[tuple(col[p] for p in creds[c].parts if p in col) if is_auto(c) else () for c in ids],
        item_cover=[tuple(col[c] for c in members if c in col) for members in item_providers],
        item_weight=[item.weight for item in gap.items],
        item_preferred=[item.preferred for item in gap.items],
        group_cover=[tuple(col[c] for c in members if c in col) for members in group_members],
        usd=budget.usd,
        hours_budget=budget.hours,
        optimize=profile.preferences.optimize,
        dropped_dominated=len(dominated),
    )


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def reachable(ctx: Context, start: Iterable[str]) -> set[str]:
    """Which of ``start`` (and of the eligible credentials they depend on) some valid order reaches."""
    creds = ctx.catalog.credential_by_id
    seen: set[str] = set()
    todo = [c for c in start if c in creds]
    while todo:
        cid = todo.pop()
        if cid in seen or ctx.blocked(creds[cid]) is not None:
            continue
        seen.add(cid)
        todo.extend(p for need in ctx.needs(creds[cid]) for p in need.providers if p in creds)
    reach: set[str] = set()
    pending = sorted(seen)
    while True:
        placed = [c for c in pending if all(reach.intersection(n.providers) for n in ctx.needs(creds[c]))]
        if not placed:
            return reach
        reach.update(placed)
        pending = [c for c in pending if c not in reach]


# --------------------------------------------------------------------------- orderability


def order_columns(inst: Instance, chosen: Iterable[int]) -> tuple[list[int], list[int]]:
    """Place chosen columns greedily (a need is met by a column placed earlier): (placed, stuck)."""
    remaining = sorted(chosen)
    placed: list[int] = []
    done: set[int] = set()
    progress = True
    while remaining and progress:
        progress = False
        for c in list(remaining):
            if all(done.intersection(need) for need in inst.needs[c]):
                placed.append(c)
                done.add(c)
                remaining.remove(c)
                progress = True
    return placed, remaining


def loop_cuts(
    inst: Instance, chosen: Sequence[int], stuck: Sequence[int]
) -> list[tuple[list[int], list[int]]]:
    """Cuts ``sum_{S} x - (|S|-1) <= sum_{U} x`` that exclude the loops among the ``stuck`` columns.

    Let P be the placed columns and R the stuck ones. Draw i -> j for j in R meeting an unmet need of i;
    every i in R has such an edge, because the model makes each need of a chosen column have a chosen
    member, and a member in P would meet it. Take S a bottom strongly connected component (no edge
    leaves S) and U the columns outside P ∪ R that meet an unmet need of a member of S.
    Validity: in any orderable selection containing all of S, the first member i of S placed has each
    of its needs met by a column j placed before it. For the need unmet by P, j is not in S (i is the
    first), not in P (the need would be met), not in R - S (no edge leaves S): so j is in U and the right
    side is at least 1. Selections missing a member of S satisfy the cut trivially.
    """
    chosen_set = set(chosen)
    done = chosen_set.difference(stuck)
    stuck_set = set(stuck)
    unmet = {i: [need for need in inst.needs[i] if not done.intersection(need)] for i in stuck}
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
        if i in taken or i not in reach[i] or any(i not in reach[j] for j in reach[i]):
            continue
        members = sorted(reach[i])
        taken.update(members)
        outside = sorted({j for m in members for need in unmet[m] for j in need if j not in chosen_set})
        cuts.append((members, outside))
    if not cuts:  # cannot happen (see above); fall back to the whole stuck set, which is always valid
        outside = sorted({j for i in stuck for need in unmet[i] for j in need if j not in chosen_set})
        cuts.append((sorted(stuck), outside))
    return cuts
