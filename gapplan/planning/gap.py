"""What a profile lacks for a role: effective skill levels, missing skills, unmet mandatory credentials."""

from __future__ import annotations

import math
from datetime import date

from gapplan.errors import InputError, UnknownIdError
from gapplan.models import (
    Catalog,
    Gap,
    GapItem,
    GoingStale,
    LicenseGap,
    Match,
    Profile,
    RoleSkill,
)


def resolve_skill(catalog: Catalog, name: str) -> str:
    """The id of the skill named ``name`` (its id, name or an alias, case-insensitively)."""
    from gapplan.catalog.lookup import skill_id

    return skill_id(catalog, name)


def _check_credentials(catalog: Catalog, ids: tuple[str, ...], context: str) -> None:
    for cid in ids:
        if cid not in catalog.credential_by_id:
            raise UnknownIdError("credential", cid, sorted(catalog.credential_by_id), context=context)


def held_credentials(catalog: Catalog, held: tuple[str, ...]) -> tuple[str, ...]:
    """``held`` plus every stack whose parts are all held (recursively), sorted."""
    if not held:  # a stack is completed by parts held
        return ()
    result = set(held)
    stacks = catalog.stacks
    changed = True
    while changed:
        changed = False
        for stack in stacks:
            if stack.id not in result and all(p in result for p in stack.parts):
                result.add(stack.id)
                changed = True
    return tuple(sorted(result))


def decay(level: int, last_used: int | None, year: int, shelf_life: float) -> int:
    """The effective level of a skill held at ``level``, last used in ``last_used``, in ``year``.

    Age is ``year - last_used`` in whole years. A skill is stale when its age exceeds its shelf life; a
    stale skill loses one level for every whole shelf life in its age (``floor(age / shelf_life)``
    levels: one just past the shelf life, two past twice it ...), never below 0. A skill without
    ``last_used`` does not decay.
    """
    if last_used is None:
        return level
    age = year - last_used
    if age <= shelf_life:
        return level
    lost = math.floor(age / shelf_life + 1e-9)  # 5 / 2.5 is exactly two shelf lives
    return max(0, level - lost)


def current_levels(
    catalog: Catalog, profile: Profile, *, today: date
) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    """Effective skill levels, held credentials (with stacks completed by held parts) and stale skills.

    A held skill last used more than its shelf life before ``today``'s year decays (:func:`decay`). What held
    credentials grant counts as held too, at full level: a credential does not go stale. A skill is
    reported stale only when the lowering is what decides its effective level.
    """
    _check_credentials(catalog, profile.credentials, "held credential")
    held = held_credentials(catalog, profile.credentials)
    effective: dict[str, int] = {}
    raw: dict[str, int] = {}
    for index, entry in enumerate(profile.skills):
        sid = resolve_skill(catalog, entry.skill)
        level = entry.level
        if entry.last_used is not None and entry.last_used > today.year:
            raise InputError(
                f"skills.{index}.last_used: {entry.last_used} is after the plan's start ({today.isoformat()})"
            )
        level = decay(level, entry.last_used, today.year, catalog.skill_by_id[sid].shelf_life)
        effective[sid] = max(effective.get(sid, 0), level)
        raw[sid] = max(raw.get(sid, 0), entry.level)
    granted: dict[str, int] = {}
    for cid in held:
        for grant in catalog.credential_by_id[cid].grants:
            granted[grant.skill] = max(granted.get(grant.skill, 0), grant.level)
    levels: dict[str, int] = {}
    stale: list[str] = []
    for sid in sorted(set(raw) | set(granted)):
        levels[sid] = max(effective.get(sid, 0), granted.get(sid, 0))
        if levels[sid] < max(raw.get(sid, 0), granted.get(sid, 0)):
            stale.append(sid)
    return levels, held, tuple(stale)


def going_stale(
    catalog: Catalog, profile: Profile, *, today: date, horizon_years: float
) -> tuple[GoingStale, ...]:
    """Held skills whose effective level (decayed, but never below what a held credential grants) is lower
    at the end of the horizon (``today``'s year + ``horizon_years``, rounded down) than today, by id."""
    _, held, stale_ids = current_levels(catalog, profile, today=today)
    granted: dict[str, int] = {}
    for cid in held:
        for grant in catalog.credential_by_id[cid].grants:
            granted[grant.skill] = max(granted.get(grant.skill, 0), grant.level)
    end = today.year + math.floor(horizon_years + 1e-9)
    entries: dict[str, list[tuple[int, int | None]]] = {}
    for entry in profile.skills:
        entries.setdefault(resolve_skill(catalog, entry.skill), []).append((entry.level, entry.last_used))
    found: list[GoingStale] = []
    for sid in sorted(entries):
        skill = catalog.skill_by_id[sid]
        shelf = skill.shelf_life

        def level_in(year: int, sid: str = sid, shelf: float = shelf) -> int:
            decayed = (decay(level, used, year, shelf) for level, used in entries[sid])
            return max(granted.get(sid, 0), *decayed)

        now, then = level_in(today.year), level_in(end)
        if then >= now:
            continue
        dated = [used for _, used in entries[sid] if used is not None]
        found.append(
            GoingStale(
                skill=sid,
                name=skill.name,
                last_used=max(dated),
                shelf_life_years=shelf,
                level_now=now,
                level_then=then,
                drops_in=next(y for y in range(today.year + 1, end + 1) if level_in(y) < now),
                stale_now=sid in stale_ids,
            )
        )
    return tuple(found)


# Licenses are issued by states. Without a state the plan assumes the catalog's reference state, whose
# licenses every state-licensed role has, and says so (the catalog began with Texas's licenses).
REFERENCE_STATE = "TX"


def license_area(profile: Profile) -> str:
    """``US-XX``: the person's state, or the reference state when the profile names none."""
    return f"US-{profile.state or REFERENCE_STATE}"


def _licensed_in(catalog: Catalog, cid: str, area: str) -> bool:
    cred = catalog.credential_by_id.get(cid)
    return cred is None or cred.jurisdiction is None or cred.jurisdiction[:5] == area


def analyse(
    catalog: Catalog,
    profile: Profile,
    goal: str,
    *,
    include_preferred: bool = False,
    today: date,
    horizon_years: float | None = None,
) -> Gap:
    """The gap between ``profile`` and the role ``goal``; with ``horizon_years``, also the held skills that
    go stale within it."""
    role = catalog.role_by_id.get(goal)
    if role is None:
        raise UnknownIdError("role", goal, sorted(catalog.role_by_id))
    _check_credentials(catalog, profile.preferences.exclude, "excluded credential")
    _check_credentials(catalog, tuple(p.id for p in profile.in_progress), "started credential")
    _check_credentials(catalog, profile.locked, "locked credential")
    levels, held, stale = current_levels(catalog, profile, today=today)
    stale_set = set(stale)
    items: list[GapItem] = []
    matched: list[Match] = []
    wanted: list[tuple[RoleSkill, bool]] = [(rs, False) for rs in role.requires]
    required = {rs.skill: rs.level for rs in role.requires}
    if include_preferred:
        # A skill both required and preferred earns preferred credit only above its required level.
        wanted += [(rs, True) for rs in role.prefers if rs.level > required.get(rs.skill, 0)]
    for rs, preferred in wanted:
        skill = catalog.skill_by_id.get(rs.skill)
        name = skill.name if skill is not None else rs.skill
        level = levels.get(rs.skill, 0)
        fields = {
            "skill": rs.skill,
            "name": name,
            "required_level": rs.level,
            "current_level": level,
            "weight": rs.weight,
            "preferred": preferred,
        }
        base = max(level, required.get(rs.skill, 0)) if preferred else level
        if base >= rs.level:  # for a preferred item, base >= its level only when the level is held
            matched.append(Match.model_validate(fields))
        else:
            durable = skill is not None and skill.category == "durable"
            items.append(
                GapItem.model_validate(
                    {**fields, "stale": rs.skill in stale_set, "durable": durable, "base_level": base}
                )
            )
    held_set = set(held)
    area = license_area(profile)
    licenses = tuple(
        LicenseGap(any_of=tuple(c for c in group if _licensed_in(catalog, c, area)) or group)
        for group in role.mandatory
        if not held_set.intersection(group)
    )
    return Gap(
        role=role.id,
        role_name=role.name,
        items=tuple(items),
        matched=tuple(matched),
        licenses=licenses,
        current_levels=levels,
        held_credentials=held,
        stale=stale,
        horizon_years=horizon_years,
        going_stale=()
        if horizon_years is None
        else going_stale(catalog, profile, today=today, horizon_years=horizon_years),
    )
