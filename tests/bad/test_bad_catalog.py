"""The bad catalog and profile corpus: each file in tests/bad/catalog/ fails with its expected line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app

CORPUS = Path(__file__).parent / "catalog"
SMALL = Path(__file__).parent.parent / "data" / "small"


def _expected() -> dict[str, str]:
    lines = (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines()
    pairs = (line.split(": ", 1) for line in lines if line and not line.startswith("#"))
    return dict(pairs)


EXPECTED = _expected()


def test_every_corpus_file_has_an_expected_message() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.yaml"))
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_one_located_line_on_stderr_and_exit_2(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kind = name.split(".")[-2]
    monkeypatch.chdir(tmp_path)
    catalogs = ["--no-builtin", "--catalog", str(SMALL)]
    if kind == "profile":
        shutil.copy(CORPUS / name, tmp_path / name)
        args = ["gap", "--goal", "data-analyst", "--profile", name, *catalogs]
    else:  # the bad file goes in a folder of its own, loaded over the small catalog
        (tmp_path / "bad").mkdir()
        shutil.copy(CORPUS / name, tmp_path / "bad" / f"{kind}.yaml")
        args = ["catalog", "check", *catalogs, "--catalog", "bad"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {EXPECTED[name]}\n"
