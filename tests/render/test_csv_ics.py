"""``plan --format csv`` (formula cells defused) and ``plan --format ics`` (needs a start date)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from gapplan.cli import app
from gapplan.render.csvout import cell, write_rows

SMALL = ["--no-builtin", "--catalog", str(Path(__file__).parent.parent / "data" / "small")]
PLAN = ["plan", "--goal", "data-analyst", "--have", "excel:4", "--have", "communication:3"]


def test_cells_that_start_a_formula_are_prefixed_with_a_quote() -> None:
    assert [cell(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain", None, 3)] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "plain", "", "3",
    ]  # fmt: skip
    assert (
        write_rows(["a", "=b"], [['=HYPERLINK("x")', "ok, fine"]])
        == 'a,\'=b\n"\'=HYPERLINK(""x"")","ok, fine"\n'
    )


def test_plan_csv_has_one_row_per_step(runner: CliRunner) -> None:
    result = runner.invoke(app, [*PLAN, "--format", "csv", *SMALL])
    assert result.exit_code == 0, result.stderr
    rows = [r for r in csv.DictReader(io.StringIO(result.stdout)) if r["phase"] in ("now", "later")]
    assert [(r["order"], r["credential"], r["cost_usd"], r["start"]) for r in rows] == [
        ("1", "pl-300", "165", ""),
        ("2", "comptia-data-plus", "264", ""),
    ]
    assert rows[1]["covers"] == "sql:3"


def test_plan_csv_defuses_a_hostile_credential_name(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "credentials.yaml").write_text(
        "credentials:\n"
        "  - id: pl-300\n"
        "    name: \"=cmd|' /C calc'!A0\"\n"
        '    issuer: "@evil"\n'
        "    kind: certification\n"
        "    cost_usd: 165\n"
        "    hours: 60\n"
        "    grants: [{skill: data-visualization, level: 3}, {skill: sql, level: 2}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, [*PLAN, "--format", "csv", *SMALL, "--catalog", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    first = next(iter(csv.DictReader(io.StringIO(result.stdout))))
    assert (first["name"], first["issuer"]) == ("'=cmd|' /C calc'!A0", "'@evil")


def test_plan_ics_needs_a_start_date(runner: CliRunner) -> None:
    result = runner.invoke(app, [*PLAN, "--format", "ics", *SMALL])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "error: --format ics needs a start date: give --start DATE or budget.start in the profile\n"
    )


def test_plan_ics_writes_one_all_day_event_per_step(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    result = runner.invoke(
        app, [*PLAN, "--start", "2027-01-04", "--format", "ics", "--output", str(out), *SMALL]
    )
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.decode("utf-8").split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert lines.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20270104" in lines
    assert "UID:data-analyst-1-pl-300@gapplan" in lines
    again = tmp_path / "again.ics"
    runner.invoke(app, [*PLAN, "--start", "2027-01-04", "--format", "ics", "--output", str(again), *SMALL])
    assert again.read_bytes() == data  # no timestamp of the run: identical inputs, identical file
