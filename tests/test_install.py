"""The installed command works from any folder, and the wheel carries the embedded catalog."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gapplan(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gapplan", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "XDG_CACHE_HOME": str(cwd / ".cache")},
    )


def test_embedded_catalog_is_found_from_another_folder(tmp_path: Path) -> None:
    result = gapplan(tmp_path, "roles", "--format", "json")
    assert result.returncode == 0, result.stderr
    ids = [r["id"] for r in json.loads(result.stdout)]
    assert "data-analyst" in ids
    assert result.stderr == ""


def test_bad_catalog_folder_is_one_line_on_stderr_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "skills.yaml").write_text(
        "skills:\n  - {id: sql, name: SQL, category: technical, colour: red}\n"
    )
    result = gapplan(tmp_path, "catalog", "check", "--catalog", ".")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "error: skills.yaml:2:47: skills[0].colour: unknown key 'colour'\n"


def test_broken_pipe_ends_quietly(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "gapplan", "catalog", "export", "--format", "json"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / ".cache")},
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 0
    assert err == ""


def test_wheel_ships_the_data_files(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in ("skills", "credentials", "roles"):
        assert f"gapplan/_data/{kind}.yaml" in names
    assert "gapplan/cli.py" in names


def test_the_console_script_skips_pydantic_plugin_discovery_unless_asked(tmp_path: Path) -> None:
    code = (
        "import os, sys, gapplan.cli\n"
        "sys.argv = ['gapplan', '--version']\n"
        "try:\n    gapplan.cli.main()\nexcept SystemExit:\n    pass\n"
        "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))\n"
    )
    plain = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert plain.stdout.splitlines()[-1] == "__all__"
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "logfire"}
    mine = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path, env=env
    )
    assert mine.stdout.splitlines()[-1] == "logfire"
