"""The README's examples are real: every ``$ gapplan ...`` line in a console block is run and its output
compared with the lines under it. ``GAPPLAN_UPDATE_README=1 python -m pytest tests/test_readme.py`` rewrites
the outputs after a deliberate change."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples(text: str) -> list[tuple[str, str]]:
    """(command, expected output) for every ``$ `` line of every console block."""
    found: list[tuple[str, str]] = []
    for block in BLOCK.findall(text):
        command = None
        output: list[str] = []
        for line in block.splitlines(keepends=True):
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "".join(output)))
                command, output = line[2:].strip(), []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "".join(output)))
    return found


def run(command: str, cwd: Path) -> tuple[int, str]:
    args = shlex.split(command)
    if args[0] == "cat":  # showing a file an earlier example wrote
        return 0, (cwd / args[1]).read_text()
    assert args[0] == "gapplan"
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, args[1:])
    finally:
        os.chdir(old)
    assert result.exit_code in (0, 1), (command, result.stderr)
    return result.exit_code, result.stdout


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_readme_has_examples() -> None:
    assert len(examples(README.read_text())) >= 8


def test_readme_examples_print_what_the_readme_shows(workdir: Path) -> None:
    text = README.read_text()
    updated = text
    for command, expected in examples(text):
        _, out = run(command, workdir)
        if os.environ.get("GAPPLAN_UPDATE_README"):
            updated = updated.replace(f"$ {command}\n{expected}", f"$ {command}\n{out}", 1)
        else:
            assert out == expected, command
    if updated != text:
        README.write_text(updated)


def test_readme_commands_that_write_files_write_them(workdir: Path) -> None:
    for command, _ in examples(README.read_text()):
        if "--output" in command:
            run(command, workdir)
            target = shlex.split(command)[shlex.split(command).index("--output") + 1]
            assert (workdir / target).stat().st_size > 0, command


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest -q" in README.read_text()
    assert ci.rstrip().endswith("python -m pytest -q")
