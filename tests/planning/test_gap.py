"""Gap analysis: skill names, effective levels, staleness, held stacks, missing skills and licenses."""

from __future__ import annotations

import pytest
from factories import TODAY, catalog, cred, profile, role, skill

from gapplan.errors import UnknownIdError
from gapplan.planning.gap import analyse, current_levels, resolve_skill

CAT = catalog(
    [
        skill("sql", name="SQL", aliases=["structured query language"]),
        skill("python"),
        skill("stats", category="domain"),
        skill("talk", category="durable"),
    ],
    [
        cred("part-a", grants=[("sql", 2)]),
        cred("part-b", grants=[("python", 2)]),
        cred("stack", cost=0, hours=0, grants=[("stats", 3)], parts=["part-a", "part-b"]),
        cred("big-stack", cost=0, hours=0, grants=[("talk", 4)], parts=["stack"]),
        cred("lic", kind="license"),
        cred("lic-b", kind="license"),
    ],
    [
        role(
            "analyst",
            requires=[("sql", 3, 5), ("python", 2, 2), ("stats", 2, 3)],
            prefers=[("talk", 3, 2)],
            mandatory=[("lic", "lic-b")],
        )
    ],
)


@pytest.mark.parametrize("name", ["sql", "SQL", "Structured Query Language", "  sql "])
def test_resolve_skill_accepts_id_name_and_alias_case_insensitively(name: str) -> None:
    assert resolve_skill(CAT, name) == "sql"


def test_unknown_skill_suggests_close_names() -> None:
    with pytest.raises(UnknownIdError, match=r"unknown skill 'sqll' \(did you mean: (SQL|sql)"):
        resolve_skill(CAT, "sqll")


def test_stale_skill_loses_a_level_per_shelf_life_of_age_never_below_zero() -> None:
    # 2026: sql is 6 years old (two shelf lives of 2.5), python 7, stats 1 (fresh).
    prof = profile(skills=[("sql", 3, 2020), ("python", 1, 2019), ("stats", 2, 2025)])

    levels, _, stale = current_levels(CAT, prof, today=TODAY)

    assert levels == {"python": 0, "sql": 1, "stats": 2}
    assert stale == ("python", "sql")


def test_held_credentials_grant_levels_and_complete_stacks_recursively() -> None:
    prof = profile(skills=[("sql", 1)], credentials=["part-a", "part-b"])

    levels, held, _ = current_levels(CAT, prof, today=TODAY)

    assert held == ("big-stack", "part-a", "part-b", "stack")
    assert levels == {"python": 2, "sql": 2, "stats": 3, "talk": 4}


def test_a_credential_grant_hides_staleness() -> None:
    prof = profile(skills=[("sql", 2, 2010)], credentials=["part-a"])

    levels, _, stale = current_levels(CAT, prof, today=TODAY)

    assert levels["sql"] == 2
    assert stale == ()


def test_analyse_lists_missing_matched_and_license_gaps() -> None:
    prof = profile(skills=[("python", 3), ("sql", 3, 2022)])

    gap = analyse(CAT, prof, "analyst", today=TODAY)

    assert [(i.skill, i.required_level, i.current_level, i.stale) for i in gap.items] == [
        ("sql", 3, 2, True),
        ("stats", 2, 0, False),
    ]
    assert [(m.skill, m.current_level) for m in gap.matched] == [("python", 3)]
    assert [lic.any_of for lic in gap.licenses] == [("lic", "lic-b")]
    assert gap.readiness == pytest.approx(2 / 10)


def test_analyse_includes_preferred_skills_only_when_asked() -> None:
    assert all(not i.preferred for i in analyse(CAT, profile(), "analyst", today=TODAY).items)

    gap = analyse(CAT, profile(), "analyst", include_preferred=True, today=TODAY)

    assert [(i.skill, i.preferred) for i in gap.items if i.preferred] == [("talk", True)]


def test_held_license_closes_the_mandatory_group() -> None:
    assert analyse(CAT, profile(credentials=["lic-b"]), "analyst", today=TODAY).licenses == ()


@pytest.mark.parametrize(
    ("prof", "kind"),
    [(profile(credentials=["nope"]), "credential"), (profile(exclude=["lic-c"]), "credential")],
)
def test_unknown_held_or_excluded_credential_is_an_error(prof: object, kind: str) -> None:
    with pytest.raises(UnknownIdError) as err:
        analyse(CAT, prof, "analyst", today=TODAY)  # type: ignore[arg-type]
    assert err.value.kind == kind


def test_unknown_goal_is_an_error_with_suggestions() -> None:
    with pytest.raises(UnknownIdError, match="did you mean: analyst"):
        analyse(CAT, profile(), "analyts", today=TODAY)
