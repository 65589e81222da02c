"""``gapplan renewals`` and ``gapplan gap --horizon`` through CliRunner: output, files and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app

CREDENTIALS = """\
credentials:
  - {id: a-plus, name: CompTIA A+, issuer: CompTIA, kind: certification, cost_usd: 500, hours: 100,
     renewal: {every_years: 3, cost_usd: 75, ce_hours: 20}}
  - {id: sec-plus, name: CompTIA Security+, issuer: CompTIA, kind: certification, cost_usd: 400, hours: 80,
     renewal: {every_years: 3, cost_usd: 150, ce_hours: 50, renews: [a-plus]}}
  - {id: badge, name: Cloud Badge, issuer: Cloud, kind: digital-badge, cost_usd: 0, hours: 5,
     renewal: {every_years: 1, reexam: true}}
"""
SKILLS = "skills:\n  - {id: sql, name: SQL, category: technical}\n"
ROLES = "roles:\n  - {id: analyst, name: Analyst, industry: technology, requires: [{skill: sql, level: 3, weight: 5}]}\n"
PROFILE = """\
name: Kim
credentials:
  - {id: a-plus, earned: 2021-02-01}
  - {id: sec-plus, earned: 2025-03-15}
  - badge
skills:
  - {skill: sql, level: 3, last_used: 2024}
goal: analyst
budget: {start: 2026-06-01}
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    cat = tmp_path / "cat"
    cat.mkdir()
    (cat / "credentials.yaml").write_text(CREDENTIALS, encoding="utf-8")
    (cat / "skills.yaml").write_text(SKILLS, encoding="utf-8")
    (cat / "roles.yaml").write_text(ROLES, encoding="utf-8")
    prof = tmp_path / "kim.yaml"
    prof.write_text(PROFILE, encoding="utf-8")
    return cat, prof


def run(cat: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--catalog", str(cat), "--no-builtin"])
    return result.exit_code, result.stdout, result.stderr


def test_renewals_table_shows_status_cascade_and_unknown(files: tuple[Path, Path]) -> None:
    cat, prof = files

    code, out, err = run(cat, "renewals", "--profile", str(prof), "--as-of", "2028-01-20", "--horizon", "3")

    assert (code, err) == (0, "")
    assert out == (
        "Renewals of Kim on 2028-01-20, looking 3 years ahead (expiring soon: within 90 days)\n"
        "credential  status               earned      expires     renewal takes                       then\n"
        "----------  -------------------  ----------  ----------  ----------------------------------  ----\n"
        "a-plus      Expiring soon        2021-02-01  2028-03-15  renewed with sec-plus\n"  # follows sec-plus
        "badge       unknown: add earned  -           -           a re-exam every 1 year\n"
        "sec-plus    Expiring soon        2025-03-15  2028-03-15  $150 and 50 CE hours every 3 years\n"
        "sec-plus also renews a-plus\n"
    )


def test_renewals_writes_an_ics_file_and_json_names_the_cascade(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    cat, prof = files
    target = tmp_path / "renewals.ics"

    code, out, _ = run(
        cat,
        "renewals",
        "--profile",
        str(prof),
        "--as-of",
        "2028-01-20",
        "--format",
        "ics",
        "--output",
        str(target),
    )

    assert (code, out) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 4  # a-plus and sec-plus, 2028 and 2031 each
    assert text.count("TRIGGER:-P90D") == 4
    code, out, _ = run(cat, "renewals", "--profile", str(prof), "--as-of", "2028-01-20", "--format", "json")
    data = {c["credential"]: c for c in json.loads(out)["credentials"]}
    assert (data["a-plus"]["renewed_by"], data["sec-plus"]["renews"]) == ("sec-plus", ["a-plus"])


def test_renewals_bad_date_is_one_line_and_exit_2(files: tuple[Path, Path]) -> None:
    cat, prof = files

    code, out, err = run(cat, "renewals", "--profile", str(prof), "--as-of", "2028-02-30")

    assert (code, out, err) == (2, "", "error: --as-of: '2028-02-30' is not a date like 2027-01-04\n")


def test_gap_horizon_lists_skills_going_stale(files: tuple[Path, Path]) -> None:
    cat, prof = files

    code, out, _ = run(cat, "gap", "--profile", str(prof), "--horizon", "4", "--format", "json")

    assert code in (0, 1)
    data = json.loads(out)
    assert data["horizon_years"] == 4
    assert [(s["skill"], s["level_then"]) for s in data["going_stale"]] == [("sql", 1)]
