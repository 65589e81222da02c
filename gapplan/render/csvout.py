"""CSV output for spreadsheets: one row per step; cells that a spreadsheet would run are defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from gapplan.render.fmt import csv_number

if TYPE_CHECKING:
    from gapplan.render.formats import PlanReport

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell(value: object) -> str:
    """A CSV cell that never starts a formula (OWASP: prefix such cells with a quote)."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buf.getvalue()


def plan_csv(report: PlanReport) -> str:
    """One row per step (phase ``now`` or ``later``), then one per skill or license the path leaves
    uncovered (phase ``uncovered``: the level it reaches in ``covers``, the reason in ``note``), then the
    totals (phases ``total-now`` and ``total-path``)."""
    plan = report.plan
    header = [
        "order",
        "credential",
        "name",
        "issuer",
        "kind",
        "phase",
        "cost_usd",
        "hours",
        "weeks",
        "start_week",
        "end_week",
        "start",
        "end",
        "covers",
        "unlocks",
        "mandatory",
        "url",
        "note",
    ]
    rows: list[list[object]] = [
        [
            s.order,
            s.credential,
            s.name,
            s.issuer,
            s.kind,
            s.phase,
            csv_number(s.cost_usd),
            csv_number(s.hours),
            s.weeks,
            s.start_week,
            s.end_week,
            s.start.isoformat() if s.start else "",
            s.end.isoformat() if s.end else "",
            " ".join(f"{c.skill}:{c.level}" for c in s.covers),
            " ".join(s.unlocks),
            "yes" if s.mandatory else "no",
            s.url or "",
            "",
        ]
        for s in plan.steps
    ]
    for u in plan.uncovered:
        needs = f"needs level {u.required_level}; " if u.required_level else ""
        rows.append(
            [
                "",
                " ".join(u.credential_group),
                u.name,
                "",
                "",
                "uncovered",
                *([""] * 7),
                f"{u.skill}:{u.reached_level}" if u.skill else "",
                "",
                "yes" if u.credential_group else "no",
                "",
                f"{needs}{u.reason}: {u.detail}",
            ]
        )
    for phase, name, t in (
        ("total-now", "Now, within the budget", plan.totals.now),
        ("total-path", "The whole path", plan.totals.path),
    ):
        rows.append(
            ["", "", name, "", "", phase, csv_number(t.cost_usd), csv_number(t.hours), t.weeks, *([""] * 9)]
        )
    return write_rows(header, rows)
