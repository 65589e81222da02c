"""Advisor views: the batch summary (CSV, Markdown, JSON) and the role ranking of ``match``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from gapplan.batch import SUMMARY_COLUMNS, Row
from gapplan.match import RoleMatch
from gapplan.render.blocks import Block, Line, Table, clean, money, number
from gapplan.render.csvout import write_rows
from gapplan.render.markdown import md

SCHEMA_VERSION = 1


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def _cell(value: float | None) -> str:
    shown = _num(value)
    return "" if shown is None else str(shown)


def _counts(rows: Sequence[Row]) -> dict[str, int]:
    return {s: sum(1 for r in rows if r.status == s) for s in ("complete", "partial", "error")}


def row_data(row: Row) -> dict[str, Any]:
    return {
        "client": row.client,
        "file": row.file,
        "input": row.input,
        "goal": row.goal,
        "status": row.status,
        "cost_usd": _num(row.cost_usd),
        "hours": _num(row.hours),
        "weeks": row.weeks,
        "steps": row.steps,
        "uncovered": row.uncovered,
        "error": row.error,
    }


def batch_csv(rows: Sequence[Row]) -> str:
    """One line per client (user text made single-line; formula-like cells defused by ``write_rows``)."""
    return write_rows(
        SUMMARY_COLUMNS,
        (
            [
                clean(row.client),
                row.file,
                clean(row.input),
                clean(row.goal),
                row.status,
                _cell(row.cost_usd),
                _cell(row.hours),
                _cell(row.weeks),
                _cell(row.steps),
                _cell(row.uncovered),
                clean(row.error),
            ]
            for row in rows
        ),
    )


def batch_json(rows: Sequence[Row]) -> str:
    data = {"schema_version": SCHEMA_VERSION, "counts": _counts(rows), "clients": [row_data(r) for r in rows]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def batch_markdown(rows: Sequence[Row], *, link: str | None = "markdown") -> str:
    """A Markdown table; with ``link``, each client's file links to its Markdown report."""
    c = _counts(rows)
    lines = [
        "# Batch summary",
        "",
        f"{len(rows)} clients: {c['complete']} complete, {c['partial']} partial, {c['error']} failed.",
        "",
        "| Client | Report | Input | Goal | Status | Cost | Hours | Weeks | Steps | Uncovered | Error |",
        "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        report = f"[{r.file}]({r.file}.md)" if r.file and link else r.file
        cells = [
            md(r.client),
            report,
            md(r.input),
            md(r.goal) if r.goal else "",
            r.status,
            money(r.cost_usd) if r.cost_usd is not None else "",
            number(r.hours) if r.hours is not None else "",
            _cell(r.weeks),
            _cell(r.steps),
            _cell(r.uncovered),
            md(r.error),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- match


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
