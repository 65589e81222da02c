"""Ranking roles for a person: readiness in steps, complete plans first, then cost (or hours), then id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapplan.advisor.match import rank_key, rank_roles
from gapplan.catalog import load_catalog
from gapplan.errors import InputError
from gapplan.models import Budget, Catalog, HeldSkill, Preferences, Profile
from gapplan.planning.planner import make_plan

SMALL = Path(__file__).parent.parent / "data" / "small"
TODAY = dt.date(2026, 6, 1)
FINANCE = Profile(
    name="Alex",
    experience_years=6,
    skills=(
        HeldSkill(skill="excel", level=4),
        HeldSkill(skill="communication", level=3),
        HeldSkill(skill="statistics", level=3),
    ),
)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog((SMALL,), builtin=False).catalog


def test_finance_analyst_is_closest_to_data_analyst(cat: Catalog) -> None:
    ranked = rank_roles(cat, FINANCE, today=TODAY)
    assert [(m.role.id, m.plan.status, m.plan.totals.path.cost_usd) for m in ranked] == [
        ("data-analyst", "complete", 429),
        ("project-manager", "complete", 855),  # capm then pmp: six years of experience suffice
    ]
    assert round(ranked[0].readiness, 4) == round(7 / 16, 4)  # spreadsheets 4 + communication 3 of 16


def test_each_ranked_plan_is_the_plan_for_that_role(cat: Catalog) -> None:
    profile = FINANCE.model_copy(
        update={"budget": Budget(usd=300), "preferences": Preferences(optimize="hours")}
    )
    from gapplan.planning.economics import with_economics

    for m in rank_roles(cat, profile, today=TODAY):  # the plan command's plan, with its economics
        assert m.plan == with_economics(cat, make_plan(cat, profile, m.role.id, today=TODAY), profile)


def test_complete_plans_rank_before_cheaper_partial_ones(cat: Catalog) -> None:
    pm = FINANCE.model_copy(update={"credentials": ("capm",), "experience_years": 4})
    ranked = rank_roles(cat, pm, today=TODAY)
    assert [(m.role.id, m.complete) for m in ranked] == [("data-analyst", True), ("project-manager", True)]
    keys = [rank_key(m) for m in ranked]
    assert keys == sorted(keys)
    broke = pm.model_copy(update={"budget": Budget(usd=500)})
    ranked = rank_roles(cat, broke, today=TODAY)
    assert [(m.role.id, m.plan.status) for m in ranked] == [
        ("data-analyst", "complete"),
        ("project-manager", "partial"),
    ]


def test_industry_filter_and_unknown_industry(cat: Catalog) -> None:
    assert [m.role.id for m in rank_roles(cat, FINANCE, today=TODAY, industry="Business")] == [
        "project-manager"
    ]
    with pytest.raises(InputError) as err:
        rank_roles(cat, FINANCE, today=TODAY, industry="space")
    assert err.value.lines() == ["no role in 'space' (known: business, technology)"]  # the CLI adds the flag


def test_readiness_leads_in_steps_and_the_current_role_is_left_out(cat: Catalog) -> None:
    # data-analyst: 7/16 ready; project-manager: 4/9. Same 40% step, so the cheaper plan comes first.
    ranked = rank_roles(cat, FINANCE, today=TODAY)
    assert [(m.role.id, round(m.readiness, 3)) for m in ranked] == [
        ("data-analyst", 0.438),
        ("project-manager", 0.444),
    ]
    pm_skills = FINANCE.model_copy(
        update={"skills": (*FINANCE.skills, HeldSkill(skill="project management", level=4))}
    )
    assert [m.role.id for m in rank_roles(cat, pm_skills, today=TODAY)] == ["project-manager", "data-analyst"]
    current = FINANCE.model_copy(update={"current_role": "data-analyst"})
    assert [m.role.id for m in rank_roles(cat, current, today=TODAY)] == ["project-manager"]
