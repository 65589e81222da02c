"""``dump_json`` writes exactly what ``json.dumps(indent=2, ensure_ascii=False)`` writes, whoever writes it."""

from __future__ import annotations

import enum
import json
import math
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gapplan.render.fmt import dump_json


def reference(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class Colour(enum.StrEnum):
    red = "red"


class Size(enum.IntEnum):
    big = 3


# Where Python's repr and orjson write floats differently (or one of them refuses): exponents, NaN,
# infinities, the edges of fixed notation, subnormals and the largest doubles.
AWKWARD_FLOATS = [
    1e16,
    9999999999999998.0,
    1e15,
    123456789012345.67,
    1e-4,
    9.999999999999999e-05,
    1e-05,
    1.234e-07,
    1e-10,
    5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    1e22,
    -0.0,
    0.1,
    100.0,
    math.nan,
    math.inf,
    -math.inf,
]
AWKWARD_INTS = [2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**40]
# Every code point, lone surrogates and control characters included.
TEXT = st.text(st.characters(exclude_categories=()), max_size=20)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(AWKWARD_INTS)
    | st.floats()
    | st.sampled_from(AWKWARD_FLOATS)
    | TEXT
    | st.sampled_from([Colour.red, Size.big])
)
keys = TEXT | st.integers(-5, 5) | st.booleans() | st.none() | st.sampled_from([1.5, Colour.red, Size.big])
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=5).map(tuple)
        | st.dictionaries(TEXT, inner, max_size=5)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=40,
)


@settings(max_examples=1500, deadline=None)
@given(documents)
@example({"cost_usd": 1200, "hours": 7.5, "steps": [], "notes": {}, "nested": [[], {}, [[]]]})
@example({"mip_gap": math.inf, "ratio": math.nan})
@example({"s": "\ud800", "é": '日本語 \x00\x1f\x7f\u2028\u2029 \\ " /'})
@example([1e-05, 1e16, 2**64, {1: "int key"}])
def test_dump_json_gives_the_bytes_json_dumps_gives(data: Any) -> None:
    assert dump_json(data) == reference(data)


@pytest.mark.parametrize("value", [*AWKWARD_FLOATS, *AWKWARD_INTS])
def test_each_awkward_number_alone_and_nested(value: float) -> None:
    for data in (value, [value], {"x": value}, {"a": [{"b": (value, 1)}]}):
        assert dump_json(data) == reference(data)


def test_deep_nesting_is_written_as_json_writes_it() -> None:
    data: Any = 1
    for _ in range(300):
        data = [data]
    assert dump_json(data) == reference(data)


def test_what_json_refuses_is_still_refused() -> None:
    cycle: list[Any] = []
    cycle.append(cycle)
    with pytest.raises(ValueError, match="Circular reference"):
        dump_json(cycle)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dump_json({"when": object()})


def test_importing_the_formatter_does_not_load_orjson() -> None:
    code = "import sys, gapplan.render.fmt; print('orjson' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_plain_documents_are_written_by_orjson(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("json.dumps called for a plain document")

    data = {"a": [1, 2.5, None, True, "é"], "b": {"c": (0.0001, -0.0, 123456789012345.6)}, "d": []}
    expected = reference(data)
    monkeypatch.setattr(json, "dumps", refuse)
    assert dump_json(data) == expected
