"""CSV output for spreadsheets: one row per step; cells that a spreadsheet would run are defused."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from gapplan.models import Plan

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


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def plan_csv(plan: Plan) -> str:
    header = [
        "order",
        "credential",
        "name",
        "issuer",
        "kind",
        "cost_usd",
        "hours",
        "start_week",
        "end_week",
        "start",
        "end",
        "covers",
        "unlocks",
        "mandatory",
    ]
    rows = [
        [
            s.order,
            s.credential,
            s.name,
            s.issuer,
            s.kind,
            _num(s.cost_usd),
            _num(s.hours),
            s.start_week,
            s.end_week,
            s.start.isoformat() if s.start else "",
            s.end.isoformat() if s.end else "",
            " ".join(f"{c.skill}:{c.level}" for c in s.covers),
            " ".join(s.unlocks),
            "yes" if s.mandatory else "no",
        ]
        for s in plan.steps
    ]
    return write_rows(header, rows)
