"""The batch summary of ``gapplan batch``: CSV, Markdown and JSON rows, one per client."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gapplan.advisor.records import SUMMARY_COLUMNS, Row
from gapplan.render.blocks import clean
from gapplan.render.csvout import write_rows
from gapplan.render.fmt import SCHEMA_VERSION, dump_json, json_number, money, number, plural
from gapplan.render.markdown import md


def _cell(value: float | None) -> str:
    shown = json_number(value)
    return "" if shown is None else str(shown)


def _counts(rows: Sequence[Row]) -> dict[str, int]:
    return {s: sum(1 for r in rows if r.status == s) for s in ("complete", "partial", "blocked", "error")}


def counts_line(rows: Sequence[Row]) -> str:
    """``3 clients: 2 complete, 1 partial, 0 failed``."""
    c = _counts(rows)
    done = f"{c['complete']} complete, {c['partial']} partial, {c['error']} failed"
    if c["blocked"]:
        done = (
            f"{c['complete']} complete, {c['partial']} partial, {c['blocked']} blocked, {c['error']} failed"
        )
    return f"{plural(len(rows), 'client')}: {done}"


def row_data(row: Row) -> dict[str, Any]:
    return {
        "client": row.client,
        "file": row.file,
        "input": row.input,
        "goal": row.goal,
        "status": row.status,
        "cost_usd": json_number(row.cost_usd),
        "hours": json_number(row.hours),
        "weeks": row.weeks,
        "steps": row.steps,
        "uncovered": row.uncovered,
        "error": row.error,
    }


def batch_csv(rows: Sequence[Row], *, link: bool = False) -> str:
    """One line per client (user text made single-line; formula-like cells defused by ``write_rows``).

    ``link`` is the Markdown summary's; a CSV cell holds the report's file stem either way."""
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


def batch_json(rows: Sequence[Row], *, link: bool = False) -> str:
    """``link`` is the Markdown summary's; each client's ``file`` names its reports either way."""
    data = {"schema_version": SCHEMA_VERSION, "counts": _counts(rows), "clients": [row_data(r) for r in rows]}
    return dump_json(data)


def batch_markdown(rows: Sequence[Row], *, link: bool = True) -> str:
    """A Markdown table; with ``link``, each client's file links to its Markdown report."""
    lines = [
        "# Batch summary",
        "",
        f"{counts_line(rows)}.",
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
