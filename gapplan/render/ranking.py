"""The role ranking of ``gapplan match``: terminal blocks, JSON and Markdown."""

from __future__ import annotations

from typing import Any

from gapplan.advisor.records import Ranking, RoleMatch
from gapplan.render.blocks import Block, Line, Table
from gapplan.render.fmt import SCHEMA_VERSION, dump_json, json_number, money, number, plural
from gapplan.render.markdown import md


def _wage(match: RoleMatch) -> str:
    return money(match.role.median_wage_usd) if match.role.median_wage_usd is not None else "-"


def _shown(ranking: Ranking) -> str:
    """``3 of 12 roles shown``."""
    return f"{len(ranking.matches)} of {plural(ranking.total, 'role')} shown"


def match_blocks(ranking: Ranking) -> list[Block]:
    matches, who = ranking.matches, ranking.who
    title = f"Roles ranked by reachability for {who}" if who else "Roles ranked by reachability"
    rows = tuple(
        (
            str(n),
            m.role.id,
            m.role.name,
            f"{m.readiness:.0%}",
            m.plan.status,
            money(m.plan.totals.path.cost_usd),
            number(m.plan.totals.path.hours),
            str(m.plan.totals.path.weeks),
            str(len(m.plan.uncovered)),
            _wage(m),
        )
        for n, m in enumerate(matches, 1)
    )
    columns = ("#", "role", "name", "ready", "status", "cost", "hours", "weeks", "uncovered", "median wage")
    return [
        Line(title, "heading"),
        Table(columns, rows, right=frozenset({0, 3, 5, 6, 7, 8, 9})),
        Line(
            f"{_shown(ranking)}; ready = share of the role's required weight already met",
            "dim",
        ),
    ]


def match_data(match: RoleMatch, rank: int) -> dict[str, Any]:
    plan = match.plan
    return {
        "rank": rank,
        "role": {"id": match.role.id, "name": match.role.name, "industry": match.role.industry},
        "readiness": round(match.readiness, 4),
        "status": plan.status,
        "optimal": plan.optimal,
        "cost_usd": json_number(plan.totals.path.cost_usd),
        "hours": json_number(plan.totals.path.hours),
        "weeks": plan.totals.path.weeks,
        "steps": [s.credential for s in plan.steps],
        "uncovered": len(plan.uncovered),
        "median_wage_usd": json_number(match.role.median_wage_usd),
    }


def match_json(ranking: Ranking) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "objective": ranking.objective,
        "roles_considered": ranking.total,
        "roles": [match_data(m, n) for n, m in enumerate(ranking.matches, 1)],
    }
    return dump_json(data)


def match_markdown(ranking: Ranking) -> str:
    matches, who = ranking.matches, ranking.who
    lines = [f"# Closest roles for {md(who)}" if who else "# Closest roles", ""]
    lines += [
        "| # | Role | Ready | Status | Cost | Hours | Weeks | Uncovered | Median wage |",
        "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, m in enumerate(matches, 1):
        t = m.plan.totals.path
        cells = [
            str(n),
            f"{md(m.role.name)} (`{m.role.id}`)",
            f"{m.readiness:.0%}",
            m.plan.status,
            money(t.cost_usd),
            number(t.hours),
            str(t.weeks),
            str(len(m.plan.uncovered)),
            _wage(m),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        f"{_shown(ranking)}. Ready: the share of the role's required weight already met.",
    ]
    return "\n".join(lines) + "\n"
