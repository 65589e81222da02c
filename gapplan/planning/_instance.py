"""Planner internals: the planning instance, the credentials that can matter to an optimal plan for a
gap, kept by an exact pruning (see :func:`build_instance`).

Units: coverage in integer units (a whole weight is 60 units, so every partial level is an integer);
experience in weeks (see :mod:`gapplan.planning._context`).
"""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from gapplan.models import EXPERIENCE_KINDS, Gap
from gapplan.planning._context import ANY, WEEKS_PER_YEAR, Context, gives

UNITS = 60  # coverage units per whole weight: divisible by every level span 1..5
KEEP_WORKING = "keep-working"  # the implicit work stage "keep working in your current role"

# --------------------------------------------------------------------------- the instance


@dataclass
class Item:
    """A gap skill with the levels a plan can raise it through, each worth ``units``."""

    skill: str
    klass: Literal["required", "preferred", "durable"]
    base: int  # credit starts above this level
    target: int
    levels: list[tuple[int, tuple[int, ...]]]  # (level, columns granting at least it)
    units: int  # per level


@dataclass
class Instance:
    """The planning MIP over the credentials that can matter, columns in sorted id order."""

    ids: list[str]
    cost: list[float]
    hours: list[float]
    weeks: list[int]
    tie: list[int]  # tie-break weight: rank in the sorted catalog, 0 for auto-awarded stacks
    auto: list[bool]
    work: list[bool]  # work stages and apprenticeships (experience sources)
    needs: list[list[tuple[int, ...]]]  # per column: needs, each met by any one column placed earlier
    parts: list[tuple[int, ...]]  # per auto-awarded stack: its part columns
    exp: list[list[tuple[str, float]]]  # per column: (area, weeks) met by sources placed earlier
    keep_need: list[float]  # per column: weeks of "keep working" it needs (0: none)
    grants: dict[str, dict[int, float]]  # area -> source column -> weeks it gives (not keep areas)
    justify: dict[int, tuple[str, ...]]  # source column -> the areas whose need can justify it
    named_by: dict[int, tuple[int, ...]]  # source column -> columns naming it in a credential group
    free_sources: frozenset[int]  # sources needing no justification: members of a mandatory group
    keep: bool  # the "keep working" variable exists
    forced: list[int]  # locked credentials: in every plan
    items: list[Item]
    group_cover: list[tuple[int, ...]]  # per unmet mandatory group: its member columns

    @property
    def n(self) -> int:
        return len(self.ids)


def build_instance(ctx: Context, gap: Gap) -> Instance:
    """Keep only the eligible credentials that can matter to an optimal plan, in sorted id order.

    Exact (it never changes the lexicographic optimum). A candidate covers a level of a gap item, meets
    an unmet mandatory group, meets a prerequisite ("key") of a candidate, or gives experience a candidate
    needs. Its signature is the set of item levels, groups and keys it serves. A study candidate is
    dominated when a study candidate with no open prerequisites serves a superset, for no more cost, hours
    or weeks, strictly better in one or else with a smaller id. Replacing a dominated member of a plan by
    its dominator (placed first) keeps every prerequisite met, covers at least as much and is no worse on
    any later objective term, so no optimum contains a dominated candidate. Members no order can reach
    are dropped last.
    """
    creds = ctx.catalog.credential_by_id
    keep_areas = ctx.keep_areas

    def ok(cid: str) -> bool:
        return ctx.eligible(cid)

    items_raw: list[tuple[str, Literal["required", "preferred", "durable"], int, int, int]] = []
    for gi in gap.items:
        klass: Literal["required", "preferred", "durable"] = (
            "durable" if gi.durable else "preferred" if gi.preferred else "required"
        )
        base = max(gi.base_level, gi.current_level)
        if base < gi.required_level:
            items_raw.append((gi.skill, klass, base, gi.required_level, gi.weight))
    level_providers: list[list[tuple[int, list[str]]]] = []
    for skill, _, base, target, _ in items_raw:
        granted = [(g, c) for g, c in ctx.index.providers.get(skill, ()) if g > base and ok(c)]
        levels = range(base + 1, target + 1)
        level_providers.append([(lv, [c for g, c in granted if g >= lv]) for lv in levels])
    group_members = [[c for c in lic.any_of if ok(c)] for lic in gap.licenses]

    # Candidates: what serves a gap item's level or a mandatory group, then what the kept ones need.
    candidates: set[str] = set()
    for per_item in level_providers:
        for _, found in per_item:
            candidates.update(found)
    for members in group_members:
        candidates.update(members)
    locked = sorted(c for c in ctx.locked if ok(c))
    candidates.update(locked)

    def add_stacks() -> set[str]:
        """Stacks with no cost or hours of their own come with their parts (awarded, cost 0)."""
        added: set[str] = set()
        changed = True
        while changed:
            changed = False
            for cid in ctx.index.zero_stacks:
                cred = creds[cid]
                if (
                    cid not in candidates
                    and ok(cid)
                    and ctx.is_auto(cred)
                    and all(p in candidates or p in ctx.held for p in cred.parts)
                ):
                    candidates.add(cid)
                    added.add(cid)
                    changed = True
        return added

    add_stacks()

    # Signatures: bits for item levels, groups, and the prerequisites ("keys") of kept candidates.
    bit = 0
    sig: dict[str, int] = dict.fromkeys(candidates, 0)
    for per_item in level_providers:
        for _, found in per_item:
            for c in found:
                sig[c] |= 1 << bit
            bit += 1
    for members in group_members:
        for c in members:
            sig[c] |= 1 << bit
        bit += 1
    for c in locked:  # a bit of its own: never dominated
        sig[c] |= 1 << bit
        bit += 1

    study: set[str] = set()
    can_dominate: set[str] = set()
    # A step whose experience need outside the keep areas can justify a work stage is never dominated:
    # replacing it could leave a stage that serves something else (a group, a prerequisite) unjustified.
    justifiers: set[str] = set()
    weeks: dict[str, int] = {}
    order_key: dict[str, tuple[float, float, int, str]] = {}
    by_bit: dict[int, list[str]] = {}  # possible dominators serving each bit, in order_key order
    dead: set[str] = set()  # study candidates no order can reach: dropped like dominated ones
    capacities: dict[str, float] = {}

    def capacity(area: str) -> float:
        """Weeks of experience in ``area`` all eligible sources give together."""
        if area not in capacities:
            capacities[area] = math.fsum(
                years * WEEKS_PER_YEAR for years, src in ctx.index.sources.get(area, ()) if ok(src)
            )
        return capacities[area]

    def admit(cids: Iterable[str]) -> None:
        for c in cids:  # any order: the dominator lists are kept in order_key order
            cred = creds[c]
            weeks[c] = w = ctx.weeks(cred)
            order_key[c] = (cred.cost_usd, ctx.hours(cred), w, c)  # hours still to do
            if cred.kind not in EXPERIENCE_KINDS and not ctx.is_auto(cred):
                study.add(c)
                needs, exps, _ = ctx.needs(cred)
                if any(e.area not in keep_areas and e.weeks > capacity(e.area) + 1e-9 for e in exps):
                    dead.add(c)  # more experience than all the eligible sources together give
                    continue
                if any(e.area not in keep_areas for e in exps):
                    justifiers.add(c)  # its need can justify a work stage: never pruned (see below)
                if not needs and not exps:
                    can_dominate.add(c)
                    for b in _bits(sig[c]):
                        insort(by_bit.setdefault(b, []), c, key=order_key.__getitem__)

    def is_dominated(cid: str) -> bool:
        if cid in dead:
            return True
        if cid in justifiers:
            return False
        mine = sig[cid]
        if not mine:
            return True  # serves nothing a kept candidate or the gap needs
        key = order_key[cid]
        pool = min((by_bit.get(b, ()) for b in _bits(mine)), key=len)
        for d in pool:  # in order_key order: a dominator comes before cid
            dk = order_key[d]
            if dk >= key:
                return False
            if dk[1] <= key[1] and dk[2] <= key[2] and sig[d] & mine == mine:
                return True
        return False

    admit(candidates)
    # Dominance is kept up to date, not recomputed: a new key's bit goes to its providers only, so a
    # candidate that was not dominated stays so, a dominated one can change only if it gained a bit,
    # and a new candidate serves only new bits. Keeping grows with the keys, so this ends.
    dominated = {c for c in study if is_dominated(c)}
    keys: set[tuple[str, ...]] = set()
    expanded: set[str] = set()
    while True:
        newly = sorted(candidates - dominated - expanded)
        expanded.update(newly)
        fresh = sorted({n.key for c in newly for n in ctx.needs(creds[c])[0] if n.key not in keys})
        sources = {
            src
            for c in newly
            for e in ctx.needs(creds[c])[1]
            if e.area not in keep_areas
            for _, src in ctx.index.sources.get(e.area, ())
            if src not in candidates and ok(src)
        }
        if not fresh and not sources:
            break
        touched: set[str] = set()
        new: set[str] = set(sources)
        for key in fresh:
            keys.add(key)
            for p in _key_providers(ctx, key):
                if p not in sig:
                    if not ok(p):
                        continue
                    sig[p] = 0
                    new.add(p)
                sig[p] |= 1 << bit
                touched.add(p)
                if p in can_dominate:
                    insort(by_bit.setdefault(bit, []), p, key=order_key.__getitem__)
            bit += 1
        for c in sources:
            sig.setdefault(c, 0)
        candidates.update(new)
        for c in add_stacks():
            sig.setdefault(c, 0)
            new.add(c)
        admit(new)
        recheck = (dominated & touched) | (new & study)
        dominated -= recheck
        dominated |= {c for c in recheck if is_dominated(c)}
    kept = set(candidates) - dominated

    # Experience sources: only where a kept candidate needs what they give (outside keep areas).
    demand: dict[str, float] = {}
    for cid in kept:
        for exp in ctx.needs(creds[cid])[1]:
            if exp.area not in keep_areas:
                demand[exp.area] = max(demand.get(exp.area, 0.0), exp.weeks)

    def source_areas(cid: str) -> tuple[str, ...]:
        cred = creds[cid]
        areas = {e.area for e in cred.grants_experience} | {ANY}
        return tuple(sorted(a for a in areas if a in demand))

    named = {p for c in kept for n in ctx.needs(creds[c])[0] if n.kind == "group" for p in n.providers}
    mandatory = {c for members in group_members for c in members}
    kept = {
        c
        for c in kept
        if creds[c].kind not in EXPERIENCE_KINDS or source_areas(c) or c in named or c in mandatory
    }

    # Reachability within the kept set (experience summed over the sources placed).
    reach = ctx.reachable(sorted(kept), lambda c: ctx.needs(creds[c])[:2])

    ids = sorted(reach)
    col = {cid: i for i, cid in enumerate(ids)}
    needs_cols: list[list[tuple[int, ...]]] = []
    exp_cols: list[list[tuple[str, float]]] = []
    keep_need: list[float] = []
    for c in ids:
        needs, exps, _ = ctx.needs(creds[c])
        needs_cols.append([tuple(col[p] for p in n.providers if p in col) for n in needs])
        exp_cols.append([(e.area, e.weeks) for e in exps if e.area not in keep_areas])
        keep_need.append(max((e.weeks for e in exps if e.area in keep_areas), default=0.0))
    grants: dict[str, dict[int, float]] = {}
    justify: dict[int, tuple[str, ...]] = {}
    for c in ids:
        cred = creds[c]
        if cred.kind not in EXPERIENCE_KINDS:
            continue
        areas = source_areas(c)
        justify[col[c]] = areas
        for area, gw in gives(cred):
            if area not in keep_areas and area in demand:
                grants.setdefault(area, {})[col[c]] = gw
    named_by: dict[int, tuple[int, ...]] = {}
    for c in ids:
        for need in ctx.needs(creds[c])[0]:
            if need.kind != "group":
                continue
            for p in need.providers:
                if p in col and col[p] in justify:
                    named_by[col[p]] = (*named_by.get(col[p], ()), col[c])
    in_groups = {c for members in group_members for c in members}
    items = [
        Item(
            skill=skill,
            klass=klass,
            base=base,
            target=target,
            levels=[(lv, tuple(col[c] for c in found if c in col)) for lv, found in per_item],
            units=UNITS * weight // (target - base),
        )
        for (skill, klass, base, target, weight), per_item in zip(items_raw, level_providers, strict=True)
    ]
    return Instance(
        ids=ids,
        cost=[creds[c].cost_usd for c in ids],
        hours=[ctx.hours(creds[c]) for c in ids],
        weeks=[0 if ctx.is_auto(creds[c]) else weeks[c] for c in ids],
        tie=[0 if ctx.is_auto(creds[c]) else ctx.index.rank[c] for c in ids],
        auto=[ctx.is_auto(creds[c]) for c in ids],
        work=[creds[c].kind in EXPERIENCE_KINDS for c in ids],
        needs=needs_cols,
        parts=[
            tuple(col[p] for p in creds[c].parts if p in col) if ctx.is_auto(creds[c]) else () for c in ids
        ],
        exp=exp_cols,
        keep_need=keep_need,
        grants=grants,
        justify=justify,
        named_by={s: tuple(sorted(set(v))) for s, v in named_by.items()},
        free_sources=frozenset(col[c] for c in in_groups if c in col and col[c] in justify),
        keep=any(v > 0 for v in keep_need),
        forced=[col[c] for c in locked if c in col],
        items=items,
        group_cover=[tuple(col[c] for c in members if c in col) for members in group_members],
    )


def _key_providers(ctx: Context, key: tuple[str, ...]) -> Iterable[str]:
    if key[0] == "s":
        return ctx.index.granting(key[1], int(key[2]))
    return key[1:]


def _bits(mask: int) -> list[int]:
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out
