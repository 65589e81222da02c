"""The batch summary of ``gapplan batch``: CSV, Markdown and JSON rows, one per client."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from gapplan.advisor.records import SUMMARY_COLUMNS, Row
from gapplan.render.blocks import clean, money, number
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
