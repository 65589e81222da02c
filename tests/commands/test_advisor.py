"""``gapplan batch`` and ``gapplan match`` through typer's CliRunner: exit codes, files, summaries, rankings."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app

DATA = Path(__file__).parent.parent / "data"
SMALL = ["--no-builtin", "--catalog", str(DATA / "small")]

FOLDER_SUMMARY = """\
client,file,input,goal,status,cost_usd,hours,weeks,steps,uncovered,error
Alex Rivera,alex,profiles/alex.yaml,data-analyst,complete,429,120,12,2,0,
bad-yaml,,profiles/bad-yaml.yaml,,error,,,,,,"profiles/bad-yaml.yaml:3:1: invalid YAML: did not find expected \
',' or ']' while parsing a flow sequence that started at line 2, column 9"
Dana | Ops,dated,profiles/dated.yaml,data-analyst,complete,394,220,22,2,0,
Pat Lee,pat,profiles/pat.yaml,project-manager,blocked,0,0,0,0,0,
unknown-goal,,profiles/unknown-goal.yaml,astronaut,error,,,,,,profiles/unknown-goal.yaml:2:7: goal: unknown role \
'astronaut'
unknown-skill,,profiles/unknown-skill.yaml,data-analyst,error,,,,,,profiles/unknown-skill.yaml:4:13: \
skills[0].skill: unknown skill 'sqll' (did you mean: sql?)
"""


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tests/data, so inputs (and the summary's input column) are short relative paths."""
    monkeypatch.chdir(DATA)
    return DATA


def batch(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["batch", *args, *SMALL])
    return result.exit_code, result.stdout, result.stderr


def test_batch_over_a_folder_reports_the_good_and_lists_errors_for_the_bad(
    runner: CliRunner, in_data: Path, tmp_path: Path
) -> None:
    code, out, err = batch(runner, "profiles", "--out", str(tmp_path), "--jobs", "1")
    assert code == 2
    assert out == ""
    summary = tmp_path / "summary.csv"
    assert err == f"6 clients: 2 complete, 0 partial, 1 blocked, 3 failed; summary: {summary}\n"
    assert (tmp_path / "summary.csv").read_text(encoding="utf-8") == FOLDER_SUMMARY
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "alex.json", "alex.md", "dated.json", "dated.md", "pat.json", "pat.md", "summary.csv",
    ]  # fmt: skip
    report = json.loads((tmp_path / "alex.json").read_text(encoding="utf-8"))
    assert (report["goal"]["id"], report["status"], report["totals"]["path"]["cost_usd"]) == (
        "data-analyst",
        "complete",
        429,
    )
    assert "start" not in report  # undated without a start date
    dated = json.loads((tmp_path / "dated.json").read_text(encoding="utf-8"))
    assert dated["start"] == "2027-01-04"
    assert (
        (tmp_path / "alex.md")
        .read_text(encoding="utf-8")
        .startswith("# Plan for Alex Rivera: Data Analyst\n")
    )


def test_batch_reports_match_plan_for_the_same_profile(
    runner: CliRunner, in_data: Path, tmp_path: Path
) -> None:
    batch(runner, "profiles", "--out", str(tmp_path), "--jobs", "1")
    for name in ("alex", "dated", "pat"):
        for fmt, ext in (("json", "json"), ("markdown", "md")):
            result = runner.invoke(
                app, ["plan", "--profile", f"profiles/{name}.yaml", "--format", fmt, *SMALL]
            )
            assert result.exit_code in (0, 1), result.stderr
            assert result.stdout == (tmp_path / f"{name}.{ext}").read_text(encoding="utf-8")


def test_batch_output_is_identical_for_one_and_two_jobs(
    runner: CliRunner, in_data: Path, tmp_path: Path
) -> None:
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        code, _, _ = batch(runner, "profiles", "roster/clients.csv", "--out", str(out), "--jobs", jobs)
        assert code == 2
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 1 + 2 * 7  # summary + (md, json) for the 7 plannable clients


def test_batch_all_complete_exits_0_and_any_partial_exits_1(
    runner: CliRunner, in_data: Path, tmp_path: Path
) -> None:
    code, _, _ = batch(runner, "profiles/alex.yaml", "profiles/dated.yaml", "--out", str(tmp_path / "a"))
    assert code == 0
    code, _, _ = batch(runner, "profiles/alex.yaml", "profiles/pat.yaml", "--out", str(tmp_path / "b"))
    assert code == 1


def test_batch_goal_option_wins_over_the_profiles_goal(
    runner: CliRunner, in_data: Path, tmp_path: Path
) -> None:
    code, _, _ = batch(runner, "profiles/alex.yaml", "profiles/pat.yaml", "--goal", "data-analyst", "--out",
                       str(tmp_path), "--format", "json")  # fmt: skip
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alex.json", "pat.json", "summary.csv"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "summary.csv").read_text(encoding="utf-8"))))
    assert [(r["client"], r["goal"], r["status"]) for r in rows] == [
        ("Alex Rivera", "data-analyst", "complete"),
        ("Pat Lee", "data-analyst", "complete"),
    ]


def test_batch_hostile_names_give_safe_files_and_intact_tables(
    runner: CliRunner, in_data: Path, tmp_path: Path
) -> None:
    code, _, _ = batch(runner, "roster/clients.csv", "--out", str(tmp_path / "csv"))
    assert code == 2
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "a-b-c.json", "a-b-c.md", "c-001.json", "c-001.md", "c-002.json", "c-002.md", "summary.csv",
        "x.json", "x.md",
    ]  # fmt: skip
    assert not (tmp_path / "x.md").exists()  # '../../x' stayed inside the output folder
    text = (tmp_path / "csv" / "summary.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) == 8  # header + 7 clients: the newline in a name did not split a row
    rows = list(csv.reader(io.StringIO(text)))
    assert all(len(r) == 11 for r in rows)
    assert [r[0] for r in rows[1:]] == [
        "Alex Rivera", 'Jordan "JJ" Doe', "'=HYPERLINK(\"http://example.com\")", "Line\\u000aBreak",
        "Pipe | Name", "Bad Budget", "Alex Again",
    ]  # fmt: skip

    code, _, _ = batch(runner, "roster/clients.csv", "--out", str(tmp_path / "md"), "--summary", "markdown")
    md_lines = (tmp_path / "md" / "summary.md").read_text(encoding="utf-8").splitlines()
    table = [line for line in md_lines if line.startswith("|")]
    assert len(table) == 2 + 7
    assert all(line.replace("\\|", "").count("|") == 12 for line in table)  # 11 cells each, pipes escaped
    assert "| Pipe \\| Name | [a-b-c](a-b-c.md) |" in md_lines[10]
    assert "Line\\\\u000aBreak" in md_lines[9]


def test_batch_hostile_file_names_stay_inside_the_output_folder(runner: CliRunner, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    profile = "goal: data-analyst\nskills: [{skill: sql, level: 3}]\n"
    for stem in ("a|b", "summary", "a\\..\\x", "-rf", "CON", ".hidden"):
        (inputs / f"{stem}.yaml").write_text(profile, encoding="utf-8")
    code, _, err = batch(runner, str(inputs), "--out", str(tmp_path / "out"), "--summary", "markdown")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "a-b.json", "a-b.md", "a-x.json", "a-x.md", "con-2.json", "con-2.md", "rf.json", "rf.md",
        "summary-2.json", "summary-2.md", "summary.md",
    ]  # fmt: skip


def test_batch_jsonl_roster(runner: CliRunner, in_data: Path, tmp_path: Path) -> None:
    code, _, _ = batch(runner, "roster/clients.jsonl", "--out", str(tmp_path), "--summary", "json")
    assert code == 2
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"complete": 3, "partial": 0, "blocked": 0, "error": 3}
    assert [(c["client"], c["file"], c["status"]) for c in summary["clients"]] == [
        ("Alex Rivera", "j-1", "complete"),
        ("Jordan Doe", "j-2", "complete"),
        ("", "", "error"),
        ("Typo", "", "error"),
        ("", "", "error"),
        ("No Id", "no-id", "complete"),
    ]
    assert summary["clients"][5]["cost_usd"] == 294


def test_batch_interrupted_exits_130_and_skip_existing_finishes(
    runner: CliRunner, in_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gapplan.advisor.batch
    from gapplan.output import write_atomic as real

    calls = 0

    def write(path: Path, data: str | bytes, *, durable: bool = True) -> None:
        nonlocal calls
        calls += 1
        if calls > 3:
            raise KeyboardInterrupt
        real(path, data, durable=durable)

    with monkeypatch.context() as patch:
        patch.setattr(gapplan.advisor.batch, "write_atomic", write)
        code, _, err = batch(runner, "roster/clients.csv", "--out", str(tmp_path), "--jobs", "1")
    assert code == 130
    assert err == "interrupted: 3 of 7 clients done; run again with --skip-existing to finish\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c-001.json", "c-001.md", "c-002.md"]

    code, _, err = batch(
        runner, "roster/clients.csv", "--out", str(tmp_path), "--skip-existing", "--jobs", "2"
    )
    assert code == 2
    assert err.startswith(
        "7 clients: 4 complete, 0 partial, 3 failed, 1 skipped (reports existed); summary: "
    )
    resumed = (tmp_path / "summary.csv").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    batch(runner, "roster/clients.csv", "--out", str(fresh), "--jobs", "1")
    assert resumed == (fresh / "summary.csv").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted(
        p.name for p in fresh.iterdir()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope.yaml"],
            "error: nope.yaml: not found (expected a profile, a folder of profiles or a roster)\n",
        ),
        (["profiles", "--goal", "astronot"], "error: unknown role 'astronot'\n"),
        (
            ["profiles", "--format", "pdf"],
            "error: --format 'pdf': expected markdown, json or both (markdown,json)\n",
        ),
        (
            ["profiles/alex.txt"],
            "error: profiles/alex.txt: not found (expected a profile, a folder of profiles or a roster)\n",
        ),
    ],
)
def test_batch_bad_usage_is_one_line_exit_2_and_writes_nothing(
    runner: CliRunner, in_data: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    code, stdout, err = batch(runner, *args, "--out", str(out))
    assert (code, stdout, err) == (2, "", message)
    assert not out.exists()


def test_batch_output_folder_that_is_a_file_exits_3(runner: CliRunner, in_data: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = batch(runner, "profiles/alex.yaml", "--out", str(blocker))
    assert code == 3
    assert err.startswith(f"error: {blocker}: cannot create the folder:")


# --------------------------------------------------------------------------- match

FINANCE = ["--have", "excel:4", "--have", "communication:3", "--have", "statistics:3"]


def match(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["match", *args, *SMALL])
    return result.exit_code, result.stdout, result.stderr


def test_match_ranks_data_analyst_first_for_a_finance_analyst(runner: CliRunner) -> None:
    code, out, err = match(runner, *FINANCE)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Roles ranked by reachability",
        "#  role             name             ready  status    cost  hours  weeks  uncovered  median US",
        "-  ---------------  ---------------  -----  --------  ----  -----  -----  ---------  ---------",
        "1  data-analyst     Data Analyst       44%  complete  $429    120     12          0          -",
        "2  project-manager  Project Manager    44%  blocked     $0      0      0          0          -",
        "2 of 2 roles shown; ready = share of the role's required weight already met",
    ]


@pytest.mark.parametrize(
    "extra",
    [
        [],
        ["--budget-usd", "300"],
        ["--optimize", "hours", "--experience", "4", "--holding", "capm"],
        ["--profile", str(DATA / "profiles" / "pat.yaml"), "--budget-hours", "100"],
    ],
)
def test_match_agrees_with_plan_for_every_role(runner: CliRunner, extra: list[str]) -> None:
    code, out, err = match(runner, *FINANCE, *extra, "--format", "json")
    assert code == 0, err
    ranking = json.loads(out)["roles"]
    assert {r["role"]["id"] for r in ranking} == {"data-analyst", "project-manager"}
    for entry in ranking:
        result = runner.invoke(
            app, ["plan", "--goal", entry["role"]["id"], *FINANCE, *extra, "--format", "json", *SMALL]
        )
        plan = json.loads(result.stdout)
        assert result.exit_code == (0 if plan["status"] == "complete" else 1)
        assert (entry["status"], entry["cost_usd"], entry["hours"], entry["weeks"]) == (
            plan["status"],
            plan["totals"]["path"]["cost_usd"],
            plan["totals"]["path"]["hours"],
            plan["totals"]["path"]["weeks"],
        )  # fmt: skip
        assert entry["steps"] == [s["credential"] for s in plan["steps"]]


def test_match_filters_by_industry_and_limits_with_top(runner: CliRunner) -> None:
    code, out, _ = match(runner, "--industry", "business", "--format", "json")
    assert code == 0
    assert [r["role"]["id"] for r in json.loads(out)["roles"]] == ["project-manager"]
    code, out, _ = match(runner, "--top", "1", "--format", "markdown", *FINANCE)
    assert code == 0
    assert (
        out.splitlines()[-1]
        == "1 of 2 roles shown. Ready: the share of the role's required weight already met."
    )
    assert "| 1 | Data Analyst (`data-analyst`) | 44% | complete | $429 | 120 | 12 | 0 | - |" in out


def test_match_unknown_industry_and_skill_are_errors(runner: CliRunner) -> None:
    assert match(runner, "--industry", "space") == (
        2, "", "error: --industry: no role in 'space' (known: business, technology)\n",
    )  # fmt: skip
    code, _, err = match(runner, "--have", "sqll:2")
    assert code == 2
    assert err == "error: unknown skill 'sqll' (did you mean: sql?)\n"


def test_batch_bad_jsonl_rows_are_error_rows_and_the_summary_is_written(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("r.jsonl").write_text(
        '{"id": "a", "name": "Ann", "goal": "data-analyst", "skills": "sql:2"}\n'
        '{"id": "b", "name": "B \\ud800 Lee", "goal": "data-analyst"}\n'
        '{"id": "c", "name": "C", "goal": "data-analyst", "id": "c2"}\n'
        '{"id": "d", "name": "Dee", "goal": "data-analyst"}\n',
        encoding="utf-8",
    )

    code, _, err = batch(runner, "r.jsonl", "--out", "out", "--summary", "json", "--jobs", "1")

    assert code == 2
    assert err == "4 clients: 2 complete, 0 partial, 2 failed; summary: out/summary.json\n"
    rows = json.loads(Path("out/summary.json").read_text(encoding="utf-8"))["clients"]
    assert [(r["file"], r["status"], r["error"]) for r in rows] == [
        ("a", "complete", ""),
        ("", "error", "r.jsonl:2: name: \\ud800 is not a character (a lone surrogate)"),
        ("", "error", "r.jsonl:3: duplicate key 'id' (a key may appear once)"),
        ("d", "complete", ""),
    ]


def test_batch_reports_follow_the_umask_and_keep_a_replaced_files_mode(
    runner: CliRunner, in_data: Path, tmp_path: Path
) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        code, _, _ = batch(runner, "profiles/alex.yaml", "--out", str(tmp_path), "--jobs", "1")
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        (tmp_path / "alex.md").chmod(0o640)
        batch(runner, "profiles/alex.yaml", "--out", str(tmp_path), "--jobs", "1")
    finally:
        os.umask(old)

    assert code == 0
    assert modes == {"alex.md": 0o644, "alex.json": 0o644, "summary.csv": 0o644}
    assert stat.S_IMODE((tmp_path / "alex.md").stat().st_mode) == 0o640
