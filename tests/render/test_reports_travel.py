"""Reports that travel (issue 11, item 9): they name the client, link each step, keep "unlocks", draw a
gantt that counts weeks from the start, carry the uncovered rows and totals in CSV, never write an empty
calendar, and state the weekly pace of parallel study."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app
from gapplan.render.markdown import _gantt_label

DATA = Path(__file__).parent.parent / "data"
SMALL = ["--no-builtin", "--catalog", str(DATA / "small")]
PLAN = ["plan", "--goal", "data-analyst", "--have", "excel:4", "--have", "communication:3"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_markdown_title_and_json_name_the_client() -> None:
    profile = str(DATA / "profiles" / "alex.yaml")
    _, md, _ = run("plan", "--profile", profile, "--format", "markdown", *SMALL)
    _, js, _ = run("plan", "--profile", profile, "--format", "json", *SMALL)
    assert md.splitlines()[0] == "# Plan for Alex Rivera: Data Analyst"
    assert json.loads(js)["client"] == "Alex Rivera"


def test_every_format_links_each_step_to_its_url(tmp_path: Path) -> None:
    (tmp_path / "credentials.yaml").write_text(
        "credentials:\n"
        "  - id: pl-300\n"
        "    name: Power BI Data Analyst\n"
        "    issuer: Microsoft\n"
        "    kind: certification\n"
        "    cost_usd: 165\n"
        "    hours: 60\n"
        "    url: https://learn.microsoft.com/pl-300\n"
        "    grants: [{skill: data-visualization, level: 3}, {skill: sql, level: 2}]\n",
        encoding="utf-8",
    )
    catalogs = [*SMALL, "--catalog", str(tmp_path)]
    url = "https://learn.microsoft.com/pl-300"
    _, table, _ = run(*PLAN, *catalogs)
    _, md, _ = run(*PLAN, "--format", "markdown", *catalogs)
    _, js, _ = run(*PLAN, "--format", "json", *catalogs)
    _, sheet, _ = run(*PLAN, "--format", "csv", *catalogs)
    assert f"  1. {url}" in table.splitlines()
    assert f"[Power BI Data Analyst]({url})" in md
    assert json.loads(js)["steps"][0]["url"] == url
    assert next(iter(csv.DictReader(io.StringIO(sheet))))["url"] == url


def test_markdown_says_what_a_step_unlocks() -> None:
    code, md, err = run("plan", "--goal", "data-analyst", "--format", "markdown", *SMALL)
    assert code == 0, err
    row = next(line for line in md.splitlines() if "(`google-data-analytics`)" in line)
    assert row.endswith("unlocks `comptia-data-plus` |")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        (
            "Google Data Analytics Professional Certificate (Coursera, offered by Google Career Certificates)",
            "Google Data Analytics Professional Certificate (Coursera…)",
        ),
        ("Short name (ok)", "Short name (ok)"),
        ("Unbalanced (open", "Unbalanced (open)"),
        ("closes) nothing", "closes nothing"),
        ("Bracketed [x]: {y}", "Bracketed x y"),
        ("A" * 80, "A" * 59 + "…"),
    ],
)
def test_gantt_labels_are_cut_with_an_ellipsis_and_keep_brackets_balanced(name: str, label: str) -> None:
    shown = _gantt_label(name)
    assert shown == label
    assert len(shown) <= 60
    assert shown.count("(") == shown.count(")")


def test_an_undated_gantt_counts_weeks_from_the_start() -> None:
    _, md, _ = run(*PLAN, "--format", "markdown", *SMALL)
    gantt = md.split("```mermaid\ngantt\n", 1)[1].split("```", 1)[0].splitlines()
    assert gantt[:3] == ["  dateFormat X", "  axisFormat %s", "  todayMarker off"]
    tasks = [line for line in gantt if ":s" in line]
    assert [t.split(":", 1)[1] for t in tasks] == ["s1, 0, 6", "s2, 6, 12"]
    assert "2000-" not in md


def test_a_dated_gantt_keeps_calendar_dates() -> None:
    _, md, _ = run(*PLAN, "--start", "2027-01-04", "--format", "markdown", *SMALL)
    assert "  dateFormat YYYY-MM-DD\n  axisFormat %Y-%m-%d\n" in md
    assert ":s1, 2027-01-04, 42d" in md


def test_csv_has_the_uncovered_rows_and_the_totals() -> None:
    args = ["plan", "--goal", "data-analyst", "--budget-usd", "200", "--exclude", "comptia-data-plus", *SMALL]
    code, out, _ = run(*args, "--format", "csv")
    _, js, _ = run(*args, "--format", "json")
    assert code == 1
    plan = json.loads(js)
    rows = list(csv.DictReader(io.StringIO(out)))
    uncovered = [r for r in rows if r["phase"] == "uncovered"]
    assert [r["covers"] for r in uncovered] == [
        f"{u['skill']}:{u['reached_level']}" for u in plan["uncovered"]
    ]
    assert uncovered[0]["note"].startswith(f"needs level {plan['uncovered'][0]['required_level']}; ")
    now, path = rows[-2:]
    assert (now["phase"], path["phase"]) == ("total-now", "total-path")
    for row, totals in ((now, plan["totals"]["now"]), (path, plan["totals"]["path"])):
        assert (float(row["cost_usd"]), float(row["hours"]), int(row["weeks"])) == (
            totals["cost_usd"],
            totals["hours"],
            totals["weeks"],
        )


def test_an_ics_of_a_plan_with_no_step_is_not_written(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    have = ["--have", "sql:3", "--have", "excel:3", "--have", "dashboards:3", "--have", "communication:2"]
    code, stdout, err = run(
        "plan", "--goal", "data-analyst", *have, "--start", "2027-01-04", "-f", "ics", "-o", str(out), *SMALL
    )
    assert (code, stdout) == (1, "")
    assert err == ("error: no step to put in a calendar (status complete); nothing written\n")
    assert not out.exists()


def test_parallel_study_states_the_weekly_hours_in_all() -> None:
    _, table, _ = run(*PLAN, "--parallel", "2", *SMALL)
    _, md, _ = run(*PLAN, "--parallel", "2", "--format", "markdown", *SMALL)
    assert "budget: no money limit, up to 20 h/week (2 at once)" in table.splitlines()
    assert "up to 20 h/week" in md
