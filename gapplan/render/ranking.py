"""The role ranking of ``gapplan match``: terminal blocks, JSON and Markdown."""

from __future__ import annotations

from typing import Any

from gapplan.advisor.records import Ranking, RoleMatch
from gapplan.models import Wage
from gapplan.render.blocks import Block, Line, Table
from gapplan.render.fmt import (
    SCHEMA_VERSION,
    dump_json,
    json_number,
    money,
    number,
    plural,
    wage_amount,
    wage_data,
    wages_source,
)
from gapplan.render.markdown import md


def _state(ranking: Ranking) -> str | None:
    """The person's state (``FL``), as the plans' wages name it; None when the plans show only the
    nation's."""
    for m in ranking.matches:
        for w in m.plan.wages:
            if w.area != "US":
                return w.area.removeprefix("US-")
    return None


def _areas(ranking: Ranking, state: str | None) -> tuple[str, ...]:
    return ("US", f"US-{state}") if state else ("US",)


def _wages(match: RoleMatch, areas: tuple[str, ...]) -> tuple[Wage | None, ...]:
    """The plan's wages (the nation's, then the person's state's), one per area, None where BLS has none."""
    by_area = {w.area: w for w in match.plan.wages}
    return tuple(by_area.get(a) for a in areas)


def _wages_note(ranking: Ranking, areas: tuple[str, ...]) -> str:
    source = wages_source(w for m in ranking.matches for w in _wages(m, areas))
    return f"median annual wages: {source}" if source else ""


def _shown(ranking: Ranking) -> str:
    """``3 of 12 roles shown``."""
    return f"{len(ranking.matches)} of {plural(ranking.total, 'role')} shown"


def _pays_back(m: RoleMatch) -> str:
    """Months from the start until the route pays back (path and payback), or ``-``."""
    p = m.plan.payback
    return "-" if p is None or p.break_even_months is None else f"{p.break_even_months} mo"


def match_blocks(ranking: Ranking, state: str | None = None) -> list[Block]:
    matches, who = ranking.matches, ranking.who
    state = state or _state(ranking)
    areas = _areas(ranking, state)
    by = "how soon they pay back" if ranking.by_payback else "reachability"
    title = f"Roles ranked by {by} for {who}" if who else f"Roles ranked by {by}"
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
            *(wage_amount(w) for w in _wages(m, areas)),
            *((_pays_back(m),) if ranking.by_payback else ()),
        )
        for n, m in enumerate(matches, 1)
    )
    columns = (
        *("#", "role", "name", "ready", "status", "cost", "hours", "weeks", "uncovered"),
        *(f"median {a.removeprefix('US-')}" for a in areas),
        *(("pays back",) if ranking.by_payback else ()),
    )
    # narrow terminals lose the name, then the counts; with a state, the national median before the state's
    drop = (2, 8, 6, 7, *((9,) if state else ()), 4, 3)
    note = _wages_note(ranking, areas)
    return [
        Line(title, "heading"),
        Table(
            columns,
            rows,
            right=frozenset({0, 3, 5, 6, 7, 8, *range(9, len(columns))}),
            fold=frozenset({2}),
            drop=drop,
        ),
        Line(
            f"{_shown(ranking)}; ready = share of the role's required weight already met"
            + (f"; {note}" if note else ""),
            "dim",
        ),
    ]


def match_data(match: RoleMatch, rank: int) -> dict[str, Any]:
    plan = match.plan
    national = next((w for w in plan.wages if w.area == "US"), None)
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
        "median_wage_usd": json_number(national.median) if national else None,  # the nation's, BLS
        "wages": [wage_data(w) for w in match.plan.wages],
    }


def match_json(ranking: Ranking, state: str | None = None) -> str:
    """The ranking as JSON; each role's ``wages`` are its plan's (the nation's, then ``state``'s)."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "objective": ranking.objective,
        "roles_considered": ranking.total,
        "roles": [match_data(m, n) for n, m in enumerate(ranking.matches, 1)],
    }
    return dump_json(data)


def match_markdown(ranking: Ranking, state: str | None = None) -> str:
    matches, who = ranking.matches, ranking.who
    state = state or _state(ranking)
    areas = _areas(ranking, state)
    lines = [f"# Closest roles for {md(who)}" if who else "# Closest roles", ""]
    wage_heads = "".join(f" Median {a.removeprefix('US-')} |" for a in areas)
    lines += [
        "| # | Role | Ready | Status | Cost | Hours | Weeks | Uncovered |" + wage_heads,
        "| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: |" + " ---: |" * len(areas),
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
            *(wage_amount(w) for w in _wages(m, areas)),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    note = _wages_note(ranking, areas)
    lines += [
        "",
        f"{_shown(ranking)}. Ready: the share of the role's required weight already met."
        + (
            f" Median annual wages: {note.removeprefix('median annual wages: ')}; a median, not a promise."
            if note
            else ""
        ),
    ]
    return "\n".join(lines) + "\n"
