"""The terminal view of gaps and plans, as blocks (rich on a terminal, plain text in a pipe)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gapplan.models import Gap, Plan, Step, Totals
from gapplan.render.blocks import Block, Line, Style, Table, rows_of
from gapplan.render.fmt import (
    duration,
    money,
    number,
    ownership_line,
    payback_line,
    plural,
    signed_money,
    signed_number,
    wage,
    weeks,
)

if TYPE_CHECKING:
    from gapplan.render.formats import PlanReport


def gap_blocks(gap: Gap) -> list[Block]:
    blocks: list[Block] = [
        Line(f"Gap for {gap.role_name} ({gap.role})", "heading"),
        Line(f"readiness: {gap.readiness:.0%} of the role's required weight already met"),
    ]
    blocks += _gap_tables(gap)
    blocks += _going_stale(gap)
    return blocks


def _going_stale(gap: Gap) -> list[Block]:
    """With a horizon: the held skills that lose a level within it."""
    if gap.horizon_years is None:
        return []
    years = plural(gap.horizon_years, "year")
    if not gap.going_stale:
        return [Line(f"No held skill goes stale within {years}.", "good")]
    rows = rows_of(
        (s.skill, s.name, str(s.last_used), str(s.level_now), str(s.level_then), str(s.drops_in))
        for s in gap.going_stale
    )
    return [
        Table(
            ("skill", "name", "last used", "have", "then", "first drop"),
            rows,
            title=f"Going stale within {years} (a level lost per shelf life of age)",
            right=frozenset({2, 3, 4, 5}),
        )
    ]


def _gap_tables(gap: Gap) -> list[Block]:
    blocks: list[Block] = []
    if gap.items:
        rows = rows_of(
            (
                i.skill,
                i.name,
                str(i.current_level) + (" (stale)" if i.stale else ""),
                str(i.required_level),
                str(i.weight),
                "preferred" if i.preferred else "required",
            )
            for i in gap.items
        )
        blocks.append(
            Table(
                ("skill", "name", "have", "need", "weight", "kind"),
                rows,
                title="Missing",
                right=frozenset({3, 4}),
                fold=frozenset({1}),
                drop=(4, 1, 5),
            )
        )
    else:
        blocks.append(Line("No skill gap: every required skill is held at its level.", "good"))
    for lg in gap.licenses:
        blocks.append(Line(f"license needed: {' or '.join(lg.any_of)}", "warn"))
    if gap.matched:
        rows = rows_of(
            (m.skill, m.name, str(m.current_level), str(m.required_level), str(m.weight)) for m in gap.matched
        )
        blocks.append(
            Table(
                ("skill", "name", "have", "need", "weight"),
                rows,
                title="Already matching (transferable)",
                right=frozenset({2, 3, 4}),
                fold=frozenset({1}),
                drop=(1,),
            )
        )
    return blocks


def _why(s: Step) -> str:
    parts: list[str] = []
    covers = ", ".join(f"{c.skill} {c.level}" for c in s.covers)
    if covers:
        parts.append(covers)
    if s.mandatory:
        parts.append("license")
    if s.experience:
        parts.append("counts as " + ", ".join(f"{number(e.years)} y {e.area}" for e in s.experience))
    if s.unlocks:
        parts.append("unlocks " + ", ".join(s.unlocks))
    if s.awarded_by_parts:
        parts.append("awarded for its parts")
    if s.full_time:
        parts.append("full-time programme")
    return "; ".join(parts)


def _step_table(steps: Sequence[Step], dated: bool, title: str) -> Table:
    rows: list[list[str]] = []
    for s in steps:
        row = [str(s.order), s.name, money(s.cost_usd), number(s.hours), weeks(s.start_week, s.end_week)]
        if dated:
            row.append(s.start.isoformat() if s.start else "")
        row.append(_why(s))
        rows.append(row)
    cols = ["#", "step", "cost", "hours", "weeks"] + (["starts"] if dated else []) + ["why"]
    # a narrow terminal loses the start dates, then the hours, before a number or an id breaks
    return Table(
        tuple(cols),
        rows_of(rows),
        title=title,
        right=frozenset({0, 2, 3}),
        fold=frozenset({1, len(cols) - 1}),
        drop=((5,) if dated else ()) + (3,),
    )


def budget_line(plan: Plan) -> str:
    parts = [f"{money(plan.budget_usd)}" if plan.budget_usd is not None else "no money limit"]
    if plan.budget_hours is not None:
        parts.append(plural(plan.budget_hours, "study hour"))
    pace = f"{number(plan.hours_per_week)} h/week"
    if plan.parallel > 1:
        pace = f"up to {number(plan.hours_per_week * plan.parallel)} h/week ({plan.parallel} at once)"
    parts.append(pace)
    if plan.deadline is not None and plan.start is not None:
        since = " (today)" if plan.start_assumed else ""
        parts.append(
            f"deadline {plan.deadline.isoformat()}: {plural(plan.budget_weeks or 0, 'week')} "
            f"from {plan.start.isoformat()}{since}"
        )
    return "budget: " + ", ".join(parts)


def phase_line(title: str, t: Totals, more: bool = False) -> str:
    length = duration(t.weeks) + (" more" if more else "")
    return f"{title}: {money(t.cost_usd)}, {plural(t.hours, 'hour')}, {length}"


def plan_blocks(report: PlanReport) -> list[Block]:
    plan = report.plan
    styles: dict[str, Style] = {"complete": "good", "partial": "warn", "blocked": "bad"}
    status_style = styles[plan.status]
    who = f" for {plan.client}" if plan.client else ""
    blocks: list[Block] = [Line(f"Plan{who}: {plan.goal_name} ({plan.goal})", "heading")]
    proof = "proven optimal" if plan.optimal else f"best found, not proven optimal (gap {plan.mip_gap:.2%})"
    blocks.append(Line(f"status: {plan.status}  ({proof}, minimising {plan.objective})", status_style))
    blocks.append(Line(budget_line(plan)))
    if plan.wages:
        blocks.append(
            Line(
                "median wage: "
                + ", ".join(wage(w) for w in plan.wages)
                + ", BLS OEWS "
                + plan.wages[0].release,
                "dim",
            )
        )
    for note in plan.notes:
        blocks.append(Line(f"note: {note}", "warn"))
    if plan.ownership is not None and plan.ownership.items:
        blocks.append(Line(ownership_line(plan.ownership), "dim"))
    if plan.payback is not None:
        blocks.append(Line(payback_line(plan.payback), "dim"))
    if plan.licenses_vary:
        vary = "licenses vary by state: this plan assumes Texas's; give your state for yours"
        blocks.append(Line(vary, "dim"))
    blocks += _gap_tables(plan.gap)
    if plan.status == "blocked":
        blocks.append(Line(f"no path to this role: {plan.blocked_by}", "bad"))
        return blocks
    dated = plan.start is not None
    now = [s for s in plan.steps if s.phase == "now"]
    later = [s for s in plan.steps if s.phase == "later"]
    if not plan.steps:
        blocks.append(Line("No step to take.", "good" if plan.status == "complete" else "warn"))
    elif not later:
        blocks.append(Line(phase_line("The whole way, within your budget", plan.totals.now), "good"))
        blocks.append(_step_table(now, dated, "Steps"))
    else:
        blocks.append(Line(phase_line("Now, within your budget", plan.totals.now)))
        if now:
            blocks.append(_step_table(now, dated, "Now"))
        else:
            blocks.append(Line("Nothing on the path fits the budget yet.", "warn"))
        rest = Totals(
            cost_usd=plan.totals.path.cost_usd - plan.totals.now.cost_usd,
            hours=plan.totals.path.hours - plan.totals.now.hours,
            weeks=max(0, plan.totals.path.weeks - plan.totals.now.weeks),
        )
        blocks.append(Line(phase_line("Later", rest, more=True), "warn"))
        blocks.append(_step_table(later, dated, "Later"))
    linked = [s for s in plan.steps if s.url]
    if linked:  # where to sign up: the report travels, so each step says where it is found
        blocks.append(Line("links:", "dim"))
        blocks += [Line(f"  {s.order}. {s.url}", "dim") for s in linked]
    for s in plan.steps:
        for text in s.unmet_recommendations:
            blocks.append(Line(f"step {s.order} ({s.credential}): {text}", "dim"))
    by_steps: dict[tuple[str, ...], list[str]] = {}
    for w in plan.waiting:
        item = f"{w.skill} {w.required_level}" if w.skill else " or ".join(w.credential_group)
        by_steps.setdefault(w.steps, []).append(item)
    for steps, items in by_steps.items():
        blocks.append(Line(f"waiting for {', '.join(steps) or 'later steps'}: {', '.join(items)}", "warn"))
    if plan.uncovered:
        rows = rows_of(
            (u.skill or "", f"{u.reached_level}/{u.required_level or '-'}", u.reason, u.detail)
            for u in plan.uncovered
        )
        blocks.append(
            Table(
                ("uncovered", "reached", "reason", "detail"), rows, title="Not covered", fold=frozenset({3})
            )
        )
    if report.explain:
        alt_rows: list[tuple[str, ...]] = []
        for s in plan.steps:
            r = s.replan
            if r is None:
                continue
            adds = ", ".join(a.credential for a in r.adds) or "nothing new"
            drops = ", ".join(r.drops)
            alt_rows.append(
                (
                    s.credential,
                    adds,
                    drops,
                    signed_money(r.extra_cost_usd),
                    signed_number(r.extra_hours),
                    ", ".join(r.loses),
                )
            )
        if alt_rows:
            blocks.append(
                Table(
                    (
                        "without",
                        "re-plan adds",
                        "and drops",
                        "cost change",
                        "hours change",
                        "no longer covers",
                    ),
                    tuple(alt_rows),
                    title="Re-plans without each step",
                    right=frozenset({3, 4}),
                    fold=frozenset({1, 2, 5}),
                    drop=(4, 2),
                )
            )
        if plan.furthest_now is not None:
            f = plan.furthest_now
            route = f"{', '.join(f.credentials)} ({money(f.cost_usd)}, {plural(f.hours, 'hour')})"
            gain = f"{f.covers_required / 60:.1f} of the required weight now"
            ours = f"the path's first steps {f.path_covers_required / 60:.1f}"
            blocks.append(Line(f"furthest now: {route} covers {gain}; {ours}", "dim"))
    return blocks
