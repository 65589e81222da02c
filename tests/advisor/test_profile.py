"""Profiles: reading a file (located errors), the SKILL[:LEVEL] notation, and overriding fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapplan.advisor.profile import (
    DateOrderError,
    dates_reversed,
    parse_skill_level,
    read_profile,
    with_overrides,
)
from gapplan.catalog import load_catalog
from gapplan.errors import InputError
from gapplan.models import Budget, Catalog, HeldSkill, Profile

DATA = Path(__file__).parent.parent / "data"
SMALL = DATA / "small"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog((SMALL,), builtin=False).catalog


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "me.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("sql:2", HeldSkill(skill="sql", level=2)),
        ("Power BI", HeldSkill(skill="Power BI", level=3)),
        (" sql : 5 ", HeldSkill(skill="sql", level=5)),
        ("c:\\tools:4", HeldSkill(skill="c:\\tools", level=4)),  # the level follows the last colon
    ],
)
def test_skill_level_names_a_skill_and_a_level_that_defaults_to_3(text: str, held: HeldSkill) -> None:
    assert parse_skill_level(text) == held


@pytest.mark.parametrize("text", ["sql:high", "sql:9", "sql:0", "sql:", "sql:²", "sql:-1", "sql:2.5"])
def test_a_bad_level_is_one_message(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_skill_level(text)
    assert err.value.lines() == ["the level must be 1-5"]


@pytest.mark.parametrize("text", [":3", "  :2", ""])
def test_a_missing_skill_asks_for_skill_or_skill_level(text: str) -> None:
    with pytest.raises(InputError) as err:
        parse_skill_level(text)
    assert err.value.lines() == ["expected SKILL or SKILL:LEVEL"]


def test_a_skill_name_with_a_control_character_is_an_error_not_a_crash() -> None:
    with pytest.raises(InputError) as err:
        parse_skill_level("sq\x1bl:2")
    assert err.value.lines() == ["the skill must be one line of printable text, at most 200 characters"]


def test_profile_file_reads_and_checks_against_the_catalog(cat: Catalog) -> None:
    profile = read_profile(DATA / "profiles" / "dated.yaml", cat)
    assert profile.budget.start == dt.date(2027, 1, 4)
    assert profile.skills == (HeldSkill(skill="sql", level=3),)


def test_a_deadline_before_the_start_is_reported_at_its_line_in_the_profile(tmp_path: Path) -> None:
    path = write(tmp_path, "name: Me\nbudget: {usd: 100, start: 2027-03-01, deadline: 2027-01-01}\n")
    with pytest.raises(InputError) as err:
        read_profile(path)
    assert err.value.lines() == [f"{path}:2:49: budget.deadline is before budget.start"]


def test_unknown_skill_credential_and_goal_are_each_located(cat: Catalog, tmp_path: Path) -> None:
    path = write(tmp_path, "skills:\n  - {skill: sqll, level: 2}\ncredentials: [nope]\ngoal: data-analist\n")
    with pytest.raises(InputError) as err:
        read_profile(path, cat)
    assert err.value.lines() == [
        f"{path}:2:13: skills[0].skill: unknown skill 'sqll' (did you mean: sql?)",
        f"{path}:3:15: credentials[0]: unknown credential 'nope'",
        f"{path}:4:7: goal: unknown role 'data-analist' (did you mean: data-analyst?)",
    ]


def test_unknown_started_and_locked_credentials_are_located(cat: Catalog, tmp_path: Path) -> None:
    path = write(tmp_path, "in_progress:\n  - {id: nope, hours_done: 3}\nlocked: [nada]\n")
    with pytest.raises(InputError) as err:
        read_profile(path, cat)
    assert err.value.lines() == [
        f"{path}:2:10: in_progress[0].id: unknown credential 'nope'",
        f"{path}:3:10: locked[0]: unknown credential 'nada'",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1:1: empty profile: expected a mapping such as 'skills: [...]'"),
        ("- a\n", "1:1: a profile must be a mapping (name, skills, credentials, goal, budget ...)"),
        ("skils: []\n", "1:1: skils: unknown key 'skils' (did you mean 'skills'?)"),
    ],
)
def test_malformed_profiles_are_one_located_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError) as err:
        read_profile(path)
    assert err.value.lines() == [f"{path}:{message}"]


def test_a_missing_profile_is_named() -> None:
    with pytest.raises(InputError) as err:
        read_profile(Path("missing.yaml"))
    assert err.value.lines() == ["missing.yaml: profile not found (or not a file)"]


def test_overrides_add_skills_and_holdings_and_replace_the_rest() -> None:
    base = Profile(
        skills=(HeldSkill(skill="SQL", level=1), HeldSkill(skill="excel", level=4)),
        credentials=("capm",),
        budget=Budget(usd=100, start=dt.date(2027, 1, 4)),
    )
    got = with_overrides(
        base,
        have=(HeldSkill(skill="sql", level=3),),
        holding=(" PMP ",),
        budget_usd=500,
        deadline=dt.date(2027, 6, 30),
        online_only=True,
    )
    assert [(s.skill, s.level) for s in got.skills] == [("sql", 3), ("excel", 4)]
    assert got.credentials == ("capm", "pmp")
    assert (got.budget.usd, got.budget.start, got.budget.deadline) == (
        500,
        dt.date(2027, 1, 4),
        dt.date(2027, 6, 30),
    )
    assert got.preferences.delivery == ("online",)


def test_overridden_dates_out_of_order_raise_with_both_dates() -> None:
    base = Profile(budget=Budget(start=dt.date(2027, 3, 1)))
    with pytest.raises(DateOrderError) as err:
        with_overrides(base, deadline=dt.date(2027, 1, 1))
    assert (err.value.start, err.value.deadline) == (dt.date(2027, 3, 1), dt.date(2027, 1, 1))
    assert err.value.lines() == ["budget.deadline 2027-01-01 is before budget.start 2027-03-01"]


def test_dates_reversed_only_when_both_are_set() -> None:
    assert not dates_reversed(Budget(start=dt.date(2027, 1, 1)))
    assert not dates_reversed(Budget(start=dt.date(2027, 1, 1), deadline=dt.date(2027, 1, 1)))
    assert dates_reversed(Budget(start=dt.date(2027, 1, 2), deadline=dt.date(2027, 1, 1)))
