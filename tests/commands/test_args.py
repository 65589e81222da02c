"""Arguments that are not valid text (bytes that are not UTF-8, as a shell passes them) are one located
error and exit 2 for every command, never a traceback. Real processes: only they get real argv bytes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app

SMALL = str(Path(__file__).parent.parent / "data" / "small").encode()
CATALOG = [b"--no-builtin", b"--catalog", SMALL]
GAPPLAN = shutil.which("gapplan") or "gapplan"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [b"plan", b"--goal", b"data-analyst", b"--have", b"sq\xffl:2"],
            r"error: --have 'sq\xffl:2': not valid UTF-8 text (\xff at character 3)",
        ),
        (
            [b"plan", b"--goal", b"data-\xe9nalyst"],
            r"error: --goal 'data-\xe9nalyst': not valid UTF-8 text (\xe9 at character 6)",
        ),
        (
            [b"gap", b"--goal", b"data-analyst", b"--profile", b"me-\xff.yaml"],
            r"error: --profile 'me-\xff.yaml': not valid UTF-8 text (\xff at character 4)",
        ),
        (
            [b"plan", b"--goal", b"data-analyst", b"--output", b"plan-\xff.json"],
            r"error: --output 'plan-\xff.json': not valid UTF-8 text (\xff at character 6)",
        ),
        (
            [b"batch", b"roster-\xff.csv", b"--out", b"out"],
            r"error: INPUT... 'roster-\xff.csv': not valid UTF-8 text (\xff at character 8)",
        ),
        (
            [b"batch", b"roster.csv", b"--out", b"out-\xc3"],
            r"error: --out 'out-\xc3': not valid UTF-8 text (\xc3 at character 5)",
        ),
        (
            [b"skills", b"sq\xffl"],
            r"error: SEARCH 'sq\xffl': not valid UTF-8 text (\xff at character 3)",
        ),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_located_error_and_exit_2(
    args: list[bytes], message: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [GAPPLAN.encode(), *args, *CATALOG], capture_output=True, cwd=tmp_path, check=False, timeout=120
    )

    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode("utf-8") == message + "\n"
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_lone_surrogate_from_a_library_caller_is_an_error_too(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--goal", "data-analyst", "--have", "sql\ud800:2"])

    assert result.exit_code == 2
    assert result.stderr == "error: --have 'sql\\ud800:2': not valid UTF-8 text (\\ud800 at character 4)\n"
