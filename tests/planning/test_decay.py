"""Skill decay: a stale skill loses a level per whole shelf life of age, and the gap's horizon names the
held skills that go stale (or lose a further level) within it."""

from __future__ import annotations

import pytest
from factories import TODAY, catalog, cred, profile, role, skill

from gapplan.planning.gap import analyse, decay

CAT = catalog(
    [skill("sql"), skill("python"), skill("writing", category="durable"), skill("cloud", shelf_life_years=2)],
    [cred("cloud-cert", grants=[("cloud", 2)])],
    [role("analyst", requires=[("sql", 3, 5)])],
)


@pytest.mark.parametrize(
    ("age", "level"),
    [(0, 4), (2, 4), (3, 3), (4, 3), (5, 2), (7, 2), (8, 1), (10, 0), (30, 0)],
)
def test_a_technical_skill_loses_a_level_per_shelf_life_of_25_years(age: int, level: int) -> None:
    assert decay(4, 2026 - age, 2026, 2.5) == level


def test_a_skill_without_last_used_never_decays() -> None:
    assert decay(3, None, 2100, 2.5) == 3


def test_the_horizon_lists_skills_whose_level_drops_within_it() -> None:
    prof = profile(
        skills=[("sql", 3, 2024), ("python", 4, 2021), ("writing", 3, 2025), ("cloud", 3, 2025)],
        credentials=["cloud-cert"],
    )

    gap = analyse(CAT, prof, "analyst", today=TODAY, horizon_years=3)

    # 2026 -> 2029: sql (2024) is 5 years old in 2029 (two shelf lives): 3 -> 1, first drop in 2027;
    # python (2021, already stale: 4 -> 2) reaches 8 years in 2029: 4 - 3 = 1; writing (durable, 5 years)
    # stays; cloud drops to 2 in 2028 but the held cloud-cert keeps it at 2 anyway: 3 -> 2.
    assert [(s.skill, s.level_now, s.level_then, s.drops_in, s.stale_now) for s in gap.going_stale] == [
        ("cloud", 3, 2, 2028, False),
        ("python", 2, 1, 2029, True),
        ("sql", 3, 1, 2027, False),
    ]
    assert gap.horizon_years == 3


def test_without_a_horizon_nothing_is_looked_ahead() -> None:
    prof = profile(skills=[("sql", 3, 2024)])

    assert analyse(CAT, prof, "analyst", today=TODAY).going_stale == ()
