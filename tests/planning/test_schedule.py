"""The calendar: a DAG of the steps (hard and soft edges), their order, and their weeks and dates."""

from __future__ import annotations

from datetime import date

from factories import TODAY, catalog, cred, profile, role

from gapplan.models import Plan
from gapplan.planning.gap import analyse
from gapplan.planning.planner import plan_gap
from gapplan.planning.schedule import Node, Slot, dates, graph, lay_out, order, weeks_available


def _plan(parallel: int = 1, start: date | None = None) -> Plan:
    creds = [
        cred("base", cost=10, hours=25, grants=[("sql", 2)]),
        cred("next", cost=10, hours=10, grants=[("python", 3)], requires=["base"]),
        cred("side", cost=10, hours=12, grants=[("stats", 3)]),
        cred("cap", cost=0, hours=0, grants=[("viz", 3)], parts=["base", "next"]),
    ]
    cat = catalog(
        ["sql", "python", "stats", "viz"],
        creds,
        [role("r", requires=[("sql", 2, 5), ("python", 3, 5), ("stats", 3, 5)])],
    )
    prof = profile()
    gap = analyse(cat, prof, "r", today=TODAY)
    return plan_gap(cat, prof, gap, start=start, parallel=parallel)


def test_weeks_available_count_whole_weeks_with_both_days() -> None:
    assert weeks_available(date(2027, 1, 4), date(2027, 1, 17)) == 2
    assert weeks_available(date(2027, 1, 4), date(2027, 1, 16)) == 1
    assert weeks_available(date(2027, 1, 4), date(2026, 1, 4)) == 0


def test_one_track_runs_steps_back_to_back_and_the_stack_follows_its_last_part() -> None:
    plan = _plan()

    assert [(s.credential, s.start_week, s.end_week) for s in plan.steps] == [
        ("base", 1, 3),
        ("next", 4, 4),
        ("cap", 4, 4),
        ("side", 5, 6),
    ]
    assert plan.totals.path.weeks == 6
    assert (plan.start, plan.steps[0].start) == (None, None)


def test_parallel_tracks_overlap_only_where_prerequisites_allow() -> None:
    plan = _plan(parallel=2)

    assert [(s.credential, s.start_week, s.end_week) for s in plan.steps] == [
        ("base", 1, 3),
        ("next", 4, 4),
        ("cap", 4, 4),
        ("side", 1, 2),
    ]
    assert (plan.totals.path.weeks, plan.parallel) == (4, 2)


def test_dates_follow_the_start() -> None:
    plan = _plan(start=date(2027, 1, 4))

    assert (plan.steps[0].start, plan.steps[0].end) == (date(2027, 1, 4), date(2027, 1, 24))
    assert plan.steps[-1].end == date(2027, 2, 14)
    assert dates(date(2027, 1, 4), Slot(2, 2)) == (date(2027, 1, 11), date(2027, 1, 17))


def test_soft_edges_put_a_skill_it_builds_on_and_lower_levels_first() -> None:
    nodes = [
        Node("js-course", 4, False, grants={"javascript": 3}),
        Node("html-course", 4, False, grants={"html-css": 3}),
        Node("advanced-js", 2, False, grants={"javascript": 4}),
    ]
    g = graph(nodes, {"javascript": ("html-css",)})

    assert g.has_edge("html-course", "js-course")
    assert g.has_edge("js-course", "advanced-js")  # a lower level first
    assert order(nodes, g) == ["html-course", "js-course", "advanced-js"]


def test_soft_edges_are_added_in_id_order_only_where_they_keep_the_graph_acyclic() -> None:
    nodes = [Node("a", 1, False, grants={"x": 1, "y": 3}), Node("b", 1, False, grants={"x": 3, "y": 1})]
    g = graph(nodes, {})

    assert (g.has_edge("a", "b"), g.has_edge("b", "a")) == (True, False)


def test_work_stages_run_beside_study_one_at_a_time() -> None:
    nodes = [
        Node("job-a", 10, True),
        Node("job-b", 5, True),
        Node("course", 3, False),
        Node("exam", 1, False, hard={"job-a", "course"}),
    ]
    g = graph(nodes, {})
    slots = lay_out(nodes, g, order(nodes, g))

    # study and work run side by side; the two jobs one after the other; the exam waits for job-a
    assert order(nodes, g) == ["course", "job-a", "exam", "job-b"]
    assert slots == {
        "course": Slot(1, 3),
        "job-a": Slot(1, 10),
        "exam": Slot(11, 11),
        "job-b": Slot(11, 15),
    }


def test_later_steps_come_after_every_now_step_in_the_order() -> None:
    nodes = [Node("b-later", 2, False, later=True), Node("a-now", 2, False), Node("c-now", 1, False)]
    g = graph(nodes, {})

    assert order(nodes, g) == ["a-now", "c-now", "b-later"]
