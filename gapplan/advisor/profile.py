"""Reading a profile file, the ``SKILL[:LEVEL]`` notation, and overriding a profile's fields.

Errors name the profile's fields (``budget.deadline``), never a command-line flag: the commands phrase
them for the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from gapplan.errors import InputError
from gapplan.models import Budget, Catalog, HeldSkill, Optimize, Preferences, Profile
from gapplan.yamlio.reader import YamlDoc, read_yaml
from gapplan.yamlio.validation import dotted, validate_model

DEFAULT_LEVEL = 3  # the level of a skill named without one


class DateOrderError(InputError):
    """The deadline comes before the start."""

    def __init__(self, start: dt.date, deadline: dt.date) -> None:
        self.start = start
        self.deadline = deadline
        super().__init__(f"budget.deadline {deadline} is before budget.start {start}")


def read_profile(path: Path | str, catalog: Catalog | None = None) -> Profile:
    """A profile YAML file (a path or a string naming one), validated (against ``catalog`` too when
    given: skill names, credential ids and the goal must exist); every problem located as
    ``file:line:column``."""
    path = Path(path)
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
    if dates_reversed(profile.budget):
        line, column = doc.position(("budget", "deadline"))
        raise InputError("budget.deadline is before budget.start", file=doc.file, line=line, column=column)
    if catalog is not None:
        check_profile(profile, catalog, doc)
    return profile


def dates_reversed(budget: Budget) -> bool:
    """True when the budget has a deadline before its start."""
    return budget.start is not None and budget.deadline is not None and budget.deadline < budget.start


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
    for i, started in enumerate(profile.in_progress):
        if started.id not in catalog.credential_by_id:
            add(("in_progress", i, "id"), unknown_message("credential", started.id, catalog.credential_by_id))
    for i, cid in enumerate(profile.locked):
        if cid not in catalog.credential_by_id:
            add(("locked", i), unknown_message("credential", cid, catalog.credential_by_id))
    for i, cid in enumerate(profile.preferences.exclude):
        if cid not in catalog.credential_by_id:
            add(("preferences", "exclude", i), unknown_message("credential", cid, catalog.credential_by_id))
    for field, rid in (("goal", profile.goal), ("current_role", profile.current_role)):
        if rid is not None and rid not in catalog.role_by_id:
            add((field,), unknown_message("role", rid, catalog.role_by_id))
    if problems:
        raise InputError(problems=problems)


def parse_skill_level(text: str) -> HeldSkill:
    """``sql:2``, ``Power BI`` (level 3): a skill by id, name or alias, then an optional level 1-5 after the
    last colon. The one notation of ``--have`` flags and roster cells; a bad one is an :class:`InputError`
    whose message the caller prefixes with where the text came from."""
    name, sep, level = text.rpartition(":")
    if not sep:
        name, level = text, str(DEFAULT_LEVEL)
    level = level.strip()
    if not (level.isascii() and level.isdigit() and 1 <= int(level) <= 5):
        raise InputError("the level must be 1-5")
    if not name.strip():
        raise InputError("expected SKILL or SKILL:LEVEL")
    try:
        return HeldSkill(skill=name.strip(), level=int(level))
    except ValidationError:
        raise InputError("the skill must be one line of printable text, at most 200 characters") from None


def with_overrides(
    profile: Profile,
    *,
    have: Sequence[HeldSkill] = (),
    holding: Sequence[str] = (),
    budget_usd: float | None = None,
    budget_hours: float | None = None,
    hours_per_week: float | None = None,
    start: dt.date | None = None,
    deadline: dt.date | None = None,
    optimize: Optimize | None = None,
    include_preferred: bool = False,
    exclude: Sequence[str] = (),
    online_only: bool = False,
    ignore_recommendations: bool = False,
    experience_years: float | None = None,
    state: str | None = None,
    lock: Sequence[str] = (),
) -> Profile:
    """The profile with these values on top: skills and holdings add to it (a given level replaces the
    profile's), the rest replace its fields when given. A deadline before the start raises
    :class:`DateOrderError`."""
    held = {s.skill.casefold(): s for s in profile.skills}
    for s in have:
        held[s.skill.casefold()] = s
    creds = tuple(dict.fromkeys((*profile.credentials, *(h.strip().lower() for h in holding))))
    b = profile.budget
    start_date = start or b.start
    deadline_date = deadline or b.deadline
    if start_date and deadline_date and deadline_date < start_date:
        raise DateOrderError(start_date, deadline_date)
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
        ignore_recommendations=ignore_recommendations or p.ignore_recommendations,
    )
    return profile.model_copy(
        update={
            "skills": tuple(held.values()),
            "credentials": creds,
            "budget": budget,
            "preferences": prefs,
            "state": state or profile.state,
            "locked": tuple(dict.fromkeys((*profile.locked, *(c.strip().lower() for c in lock)))),
            "experience_years": experience_years
            if experience_years is not None
            else profile.experience_years,
        }
    )
