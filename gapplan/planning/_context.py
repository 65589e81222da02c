"""Planner internals: what a profile can plan, before any model: the catalog index (ranks, who grants
what, requirements as needs), eligibility, open needs (requirements, recommendations, experience) and
which credentials some order reaches.

Experience is counted in weeks (a year is 52), so that years of work add up exactly across stages.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from gapplan.models import EXPERIENCE_KINDS, Catalog, Credential, Gap, Profile, Requirements
from gapplan.planning.gap import license_area

ANY = ""  # the experience "area" of years of any work
WEEKS_PER_YEAR = 52

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
    _hard: dict[str, bool] = field(default_factory=dict, repr=False)  # reachable with requirements only?
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
            reach: frozenset[str] = frozenset()
            if rec_needs or rec_exps:
                targets = {p for need in rec_needs for p in need.providers}
                for exp in rec_exps:
                    if exp.area not in self.keep_areas:
                        targets.update(s for _, s in self.index.sources.get(exp.area, ()))
                reach = frozenset(self.hard_reachable(targets))
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

    def hard_needs(self, cid: str) -> tuple[list[Need], list[ExpNeed]]:
        """A credential's open requirements and parts (no recommendations)."""
        cred = self.catalog.credential_by_id[cid]
        needs, exps = self._raw(cred, cred.requires, False)
        parts = [Need((p,), "part", p, ("g", p)) for p in cred.parts if p not in self.held]
        return needs + parts, exps

    def reachable_hard(self) -> frozenset[str]:
        """Eligible credentials some order could reach using requirements only (no recommendations)."""
        return frozenset(self.hard_reachable(sorted(self.catalog.credential_by_id)))

    def hard_reachable(self, cids: Iterable[str]) -> set[str]:
        """Those of ``cids`` some order could reach using requirements only, found over what they depend
        on only: the providers of their needs and the eligible sources of the experience they need,
        recursively. A credential's reachability depends on nothing else, so each status found is final
        (kept for the next question)."""
        wanted = list(cids)
        closure: list[str] = []
        stack = [c for c in wanted if c not in self._hard]
        seen: set[str] = set()
        while stack:
            c = stack.pop()
            if c in seen or c in self._hard:
                continue
            seen.add(c)
            if not self.eligible(c):
                self._hard[c] = False
                continue
            closure.append(c)
            needs, exps = self.hard_needs(c)
            for need in needs:
                stack.extend(need.providers)
            for exp in exps:
                if exp.area not in self.keep_areas:
                    stack.extend(s for _, s in self.index.sources.get(exp.area, ()))
        if closure:
            known = [c for c, reached in self._hard.items() if reached]
            reach = self.reachable(sorted(closure), self.hard_needs, placed=known)
            for c in closure:
                self._hard[c] = c in reach
        return {c for c in wanted if self._hard.get(c, False)}

    def reachable(
        self,
        cids: Iterable[str],
        needs_of: Callable[[str], tuple[list[Need], list[ExpNeed]]],
        placed: Iterable[str] = (),
    ) -> set[str]:
        """Which of ``cids`` some order reaches: each needs a provider placed before it and, outside the
        keep areas, the experience of the sources placed before it (``placed``: credentials known to be
        reachable, placed first; they are in the result).

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
        seeds = [c for c in placed if c not in exps]
        for c in seeds:
            exps[c], open_needs[c], met[c] = [], 0, set()
        reach: set[str] = set()
        given: dict[str, float] = {}
        ready = [*seeds, *(c for c in pending if not open_needs[c])]  # needs met; experience to check
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
                for area, weeks in gives(creds[c]):
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


def gives(cred: Credential) -> list[tuple[str, float]]:
    """The experience a source gives, in weeks per area (and of any work)."""
    if cred.kind not in EXPERIENCE_KINDS:
        return []
    out = [(e.area, e.years * WEEKS_PER_YEAR) for e in cred.grants_experience]
    out.append((ANY, float(cred.weeks or 0)))
    return out
