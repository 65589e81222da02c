"""What a profile lacks for a role: effective skill levels, missing skills, unmet mandatory credentials."""

from __future__ import annotations

from datetime import date

from gapplan.errors import InputError, UnknownIdError
from gapplan.models import Catalog, Gap, GapItem, LicenseGap, Match, Profile, RoleSkill


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
    result = set(held)
    stacks = [c for c in catalog.credentials if c.parts]
    changed = True
    while changed:
        changed = False
        for stack in stacks:
            if stack.id not in result and all(p in result for p in stack.parts):
                result.add(stack.id)
                changed = True
    return tuple(sorted(result))


def current_levels(
    catalog: Catalog, profile: Profile, *, today: date
) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]:
    """Effective skill levels, held credentials (with stacks completed by held parts) and stale skills.

    A held skill last used more than its shelf life before ``today``'s year counts one level lower (never
    below 0). What held credentials grant counts as held too, at full level: a credential does not go
    stale. A skill is reported stale only when the lowering is what decides its effective level.
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
        if entry.last_used is not None and today.year - entry.last_used > catalog.skill_by_id[sid].shelf_life:
            level = max(0, level - 1)
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


def analyse(
    catalog: Catalog, profile: Profile, goal: str, *, include_preferred: bool = False, today: date
) -> Gap:
    """The gap between ``profile`` and the role ``goal``."""
    role = catalog.role_by_id.get(goal)
    if role is None:
        raise UnknownIdError("role", goal, sorted(catalog.role_by_id))
    _check_credentials(catalog, profile.preferences.exclude, "excluded credential")
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
    licenses = tuple(
        LicenseGap(any_of=group) for group in role.mandatory_groups if not held_set.intersection(group)
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
    )
