"""Markdown reports (with mermaid gantt and flowchart) for CI artifacts and pull requests."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gapplan.models import Gap, Step, Totals
from gapplan.render.blocks import clean
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

# Characters that could open a link, emphasis, code, HTML or a table cell; the rest are inert in a cell.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")
# Mermaid's gantt has no relative time axis. An undated plan is drawn on Unix time, one second a week
# (``dateFormat X``: Unix seconds), and the axis prints seconds since the epoch (d3's ``%s``): the weeks
# from the start, 0, 5, 10 ..., never wrapping as ISO week numbers do after 52.
_GANTT_LABEL_MAX = 60
_OPENERS = {"(": ")"}


def md(text: object) -> str:
    """User text made inert in Markdown: no table breaks, links, HTML or emphasis."""
    s = clean(text).replace("\n", " ").replace("\r", " ")
    return s if _MD_SPECIAL.search(s) is None else _MD_SPECIAL.sub(r"\\\1", s)  # most text has none


_MERMAID_ENTITIES = str.maketrans(
    {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", ";": "#59;", "`": "#96;"}
)
_MERMAID_SPECIAL = re.compile(r"[\"<>#;`]")
_GANTT_UNSAFE = re.compile(r"[:;#\"<>`|\[\]{}]")
_SPACES = re.compile(r"\s+")


def mermaid(text: object) -> str:
    """Text for a quoted mermaid label: quotes, angle brackets and entity characters escaped."""
    s = clean(text).replace("\n", " ")
    return s if _MERMAID_SPECIAL.search(s) is None else s.translate(_MERMAID_ENTITIES)


def _gantt_label(text: object) -> str:
    """A gantt task name: plain (a name ends at ':' and cannot be quoted), at most 60 characters, cut at a
    word with "…" and its parentheses closed."""
    plain = _SPACES.sub(" ", _GANTT_UNSAFE.sub(" ", clean(text))).strip() or "step"
    if len(plain) <= _GANTT_LABEL_MAX:
        return _balanced(plain)
    cut = plain[: _GANTT_LABEL_MAX - 1]
    while True:
        closing = _closers(cut)
        if len(cut) + 1 + len(closing) <= _GANTT_LABEL_MAX:
            break
        cut = cut[:-1]
    head = cut.rsplit(" ", 1)[0] if " " in cut[len(cut) // 2 :] else cut
    head = head.rstrip(" (,;")
    return f"{head}…{_closers(head)}"


def _closers(text: str) -> str:
    """The closing parentheses that ``text`` leaves open, innermost first."""
    stack: list[str] = []
    for ch in text:
        if ch in _OPENERS:
            stack.append(_OPENERS[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
    return "".join(reversed(stack))


def _balanced(text: str) -> str:
    """``text`` with any closing parenthesis that opens nothing dropped, and the open ones closed."""
    if "(" not in text and ")" not in text:
        return text
    depth = 0
    out = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    return "".join(out) + ")" * depth


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
    lines += _going_stale(gap)
    return "\n".join(lines).rstrip("\n") + "\n"


def _going_stale(gap: Gap) -> list[str]:
    """With a horizon: the held skills that lose a level within it."""
    if gap.horizon_years is None:
        return []
    years = plural(gap.horizon_years, "year")
    if not gap.going_stale:
        return ["", f"No held skill goes stale within {years}."]
    rows = [
        [
            f"{md(s.name)} (`{s.skill}`)",
            str(s.last_used),
            str(s.level_now),
            str(s.level_then),
            str(s.drops_in),
        ]
        for s in gap.going_stale
    ]
    head = ["Skill", "Last used", "Have", "Then", "First drop"]
    return ["", f"## Going stale within {years}", "", *_table(head, rows, {1, 2, 3, 4})]


def _step_rows(steps: Sequence[Step], dated: bool) -> list[list[str]]:
    rows = []
    for s in steps:
        why = [f"`{c.skill}` {c.level}" for c in s.covers]
        if s.mandatory:
            why.append("license")
        if s.experience:
            why.append(
                "counts as " + ", ".join(f"{number(e.years)} years of `{e.area}`" for e in s.experience)
            )
        if s.unlocks:
            why.append("unlocks " + ", ".join(f"`{u}`" for u in s.unlocks))
        if s.awarded_by_parts:
            why.append("awarded for its parts")
        if s.full_time:
            why.append("full-time programme")
        why += [md(n) for n in s.needs]
        why += [md(n) for n in s.unmet_recommendations]
        name = f"[{md(s.name)}]({md_url(s.url)})" if s.url else md(s.name)
        row = [
            str(s.order),
            f"{name} (`{s.credential}`)",
            md(s.issuer),
            money(s.cost_usd),
            number(s.hours),
            weeks(s.start_week, s.end_week),
        ]
        if dated:
            row.append(f"{s.start} to {s.end}" if s.start and s.end else "")
        row.append("; ".join(why))
        rows.append(row)
    return rows


def md_url(url: str) -> str:
    """A URL made safe inside a Markdown link target (no closing parenthesis or spaces)."""
    return clean(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def plan_markdown(report: PlanReport) -> str:
    plan = report.plan
    t = plan.totals
    who = f" for {md(plan.client)}" if plan.client else ""
    lines = [f"# Plan{who}: {md(plan.goal_name)}", ""]
    proof = "proven optimal" if plan.optimal else f"best found, not proven optimal (gap {plan.mip_gap:.2%})"
    lines += _table(
        ["Goal", "Status", "Now", "Whole path", "Solver"],
        [
            [
                f"{md(plan.goal_name)} (`{plan.goal}`)",
                plan.status,
                f"{money(t.now.cost_usd)}, {number(t.now.hours)} h, {plural(t.now.weeks, 'week')}",
                f"{money(t.path.cost_usd)}, {number(t.path.hours)} h, {plural(t.path.weeks, 'week')}",
                proof,
            ]
        ],
    )
    lines.append("")
    if plan.status == "blocked":
        lines += [f"**No path to this role:** {md(plan.blocked_by)}", ""]
    for note in plan.notes:
        lines += [f"**Note:** {md(note)}", ""]
    lines += _gap_section(plan.gap)
    dated = plan.start is not None
    header = ["#", "Step", "Issuer", "Cost", "Hours", "Weeks"] + (["Dates"] if dated else []) + ["Why"]
    now = [s for s in plan.steps if s.phase == "now"]
    later = [s for s in plan.steps if s.phase == "later"]
    if later:
        lines += [f"## Now, within your budget: {_phase(t.now)}", ""]
        lines += (
            _table(header, _step_rows(now, dated), {0, 3, 4}) if now else ["Nothing on the path fits yet."]
        )
        rest = Totals(
            cost_usd=t.path.cost_usd - t.now.cost_usd,
            hours=t.path.hours - t.now.hours,
            weeks=max(0, t.path.weeks - t.now.weeks),
        )
        lines += ["", f"## Later: {_phase(rest)} more", ""]
        lines += _table(header, _step_rows(later, dated), {0, 3, 4})
        lines.append("")
    elif plan.steps:
        lines += [f"## Steps: {_phase(t.now)}", ""]
        lines += _table(header, _step_rows(now, dated), {0, 3, 4})
        lines.append("")
    elif plan.status != "blocked":
        lines += ["## Steps", "", "No step to take.", ""]
    if plan.steps:
        lines += ["### Timeline", "", "```mermaid", "gantt"]
        if plan.start:
            lines += ["  dateFormat YYYY-MM-DD", "  axisFormat %Y-%m-%d"]
        else:  # weeks from the start: one second of Unix time a week (see the note at the top)
            lines += ["  dateFormat X", "  axisFormat %s", "  todayMarker off"]
        lines.append(f"  title {_gantt_label(plan.goal_name)}")
        for phase, steps in (("Now", now), ("Later", later)):
            if not steps:
                continue
            lines.append(f"  section {phase}")
            for s in steps:
                first = max(s.start_week, 1)
                if plan.start:
                    begin = plan.start + dt.timedelta(days=7 * (first - 1))
                    days = max(1, 7 * (s.end_week - first + 1)) if s.weeks > 0 else 1
                    when = f"{begin.isoformat()}, {days}d"
                else:
                    end = s.end_week if s.weeks > 0 else first - 1
                    when = f"{first - 1}, {max(end, first - 1)}"
                lines.append(f"  {_gantt_label(s.name)} :s{s.order}, {when}")
        lines += ["```", "", "### Prerequisite chain", "", "```mermaid", "flowchart LR"]
        index = {s.credential: s.order for s in plan.steps}
        for s in plan.steps:
            lines.append(f'  s{s.order}["{s.order}. {mermaid(s.name)}"]')
        for s in plan.steps:
            for u in s.unlocks:
                if u in index:
                    lines.append(f"  s{s.order} --> s{index[u]}")
        lines += ["```", ""]
    if plan.waiting:
        lines += ["## Waiting for later steps", ""]
        lines += _table(
            ["Item", "Level", "Reached now", "Later steps"],
            [
                [
                    md(w.name),
                    str(w.required_level or "-"),
                    str(w.reached_now),
                    ", ".join(f"`{c}`" for c in w.steps),
                ]
                for w in plan.waiting
            ],
        )
        lines.append("")
    if plan.uncovered:
        lines += ["## Not covered", ""]
        lines += _table(
            ["Item", "Level", "Reached", "Reason", "Detail"],
            [
                [md(u.name), str(u.required_level or "-"), str(u.reached_level), u.reason, md(u.detail)]
                for u in plan.uncovered
            ],
        )
        lines.append("")
    replans = [s for s in plan.steps if s.replan is not None]
    if report.explain and replans:
        lines += ["### Re-plans without each step", ""]
        rows = []
        for s in replans:
            r = s.replan
            assert r is not None
            rows.append(
                [
                    f"`{s.credential}`",
                    ", ".join(f"{md(a.name)} (`{a.credential}`)" for a in r.adds) or "nothing new",
                    ", ".join(f"`{d}`" for d in r.drops),
                    signed_money(r.extra_cost_usd),
                    signed_number(r.extra_hours),
                    ", ".join(f"`{skill}`" for skill in r.loses),
                ]
            )
        header2 = ["Without", "Re-plan adds", "And drops", "Cost change", "Hours change", "No longer covers"]
        lines += _table(header2, rows, {3, 4})
        lines.append("")
    if report.explain and plan.furthest_now is not None:
        f = plan.furthest_now
        lines += [
            f"Furthest now: {', '.join(f'`{c}`' for c in f.credentials)} ({money(f.cost_usd)}, "
            f"{plural(f.hours, 'hour')}) covers {f.covers_required / 60:.1f} of the required weight now; the "
            f"path's first steps cover {f.path_covers_required / 60:.1f}.",
            "",
        ]
    lines += ["## Assumptions", ""]
    budget = [f"money: {money(plan.budget_usd)}" if plan.budget_usd is not None else "money: no limit"]
    budget.append(
        f"hours: {number(plan.budget_hours)}" if plan.budget_hours is not None else "hours: no limit"
    )
    lines.append(f"- Budget: {', '.join(budget)}; minimising {plan.objective}.")
    lines.append(
        f"- {plural(plan.hours_per_week, 'study hour')} a week"
        + (
            f" per step, up to {plan.parallel} study steps at once "
            f"(up to {number(plan.hours_per_week * plan.parallel)} h/week)"
            if plan.parallel > 1
            else ", one study step at a time"
        )
        + "; work stages run beside study."
    )
    if plan.start:
        assumed = " (today: the deadline came without a start date)" if plan.start_assumed else ""
        lines.append(f"- Start: {plan.start.isoformat()}{assumed}.")
    else:
        lines.append("- No start date: the timeline counts weeks from the start.")
    if plan.deadline:
        lines.append(f"- Deadline: {plan.deadline.isoformat()} ({plural(plan.budget_weeks or 0, 'week')}).")
    if plan.licenses_vary:
        lines.append("- Licenses vary by state: this plan assumes Texas's; give your state for yours.")
    if plan.ownership is not None and plan.ownership.items:
        keep = ownership_line(plan.ownership).removeprefix("to keep: ")
        lines.append(f"- **To keep:** {md(keep)}.")
    if plan.payback is not None:
        lines.append(f"- **Does it pay:** {md(payback_line(plan.payback).removeprefix('does it pay: '))}")
    if plan.wages:
        shown = ", ".join(wage(w) for w in plan.wages)
        lines.append(
            f"- Median annual wage: {shown} (BLS OEWS {plan.wages[0].release}; a median, not a promise)."
        )
    years = report.as_of
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "unknown")
    folders = ", ".join(md(f) for f in report.folders)
    lines.append(f"- Catalog: {folders}; costs and hours as of {span}; typical figures, check the issuer.")
    return "\n".join(lines).rstrip("\n") + "\n"


def _phase(t: Totals) -> str:
    return f"{money(t.cost_usd)}, {plural(t.hours, 'hour')}, {duration(t.weeks)}"
