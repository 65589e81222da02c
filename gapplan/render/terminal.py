"""The terminal view of gaps and plans, as blocks (rich on a terminal, plain text in a pipe)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gapplan.models import Gap
from gapplan.render.blocks import Block, Line, Style, Table, rows_of
from gapplan.render.fmt import money, number, plural, signed_money, signed_number, weeks

if TYPE_CHECKING:
    from gapplan.render.formats import PlanReport


def gap_blocks(gap: Gap) -> list[Block]:
    blocks: list[Block] = [
        Line(f"Gap for {gap.role_name} ({gap.role})", "heading"),
        Line(f"readiness: {gap.readiness:.0%} of the role's required weight already met"),
    ]
    blocks += _gap_tables(gap)
    return blocks


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
            )
        )
    return blocks


def plan_blocks(report: PlanReport) -> list[Block]:
    plan = report.plan
    status_style: Style = "good" if plan.status == "complete" else "warn"
    blocks: list[Block] = [Line(f"Plan for {plan.goal_name} ({plan.goal})", "heading")]
    proof = "proven optimal" if plan.optimal else f"best found, not proven optimal (gap {plan.mip_gap:.2%})"
    blocks.append(Line(f"status: {plan.status}  ({proof}, minimising {plan.objective})", status_style))
    t = plan.totals
    when = ""
    if plan.start and plan.steps:
        last = max((s.end for s in plan.steps if s.end), default=None)
        when = f", {plan.start.isoformat()} to {last.isoformat()}" if last else ""
    blocks.append(
        Line(
            f"total: {money(t.cost_usd)}, {plural(t.hours, 'hour')}, {plural(t.weeks, 'week')} at "
            f"{number(plan.hours_per_week)} h/week{when}"
        )
    )
    budget = []
    if plan.budget_usd is not None:
        budget.append(f"{money(plan.budget_usd)}")
    if plan.budget_hours is not None:
        derived = " (from the deadline)" if plan.hours_derived_from_deadline else ""
        budget.append(f"{plural(plan.budget_hours, 'hour')}{derived}")
    if budget:
        blocks.append(Line("budget: " + ", ".join(budget)))
    if plan.deadline is not None and plan.fits_deadline is not None:
        fits = "fits" if plan.fits_deadline else "does NOT fit"
        blocks.append(
            Line(
                f"deadline {plan.deadline.isoformat()}: the plan {fits}",
                "good" if plan.fits_deadline else "bad",
            )
        )
    blocks += _gap_tables(plan.gap)
    if plan.steps:
        dated = plan.start is not None
        step_rows: list[list[str]] = []
        for s in plan.steps:
            covers = ", ".join(f"{c.skill} {c.level}" for c in s.covers)
            why = covers or ("license" if s.mandatory else "")
            if s.unlocks:
                why = (why + "; " if why else "") + "unlocks " + ", ".join(s.unlocks)
            if s.awarded_by_parts:
                why = (why + "; " if why else "") + "awarded for its parts"
            row = [str(s.order), s.name, money(s.cost_usd), number(s.hours), weeks(s.start_week, s.end_week)]
            if dated:
                row.append(s.start.isoformat() if s.start else "")
            row.append(why)
            step_rows.append(row)
        cols = ["#", "credential", "cost", "hours", "weeks"] + (["starts"] if dated else []) + ["why"]
        blocks.append(Table(tuple(cols), rows_of(step_rows), title="Steps", right=frozenset({0, 2, 3})))
        if report.explain:
            alt_rows: list[tuple[str, ...]] = []
            for s in plan.steps:
                for a in s.alternatives:
                    loses = ", ".join(a.loses)
                    alt_rows.append(
                        (s.name, a.name, signed_money(a.extra_cost_usd), signed_number(a.extra_hours), loses)
                    )
                if not s.alternatives:
                    alt_rows.append((s.name, "none in the catalog", "", "", ""))
            blocks.append(
                Table(
                    ("instead of", "next best", "cost change", "hours change", "no longer covers"),
                    tuple(alt_rows),
                    title="Alternatives",
                    right=frozenset({2, 3}),
                )
            )
    else:
        blocks.append(Line("No credential to earn.", "good" if plan.status == "complete" else "warn"))
    if plan.uncovered:
        rows = rows_of(
            (u.skill or " or ".join(u.credential_group), str(u.required_level or "-"), u.reason, u.detail)
            for u in plan.uncovered
        )
        blocks.append(Table(("uncovered", "level", "reason", "detail"), rows, title="Not covered"))
    for note in plan.notes:
        blocks.append(Line(f"note: {note}", "dim"))
    return blocks
