"""Hand-built planning cases: prerequisites, loops, stacks, reasons for gaps, budgets, explanations."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest
from factories import TODAY, catalog, cred, profile, role, skill

from gapplan.errors import InputError
from gapplan.models import (
    AreaYears,
    Budget,
    Catalog,
    Credential,
    InProgress,
    Plan,
    Preferences,
    Profile,
    Requirements,
    Role,
    SkillLevel,
)
from gapplan.planning.gap import analyse
from gapplan.planning.planner import make_plan, plan_gap

SKILLS = ["sql", "python", "stats", "x", "y", "viz"]


def plan_for(creds: list[Credential], goal: Role, prof: Profile | None = None, **kw: object) -> Plan:
    cat: Catalog = catalog(SKILLS, creds, [goal])
    prof = prof or profile()
    gap = analyse(cat, prof, goal.id, include_preferred=prof.preferences.include_preferred, today=TODAY)
    return plan_gap(cat, prof, gap, start=prof.budget.start, **kw)  # type: ignore[arg-type]


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
    assert (plan.status, plan.optimal, plan.totals.path.cost_usd) == ("complete", True, 150.0)


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

    assert ids(plan) == ["part-1", "part-2", "cap", "other"]  # what others wait for first
    cap = plan.steps[2]
    assert cap.awarded_by_parts
    assert cap.cost_usd == 0
    assert cap.after == ("part-1", "part-2")
    assert plan.steps[0].unlocks == ("part-2", "cap")


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


def test_experience_no_work_stage_gives_is_a_reason() -> None:
    creds = [cred("senior", grants=[("sql", 4)], experience=5)]

    short = plan_for(creds, role("r", requires=[("sql", 4, 5)]), profile(experience=2))
    enough = plan_for(creds, role("r", requires=[("sql", 4, 5)]), profile(experience=5))

    assert short.uncovered[0].reason == "needs-experience"
    assert short.uncovered[0].detail == "senior needs 5 years of work, which no eligible work stage gives"
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


def test_mandatory_group_comes_first_when_the_budget_forces_a_choice() -> None:
    creds = [cred("lic", cost=300, kind="license"), cred("course", cost=200, grants=[("sql", 3)])]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)], mandatory=["lic"]), profile(usd=400))

    assert [(s.credential, s.phase) for s in plan.steps] == [("lic", "now"), ("course", "later")]
    assert [(w.skill, w.steps) for w in plan.waiting] == [("sql", ("course",))]
    assert (plan.status, plan.totals.now.cost_usd, plan.totals.path.cost_usd) == ("partial", 300, 500)


def test_a_license_no_route_reaches_blocks_the_role_and_buys_nothing() -> None:
    creds = [cred("lic", kind="license"), cred("course", cost=10, grants=[("sql", 3)])]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)], mandatory=["lic"]), profile(exclude=["lic"]))

    assert (plan.status, ids(plan)) == ("blocked", [])
    assert plan.blocked_by == "the role requires Lic, which cannot be reached: lic is excluded"


def test_exclusion_and_delivery_preferences_make_reasons() -> None:
    creds = [cred("campus", grants=[("sql", 3)], delivery="in-person"), cred("web", grants=[("python", 3)])]
    goal = role("r", requires=[("sql", 3, 5), ("python", 3, 5)])

    plan = plan_for(creds, goal, profile(delivery=["online"], exclude=["web"]))

    reasons = {u.skill: (u.reason, u.detail) for u in plan.uncovered}
    assert reasons == {
        "sql": ("delivery", "campus is in-person, outside the preferred delivery (online)"),
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


def test_a_binding_budget_buys_only_path_steps_now_and_prices_the_rest() -> None:
    plan = plan_for(BUDGET_CREDS, BUDGET_ROLE, profile(usd=350))

    assert [(s.credential, s.phase) for s in plan.steps] == [("sql-course", "now"), ("stats-slow", "later")]
    assert (plan.totals.now.cost_usd, plan.totals.path.cost_usd) == (300, 420)
    assert [(w.skill, w.steps) for w in plan.waiting] == [("stats", ("stats-slow",))]
    assert plan.status == "partial"


def test_a_budget_that_fits_a_complete_plan_takes_the_best_complete_plan() -> None:
    plan = plan_for(BUDGET_CREDS, BUDGET_ROLE, profile(usd=600, hours=75))

    assert [(s.credential, s.phase) for s in plan.steps] == [("sql-course", "now"), ("stats-course", "now")]
    assert plan.status == "complete"


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


def test_explain_is_a_replan_with_what_it_adds_and_its_deltas() -> None:
    creds = [
        cred("best", cost=100, hours=10, grants=[("sql", 3)]),
        cred("runner-up", cost=160, hours=8, grants=[("sql", 3)]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)]), explain=True)

    replan = plan.steps[0].replan
    assert replan is not None
    assert [a.credential for a in replan.adds] == ["runner-up"]
    assert (replan.extra_cost_usd, replan.extra_hours, replan.drops, replan.loses) == (60, -2, (), ())


def test_explain_names_what_a_replan_no_longer_covers() -> None:
    creds = [
        cred("broad", cost=100, hours=10, grants=[("sql", 3), ("x", 3)]),
        cred("narrow", cost=50, hours=5, grants=[("sql", 3)]),
    ]
    plan = plan_for(creds, role("r", requires=[("sql", 3, 5), ("x", 3, 2)]), explain=True)

    replan = plan.steps[0].replan
    assert replan is not None
    assert ([a.credential for a in replan.adds], replan.extra_cost_usd, replan.loses) == (
        ["narrow"],
        -50,
        ("x",),
    )


def test_explain_without_an_alternative_is_a_replan_that_adds_nothing() -> None:
    plan = plan_for([cred("only", grants=[("sql", 3)])], role("r", requires=[("sql", 3, 5)]), explain=True)

    replan = plan.steps[0].replan
    assert replan is not None
    assert (replan.adds, replan.loses) == ((), ("sql",))


def test_no_time_is_not_an_optimal_plan() -> None:
    plan = plan_for(BUDGET_CREDS, BUDGET_ROLE, time_limit=0.0)

    assert not plan.optimal


def test_a_deadline_is_a_budget_on_the_calendar_and_dates_follow_the_start() -> None:
    cat = catalog(SKILLS, BUDGET_CREDS, [BUDGET_ROLE])
    prof = profile(hours_per_week=10, start=date(2027, 1, 4), deadline=date(2027, 2, 28))

    plan = make_plan(cat, prof, "r", today=TODAY)

    assert plan.budget_weeks == 8
    assert ids(plan) == ["sql-course", "stats-course"]
    assert [(s.start_week, s.end_week, s.start, s.end) for s in plan.steps] == [
        (1, 4, date(2027, 1, 4), date(2027, 1, 31)),
        (5, 7, date(2027, 2, 1), date(2027, 2, 21)),
    ]
    assert (plan.totals.now.weeks, plan.status) == (7, "complete")


def test_a_deadline_too_close_leaves_steps_for_later_and_the_plan_partial() -> None:
    cat = catalog(SKILLS, BUDGET_CREDS, [BUDGET_ROLE])
    prof = profile(hours_per_week=10, start=date(2027, 1, 4), deadline=date(2027, 1, 31))

    plan = make_plan(cat, prof, "r", today=TODAY)

    assert [(s.credential, s.phase) for s in plan.steps] == [("sql-course", "now"), ("stats-slow", "later")]
    assert plan.status == "partial"


def test_a_deadline_without_a_start_starts_today_and_says_so() -> None:
    cat = catalog(SKILLS, BUDGET_CREDS, [BUDGET_ROLE])
    prof = profile(hours_per_week=10, deadline=date(2026, 6, 28))

    plan = make_plan(cat, prof, "r", today=TODAY)

    assert (plan.start, plan.start_assumed, plan.budget_weeks) == (TODAY, True, 4)
    assert [s.phase for s in plan.steps] == ["now", "later"]


def test_parallel_tracks_run_study_side_by_side() -> None:
    cat = catalog(SKILLS, BUDGET_CREDS, [BUDGET_ROLE])
    prof = profile(hours_per_week=10, start=date(2027, 1, 4), deadline=date(2027, 1, 31))

    plan = make_plan(cat, prof, "r", today=TODAY, parallel=2)

    assert plan.parallel == 2
    assert [(s.start_week, s.end_week, s.phase) for s in plan.steps] == [(1, 4, "now"), (1, 3, "now")]
    assert plan.status == "complete"


# --------------------------------------------------------------------------- experience, recommendations


def stage(
    cid: str, weeks: int, area: str, years: float, *, requires: list[str | tuple[str, ...]] | None = None
) -> Credential:
    return Credential(
        id=cid,
        name=cid.title(),
        issuer="Employer",
        kind="work-experience",
        cost_usd=0.0,
        hours=0.0,
        weeks=weeks,
        delivery="in-person",
        grants=(SkillLevel(skill=area, level=3),),
        grants_experience=(AreaYears(area=area, years=years),),
        requires=Requirements(credentials=tuple(requires or ())),
    )


def senior(cid: str, area: str, years: float, grants: list[tuple[str, int]], **kw: object) -> Credential:
    base = cred(cid, grants=grants, **kw)  # type: ignore[arg-type]
    return base.model_copy(
        update={
            "requires": base.requires.model_copy(update={"experience": (AreaYears(area=area, years=years),)})
        }
    )


PM = [
    cred("entry", cost=300, grants=[("x", 2)]),
    stage("coordinator", 156, "x", 3, requires=["entry"]),
    senior("cert", "x", 3, [("x", 4)], cost=575),
]


def test_experience_is_planned_as_a_stepping_stone_job_between_the_credentials() -> None:
    plan = plan_for(PM, role("r", requires=[("x", 4, 5)]))

    assert ids(plan) == ["entry", "coordinator", "cert"]
    assert plan.steps[1].work
    assert plan.steps[1].weeks == 156
    assert plan.steps[2].after == ("coordinator",)
    assert (plan.status, plan.totals.path.cost_usd) == ("complete", 875)


def test_someone_working_in_the_area_keeps_working_instead_of_a_new_job() -> None:
    prof = profile().model_copy(update={"experience": {"x": 1.0}, "current_role": "r"})
    plan = plan_for(PM, role("r", requires=[("x", 4, 5)]), prof)

    assert ids(plan) == ["keep-working", "cert"]
    assert plan.steps[0].weeks == 104
    assert plan.steps[1].after == ("keep-working",)


def test_a_work_stage_is_never_planned_for_its_skills_alone() -> None:
    creds = [stage("job", 104, "x", 2), cred("course", cost=50, grants=[("x", 3)])]
    plan = plan_for(creds, role("r", requires=[("x", 3, 5)]))

    assert ids(plan) == ["course"]


def test_recommendations_are_planned_unless_ignored_and_shown_when_nothing_meets_them() -> None:
    base = cred("pro", cost=100, grants=[("sql", 4)])
    pro = base.model_copy(
        update={
            "recommends": Requirements(credentials=(("basics",),), experience=(AreaYears(area="y", years=2),))
        }
    )
    creds = [cred("basics", cost=40, grants=[("sql", 2)]), pro]
    goal = role("r", requires=[("sql", 4, 5)])

    planned = plan_for(creds, goal)
    ignored = plan_for(
        creds, goal, profile().model_copy(update={"preferences": Preferences(ignore_recommendations=True)})
    )

    assert ids(planned) == ["basics", "pro"]
    assert planned.steps[1].unmet_recommendations == (
        "recommended: 2 years of y experience (no step can meet it)",
    )
    assert "recommended: basics" in planned.steps[1].needs
    assert ids(ignored) == ["pro"]


def test_a_partial_level_counts_so_the_closest_credential_is_planned() -> None:
    plan = plan_for([cred("half", grants=[("sql", 2)])], role("r", requires=[("sql", 4, 5)]))

    assert ids(plan) == ["half"]
    assert (plan.uncovered[0].reached_level, plan.uncovered[0].reason) == (2, "not-in-catalog")


def test_durable_skills_are_credited_but_never_bought() -> None:
    cat = catalog(
        [*SKILLS, skill("talk", category="durable")],
        [
            cred("degree", cost=45000, grants=[("talk", 3)]),
            cred("course", cost=50, grants=[("sql", 3), ("talk", 2)]),
        ],
        [role("r", requires=[("sql", 3, 5), ("talk", 3, 5)])],
    )
    prof = profile()
    gap = analyse(cat, prof, "r", include_preferred=False, today=TODAY)

    plan = plan_gap(cat, prof, gap, start=None)

    assert ids(plan) == ["course"]
    assert [(u.skill, u.reason, u.reached_level) for u in plan.uncovered] == [("talk", "durable", 2)]
    assert plan.status == "complete"


def test_a_locked_credential_stays_in_the_plan_even_when_a_cheaper_route_exists() -> None:
    creds = [cred("cheap", cost=10, grants=[("sql", 3)]), cred("dear", cost=300, grants=[("sql", 3)])]
    prof = profile().model_copy(update={"locked": ("dear",)})

    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)]), prof)

    assert ids(plan) == ["dear"]
    assert plan.steps[0].locked


def test_a_started_credential_needs_only_its_remaining_hours_and_is_never_dropped_silently() -> None:
    creds = [
        cred("long", cost=100, hours=100, grants=[("sql", 3)]),
        cred("other", cost=50, grants=[("sql", 3)]),
    ]
    goal = role("r", requires=[("sql", 3, 5)])
    started = InProgress(id="long", hours_done=60)

    kept = plan_for(
        creds, goal, profile().model_copy(update={"in_progress": (started,), "locked": ("long",)})
    )
    dropped = plan_for(creds, goal, profile().model_copy(update={"in_progress": (started,)}))

    assert [(s.credential, s.hours, s.hours_done) for s in kept.steps] == [("long", 40, 60)]
    assert ids(dropped) == ["other"]
    assert dropped.notes == (
        "started credential long is not on the optimal path to this role; lock it to keep it",
    )


def test_a_started_credential_is_compared_by_its_remaining_hours_when_pruning() -> None:
    # Same cost: "fresh" has fewer hours than "started" in the catalog, but "started" has only 5 left.
    creds = [
        cred("fresh", cost=100, hours=40, grants=[("sql", 3)]),
        cred("started", cost=100, hours=50, grants=[("sql", 3)]),
    ]
    prof = profile().model_copy(
        update={
            "in_progress": (InProgress(id="started", hours_done=45),),
            "budget": Budget(hours_per_week=100),  # both a week long
        }
    )

    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)]), prof)

    assert [(s.credential, s.hours) for s in plan.steps] == [("started", 5)]


def test_held_credentials_may_carry_the_date_they_were_earned() -> None:
    prof = Profile.model_validate({"credentials": ["a", {"id": "b", "earned": "2027-03-01"}]})

    assert prof.credentials == ("a", "b")
    assert prof.earned == {"b": date(2027, 3, 1)}


def test_stale_skills_are_judged_at_the_plans_start_not_the_clocks_year() -> None:
    creds = [cred("refresh", grants=[("sql", 3)])]
    goal = role("r", requires=[("sql", 3, 5)])
    held = profile(skills=[("sql", 3, 2025)])
    cat = catalog(SKILLS, creds, [goal])

    soon = make_plan(
        cat, held.model_copy(update={"budget": Budget(start=date(2026, 6, 1))}), "r", today=TODAY
    )
    later = make_plan(
        cat, held.model_copy(update={"budget": Budget(start=date(2029, 1, 4))}), "r", today=TODAY
    )

    assert (ids(soon), soon.status) == ([], "complete")
    assert later.gap.items[0].stale
    assert ids(later) == ["refresh"]


def test_a_last_used_year_after_the_plans_start_is_an_input_error() -> None:
    cat = catalog(SKILLS, [cred("refresh", grants=[("sql", 3)])], [role("r", requires=[("sql", 3, 5)])])

    with pytest.raises(
        InputError, match=r"skills\.0\.last_used: 2030 is after the plan's start \(2026-06-01\)"
    ):
        make_plan(cat, profile(skills=[("sql", 3, 2030)]), "r", today=TODAY)


def test_explain_reuses_the_one_model_of_the_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    from gapplan.planning import _solver

    built: list[int] = []
    real = _solver.PlanModel.__init__

    def counting(self: _solver.PlanModel, *args: object, **kw: object) -> None:
        built.append(1)
        real(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(_solver.PlanModel, "__init__", counting)
    creds = [cred("a", cost=10, grants=[("sql", 3)]), cred("b", cost=20, grants=[("sql", 3)])]

    plan = plan_for(creds, role("r", requires=[("sql", 3, 5)]), profile(usd=5), explain=True)

    assert plan.steps[0].replan is not None
    assert len(built) == 1
