"""The console script's entry point: it builds only the command it runs (the same output as the whole
app), keeps what start-up loaded out of the garbage collector's sight (in-process tests do not), and on a
cached catalog imports only what the command uses."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from gapplan.cli import app, app_for

ARGS = [
    [],
    ["--version"],
    ["--help"],
    ["roles"],
    ["roles", "--format", "json", "--industry", "healthcare"],
    ["roles", "--help"],
    ["roles", "--format", "xml"],
    ["roles", "--bogus"],
    ["rolez"],
    ["catalog"],
    ["catalog", "check"],
    ["catalog", "nope"],
    ["credential", "pmp"],
    ["plan", "--goal", "data-analyst", "--format", "json"],
    ["plan", "--goal", "data-analyts"],
    ["plan", "--goal", "data-analyst", "--goal", "nurse"],
    ["progress"],
    ["progress", "--help"],
]


@pytest.mark.parametrize("args", ARGS, ids=lambda a: " ".join(a) or "no-args")
def test_the_app_for_one_command_runs_it_as_the_whole_app_does(args: list[str]) -> None:
    runner = CliRunner()

    whole = runner.invoke(app, args, prog_name="gapplan")
    one = runner.invoke(app_for(args), args, prog_name="gapplan")

    assert (one.exit_code, one.stdout, one.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


def test_the_app_for_a_command_builds_that_command_only() -> None:
    assert sorted(typer.main.get_command(app_for(["roles", "--help"])).commands) == ["roles"]  # type: ignore[attr-defined]
    assert sorted(typer.main.get_command(app_for(["catalog", "check"])).commands) == ["catalog"]  # type: ignore[attr-defined]
    assert app_for(["--help"]) is app
    assert app_for(["rolez"]) is app  # its did-you-mean lists every command


def test_completion_gets_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_GAPPLAN_COMPLETE", "complete_bash")

    assert app_for(["roles"]) is app


def test_the_console_script_freezes_what_it_loaded(small: Path) -> None:
    code = (
        "import gc, sys, gapplan.cli\n"
        "from gapplan.commands import _load\n"
        "sys.argv = ['gapplan', 'catalog', 'check', '--no-builtin', '--catalog', sys.argv[1]]\n"
        "try:\n    gapplan.cli.main()\nexcept SystemExit:\n    pass\n"
        "print(_load.FREEZE_AFTER_LOAD, gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(small)], capture_output=True, text=True, check=True
    )

    assert done.stdout.splitlines()[-1] == "True True"


def test_a_command_run_in_process_leaves_the_collector_alone(small: Path) -> None:
    before = gc.get_freeze_count()

    result = CliRunner().invoke(app, ["skills", "--no-builtin", "--catalog", str(small)])

    assert result.exit_code == 0
    assert gc.get_freeze_count() == before


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["roles"], ["yaml", "rich", "networkx", "highspy", "numpy"]),
        (["plan", "--goal", "data-analyst"], ["yaml", "rich"]),  # no profile to read, no terminal
    ],
    ids=["roles", "plan"],
)
def test_a_command_on_a_cached_catalog_imports_only_what_it_uses(
    args: list[str], absent: list[str], tmp_path: Path
) -> None:
    code = (
        "import sys, gapplan.cli\n"
        f"sys.argv = ['gapplan', *{args!r}]\n"
        "try:\n    gapplan.cli.main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {absent!r} if m in sys.modules), file=sys.stderr)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)

    assert "'yaml'" in first.stderr.splitlines()[-1]  # the catalog parsed, then cached
    assert again.stderr.splitlines()[-1] == "[]"
