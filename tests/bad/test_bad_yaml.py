"""The bad-YAML corpus: each file in tests/bad/yaml/ fails with exactly the line in its expected.txt."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gapplan.errors import InputError
from gapplan.yamlio import reader as yamlio
from gapplan.yamlio.reader import MAX_BYTES, read_yaml

CORPUS = Path(__file__).parent / "yaml"
EMPTY_DOCUMENTS = ("comments_only.yaml", "empty.yaml")  # not errors here: data is None, callers report it


def _expected() -> dict[str, str]:
    lines = (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines()
    found = [line for line in lines if line and not line.startswith("#")]
    return {line.split(":", 1)[0]: line for line in found}


EXPECTED = _expected()

# Too big (or too silly) to commit: written into a temporary folder by the test.
GENERATED: dict[str, Callable[[], bytes]] = {
    "deep_flow.yaml": lambda: ("items: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
    "deep_block.yaml": lambda: ("items:\n  " + "- " * 100_000 + "x\n").encode(),
    "too_big.yaml": lambda: b"# padding\n" * (1024 * 1024),
}


def _path(name: str, tmp_path: Path) -> Path:
    if name in GENERATED:
        path = tmp_path / name
        path.write_bytes(GENERATED[name]())
        return path
    return CORPUS / name


def _problem(path: Path, name: str) -> str:
    with pytest.raises(InputError) as caught:
        read_yaml(path, display=name)
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_fails_with_its_expected_line(name: str, tmp_path: Path) -> None:
    assert _problem(_path(name, tmp_path), name) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_pure_python_parser_reports_the_same_place(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlio, "_USE_C", False)

    got = _problem(_path(name, tmp_path), name)

    if ": invalid YAML: " in EXPECTED[name]:  # libyaml and PyYAML word syntax errors differently
        assert got.split(": invalid YAML: ")[0] == EXPECTED[name].split(": invalid YAML: ")[0]
    else:
        assert got == EXPECTED[name]


def test_every_corpus_file_has_an_expected_line() -> None:
    files = {p.name for p in CORPUS.glob("*.yaml")}

    assert files - set(EMPTY_DOCUMENTS) == set(EXPECTED) - set(GENERATED)


@pytest.mark.parametrize("name", EMPTY_DOCUMENTS)
def test_empty_document_reads_as_none(name: str) -> None:
    doc = read_yaml(CORPUS / name, display=name)

    assert doc.data is None
    assert doc.position(()) == (1, 1)


def test_huge_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(64 * 1024**3)  # sparse: reading it all would take minutes and 64 GiB

    assert _problem(path, "huge.yaml") == "huge.yaml: file is larger than 8 MiB"


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "limit.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * (MAX_BYTES - 6) + b"\n")

    assert read_yaml(path).data == {"a": 1}


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    assert _problem(tmp_path / "nope.yaml", "nope.yaml") == (
        "nope.yaml: cannot read the file: No such file or directory"
    )
