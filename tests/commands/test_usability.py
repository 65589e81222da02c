"""Errors a user can act on and shell completion (issue 11, items 10 and 11).

Click's own usage errors are phrased by ``gapplan.cli.main``, the entry point of the console script and of
``python -m gapplan``, so those tests run it for real in a subprocess.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.advisor.profile import read_profile
from gapplan.cli import app

DATA = Path(__file__).parent.parent / "data"
SMALL = ["--no-builtin", "--catalog", str(DATA / "small")]


def gapplan(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gapplan", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "GAPPLAN_NO_CACHE": "1", **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["plan", "--goal", "data-analyst", "--budget-usd", "-5"],
            "error: invalid value for '--budget-usd': Input should be greater than or equal to 0 "
            "(see gapplan plan --help)",
        ),
        (
            ["plan", "--goal", "data-analyst", "--bugdet-usd", "5"],
            "error: no such option: --bugdet-usd (Possible options: --budget-hours, --budget-usd) "
            "(see gapplan plan --help)",
        ),
        (
            ["plan", "--goal", "data-analyst", "--format", "xml"],
            "error: invalid value for '--format' / '-f': Value error, 'xml' is not one of 'table', 'json', "
            "'markdown', 'csv', 'ics'. (see gapplan plan --help)",
        ),
        (["plna"], "error: no such command 'plna'. Did you mean 'plan'? (see gapplan --help)"),
        (
            ["plan", "--goal", "data-analyst", "--goal", "accountant"],
            "error: --goal given 2 times: give it once (see gapplan plan --help)",
        ),
    ],
)
def test_click_usage_errors_are_one_gapplan_error_line_exit_2(
    args: list[str], line: str, tmp_path: Path
) -> None:
    done = gapplan(*args, *SMALL, cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == line + "\n"


def test_an_option_given_twice_is_an_error_through_the_app_too(runner: CliRunner) -> None:
    result = runner.invoke(app, ["gap", "--goal", "data-analyst", "-g", "project-manager", *SMALL])
    assert result.exit_code == 2
    assert "--goal given 2 times: give it once" in result.stderr


def test_repeatable_options_may_still_repeat(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["gap", "--goal", "data-analyst", "--have", "sql:2", "--have", "excel:4", *SMALL]
    )
    assert result.exit_code == 0, result.stderr


def test_help_and_version_still_work_from_main(tmp_path: Path) -> None:
    assert gapplan("--version", cwd=tmp_path).stdout.startswith("gapplan ")
    done = gapplan(cwd=tmp_path)
    assert "Usage: gapplan [OPTIONS] COMMAND [ARGS]..." in done.stdout + done.stderr


def test_a_misspelt_skill_suggests_the_alias_with_its_id(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--goal", "data-analyst", "--have", "excell:4"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown skill 'excell' (did you mean: excel (spreadsheets)?)\n"


def test_skills_search_finds_the_misspelt_alias_in_the_embedded_catalog(runner: CliRunner) -> None:
    result = runner.invoke(app, ["skills", "excell", "--format", "json"])
    assert result.exit_code == 0
    assert '"id": "spreadsheets"' in result.stdout


def test_an_unknown_goal_suggests_roles_by_name(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--goal", "cpa"])
    assert result.exit_code == 2
    assert result.stderr == "error: unknown role 'cpa' (did you mean: accountant?)\n"


def test_an_unknown_locked_credential_is_an_error_not_a_note(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--goal", "data-analyst", "--lock", "google-data-analyticz"])
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "error: locked credential: unknown credential 'google-data-analyticz' (did you mean: "
        "google-data-analytics-certificate"
    )
    assert result.stderr.count("\n") == 1


def test_read_profile_accepts_a_str_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    shutil.copy(DATA / "profiles" / "alex.yaml", tmp_path / "me.yaml")
    monkeypatch.chdir(tmp_path)
    assert read_profile("me.yaml").name == "Alex Rivera"


# --------------------------------------------------------------------------- shell completion


def complete(shell: str, line: str, cwd: Path, *, script: bool = False) -> str:
    """What gapplan answers the shell completing ``line`` (the words so far, the last one unfinished)."""
    words = line.split(" ")
    env = {"_GAPPLAN_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "bash":
        env.update({"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)})
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    if script:
        exe = shutil.which("gapplan", path=str(Path(sys.executable).parent))
        assert exe is not None
        cmd = [exe]
    else:
        cmd = [sys.executable, "-m", "gapplan"]
    done = subprocess.run(
        cmd, capture_output=True, text=True, cwd=cwd, env={**os.environ, **env}, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_role_ids_complete_from_the_catalog(shell: str, tmp_path: Path) -> None:
    out = complete(shell, "gapplan role data-an", tmp_path)
    assert "data-analyst" in out
    assert "project-manager" not in out


@pytest.mark.parametrize("script", [False, True])
def test_credential_ids_complete_with_the_console_script_and_python_m(script: bool, tmp_path: Path) -> None:
    out = complete("bash", "gapplan credential comptia-sec", tmp_path, script=script)
    assert "comptia-security-plus" in out.split()


def test_batch_goal_and_skill_filters_complete(tmp_path: Path) -> None:
    assert "registered-nurse" in complete("bash", "gapplan batch --goal registered-n", tmp_path).split()
    assert "spreadsheets" in complete("bash", "gapplan credentials --skill spreadsh", tmp_path).split()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_the_script_for_each_shell(shell: str, tmp_path: Path) -> None:
    done = gapplan("--show-completion", shell, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "_GAPPLAN_COMPLETE" in done.stdout


def test_install_completion_writes_the_bash_script(tmp_path: Path) -> None:
    done = gapplan("--install-completion", "bash", cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "_GAPPLAN_COMPLETE" in (tmp_path / ".bash_completions" / "gapplan.sh").read_text(encoding="utf-8")


def test_the_catalog_loads_only_when_completing(tmp_path: Path) -> None:
    code = "import sys, gapplan.cli; print(any(m.startswith(('gapplan.models', 'pydantic')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "False\n"


# --------------------------------------------------------------------------- batch --quiet


def test_batch_quiet_prints_no_summary_line(tmp_path: Path) -> None:
    roster = str(DATA / "roster" / "clients.csv")
    loud = gapplan("batch", roster, "--out", str(tmp_path / "a"), "--jobs", "1", *SMALL, cwd=tmp_path)
    quiet = gapplan(
        "batch", roster, "--out", str(tmp_path / "b"), "--jobs", "1", "--quiet", *SMALL, cwd=tmp_path
    )
    assert loud.stderr != ""
    assert quiet.stderr == ""
    assert quiet.returncode == loud.returncode
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == sorted(
        p.name for p in (tmp_path / "a").iterdir()
    )


def test_batch_quiet_still_prints_errors(tmp_path: Path) -> None:
    done = gapplan(
        "batch", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o"), "--quiet", cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
