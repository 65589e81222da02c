"""``match`` and ``plan`` show the BLS median wage of the person's state next to the nation's (issue 10,
item 2), from a ``wages.csv`` for the small catalog's two occupations."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from gapplan.cli import app

DATA = Path(__file__).parent.parent / "data"
CATALOGS = ["--no-builtin", "--catalog", str(DATA / "small"), "--catalog", str(DATA / "wages")]
FINANCE = ["--have", "excel:4", "--have", "communication:3", "--have", "statistics:3"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, *CATALOGS])
    return result.exit_code, result.stdout, result.stderr


def test_match_without_a_state_shows_the_national_median() -> None:
    code, out, err = run("match", *FINANCE)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1].split()[-2:] == ["median", "US"]
    assert lines[3].endswith("$112,590")
    assert lines[-1].endswith("; median annual wages: BLS OEWS May 2025")


def test_match_with_a_state_shows_both_medians() -> None:
    code, out, _ = run("match", *FINANCE, "--state", "FL")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split()[-4:] == ["median", "US", "median", "FL"]
    assert lines[3].endswith("$112,590    $98,500")
    assert lines[4].endswith("$120,000          -")


def test_match_markdown_and_json_carry_the_state_wage() -> None:
    _, md, _ = run("match", *FINANCE, "--state", "FL", "--format", "markdown")
    _, js, _ = run("match", *FINANCE, "--state", "FL", "--format", "json")
    assert "| Median US | Median FL |" in md
    assert "| $112,590 | $98,500 |" in md
    assert md.rstrip().endswith("Median annual wages: BLS OEWS May 2025; a median, not a promise.")
    first = json.loads(js)["roles"][0]
    assert first["median_wage_usd"] == 112590
    assert [(w["area"], w["median_usd"]) for w in first["wages"]] == [("US", 112590), ("US-FL", 98500)]


def test_plan_shows_the_state_median_next_to_the_national_one() -> None:
    code, out, _ = run("plan", "--goal", "data-analyst", *FINANCE, "--state", "FL")
    assert code == 0
    assert "median wage: $112,590 (US), $98,500 (Florida), BLS OEWS May 2025" in out.splitlines()
    _, md, _ = run("plan", "--goal", "data-analyst", *FINANCE, "--state", "FL", "--format", "markdown")
    assert (
        "- Median annual wage: $112,590 (US), $98,500 (Florida) (BLS OEWS May 2025; a median, not a promise)."
        in md.splitlines()
    )
