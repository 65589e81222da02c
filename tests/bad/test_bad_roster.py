"""The bad roster corpus: each file in tests/bad/roster/ gives exactly the line in its expected.txt.

A roster that cannot be read at all (not UTF-8, a cell too long) is one located error for the whole
file; a bad row (a lone surrogate, a repeated key) is that row's error and every other row is read.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from gapplan.advisor.clients import read_inputs
from gapplan.errors import InputError

CORPUS = Path(__file__).parent / "roster"


def _expected() -> dict[str, str]:
    lines = (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines()
    pairs = (line.split(": ", 1) for line in lines if line and not line.startswith("#"))
    return dict(pairs)


EXPECTED = _expected()

# Too big to commit: written into a temporary folder by the test.
GENERATED: dict[str, Callable[[], bytes]] = {
    "long_cell.csv": lambda: (
        b'id,name,goal\nc-1,Ana,data-analyst\nc-2,"' + b"x" * 10_000_000 + b'",data-analyst\n'
    ),
    "long_cell_late.csv": lambda: (
        b'id,goal,name\nc-1,data-analyst,"two\nlines",\nc-2,data-analyst,' + b"y" * 10_000_000 + b"\n"
    ),
    "deep.jsonl": lambda: b'{"id": "ok"}\n{"id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n",
}


def _error(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    if name in GENERATED:
        Path(name).write_bytes(GENERATED[name]())
    else:
        shutil.copy(CORPUS / name, name)
    try:
        clients = read_inputs([Path(name)])
    except InputError as err:
        problems = err.problems
    else:
        problems = ()
    if problems:
        assert len(problems) == 1
        return str(problems[0])
    bad = [c for c in clients if c.profile is None]
    assert len(bad) == 1, "one bad row, the others read"
    assert len(clients) > 1
    bad[0].error.encode("utf-8")  # printable: no lone surrogate survives into the summary
    bad[0].label.encode("utf-8")
    return bad[0].error


def test_every_corpus_file_has_an_expected_line() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".jsonl")}
    assert files == set(EXPECTED) - set(GENERATED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_roster_gives_its_expected_line(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _error(name, tmp_path, monkeypatch) == EXPECTED[name]
