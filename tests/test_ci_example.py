"""The GitHub Actions example runs: its ``gapplan plan`` command exits 0 or 1 and writes the Markdown report."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from gapplan.catalog import load_catalog
from gapplan.cli import app
from gapplan.errors import GapplanError

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / "examples" / "github-actions" / "gapplan-plan.yml"
SMALL = Path(__file__).parent / "data" / "small"


def plan_command(workflow: dict[str, Any]) -> list[str]:
    """The arguments of the one ``gapplan plan`` line in the workflow's ``run`` scripts."""
    found = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            for line in str(step.get("run", "")).splitlines():
                words = shlex.split(line, comments=True)
                if words[:2] == ["gapplan", "plan"]:
                    found.append(words[1 : words.index("||")] if "||" in words else words[1:])
    assert len(found) == 1, found
    return found[0]


def catalog_args() -> list[str]:
    """The embedded catalog when it has the workflow's role, else the small test catalog."""
    try:
        if "data-analyst" in load_catalog().catalog.role_by_id:
            return []
    except GapplanError:
        pass
    return ["--no-builtin", "--catalog", str(SMALL)]


def test_workflow_command_writes_the_markdown_plan(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    args = plan_command(workflow)
    assert args[:2] == ["plan", "--profile"]
    profile = tmp_path / args[2]
    profile.parent.mkdir(parents=True)
    profile.write_text(
        "name: CI Example\ngoal: data-analyst\nskills:\n  - {skill: excel, level: 4}\n"
        "budget: {usd: 1500, hours_per_week: 8}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*args, *catalog_args()])
    assert result.exit_code in (0, 1), result.stderr
    assert result.stdout == ""
    output = Path(args[args.index("--output") + 1])
    assert output.read_text(encoding="utf-8").startswith("# Plan for CI Example: Data Analyst\n")


def test_workflow_uploads_the_file_the_command_writes() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    args = plan_command(workflow)
    steps = workflow["jobs"]["plan"]["steps"]
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == args[args.index("--output") + 1]
    assert args[args.index("--format") + 1] == "markdown"
