"""Plans an advisor would sign, through the CLI on the embedded catalog: the whole path, what fits now,
work stages where experience is needed, licenses that gate a role, and the calendar."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from gapplan.cli import app


def plan(runner: CliRunner, *args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["plan", "--format", "json", *args])
    assert result.stderr == "", result.stderr
    return result.exit_code, json.loads(result.stdout)


def steps(data: dict[str, Any], phase: str | None = None) -> list[str]:
    return [s["credential"] for s in data["steps"] if phase is None or s["phase"] == phase]


def test_a_cna_aiming_at_nursing_with_5000_spends_nothing_off_the_adn_nclex_path(runner: CliRunner) -> None:
    code, data = plan(runner, "--goal", "registered-nurse", "--holding", "cna", "--budget-usd", "5000")

    assert code == 1
    assert data["status"] == "partial"
    assert {"adn-nursing-degree", "nclex-rn"} <= set(steps(data, "later"))
    assert data["totals"]["now"]["cost_usd"] <= 5000
    assert not {"shrm-cp", "nha-cpt"} & set(steps(data))  # no HR or phlebotomy certificate
    assert data["totals"]["path"]["cost_usd"] > data["totals"]["now"]["cost_usd"]
    assert any(w["credential_group"] == ["nclex-rn"] for w in data["waiting"])


def test_an_online_only_nurse_is_blocked_by_the_license_and_buys_nothing(runner: CliRunner) -> None:
    code, data = plan(runner, "--goal", "registered-nurse", "--online-only")

    assert (code, data["status"], data["steps"]) == (1, "blocked", [])
    assert "NCLEX-RN" in data["blocked_by"]
    assert "in-person" in data["blocked_by"]


def test_a_project_manager_from_scratch_gets_an_entry_certificate_a_coordinator_job_then_pmp(
    runner: CliRunner,
) -> None:
    code, data = plan(runner, "--goal", "project-manager")

    assert (code, data["status"]) == (0, "complete")
    names = steps(data)
    assert names[-1] == "pmp"
    assert "project-coordinator-work" in names
    assert names.index("project-coordinator-work") < names.index("pmp")
    assert {"capm", "google-project-management"} & set(names[: names.index("project-coordinator-work")])
    assert not [s for s in data["steps"] if s["kind"] == "degree"]
    pmp = next(s for s in data["steps"] if s["credential"] == "pmp")
    assert "requires 3 years of project-management experience" in pmp["needs"]
    assert any(n.startswith("requires one of") and "pmi-pmp-exam-prep" in n for n in pmp["needs"])


def test_someone_already_managing_projects_keeps_working_instead_of_a_new_job(
    runner: CliRunner, tmp_path: Path
) -> None:
    profile = tmp_path / "me.yaml"
    profile.write_text(
        "current_role: financial-analyst\nexperience_years: 6\nexperience: {project-management: 2}\n",
        encoding="utf-8",
    )
    code, data = plan(runner, "--goal", "project-manager", "--profile", str(profile))

    assert code == 0
    assert "keep-working" in steps(data)
    assert "project-coordinator-work" not in steps(data)


def test_an_electrician_from_scratch_gets_an_apprenticeship_before_the_journeyman_license(
    runner: CliRunner,
) -> None:
    code, data = plan(runner, "--goal", "electrician")

    names = steps(data)
    assert code == 0
    assert names.index("electrical-apprenticeship") < names.index("tx-journeyman-electrician")
    apprenticeship = next(s for s in data["steps"] if s["credential"] == "electrical-apprenticeship")
    assert apprenticeship["weeks"] == 208  # its own calendar, not hours / hours per week


def test_the_cpa_track_ends_with_the_license(runner: CliRunner) -> None:
    code, data = plan(runner, "--goal", "accountant")

    assert code == 0
    assert steps(data)[-1] == "cpa-license"
    assert "cpa-supervised-experience" in steps(data)


def test_a_web_developer_starts_with_html_and_css(runner: CliRunner) -> None:
    code, data = plan(runner, "--goal", "web-developer", "--budget-usd", "0")

    assert code == 0
    first = data["steps"][0]
    assert any(c["skill"] == "html-css" for c in first["covers"])


def test_a_help_desk_technician_aiming_at_cloud_follows_the_issuers_recommended_order(
    runner: CliRunner,
) -> None:
    code, data = plan(
        runner, "--goal", "cloud-engineer", "--holding", "comptia-a-plus", "--budget-usd", "1500"
    )

    assert data["totals"]["now"]["cost_usd"] <= 1500
    names = steps(data)
    assert not {"aws-devops-engineer-professional"} & set(names)
    for step in data["steps"]:
        for before in step["after"]:
            assert names.index(before) < names.index(step["credential"])
    assert code == (0 if data["status"] == "complete" else 1)


def test_a_deadline_without_a_start_is_honoured_from_today(runner: CliRunner) -> None:
    code, data = plan(runner, "--goal", "data-analyst", "--deadline", "2027-03-01")

    assert data["start_assumed"] is True
    assert data["budget"]["weeks"] is not None
    assert data["totals"]["now"]["weeks"] <= data["budget"]["weeks"]
    assert code == (0 if data["status"] == "complete" else 1)


def test_every_role_has_a_complete_plan_from_scratch(runner: CliRunner) -> None:
    from gapplan.catalog import default_catalog

    for role in default_catalog().roles:
        code, data = plan(runner, "--goal", role.id)
        assert (role.id, code, data["status"]) == (role.id, 0, "complete")
        required_left = [u for u in data["uncovered"] if not u["durable"]]
        assert required_left == [], role.id
