"""Fuzzing parse_yaml: whatever the input, the outcome is a YamlDoc or one located InputError."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapplan.errors import InputError
from gapplan.yamlio import reader as yamlio
from gapplan.yamlio.reader import YamlDoc, parse_yaml

# Text built from YAML's own punctuation finds the parser's corners far more often than random letters.
PIECES = [*"-?:,[]{}#&*!|>'\"%@`\\ \t\n\r.~0123456789abexo<+=", "\ufeff", "é", "\x00", "---", "!!int "]
yamlish = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)


def check(source: str | bytes) -> None:
    outcome: YamlDoc | InputError
    try:
        outcome = parse_yaml(source, "fuzz.yaml")
    except InputError as err:
        outcome = err
    if isinstance(outcome, YamlDoc):
        assert () in outcome.marks
        return
    assert len(outcome.problems) == 1
    problem = outcome.problems[0]
    assert problem.file == "fuzz.yaml"
    assert problem.line >= 1
    assert problem.column >= 1
    assert "\n" not in problem.message
    assert len(problem.message) < 400


@pytest.fixture(params=[True, False], ids=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "_USE_C", bool(request.param))


@pytest.mark.usefixtures("parser")
@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | yamlish)
def test_any_text_is_a_document_or_an_input_error(source: str) -> None:
    check(source)


@pytest.mark.usefixtures("parser")
@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | yamlish.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_any_bytes_are_a_document_or_an_input_error(source: bytes) -> None:
    check(source)
