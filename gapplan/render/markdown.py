"""Markdown reports (with mermaid gantt and flowchart) for CI artifacts and pull requests."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from gapplan.models import Gap
from gapplan.render.blocks import clean
from gapplan.render.fmt import money, number, plural, signed_money, signed_number, weeks

if TYPE_CHECKING:
    from gapplan.render.formats import PlanReport

# Characters that could open a link, emphasis, code, HTML or a table cell; the rest are inert in a cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")
# Mermaid's gantt has no relative time axis: an undated plan is drawn from Monday 2000-01-03, whose ISO week
# is 1, so the axis (ISO week numbers) reads as weeks from the start.
_EPOCH = dt.date(2000, 1, 3)


def md(text: object) -> str:
    """User text made inert in Markdown: no table breaks, links, HTML or emphasis."""
    s = clean(text).replace("\n", " ").replace("\r", " ")
    return _MD_SPECIAL.sub(r"\\\1", s)


_MERMAID_ENTITIES = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", ";": "#59;", "`": "#96;"}


def mermaid(text: object) -> str:
    """Text for a quoted mermaid label: quotes, angle brackets and entity characters escaped."""
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in clean(text).replace("\n", " "))


def _gantt_label(text: object) -> str:
    # gantt task names end at ':' and cannot be quoted; keep them plain and short.
    return re.sub(r"[:;#\"<>`|\[\]{}]", " ", clean(text)).strip()[:60] or "step"


def _table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("| " + " | ".join("---:" if i in right else "---" for i in range(len(header))) + " |")
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def _gap_section(gap: Gap) -> list[str]:
    out: list[str] = ["## Gap", ""]
    if gap.items:
        out += _table(
            ["Skill", "Have", "Need", "Weight", "Kind"],
            [
                [
                    f"{md(i.name)} (`{i.skill}`)",
                    f"{i.current_level}" + (" (stale)" if i.stale else ""),
                    str(i.required_level),
                    str(i.weight),
                    "preferred" if i.preferred else "required",
                ]
                for i in gap.items
            ],
            {1, 2, 3},
        )
    else:
        out.append("No skill gap: every required skill is held at its level.")
    for lg in gap.licenses:
        out += ["", f"License needed: {' or '.join(f'`{c}`' for c in lg.any_of)}"]
    if gap.matched:
        out += [
            "",
            "Already matching (transferable skills): "
            + ", ".join(f"{md(m.name)} {m.current_level}/{m.required_level}" for m in gap.matched),
        ]
    out.append("")
    return out


def gap_markdown(gap: Gap) -> str:
    lines = [
        f"# Gap for {md(gap.role_name)}",
        "",
        f"Readiness: **{gap.readiness:.0%}** of the required weight.",
        "",
    ]
    lines += _gap_section(gap)
    return "\n".join(lines).rstrip("\n") + "\n"


def plan_markdown(report: PlanReport) -> str:
    plan = report.plan
    t = plan.totals
    lines = [f"# Plan: {md(plan.goal_name)}", ""]
    proof = "proven optimal" if plan.optimal else f"best found, not proven optimal (gap {plan.mip_gap:.2%})"
    lines += _table(
        ["Goal", "Status", "Cost", "Hours", "Weeks", "Solver"],
        [
            [
                f"{md(plan.goal_name)} (`{plan.goal}`)",
                plan.status,
                money(t.cost_usd),
                number(t.hours),
                str(t.weeks),
                proof,
            ]
        ],
        {2, 3, 4},
    )
    lines.append("")
    lines += _gap_section(plan.gap)
    lines += ["## Steps", ""]
    if plan.steps:
        dated = plan.start is not None
        header = (
            ["#", "Credential", "Issuer", "Cost", "Hours", "Weeks"]
            + (["Dates"] if dated else [])
            + ["Covers"]
        )
        rows = []
        for s in plan.steps:
            covers = ", ".join(f"`{c.skill}` {c.level}" for c in s.covers)
            if s.mandatory:
                covers = (covers + "; " if covers else "") + "license"
            if s.awarded_by_parts:
                covers = (covers + "; " if covers else "") + "awarded for its parts"
            row = [
                str(s.order),
                f"{md(s.name)} (`{s.credential}`)",
                md(s.issuer),
                money(s.cost_usd),
                number(s.hours),
                weeks(s.start_week, s.end_week),
            ]
            if dated:
                row.append(f"{s.start} to {s.end}" if s.start and s.end else "")
            row.append(covers)
            rows.append(row)
        lines += _table(header, rows, {0, 3, 4})
        lines += ["", "### Timeline", "", "```mermaid", "gantt"]
        lines += ["  dateFormat YYYY-MM-DD", "  axisFormat " + ("%Y-%m-%d" if plan.start else "week %V")]
        lines.append(f"  title {_gantt_label(plan.goal_name)}")
        lines.append("  section Steps")
        origin = plan.start or _EPOCH
        for s in plan.steps:
            begin = origin + dt.timedelta(days=7 * (max(s.start_week, 1) - 1))
            days = max(1, 7 * (s.end_week - max(s.start_week, 1) + 1)) if s.hours > 0 else 1
            lines.append(f"  {_gantt_label(s.name)} :s{s.order}, {begin.isoformat()}, {days}d")
        lines += ["```", "", "### Prerequisite chain", "", "```mermaid", "flowchart LR"]
        index = {s.credential: s.order for s in plan.steps}
        for s in plan.steps:
            lines.append(f'  s{s.order}["{s.order}. {mermaid(s.name)}"]')
        for s in plan.steps:
            for u in s.unlocks:
                if u in index:
                    lines.append(f"  s{s.order} --> s{index[u]}")
        lines += ["```", ""]
        if any(s.alternatives for s in plan.steps):
            lines += ["### Alternatives", ""]
            rows = [
                [
                    md(s.name),
                    f"{md(a.name)} (`{a.credential}`)",
                    signed_money(a.extra_cost_usd),
                    signed_number(a.extra_hours),
                    ", ".join(f"`{skill}`" for skill in a.loses),
                ]
                for s in plan.steps
                for a in s.alternatives
            ]
            header = ["Instead of", "Next best", "Cost change", "Hours change", "No longer covers"]
            lines += _table(header, rows, {2, 3})
            lines.append("")
    else:
        lines += ["No credential to earn.", ""]
    if plan.uncovered:
        lines += ["## Not covered", ""]
        lines += _table(
            ["Item", "Level", "Reason", "Detail"],
            [
                [
                    md(u.name),
                    str(u.required_level or "-"),
                    u.reason,
                    md(u.detail),
                ]
                for u in plan.uncovered
            ],
        )
        lines.append("")
    lines += ["## Assumptions", ""]
    budget = []
    budget.append(f"money: {money(plan.budget_usd)}" if plan.budget_usd is not None else "money: no limit")
    if plan.budget_hours is not None:
        derived = " (derived from the deadline)" if plan.hours_derived_from_deadline else ""
        budget.append(f"hours: {number(plan.budget_hours)}{derived}")
    else:
        budget.append("hours: no limit")
    lines.append(f"- Budget: {', '.join(budget)}; minimising {plan.objective}.")
    lines.append(
        f"- {plural(plan.hours_per_week, 'study hour')} a week"
        + (
            f", up to {plan.parallel} credentials at once"
            if plan.parallel > 1
            else ", one credential at a time"
        )
        + "."
    )
    if plan.start:
        lines.append(f"- Start: {plan.start.isoformat()}.")
    else:
        lines.append("- No start date: the timeline counts weeks from the start.")
    if plan.deadline:
        fits = {True: "fits", False: "does not fit", None: "unknown without a start date"}[plan.fits_deadline]
        lines.append(f"- Deadline: {plan.deadline.isoformat()} ({fits}).")
    years = report.as_of
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "unknown")
    folders = ", ".join(md(f) for f in report.folders)
    lines.append(f"- Catalog: {folders}; costs and hours as of {span}; typical figures, check the issuer.")
    for note in plan.notes:
        lines.append(f"- {md(note)}")
    return "\n".join(lines).rstrip("\n") + "\n"
