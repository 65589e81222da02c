"""Hand-built planning cases: prerequisites, loops, stacks, reasons for gaps, budgets, explanations."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from factories import TODAY, catalog, cred, profile, role

from gapplan.models import Catalog, Credential, Plan, Profile, Role
from gapplan.planning.gap import analyse
from gapplan.planning.planner import make_plan, solve

SKILLS = ["sql", "python", "stats", "x", "y", "viz"]


def plan_for(creds: list[Credential], goal: Role, prof: Profile | None = None, **kw: object) -> Plan:
    cat: Catalog = catalog(SKILLS, creds, [goal])
    prof = prof or profile()
    gap = analyse(cat, prof, goal.id, include_preferred=prof.preferences.include_preferred, today=TODAY)
    return solve(cat, prof, gap, **kw)  # type: ignore[arg-type]


def ids(plan: Plan) -> list[str]:
    return [s.credential for s in plan.steps]


def test_import_planner_does_not_import_the_solver_or_networkx() -> None:
    code = "import sys, gapplan.planning.planner; print(any(m in sys.modules for m in ('highspy', 'networkx', 'numpy')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_any_of_prerequisite_takes_the_cheaper_member_first() -> None:
    creds = [
        cred("intro-a", cost=300, grants=[("python", 1)]),
        cred("intro-b", cost=50, grants=[("viz", 1)]),
        cred("advanced", cost=100, grants=[("sql", 4)], requires=[("intro-a", "intro-b")]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 4, 5)]))

    assert ids(plan) == ["intro-b", "advanced"]
    assert plan.steps[0].unlocks == ("advanced",)
    assert plan.steps[1].after == ("intro-b",)
    assert (plan.status, plan.optimal, plan.totals.cost_usd) == ("complete", True, 150.0)


LOOP = [
    cred("a", cost=100, grants=[("sql", 3), ("y", 2)], skills=[("x", 2)]),
    cred("b", cost=100, grants=[("stats", 3), ("x", 2)], skills=[("y", 2)]),
]
LOOP_ROLE = role("r", requires=[("sql", 3, 5), ("stats", 3, 5)])


def test_a_prerequisite_loop_is_not_a_plan() -> None:
    plan = plan_for(LOOP, LOOP_ROLE)

    assert ids(plan) == []
    assert {u.reason for u in plan.uncovered} == {"not-in-catalog"}
    assert "x at level 2" in plan.uncovered[0].detail


def test_a_third_credential_breaks_the_loop_and_the_order_follows_it() -> None:
    plan = plan_for([*LOOP, cred("c", cost=500, grants=[("x", 2)])], LOOP_ROLE)

    assert ids(plan) == ["c", "a", "b"]
    assert plan.status == "complete"
    assert plan.steps[1].after == ("c",)
    assert plan.steps[2].after == ("a",)


def test_zero_cost_stack_is_awarded_right_after_its_last_part() -> None:
    creds = [
        cred("part-1", cost=100, hours=10, grants=[("sql", 3)]),
        cred("part-2", cost=100, hours=10, grants=[("python", 3)], requires=["part-1"]),
        cred("cap", cost=0, hours=0, grants=[("stats", 3)], parts=["part-1", "part-2"]),
        cred("other", cost=10, hours=5, grants=[("viz", 2)]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5), ("python", 3, 3), ("viz", 2, 1)]))

    assert ids(plan) == ["other", "part-1", "part-2", "cap"]
    cap = plan.steps[3]
    assert cap.awarded_by_parts
    assert cap.cost_usd == 0
    assert cap.after == ("part-1", "part-2")
    assert plan.steps[1].unlocks == ("part-2", "cap")


def test_stack_covering_a_skill_is_chosen_with_its_parts() -> None:
    creds = [
        cred("part-1", cost=100, grants=[("sql", 1)]),
        cred("part-2", cost=100, grants=[("python", 1)]),
        cred("cap", cost=0, hours=0, grants=[("stats", 4)], parts=["part-1", "part-2"]),
        cred("alone", cost=250, grants=[("stats", 4)]),
    ]
    plan = plan_for(creds, role("r", requires=[("stats", 4, 5)]))

    assert ids(plan) == ["part-1", "part-2", "cap"]
    assert plan.steps[2].covers[0].skill == "stats"


def test_experience_requirement_makes_a_reason() -> None:
    creds = [cred("senior", grants=[("sql", 4)], experience=5)]

    short = plan_for(creds, role("r", requires=[("sql", 4, 5)]), profile(experience=2))
    enough = plan_for(creds, role("r", requires=[("sql", 4, 5)]), profile(experience=5))

    assert short.uncovered[0].reason == "needs-experience"
    assert short.uncovered[0].detail == "senior needs 5 years of experience (the profile has 2)"
    assert (short.status, ids(enough)) == ("partial", ["senior"])


def test_stale_skill_is_planned_again() -> None:
    plan = plan_for(
        [cred("refresh", grants=[("sql", 3)])],
        role("r", requires=[("sql", 3, 5)]),
        profile(skills=[("sql", 3, 2015)]),
    )

    assert plan.gap.items[0].stale
    assert ids(plan) == ["refresh"]


def test_mandatory_license_group_is_met_by_the_cheaper_member() -> None:
    creds = [
        cred("lic-a", cost=300, kind="license"),
        cred("lic-b", cost=200, kind="license"),
        cred("course", cost=10, grants=[("sql", 3)]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)], mandatory=[("lic-a", "lic-b")]))

    assert ids(plan) == ["lic-b", "course"]  # foundations first: it grants no skill level
    assert plan.steps[0].mandatory
    assert not plan.steps[1].mandatory


def test_mandatory_group_comes_before_skills_when_the_budget_forces_a_choice() -> None:
    creds = [cred("lic", cost=300, kind="license"), cred("course", cost=200, grants=[("sql", 3)])]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)], mandatory=["lic"]), profile(usd=400))

    assert ids(plan) == ["lic"]
    assert plan.uncovered[0].skill == "sql"
    assert plan.uncovered[0].extra_usd == 100


def test_unmet_mandatory_group_says_why() -> None:
    creds = [cred("lic", kind="license")]
    plan = plan_for(creds, role("r", requires=[("sql", 1, 1)], mandatory=["lic"]), profile(exclude=["lic"]))

    group = next(u for u in plan.uncovered if u.credential_group)
    assert (group.credential_group, group.reason, group.detail) == (("lic",), "excluded", "lic is excluded")
    assert plan.status == "partial"


def test_exclusion_and_delivery_preferences_make_reasons() -> None:
    creds = [cred("campus", grants=[("sql", 3)], delivery="in-person"), cred("web", grants=[("python", 3)])]
    goal = role("r", requires=[("sql", 3, 5), ("python", 3, 5)])

    plan = plan_for(creds, goal, profile(delivery=["online"], exclude=["web"]))

    reasons = {u.skill: (u.reason, u.detail) for u in plan.uncovered}
    assert reasons == {
        "sql": ("preference", "campus is in-person, outside the preferred delivery (online)"),
        "python": ("excluded", "web is excluded"),
    }


def test_no_credential_at_the_level_is_not_in_catalog() -> None:
    plan = plan_for([cred("basic", grants=[("sql", 2)])], role("r", requires=[("sql", 4, 5)]))

    assert (plan.uncovered[0].reason, plan.uncovered[0].detail) == (
        "not-in-catalog",
        "no credential in the catalog grants Sql at level 4",
    )


BUDGET_CREDS = [
    cred("sql-course", cost=300, hours=40, grants=[("sql", 3)]),
    cred("stats-course", cost=200, hours=30, grants=[("stats", 3)]),
    cred("stats-slow", cost=120, hours=90, grants=[("stats", 3)]),
]
BUDGET_ROLE = role("r", requires=[("sql", 3, 5), ("stats", 3, 3)])


def test_budget_reason_gives_the_extra_money_needed() -> None:
    plan = plan_for(BUDGET_CREDS, BUDGET_ROLE, profile(usd=350))

    assert ids(plan) == ["sql-course"]
    gap = plan.uncovered[0]
    assert (gap.skill, gap.reason, gap.extra_usd, gap.extra_hours) == ("stats", "budget", 70, None)
    assert gap.detail == "needs $70 more"


def test_budget_reason_gives_money_or_hours() -> None:
    plan = plan_for(BUDGET_CREDS, BUDGET_ROLE, profile(usd=350, hours=60))

    gap = plan.uncovered[0]
    # Money alone cannot do it (both pairs exceed 60 h), nor hours alone (both pairs exceed $350): the
    # cheapest pair is sql-course + stats-slow, $420 and 130 h.
    assert (gap.extra_usd, gap.extra_hours, gap.detail) == (70, 70, "needs $70 and 70 more hours")

    wide = plan_for(BUDGET_CREDS, BUDGET_ROLE, profile(usd=450, hours=100))
    gap = wide.uncovered[0]
    # $500 within 100 h (stats-course), or 130 h within $450 (stats-slow)
    assert (gap.extra_usd, gap.extra_hours) == (50, 30)
    assert gap.detail == "needs $50 more (or 30 more hours)"


def test_optimize_hours_prefers_the_quicker_credential() -> None:
    creds = [
        cred("cheap", cost=100, hours=80, grants=[("sql", 3)]),
        cred("quick", cost=400, hours=20, grants=[("sql", 3)]),
    ]
    goal = role("r", requires=[("sql", 3, 5)])

    assert ids(plan_for(creds, goal)) == ["cheap"]
    assert ids(plan_for(creds, goal, profile(optimize="hours"))) == ["quick"]


def test_equal_plans_are_broken_by_id() -> None:
    creds = [cred("zeta", grants=[("sql", 3)]), cred("alpha", grants=[("sql", 3)])]

    assert ids(plan_for(creds, role("r", requires=[("sql", 3, 5)]))) == ["alpha"]


def test_explain_lists_the_alternative_and_its_extra_cost() -> None:
    creds = [
        cred("best", cost=100, hours=10, grants=[("sql", 3)]),
        cred("runner-up", cost=160, hours=8, grants=[("sql", 3)]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)]), explain=True)

    alt = plan.steps[0].alternatives
    assert [(a.credential, a.extra_cost_usd, a.extra_hours) for a in alt] == [("runner-up", 60, -2)]


def test_explain_names_what_an_alternative_no_longer_covers() -> None:
    creds = [
        cred("broad", cost=100, hours=10, grants=[("sql", 3), ("excel", 3)]),
        cred("narrow", cost=50, hours=5, grants=[("sql", 3)]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5), ("excel", 3, 2)]), explain=True)

    alt = plan.steps[0].alternatives
    assert [(a.credential, a.extra_cost_usd, a.loses) for a in alt] == [("narrow", -50, ("excel",))]


def test_explain_lists_only_credentials_new_to_the_plan() -> None:
    creds = [
        cred("a", cost=100, grants=[("sql", 3)]),
        cred("b", cost=100, grants=[("excel", 3)]),
        cred("c", cost=150, grants=[("sql", 3)]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5), ("excel", 3, 2)]), explain=True)

    by_step = {s.credential: [a.credential for a in s.alternatives] for s in plan.steps}
    assert by_step == {"a": ["c"], "b": []}


def test_explain_is_empty_without_an_alternative() -> None:
    plan = plan_for([cred("only", grants=[("sql", 3)])], role("r", requires=[("sql", 3, 5)]), explain=True)

    assert plan.steps[0].alternatives == ()


def test_no_time_falls_back_to_a_greedy_plan_and_says_so() -> None:
    plan = plan_for(BUDGET_CREDS, BUDGET_ROLE, time_limit=0.0)

    assert not plan.optimal
    assert "greedy" in plan.notes[0]
    assert plan.status == "complete"


def test_make_plan_derives_hours_from_the_deadline_and_lays_out_dates() -> None:
    cat = catalog(SKILLS, BUDGET_CREDS, [BUDGET_ROLE])
    prof = profile(hours_per_week=10, start=date(2027, 1, 4), deadline=date(2027, 2, 28))

    plan = make_plan(cat, prof, "r", today=TODAY)

    assert plan.hours_derived_from_deadline
    assert plan.budget_hours == 80
    assert ids(plan) == ["sql-course", "stats-course"]
    assert [(s.start_week, s.end_week, s.start, s.end) for s in plan.steps] == [
        (1, 4, date(2027, 1, 4), date(2027, 1, 31)),
        (5, 7, date(2027, 2, 1), date(2027, 2, 21)),
    ]
    assert (plan.totals.weeks, plan.fits_deadline) == (7, True)


def test_make_plan_parallel_tracks_double_the_derived_hours() -> None:
    cat = catalog(SKILLS, BUDGET_CREDS, [BUDGET_ROLE])
    prof = profile(hours_per_week=10, start=date(2027, 1, 4), deadline=date(2027, 1, 31))

    plan = make_plan(cat, prof, "r", today=TODAY, parallel=2)

    assert plan.budget_hours == 80
    assert plan.parallel == 2
    assert [(s.start_week, s.end_week) for s in plan.steps] == [(1, 4), (1, 3)]
    assert plan.fits_deadline
