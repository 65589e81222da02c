"""The browse commands through typer's CliRunner: listings, details, filters, JSON and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app


def run(runner: CliRunner, small: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--no-builtin", "--catalog", str(small)])
    return result.exit_code, result.stdout, result.stderr


WAGES = Path(__file__).parent.parent / "data" / "wages"  # a wages.csv for the small catalog's two codes


def test_roles_lists_every_role_as_a_plain_table(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, small, "roles")
    assert code == 0, err
    assert out.splitlines() == [
        "id               name             industry    soc         median US  skills",
        "---------------  ---------------  ----------  ----------  ---------  ------",
        "data-analyst     Data Analyst     technology  15-2051.01          -       4",
        "project-manager  Project Manager  business    11-9199.00          -       2",
        "2 roles",
    ]
    assert err == ""


def test_roles_show_the_national_median_wage_from_bls_and_its_release(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, small, "roles", "--catalog", str(WAGES))
    assert code == 0, err
    assert out.splitlines() == [
        "id               name             industry    soc         median US  skills",
        "---------------  ---------------  ----------  ----------  ---------  ------",
        "data-analyst     Data Analyst     technology  15-2051.01   $112,590       4",
        "project-manager  Project Manager  business    11-9199.00   $120,000       2",
        "2 roles; median annual wages, BLS OEWS May 2025",
    ]


def test_roles_with_a_state_show_its_median_next_to_the_national_one(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, small, "roles", "--state", "fl", "--catalog", str(WAGES))
    assert code == 0, err
    assert out.splitlines()[0].split() == [
        "id",
        "name",
        "industry",
        "soc",
        "median",
        "US",
        "median",
        "FL",
        "skills",
    ]
    assert out.splitlines()[2].endswith("$112,590    $98,500       4")
    assert out.splitlines()[3].endswith("$120,000          -       2")  # BLS has no Florida row here


def test_roles_json_carries_the_bls_wages_not_a_hand_typed_one(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "roles", "--state", "FL", "--format", "json", "--catalog", str(WAGES))
    assert code == 0
    first = json.loads(out)[0]
    assert "median_wage_usd" not in first
    assert [(w["area"], w["median_usd"], w["release"]) for w in first["wages"]] == [
        ("US", 112590, "May 2025"),
        ("US-FL", 98500, "May 2025"),
    ]


def test_role_shows_the_median_wage_of_the_nation_and_of_the_state(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "role", "data-analyst", "--catalog", str(WAGES))
    assert code == 0
    assert "median annual wage: $112,590 (US), BLS OEWS May 2025" in out.splitlines()

    code, out, _ = run(runner, small, "role", "data-analyst", "--state", "FL", "--catalog", str(WAGES))
    assert code == 0
    assert "median annual wage: $112,590 (US), $98,500 (Florida), BLS OEWS May 2025" in out.splitlines()

    code, out, _ = run(runner, small, "role", "project-manager", "--state", "FL", "--catalog", str(WAGES))
    assert "median annual wage: $120,000 (US), none published for FL, BLS OEWS May 2025" in out.splitlines()


def test_a_state_that_is_not_two_letters_is_a_usage_error(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, small, "roles", "--state", "Florida")
    assert (code, out) == (2, "")
    assert err == "error: --state 'Florida': give a US state as two letters, e.g. TX\n"


def test_skills_search_finds_a_misspelt_alias(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "skills", "excell")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()[2:-1]] == ["spreadsheets"]


def test_unknown_skill_filter_suggests_the_alias_with_its_id(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, small, "credentials", "--skill", "excell")
    assert (code, out) == (2, "")
    assert err == "error: unknown skill 'excell' (did you mean: excel (spreadsheets)?)\n"


def test_roles_filters_by_industry_and_prints_json(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "roles", "--industry", "business", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [r["id"] for r in data] == ["project-manager"]
    assert data[0]["mandatory"] == ["pmp"]


def test_role_shows_levels_weights_licenses_and_related(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "role", "project-manager")
    assert code == 0
    assert "project-management  Project Management      4       5" in out
    assert "mandatory: Project Management Professional (PMP) (pmp)" in out
    assert "related roles: data-analyst" in out


def test_unknown_role_suggests_the_closest_id_and_exits_2(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, small, "role", "data-analist")
    assert code == 2
    assert out == ""
    assert err == "error: unknown role 'data-analist' (did you mean: data-analyst?)\n"


def test_credentials_filter_by_skill_alias_and_max_cost(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(
        runner, small, "credentials", "--skill", "Dashboards", "--max-cost", "150", "--format", "json"
    )
    assert code == 0
    assert [c["id"] for c in json.loads(out)] == ["tableau-desktop-specialist"]


def test_credentials_filter_by_kind_rejects_unknown_kind(runner: CliRunner, small: Path) -> None:
    code, _, err = run(runner, small, "credentials", "--kind", "diploma")
    assert code == 2
    assert err.startswith("error: --kind: must be one of certification, license,")


def test_credentials_unknown_skill_is_one_line_with_suggestion(runner: CliRunner, small: Path) -> None:
    code, _, err = run(runner, small, "credentials", "--skill", "sqll")
    assert code == 2
    assert err == "error: unknown skill 'sqll' (did you mean: sql?)\n"


def test_credential_shows_any_of_chain_and_what_it_unlocks(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "credential", "google-data-analytics", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["unlocks"] == [{"credential": "comptia-data-plus", "kind": "requires"}]
    code, out, _ = run(runner, small, "credential", "comptia-data-plus", "--format", "json")
    assert json.loads(out)["prerequisite_chain"] == [
        {"depth": 1, "kind": "requires", "any_of": ["google-data-analytics", "pl-300"]}
    ]


def test_credential_table_lists_experience_and_renewal(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "credential", "pmp")
    assert code == 0
    assert "requires 3 years of experience" in out
    assert "renewal: every 3 years, $150, 60 CE hours" in out
    assert "1  requires  Certified Associate in Project Management (CAPM) (capm)" in out


def test_skills_search_matches_id_name_and_alias(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "skills", "excel", "--format", "json")
    assert code == 0
    assert [s["id"] for s in json.loads(out)] == ["spreadsheets"]
    code, out, _ = run(runner, small, "skills", "zzz")
    assert out.splitlines()[-1] == "0 skills"


def test_catalog_check_prints_counts(runner: CliRunner, small: Path) -> None:
    code, out, err = run(runner, small, "catalog", "check")
    assert code == 0
    assert out == f"catalog ok: 7 skills, 6 credentials, 2 roles (0 warnings) from {small}\n"
    assert err == ""


def test_catalog_export_json_fills_defaults(runner: CliRunner, small: Path) -> None:
    code, out, _ = run(runner, small, "catalog", "export", "--format", "json")
    assert code == 0
    data = json.loads(out)
    sql = next(s for s in data["skills"] if s["id"] == "sql")
    assert sql["shelf_life_years"] == 2.5
    tableau = next(c for c in data["credentials"] if c["id"] == "tableau-desktop-specialist")
    assert tableau["delivery"] == "online"
    assert tableau["requires"] == {"credentials": [], "skills": [], "experience": [], "experience_years": 0.0}
    data_plus = next(c for c in data["credentials"] if c["id"] == "comptia-data-plus")
    assert data_plus["requires"]["credentials"] == [["google-data-analytics", "pl-300"]]


def test_catalog_export_yaml_reads_back_as_a_catalog(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    code, out, _ = run(runner, small, "catalog", "export", "--format", "yaml")
    assert code == 0
    from gapplan.yamlio.reader import parse_yaml

    data = parse_yaml(out, "export.yaml").data
    for kind in ("skills", "credentials", "roles"):
        (tmp_path / f"{kind}.yaml").write_text(
            __import__("gapplan.yamlio.reader", fromlist=["dump_yaml"]).dump_yaml({kind: data[kind]})
        )
    code, again, err = run(runner, tmp_path, "catalog", "export", "--format", "json")
    _, first, _ = run(runner, small, "catalog", "export", "--format", "json")
    assert code == 0, err
    assert again == first


def test_export_output_is_written_atomically(runner: CliRunner, small: Path, tmp_path: Path) -> None:
    target = tmp_path / "catalog.json"
    code, out, _ = run(runner, small, "catalog", "export", "--output", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text())["roles"][0]["id"] == "data-analyst"
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.json"]


def test_export_to_an_unwritable_place_exits_3_and_keeps_nothing(
    runner: CliRunner, small: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing-dir" / "catalog.json"
    code, _, err = run(runner, small, "catalog", "export", "--output", str(target))
    assert code == 3
    assert err.startswith(f"error: {target}: cannot write the file:")
    assert not target.exists()


def test_version_and_help(runner: CliRunner) -> None:
    from gapplan import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"gapplan {__version__}\n"
    for command in (
        ["roles"],
        ["role"],
        ["credentials"],
        ["credential"],
        ["skills"],
        ["catalog", "check"],
        ["catalog", "export"],
        ["gap"],
        ["plan"],
        ["batch"],
        ["match"],
    ):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command


def test_rich_tables_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from gapplan.commands._common import use_rich

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert use_rich()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_rich()
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not use_rich()
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert not use_rich()
