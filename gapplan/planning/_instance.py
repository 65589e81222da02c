"""Planner internals: what can be planned (eligibility, needs, recommendations, experience), the planning
instance built from it with an exact pruning, and the orderability checks (loop cuts) the solver uses.

Units: coverage in integer units (a whole weight is 60 units, so every partial level is an integer);
experience in weeks (a year is 52), so that years of work add up exactly across stages.
"""

from __future__ import annotations

import math
from bisect import insort
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from gapplan.models import EXPERIENCE_KINDS, Catalog, Credential, Gap, Profile, Requirements
from gapplan.planning.gap import license_area

ANY = ""  # the experience "area" of years of any work
WEEKS_PER_YEAR = 52
UNITS = 60  # coverage units per whole weight: divisible by every level span 1..5
KEEP_WORKING = "keep-working"  # the implicit work stage "keep working in your current role"

# --------------------------------------------------------------------------- the catalog index


@dataclass(frozen=True)
class CatalogIndex:
    """Lookups built once per catalog: ranks for the tie-break and who grants what."""

    rank: dict[str, int]  # position of the id among all credential ids, sorted, plus one
    providers: dict[str, list[tuple[int, str]]]  # skill -> (granted level, credential), level descending
    sources: dict[str, list[tuple[float, str]]]  # experience area -> (years granted, credential)
    zero_stacks: tuple[str, ...]  # stacks with no cost or hours of their own, sorted
    # (credential id, recommended) -> its requirements as needs, before the profile meets any of them
    _requirements: dict[tuple[str, bool], ReqNeeds] = field(default_factory=dict, repr=False)

    def granting(self, skill: str, level: int) -> Iterable[str]:
        for granted, cid in self.providers.get(skill, ()):
            if granted < level:
                break
            yield cid

    def requirements(self, cred: Credential, reqs: Requirements, recommended: bool) -> ReqNeeds:
        """``reqs`` (``cred``'s requirements or recommendations) as needs, built once per catalog:
        (members, need) per credential group, (skill, level, need) per skill and (area, years, label)
        per experience; a profile keeps those it has not met."""
        key = (cred.id, recommended)
        found = self._requirements.get(key)
        if found is not None:
            return found
        groups = []
        for group in reqs.credentials:
            label = group[0] if len(group) == 1 else "one of " + ", ".join(group)
            need = Need(tuple(m for m in group if m != cred.id), "group", label, ("g", *group), recommended)
            groups.append((frozenset(group), need))
        skills = []
        for req in reqs.skills:
            providers = tuple(p for p in self.granting(req.skill, req.level) if p != cred.id)
            key_s = ("s", req.skill, str(req.level))
            label = f"{req.skill} at level {req.level}"
            skills.append((req.skill, req.level, Need(providers, "skill", label, key_s, recommended)))
        wanted = [(e.area, e.years, exp_label(e.area, e.years)) for e in reqs.experience]
        if reqs.experience_years > 0:
            wanted.append((ANY, reqs.experience_years, exp_label(ANY, reqs.experience_years)))
        found = self._requirements[key] = (groups, skills, wanted)
        return found


# A credential's requirements as needs: per group (members, need), per skill (skill, level, need) and
# per experience (area, years, label).
ReqNeeds = tuple[
    list[tuple[frozenset[str], "Need"]], list[tuple[str, int, "Need"]], list[tuple[str, float, str]]
]

_INDEX: dict[int, tuple[Catalog, CatalogIndex]] = {}


def catalog_index(catalog: Catalog) -> CatalogIndex:
    cached = _INDEX.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    providers: dict[str, list[tuple[int, str]]] = {}
    sources: dict[str, list[tuple[float, str]]] = {}
    for cred in catalog.credentials:
        best: dict[str, int] = {}
        for g in cred.grants:
            best[g.skill] = max(best.get(g.skill, 0), g.level)
        for skill, level in best.items():
            providers.setdefault(skill, []).append((level, cred.id))
        if cred.kind in EXPERIENCE_KINDS:
            for exp in cred.grants_experience:
                sources.setdefault(exp.area, []).append((exp.years, cred.id))
            sources.setdefault(ANY, []).append(((cred.weeks or 0) / WEEKS_PER_YEAR, cred.id))
    for entries in providers.values():
        entries.sort(key=lambda e: (-e[0], e[1]))
    for found in sources.values():
        found.sort(key=lambda e: (-e[0], e[1]))
    ids = sorted(catalog.credential_by_id)
    creds = catalog.credential_by_id
    zero = tuple(c for c in ids if creds[c].parts and creds[c].cost_usd == 0 and creds[c].hours == 0)
    index = CatalogIndex(
        rank={cid: i + 1 for i, cid in enumerate(ids)}, providers=providers, sources=sources, zero_stacks=zero
    )
    if len(_INDEX) >= 8:  # a strong reference keeps id(catalog) from being reused while cached
        _INDEX.pop(next(iter(_INDEX)))
    _INDEX[id(catalog)] = (catalog, index)
    return index


# --------------------------------------------------------------------------- needs


class Need(NamedTuple):
    """A prerequisite met by any one of ``providers`` placed earlier."""

    providers: tuple[str, ...]
    kind: Literal["group", "skill", "part"]
    label: str  # for messages: "sql at level 3", "one of a, b"
    key: tuple[str, ...]  # equal for equal needs of different credentials
    recommended: bool = False


class ExpNeed(NamedTuple):
    """Years of work in ``area`` (``ANY``: any work) beyond what the profile holds, in weeks."""

    area: str
    weeks: float
    label: str
    recommended: bool = False


def exp_label(area: str, years: float) -> str:
    unit = "year" if years == 1 else "years"
    return f"{years:g} {unit} of work" if area == ANY else f"{years:g} {unit} of {area} experience"


@dataclass
class Context:
    """What decides eligibility, which prerequisites are already met and which recommendations count."""

    catalog: Catalog
    index: CatalogIndex
    held: frozenset[str]
    levels: dict[str, int]
    exclude: frozenset[str]
    delivery: frozenset[str]
    exp_held: dict[str, float]  # area -> years held (ANY: years of any work)
    keep_areas: frozenset[str]  # areas (and ANY) that keeping the current job adds to
    ignore_recommendations: bool
    hours_per_week: float
    state: str | None = None  # "US-TX": licenses of other states are not eligible
    hours_done: dict[str, float] = field(default_factory=dict)  # credentials in progress
    locked: frozenset[str] = frozenset()  # kept in every plan
    _reach: frozenset[str] | None = field(default=None, repr=False)
    _needs: dict[str, tuple[list[Need], list[ExpNeed], list[str]]] = field(default_factory=dict, repr=False)
    _eligible: dict[str, bool] = field(default_factory=dict, repr=False)
    _auto: dict[str, bool] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, catalog: Catalog, profile: Profile, gap: Gap) -> Context:
        prefs = profile.preferences
        exp = {a: y for a, y in profile.experience.items() if y > 0}
        any_work = max([profile.experience_years, *exp.values()])
        keep = set(exp)
        if profile.current_role is not None or exp:
            keep.add(ANY)
        return cls(
            catalog=catalog,
            index=catalog_index(catalog),
            held=frozenset(gap.held_credentials),
            levels=gap.current_levels,
            exclude=frozenset(prefs.exclude),
            delivery=frozenset(prefs.delivery),
            exp_held={**exp, ANY: any_work},
            keep_areas=frozenset(keep),
            ignore_recommendations=prefs.ignore_recommendations,
            hours_per_week=profile.budget.hours_per_week,
            state=license_area(profile),
            hours_done={p.id: p.hours_done for p in profile.in_progress},
            locked=frozenset(profile.locked),
        )

    def blocked(self, cred: Credential) -> str | None:
        """Why ``cred`` cannot be planned on its own terms: held, excluded or delivery."""
        if cred.id in self.held:
            return "held"
        if cred.id in self.exclude:
            return "excluded"
        if self.delivery and cred.kind not in EXPERIENCE_KINDS and cred.delivery not in self.delivery:
            return "delivery"
        if self.state is not None and cred.jurisdiction is not None and cred.jurisdiction[:5] != self.state:
            return "location"
        return None

    def eligible(self, cid: str) -> bool:
        known = self._eligible.get(cid)
        if known is None:
            cred = self.catalog.credential_by_id.get(cid)
            known = self._eligible[cid] = cred is not None and self.blocked(cred) is None
        return known

    def hours(self, cred: Credential) -> float:
        """Study hours still to do: the credential's hours less those done on it (in progress)."""
        return max(0.0, cred.hours - self.hours_done.get(cred.id, 0.0))

    def weeks(self, cred: Credential) -> int:
        """The step's own length in whole weeks: its ``weeks`` (the part still to do when in progress),
        else its remaining hours at the person's pace."""
        hours = self.hours(cred)
        if cred.weeks is not None:
            if cred.hours > 0 and cred.id in self.hours_done:
                return max(1, math.ceil(cred.weeks * hours / cred.hours - 1e-9)) if hours > 0 else 0
            return cred.weeks
        if hours <= 0:
            return 0
        return math.ceil(hours / self.hours_per_week - 1e-9)

    # ---- needs

    def _raw(
        self, cred: Credential, reqs: Requirements, recommended: bool
    ) -> tuple[list[Need], list[ExpNeed]]:
        groups, skills, wanted = self.index.requirements(cred, reqs, recommended)
        if not (groups or skills or wanted):
            return [], []
        needs = [need for members, need in groups if self.held.isdisjoint(members)]
        needs.extend(need for skill, level, need in skills if self.levels.get(skill, 0) < level)
        exps: list[ExpNeed] = []
        for area, years, label in wanted:
            missing = years - self.exp_held.get(area, 0.0)
            if missing > 1e-9:
                exps.append(ExpNeed(area, missing * WEEKS_PER_YEAR, label, recommended))
        return needs, exps

    def needs(self, cred: Credential) -> tuple[list[Need], list[ExpNeed], list[str]]:
        """Open prerequisites (parts included), open experience, and recommendations nothing can meet.

        Recommendations count as requirements unless ignored; one that no eligible credential that can be
        earned (nor the profile) can meet is reported instead of blocking the credential."""
        cached = self._needs.get(cred.id)
        if cached is not None:
            return cached
        needs, exps = self._raw(cred, cred.requires, False)
        if cred.parts:
            needs.extend(Need((p,), "part", p, ("g", p)) for p in cred.parts if p not in self.held)
        unmet: list[str] = []
        if not self.ignore_recommendations:
            rec_needs, rec_exps = self._raw(cred, cred.recommends, True)
            reach = self.reachable_hard() if rec_needs or rec_exps else frozenset()
            for need in rec_needs:
                if any(p in reach for p in need.providers):
                    needs.append(need)
                else:
                    unmet.append(need.label)
            for exp in rec_exps:
                if self.exp_satisfiable(exp, reach, cred.id):
                    exps.append(exp)
                else:
                    unmet.append(exp.label)
        result = (needs, exps, unmet)
        self._needs[cred.id] = result
        return result

    def exp_satisfiable(self, exp: ExpNeed, reach: frozenset[str], own: str) -> bool:
        if exp.area in self.keep_areas:
            return True
        total = sum(
            years * WEEKS_PER_YEAR
            for years, s in self.index.sources.get(exp.area, ())
            if s in reach and s != own
        )
        return total + 1e-9 >= exp.weeks

    def reachable_hard(self) -> frozenset[str]:
        """Eligible credentials some order could reach using requirements only (no recommendations)."""
        if self._reach is None:
            creds = self.catalog.credential_by_id

            def hard(cid: str) -> tuple[list[Need], list[ExpNeed]]:
                needs, exps = self._raw(creds[cid], creds[cid].requires, False)
                parts = [Need((p,), "part", p, ("g", p)) for p in creds[cid].parts if p not in self.held]
                return needs + parts, exps

            self._reach = frozenset(self.reachable([c for c in sorted(creds) if self.eligible(c)], hard))
        return self._reach

    def reachable(
        self, cids: Iterable[str], needs_of: Callable[[str], tuple[list[Need], list[ExpNeed]]]
    ) -> set[str]:
        """Which of ``cids`` some order reaches: each needs a provider placed before it and, outside the
        keep areas, the experience of the sources placed before it.

        The least fixpoint, found by propagation: placing a credential meets the needs it provides
        (each counted once) and adds the experience it gives; a credential whose needs are all met waits
        only for experience, rechecked whenever a source is placed."""
        creds = self.catalog.credential_by_id
        keep = self.keep_areas
        pending = list(cids)
        exps: dict[str, list[ExpNeed]] = {}
        open_needs: dict[str, int] = {}
        met: dict[str, set[int]] = {}
        waiting: dict[str, list[tuple[str, int]]] = {}  # provider -> (credential, its need) it meets
        for c in pending:
            needs, c_exps = needs_of(c)
            exps[c] = [e for e in c_exps if e.area not in keep]
            open_needs[c] = len(needs)
            met[c] = set()
            for i, need in enumerate(needs):
                for p in need.providers:
                    waiting.setdefault(p, []).append((c, i))
        reach: set[str] = set()
        given: dict[str, float] = {}
        ready = [c for c in pending if not open_needs[c]]  # needs met; experience to check
        parked: list[str] = []  # needs met, experience not yet
        while ready:
            placed_source = False
            for c in ready:
                if c in reach:
                    continue
                if any(given.get(e.area, 0.0) + 1e-9 < e.weeks for e in exps[c]):
                    parked.append(c)
                    continue
                reach.add(c)
                for area, weeks in _gives(creds[c]):
                    given[area] = given.get(area, 0.0) + weeks
                    placed_source = True
            fresh: list[str] = []
            for c in ready:
                if c not in reach:
                    continue
                for d, i in waiting.pop(c, ()):
                    if i not in met[d]:
                        met[d].add(i)
                        open_needs[d] -= 1
                        if not open_needs[d]:
                            fresh.append(d)
            if placed_source:
                fresh.extend(parked)
                parked = []
            ready = fresh
        return reach

    def is_auto(self, cred: Credential) -> bool:
        """A stack with no cost or hours of its own and nothing open but its parts: awarded with them."""
        if not cred.parts or cred.cost_usd != 0 or cred.hours != 0:
            return False
        known = self._auto.get(cred.id)
        if known is None:
            needs, exps, _ = self.needs(cred)
            known = self._auto[cred.id] = not exps and all(n.kind == "part" for n in needs)
        return known


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
        for area, gw in _gives(cred):
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


def _gives(cred: Credential) -> list[tuple[str, float]]:
    """The experience a source gives, in weeks per area (and of any work)."""
    if cred.kind not in EXPERIENCE_KINDS:
        return []
    out = [(e.area, e.years * WEEKS_PER_YEAR) for e in cred.grants_experience]
    out.append((ANY, float(cred.weeks or 0)))
    return out


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
