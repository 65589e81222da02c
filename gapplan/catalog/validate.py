"""Cross-reference checks on a merged catalog: unknown ids, impossible prerequisites, unreachable levels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import gapplan.catalog.graph as graph
from gapplan.errors import Problem, unknown_message
from gapplan.models import Catalog

if TYPE_CHECKING:
    from gapplan.catalog import Origin


def check(catalog: Catalog, origins: Mapping[tuple[str, str], Origin]) -> tuple[list[Problem], list[Problem]]:
    """Every error and warning in the catalog, located through ``origins``."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    skills = catalog.skill_by_id
    creds = catalog.credential_by_id
    roles = catalog.role_by_id

    def at(kind: str, entry_id: str, message: str, *sub: str | int) -> Problem:
        origin = origins.get((kind, entry_id))
        return origin.problem(message, *sub) if origin else Problem("", 0, 0, f"{kind} {entry_id}: {message}")

    for cred in catalog.credentials:
        for i, g in enumerate(cred.grants):
            if g.skill not in skills:
                msg = unknown_message("skill", g.skill, skills)
                errors.append(at("credential", cred.id, msg, "grants", i, "skill"))
        for i, s in enumerate(cred.requires.skills):
            if s.skill not in skills:
                msg = unknown_message("skill", s.skill, skills)
                errors.append(at("credential", cred.id, msg, "requires", "skills", i, "skill"))
        for field in ("requires", "recommends"):
            reqs = getattr(cred, field)
            if field == "recommends":
                for i, s in enumerate(reqs.skills):
                    if s.skill not in skills:
                        msg = unknown_message("skill", s.skill, skills)
                        errors.append(at("credential", cred.id, msg, field, "skills", i, "skill"))
            for i, exp in enumerate(reqs.experience):
                if exp.area not in skills:
                    msg = unknown_message("skill", exp.area, skills)
                    errors.append(at("credential", cred.id, msg, field, "experience", i, "area"))
            for i, group in enumerate(reqs.credentials):
                for j, pre in enumerate(group):
                    where = (field, "credentials", i, j)
                    if pre == cred.id:
                        verb = "requires" if field == "requires" else "recommends"
                        errors.append(at("credential", cred.id, f"{verb} itself", *where))
                    elif pre not in creds:
                        errors.append(
                            at("credential", cred.id, unknown_message("credential", pre, creds), *where)
                        )
        if cred.kind in ("work-experience", "apprenticeship") and cred.weeks is None:
            errors.append(at("credential", cred.id, f"a {cred.kind} entry needs weeks (its length)", "kind"))
        if cred.id == "keep-working":
            errors.append(at("credential", cred.id, "the id 'keep-working' is reserved for plans", "id"))
        for i, exp in enumerate(cred.grants_experience):
            if exp.area not in skills:
                msg = unknown_message("skill", exp.area, skills)
                errors.append(at("credential", cred.id, msg, "grants_experience", i, "area"))
        for i, part in enumerate(cred.parts):
            if part == cred.id:
                errors.append(at("credential", cred.id, "lists itself as a part", "parts", i))
            elif part not in creds:
                errors.append(
                    at("credential", cred.id, unknown_message("credential", part, creds), "parts", i)
                )

    for skill in catalog.skills:
        for i, base in enumerate(skill.builds_on):
            if base == skill.id:
                errors.append(at("skill", skill.id, "builds on itself", "builds_on", i))
            elif base not in skills:
                errors.append(at("skill", skill.id, unknown_message("skill", base, skills), "builds_on", i))

    for role in catalog.roles:
        for field in ("requires", "prefers"):
            for i, rs in enumerate(getattr(role, field)):
                if rs.skill not in skills:
                    msg = unknown_message("skill", rs.skill, skills)
                    errors.append(at("role", role.id, msg, field, i, "skill"))
        for i, group in enumerate(role.mandatory):
            for j, cid in enumerate(group):
                if cid not in creds:
                    msg = unknown_message("credential", cid, creds)
                    errors.append(at("role", role.id, msg, "mandatory", i, j))
        for i, rid in enumerate(role.related):
            if rid == role.id:
                errors.append(at("role", role.id, "lists itself as related", "related", i))
            elif rid not in roles:
                errors.append(at("role", role.id, unknown_message("role", rid, roles), "related", i))
        for field in ("requires", "prefers"):
            seen: set[str] = set()
            for i, rs in enumerate(getattr(role, field)):
                if rs.skill in seen:
                    errors.append(at("role", role.id, f"skill {rs.skill!r} listed twice", field, i))
                seen.add(rs.skill)
        required = {rs.skill: rs.level for rs in role.requires}
        for i, rs in enumerate(role.prefers):
            need = required.get(rs.skill)
            if need is not None and rs.level <= need:
                msg = (
                    f"skill {rs.skill!r} is required at level {need} and preferred at level {rs.level}: "
                    "list it once, or prefer a higher level than the required one"
                )
                errors.append(at("role", role.id, msg, "prefers", i, "level"))

    if errors:  # the checks below assume every id resolves
        return errors, warnings

    can = graph.earnable(catalog)
    stuck = {c.id for c in catalog.credentials} - can
    if stuck:
        cycle = graph.blocking_cycle(catalog, stuck)
        for cid in sorted(stuck):
            if cycle and cid in cycle:
                path = " -> ".join(cycle)
                errors.append(
                    at("credential", cid, f"prerequisites form a cycle and can never be met: {path}")
                )
            else:
                errors.append(at("credential", cid, _why_stuck(catalog, cid, can)))

    best: dict[str, int] = {}
    for cred in catalog.credentials:
        if cred.id in can:
            for g in cred.grants:
                best[g.skill] = max(best.get(g.skill, 0), g.level)
    for role in catalog.roles:
        for i, rs in enumerate(role.requires):
            top = best.get(rs.skill, 0)
            if top < rs.level:
                got = f"more than level {top}" if top else "it at any level"
                msg = f"warning: requires {rs.skill!r} at level {rs.level}, but no credential grants {got}"
                warnings.append(at("role", role.id, msg, "requires", i, "level"))
    return errors, warnings


def _why_stuck(catalog: Catalog, cid: str, can: set[str]) -> str:
    cred = catalog.credential_by_id[cid]
    for group in cred.requires.credentials:
        if not any(p in can for p in group):
            return f"can never be earned: no prerequisite in {list(group)} can be earned"
    for part in cred.parts:
        if part not in can:
            return f"can never be earned: its part {part!r} cannot be earned"
    return "can never be earned: a prerequisite skill is granted only by credentials that need it first"
