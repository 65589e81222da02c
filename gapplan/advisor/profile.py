"""Reading a profile file and applying command-line flags on top of it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from gapplan.errors import InputError
from gapplan.models import Budget, Catalog, HeldSkill, Optimize, Preferences, Profile
from gapplan.yamlio.reader import YamlDoc, read_yaml
from gapplan.yamlio.validation import dotted, validate_model

DEFAULT_HAVE_LEVEL = 3


def read_profile(path: Path, catalog: Catalog | None = None) -> Profile:
    """A profile YAML file, validated (against ``catalog`` too when given: skill names, credential ids and
    the goal must exist); every problem located as ``file:line:column``."""
    if not path.is_file():
        raise InputError("profile not found (or not a file)", file=str(path))
    doc = read_yaml(path, display=str(path))
    if doc.data is None:
        raise InputError(
            "empty profile: expected a mapping such as 'skills: [...]'", file=doc.file, line=1, column=1
        )
    if not isinstance(doc.data, dict):
        line, column = doc.position(())
        raise InputError(
            "a profile must be a mapping (name, skills, credentials, goal, budget ...)",
            file=doc.file,
            line=line,
            column=column,
        )
    profile = validate_model(Profile, doc.data, doc)
    if catalog is not None:
        check_profile(profile, catalog, doc)
    return profile


def check_profile(profile: Profile, catalog: Catalog, doc: YamlDoc) -> None:
    """Every skill, credential and role the profile names exists in the catalog, or a located error each."""
    from gapplan.errors import Problem, unknown_message

    problems = []

    def add(loc: tuple[str | int, ...], message: str) -> None:
        line, column = doc.position(loc)
        problems.append(Problem(doc.file, line, column, f"{dotted(loc)}: {message}"))

    known_skills = [*catalog.skill_by_id, *(s.name for s in catalog.skills)]
    for i, held in enumerate(profile.skills):
        if held.skill.strip().casefold() not in catalog.skill_lookup:
            add(("skills", i, "skill"), unknown_message("skill", held.skill, known_skills))
    for field in ("credentials",):
        for i, cid in enumerate(profile.credentials):
            if cid not in catalog.credential_by_id:
                add((field, i), unknown_message("credential", cid, catalog.credential_by_id))
    for i, cid in enumerate(profile.preferences.exclude):
        if cid not in catalog.credential_by_id:
            add(("preferences", "exclude", i), unknown_message("credential", cid, catalog.credential_by_id))
    for field, rid in (("goal", profile.goal), ("current_role", profile.current_role)):
        if rid is not None and rid not in catalog.role_by_id:
            add((field,), unknown_message("role", rid, catalog.role_by_id))
    if problems:
        raise InputError(problems=problems)


def parse_have(values: Sequence[str]) -> tuple[HeldSkill, ...]:
    """``--have sql:2`` or ``--have "power bi"`` (level 3 when none is given)."""
    held = []
    for raw in values:
        name, sep, level = raw.rpartition(":")
        if not sep or not level.strip().isdigit():
            name, level = raw, str(DEFAULT_HAVE_LEVEL)
        lvl = int(level)
        if not 1 <= lvl <= 5:
            raise InputError(f"--have {raw!r}: the level must be 1-5")
        if not name.strip():
            raise InputError(f"--have {raw!r}: expected SKILL or SKILL:LEVEL")
        held.append(HeldSkill(skill=name.strip(), level=lvl))
    return tuple(held)


def parse_date(flag: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{flag}: {value!r} is not a date like 2027-01-04") from None


def apply_flags(
    profile: Profile,
    *,
    have: Sequence[str] = (),
    holding: Sequence[str] = (),
    budget_usd: float | None = None,
    budget_hours: float | None = None,
    hours_per_week: float | None = None,
    start: str | None = None,
    deadline: str | None = None,
    optimize: Optimize | None = None,
    include_preferred: bool = False,
    exclude: Sequence[str] = (),
    online_only: bool = False,
    experience_years: float | None = None,
) -> Profile:
    """Flags win over the profile: skills and holdings add to it (a flag's level replaces the file's)."""
    held = {s.skill.casefold(): s for s in profile.skills}
    for s in parse_have(have):
        held[s.skill.casefold()] = s
    creds = tuple(dict.fromkeys((*profile.credentials, *(h.strip().lower() for h in holding))))
    b = profile.budget
    start_date = parse_date("--start", start) or b.start
    deadline_date = parse_date("--deadline", deadline) or b.deadline
    if start_date and deadline_date and deadline_date < start_date:
        raise InputError(f"--deadline {deadline_date} is before the start {start_date}")
    budget = Budget(
        usd=budget_usd if budget_usd is not None else b.usd,
        hours=budget_hours if budget_hours is not None else b.hours,
        hours_per_week=hours_per_week if hours_per_week is not None else b.hours_per_week,
        start=start_date,
        deadline=deadline_date,
    )
    p = profile.preferences
    prefs = Preferences(
        optimize=optimize or p.optimize,
        delivery=("online",) if online_only else p.delivery,
        exclude=tuple(dict.fromkeys((*p.exclude, *(e.strip().lower() for e in exclude)))),
        include_preferred=include_preferred or p.include_preferred,
    )
    return profile.model_copy(
        update={
            "skills": tuple(held.values()),
            "credentials": creds,
            "budget": budget,
            "preferences": prefs,
            "experience_years": experience_years
            if experience_years is not None
            else profile.experience_years,
        }
    )
