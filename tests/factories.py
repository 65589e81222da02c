"""Builders for small in-memory catalogs and profiles, so tests need no YAML."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from gapplan.models import (
    Budget,
    Catalog,
    Credential,
    CredentialKind,
    Delivery,
    HeldSkill,
    Optimize,
    Preferences,
    Profile,
    Requirements,
    Role,
    RoleSkill,
    Skill,
    SkillCategory,
    SkillLevel,
)

TODAY = date(2026, 6, 1)

Grant = tuple[str, int]
Group = str | tuple[str, ...]


def skill(
    sid: str,
    *,
    category: SkillCategory = "technical",
    name: str | None = None,
    aliases: Sequence[str] = (),
    shelf_life_years: float | None = None,
) -> Skill:
    return Skill(
        id=sid,
        name=name or sid.replace("-", " ").title(),
        category=category,
        aliases=tuple(aliases),
        shelf_life_years=shelf_life_years,
    )


def cred(
    cid: str,
    *,
    cost: float = 100.0,
    hours: float = 10.0,
    grants: Iterable[Grant] = (),
    requires: Iterable[Group] = (),
    skills: Iterable[Grant] = (),
    parts: Sequence[str] = (),
    experience: float = 0.0,
    delivery: Delivery = "online",
    kind: CredentialKind = "course",
) -> Credential:
    """A credential; ``requires`` holds credential groups (an id or a tuple of ids), ``skills`` skill needs."""
    return Credential(
        id=cid,
        name=cid.replace("-", " ").title(),
        issuer="Test Issuer",
        kind=kind,
        cost_usd=float(cost),
        hours=float(hours),
        delivery=delivery,
        grants=tuple(SkillLevel(skill=s, level=lv) for s, lv in grants),
        requires=Requirements(
            credentials=tuple(requires),
            skills=tuple(SkillLevel(skill=s, level=lv) for s, lv in skills),
            experience_years=float(experience),
        ),
        parts=tuple(parts),
    )


def role(
    rid: str,
    *,
    requires: Iterable[tuple[str, int, int]] = (),
    prefers: Iterable[tuple[str, int, int]] = (),
    mandatory: Iterable[Group] = (),
) -> Role:
    """A role; skill entries are (skill, level, weight)."""
    return Role(
        id=rid,
        name=rid.replace("-", " ").title(),
        industry="technology",
        requires=tuple(RoleSkill(skill=s, level=lv, weight=w) for s, lv, w in requires),
        prefers=tuple(RoleSkill(skill=s, level=lv, weight=w) for s, lv, w in prefers),
        mandatory=tuple(mandatory),
    )


def catalog(skills: Iterable[Skill | str], creds: Iterable[Credential], roles: Iterable[Role]) -> Catalog:
    """A catalog sorted by id, as the loader makes it; plain strings become technical skills."""
    built = [s if isinstance(s, Skill) else skill(s) for s in skills]
    return Catalog(
        skills=tuple(sorted(built, key=lambda s: s.id)),
        credentials=tuple(sorted(creds, key=lambda c: c.id)),
        roles=tuple(sorted(roles, key=lambda r: r.id)),
    )


def profile(
    *,
    skills: Iterable[tuple[str, int] | tuple[str, int, int]] = (),
    credentials: Sequence[str] = (),
    experience: float = 0.0,
    usd: float | None = None,
    hours: float | None = None,
    hours_per_week: float = 10.0,
    start: date | None = None,
    deadline: date | None = None,
    optimize: Optimize = "cost",
    delivery: Sequence[Delivery] = (),
    exclude: Sequence[str] = (),
    include_preferred: bool = False,
) -> Profile:
    """A profile; skill entries are (skill, level) or (skill, level, last_used year)."""
    held = [HeldSkill(skill=s[0], level=s[1], last_used=s[2] if len(s) == 3 else None) for s in skills]
    return Profile(
        experience_years=float(experience),
        skills=tuple(held),
        credentials=tuple(credentials),
        budget=Budget(usd=usd, hours=hours, hours_per_week=hours_per_week, start=start, deadline=deadline),
        preferences=Preferences(
            optimize=optimize,
            delivery=tuple(delivery),
            exclude=tuple(exclude),
            include_preferred=include_preferred,
        ),
    )
