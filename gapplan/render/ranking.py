"""The role ranking of ``gapplan match``: terminal blocks, JSON and Markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from gapplan.advisor.records import RoleMatch
from gapplan.render.blocks import Block, Line, Table, money, number
from gapplan.render.markdown import md
from gapplan.render.summary import SCHEMA_VERSION, _num


def _wage(match: RoleMatch) -> str:
    return money(match.role.median_wage_usd) if match.role.median_wage_usd is not None else "-"


def match_blocks(matches: Sequence[RoleMatch], *, total: int, who: str | None = None) -> list[Block]:
    title = f"Roles ranked by reachability for {who}" if who else "Roles ranked by reachability"
    rows = tuple(
        (
            str(n),
            m.role.id,
            m.role.name,
            f"{m.readiness:.0%}",
            m.plan.status,
            money(m.plan.totals.cost_usd),
            number(m.plan.totals.hours),
            str(m.plan.totals.weeks),
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
            f"{len(matches)} of {total} roles shown; ready = share of the role's required weight already met",
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
        "cost_usd": _num(plan.totals.cost_usd),
        "hours": _num(plan.totals.hours),
        "weeks": plan.totals.weeks,
        "steps": [s.credential for s in plan.steps],
        "uncovered": len(plan.uncovered),
        "median_wage_usd": _num(match.role.median_wage_usd),
    }


def match_json(matches: Sequence[RoleMatch], *, total: int, objective: str) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "objective": objective,
        "roles_considered": total,
        "roles": [match_data(m, n) for n, m in enumerate(matches, 1)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def match_markdown(matches: Sequence[RoleMatch], *, total: int, who: str | None = None) -> str:
    lines = [f"# Closest roles for {md(who)}" if who else "# Closest roles", ""]
    lines += [
        "| # | Role | Ready | Status | Cost | Hours | Weeks | Uncovered | Median wage |",
        "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, m in enumerate(matches, 1):
        t = m.plan.totals
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
        f"{len(matches)} of {total} roles shown. Ready: the share of the role's required weight already met.",
    ]
    return "\n".join(lines) + "\n"
