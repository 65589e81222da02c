"""``gapplan gap`` and ``gapplan plan`` through CliRunner: every format, exit code and error path, and
golden JSON and Markdown reports for one realistic plan (``GAPPLAN_UPDATE_GOLDEN=1`` rewrites them)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app

ROOT = Path(__file__).resolve().parent.parent.parent
PROFILE = ROOT / "examples" / "profile.yaml"
GOLDEN = ROOT / "tests" / "golden"
HOSTILE = ROOT / "tests" / "data" / "hostile"


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GAPPLAN_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "golden"), [("json", "plan-alex.json"), ("markdown", "plan-alex.md")])
def test_realistic_plan_matches_its_golden_report(runner: CliRunner, fmt: str, golden: str) -> None:
    code, out, err = invoke(runner, "plan", "--profile", str(PROFILE), "--format", fmt, "--explain")
    assert (code, err) == (1, "")
    check_golden(golden, out)


def test_json_plan_follows_the_contract(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "plan", "--goal", "data-analyst", "--format", "json")
    data = json.loads(out)
    assert code == 0
    for key in (
        "schema_version",
        "goal",
        "status",
        "optimal",
        "objective",
        "budget",
        "gap",
        "steps",
        "totals",
        "uncovered",
        "waiting",
        "client",
    ):
        assert key in data
    assert data["schema_version"] == 2
    assert data["status"] == "complete"
    assert data["optimal"] is True
    assert all("start" not in s for s in data["steps"])  # no start date, so no dates
    assert [s["order"] for s in data["steps"]] == list(range(1, len(data["steps"]) + 1))
    assert data["totals"]["path"]["cost_usd"] == sum(s["cost_usd"] for s in data["steps"])
    assert data["totals"]["now"] == data["totals"]["path"]  # no budget: the whole path is now
    assert {s["phase"] for s in data["steps"]} == {"now"}
    for step in data["steps"]:
        assert {
            "credential",
            "name",
            "kind",
            "phase",
            "cost_usd",
            "hours",
            "weeks",
            "covers",
            "after",
        } <= set(step)


def test_start_date_adds_dates_and_output_is_byte_identical(runner: CliRunner) -> None:
    args = ("plan", "--goal", "it-support-specialist", "--start", "2027-01-04", "--format", "json")
    _, first, _ = invoke(runner, *args)
    _, again, _ = invoke(runner, *args)
    assert first == again
    steps = json.loads(first)["steps"]
    assert steps[0]["start"] == "2027-01-04"
    assert all(s["end"] >= s["start"] for s in steps)


def test_complete_plan_exits_0_and_partial_exits_1(runner: CliRunner) -> None:
    assert invoke(runner, "plan", "--goal", "data-analyst")[0] == 0
    code, out, _ = invoke(runner, "plan", "--goal", "data-analyst", "--budget-usd", "50")
    assert code == 1
    assert "status: partial" in out
    assert "budget" in out


def test_a_deadline_is_a_budget_of_weeks_that_the_now_steps_keep(runner: CliRunner) -> None:
    code, out, _ = invoke(
        runner,
        "plan",
        "--goal",
        "data-analyst",
        "--start",
        "2027-01-04",
        "--deadline",
        "2027-03-28",
        "--hours-per-week",
        "5",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert (data["budget"]["hours"], data["budget"]["weeks"]) == (None, 12)
    assert data["totals"]["now"]["weeks"] <= 12
    assert all(s["end"] <= "2027-03-28" for s in data["steps"] if s["phase"] == "now")
    assert code == (0 if data["status"] == "complete" else 1)


def test_a_deadline_without_a_start_starts_today_and_a_missed_deadline_is_partial(runner: CliRunner) -> None:
    code, out, _ = invoke(runner, "plan", "--goal", "registered-nurse", "--deadline", "2027-06-01")
    assert code == 1
    assert "(today)" in out
    assert "Later:" in out


def test_plan_output_file_is_written_atomically(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old report")
    code, out, _ = invoke(
        runner, "plan", "--goal", "data-analyst", "--format", "markdown", "--output", str(target)
    )
    assert (code, out) == (0, "")
    assert target.read_text().startswith("# Plan: Data Analyst\n")
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_full_disk_exits_3_and_leaves_the_old_file_whole(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    target = tmp_path / "plan.json"
    target.write_text("old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the flush before the rename fails, as on a full disk
    code, out, err = invoke(
        runner, "plan", "--goal", "data-analyst", "--format", "json", "--output", str(target)
    )
    assert (code, out) == (3, "")
    assert err == f"error: {target}: cannot write the file: No space left on device\n"
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary file left behind


def test_output_into_a_missing_folder_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "nope" / "plan.json"
    code, _, err = invoke(runner, "plan", "--goal", "data-analyst", "--output", str(target))
    assert code == 3
    assert err == f"error: {target}: cannot write the file: No such file or directory\n"


def test_csv_and_ics_formats(runner: CliRunner, tmp_path: Path) -> None:
    code, out, _ = invoke(runner, "plan", "--goal", "data-analyst", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("order,credential,name,issuer,kind,phase,cost_usd,hours,weeks")
    code, out, err = invoke(runner, "plan", "--goal", "data-analyst", "--format", "ics")
    assert code == 2
    assert err == "error: --format ics needs a start date: give --start DATE or budget.start in the profile\n"
    ics = tmp_path / "plan.ics"
    code, out, _ = invoke(
        runner,
        "plan",
        "--goal",
        "data-analyst",
        "--format",
        "ics",
        "--start",
        "2027-01-04",
        "--output",
        str(ics),
    )
    assert code == 0
    out = ics.read_bytes().decode()
    assert out.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in out.split("\r\n"))
    assert out.count("BEGIN:VEVENT") == out.count("END:VEVENT") >= 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan"], "error: no goal: give --goal ROLE (see gapplan roles) or set 'goal' in the profile\n"),
        (
            ["plan", "--goal", "data-analist"],
            "error: unknown role 'data-analist' (did you mean: data-analyst, data-scientist, financial-analyst?)\n",
        ),
        (
            ["plan", "--goal", "data-analyst", "--start", "2027-02-30"],
            "error: --start: '2027-02-30' is not a date like 2027-01-04\n",
        ),
        (
            ["plan", "--goal", "data-analyst", "--start", "2027-03-01", "--deadline", "2027-01-01"],
            "error: --deadline 2027-01-01 is before the start 2027-03-01\n",
        ),
        (
            ["plan", "--goal", "data-analyst", "--have", "sql:9"],
            "error: --have 'sql:9': the level must be 1-5\n",
        ),
        (
            ["plan", "--goal", "data-analyst", "--have", "sqll:2"],
            "error: unknown skill 'sqll' (did you mean: sql?)\n",
        ),
        (
            ["gap", "--goal", "data-analyst", "--profile", "missing.yaml"],
            "error: missing.yaml: profile not found (or not a file)\n",
        ),
    ],
)
def test_bad_usage_is_one_line_on_stderr_and_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = invoke(runner, *args)
    assert (code, out, err) == (2, "", message)


def test_gap_formats(runner: CliRunner) -> None:
    args = ("gap", "--profile", str(PROFILE))
    code, out, _ = invoke(runner, *args)
    assert code == 0
    assert "0 (stale)" in out  # sql 2, last used 2021: two shelf lives old in 2027
    code, out, _ = invoke(runner, *args, "--format", "json")
    data = json.loads(out)
    assert data["goal"] == {"id": "data-analyst", "name": "Data Analyst"}
    assert data["stale"] == ["sql"]
    assert {m["skill"] for m in data["matched"]} == {"spreadsheets", "communication"}
    code, out, _ = invoke(runner, *args, "--format", "markdown")
    assert out.startswith("# Gap for Data Analyst\n")


def test_markdown_escapes_hostile_names(runner: CliRunner) -> None:
    code, out, _ = invoke(
        runner,
        "plan",
        "--goal",
        "evil-role",
        "--no-builtin",
        "--catalog",
        str(HOSTILE),
        "--format",
        "markdown",
    )
    assert code == 0
    assert "# Plan: Analyst \\[italic\\]\\|\\[/italic\\] \\<script\\>alert(1)\\</script\\>" in out
    table_rows = [line for line in out.splitlines() if line.startswith("| 1 |")]
    assert len(table_rows) == 1
    assert table_rows[0].count(" | ") == 6  # 7 columns: no extra cell from the name's '|'
    assert (
        's1["1. [link=https://evil.example]Evil[/link] #96;rm -rf#96; | *cert* #quot;quoted#quot; #35;1#59;"]'
        in out
    )
    assert "<script>" not in out


def test_terminal_plan_is_readable_at_80_columns() -> None:
    import datetime as dt
    import io

    from rich.console import Console

    from gapplan.catalog import load_catalog
    from gapplan.models import Profile
    from gapplan.planning.planner import make_plan
    from gapplan.render.blocks import to_rich
    from gapplan.render.formats import PlanReport
    from gapplan.render.terminal import plan_blocks

    catalog = load_catalog().catalog
    profile = Profile.model_validate({"budget": {"start": "2027-01-04", "usd": 300}})
    plan = make_plan(catalog, profile, "cybersecurity-analyst", today=dt.date(2027, 1, 4), explain=True)
    buf = io.StringIO()
    console = Console(file=buf, width=80, color_system=None)
    for renderable in to_rich(plan_blocks(PlanReport.of(plan, catalog, explain=True))):
        console.print(renderable)
    lines = buf.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("Not covered" in line for line in lines)


SMALL_ONLY = ["--no-builtin", "--catalog", str(ROOT / "tests" / "data" / "small")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--have", "sql:high"], "error: --have 'sql:high': the level must be 1-5\n"),
        (["--have", ":2"], "error: --have ':2': expected SKILL or SKILL:LEVEL\n"),
        (
            ["--start", "2027-03-01", "--deadline", "2027-01-01"],
            "error: --deadline 2027-01-01 is before the start 2027-03-01\n",
        ),
    ],
)
def test_flags_are_phrased_as_flags(runner: CliRunner, args: list[str], message: str) -> None:
    assert invoke(runner, "plan", "--goal", "data-analyst", *args, *SMALL_ONLY) == (2, "", message)


def test_a_start_flag_after_the_profiles_deadline_names_the_flag(runner: CliRunner, tmp_path: Path) -> None:
    me = tmp_path / "me.yaml"
    me.write_text("budget: {deadline: 2027-01-01}\n", encoding="utf-8")
    code, out, err = invoke(
        runner, "plan", "--goal", "data-analyst", "--profile", str(me), "--start", "2027-03-01", *SMALL_ONLY
    )
    assert (code, out, err) == (2, "", "error: --start 2027-03-01 is after the deadline 2027-01-01\n")


def test_a_profiles_own_bad_deadline_is_reported_at_its_line(runner: CliRunner, tmp_path: Path) -> None:
    me = tmp_path / "me.yaml"
    me.write_text("name: Me\nbudget: {usd: 100, start: 2027-03-01, deadline: 2027-01-01}\n", encoding="utf-8")
    code, out, err = invoke(runner, "plan", "--goal", "data-analyst", "--profile", str(me), *SMALL_ONLY)
    assert (code, out, err) == (2, "", f"error: {me}:2:49: budget.deadline is before budget.start\n")


def test_ics_without_a_start_date_fails_before_planning(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gapplan.planning.planner as planner

    def no_solve(*args: object, **kwargs: object) -> None:
        raise AssertionError("planned before checking the start date")

    monkeypatch.setattr(planner, "make_plan", no_solve)
    code, out, err = invoke(runner, "plan", "--goal", "data-analyst", "--format", "ics", *SMALL_ONLY)
    assert (code, out) == (2, "")
    assert err == "error: --format ics needs a start date: give --start DATE or budget.start in the profile\n"


def test_no_builtin_without_a_folder_names_both_flags(runner: CliRunner) -> None:
    assert invoke(runner, "roles", "--no-builtin") == (
        2,
        "",
        "error: --no-builtin needs at least one --catalog folder\n",
    )


def test_table_plan_written_to_a_file_is_the_plain_text(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.txt"
    code, stdout, _ = invoke(runner, "plan", "--goal", "data-analyst", *SMALL_ONLY)
    assert invoke(runner, "plan", "--goal", "data-analyst", "--output", str(out), *SMALL_ONLY) == (
        code,
        "",
        "",
    )
    assert out.read_text(encoding="utf-8") == stdout


def test_ctrl_c_is_one_line_and_exit_130(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import gapplan.planning.planner as planner

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(planner, "make_plan", interrupted)
    assert invoke(runner, "plan", "--goal", "data-analyst", *SMALL_ONLY) == (130, "", "interrupted\n")
