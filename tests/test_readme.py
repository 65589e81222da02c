"""The README's examples are real: every ``$ gapplan ...`` line in a console block is run, its output
compared with the lines under it and its exit code checked. An example exits 0 unless its line ends with
a shell comment saying otherwise, ``# exit 1`` (optionally with why: ``# exit 1: a partial plan``), so a
reader sees the code too. ``GAPPLAN_UPDATE_README=1 python -m pytest tests/test_readme.py`` rewrites the
outputs after a deliberate change (never the exit codes)."""

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
EXIT = re.compile(r"#\s*exit (\d+)\b")


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


def expected_exit(command: str) -> int:
    """The exit code an example's ``# exit N`` comment states; 0 without one."""
    words, code = shlex.split(command), shlex.split(command, comments=True)
    found = EXIT.search(" ".join(words[len(code) :]))  # the comment's words
    return int(found.group(1)) if found else 0


def run(command: str, cwd: Path) -> tuple[int, str]:
    args = shlex.split(command, comments=True)
    if args[0] == "cat":  # showing a file an earlier example wrote
        return 0, (cwd / args[1]).read_text()
    assert args[0] == "gapplan"
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, args[1:])
    finally:
        os.chdir(old)
    assert result.exit_code == expected_exit(command), (command, result.exit_code, result.stderr)
    return result.exit_code, result.stdout


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def test_readme_has_examples() -> None:
    assert len(examples(README.read_text())) >= 8


def test_an_example_states_a_nonzero_exit_in_a_comment() -> None:
    assert expected_exit("gapplan plan --goal x") == 0
    assert expected_exit("gapplan plan --goal x  # exit 1: a partial plan") == 1
    assert expected_exit("gapplan plan --goal 'a # exit 3'") == 0  # inside quotes it is an argument
    assert shlex.split("gapplan plan --goal x  # exit 1", comments=True) == ["gapplan", "plan", "--goal", "x"]


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
            args = shlex.split(command, comments=True)
            target = args[args.index("--output") + 1]
            assert (workdir / target).stat().st_size > 0, command


def test_readme_test_command_is_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python -m pytest -q" in README.read_text()
    assert ci.rstrip().endswith("python -m pytest -q")
