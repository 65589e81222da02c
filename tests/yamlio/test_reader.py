"""Strict YAML reading: 1.2 core typing, tags, keys, aliases, marks, encodings, and dump_yaml round trips."""

from __future__ import annotations

import enum
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapplan.errors import InputError
from gapplan.yamlio import reader as yamlio
from gapplan.yamlio.reader import MAX_DEPTH, dump_yaml, parse_yaml, read_yaml


def value(text: str) -> Any:
    """The value of ``v:`` in a one-key document."""
    return parse_yaml(f"v: {text}\n", "t.yaml").data["v"]


def error(source: str | bytes) -> str:
    with pytest.raises(InputError) as caught:
        parse_yaml(source, "t.yaml")
    assert len(caught.value.problems) == 1
    return str(caught.value.problems[0])


@pytest.fixture(params=[True, False], ids=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    use_c = bool(request.param)
    monkeypatch.setattr(yamlio, "_USE_C", use_c)
    return use_c


# --- YAML 1.2 core typing ---------------------------------------------------------------------------


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("Yes", "Yes"),
        ("y", "y"),
        ("0700", 700),
        ("1:30", "1:30"),
        ("2024-01-01", "2024-01-01"),
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("tRUE", "tRUE"),
        ("1e5", 100000.0),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ('"5"', "5"),
        ("'true'", "true"),
        ('"null"', "null"),
        ("0o17", 15),
        ("0x1F", 31),
        ("0x", "0x"),
        ("0o8", "0o8"),
        ("-0x1F", "-0x1F"),
        ("+12", 12),
        ("-7", -7),
        ("1_000", "1_000"),
        ("1.", 1.0),
        (".5", 0.5),
        ("-2.5e-3", -0.0025),
        ("1.5E+2", 150.0),
        ("1e", "1e"),
        ("9223372036854775807", 2**63 - 1),
        ("-9223372036854775808", -(2**63)),
        ("00000000000000000000000000000001", 1),
        ("! 12", "12"),
        ("!!str 12", "12"),
        ("!!int '12'", 12),
        ('!!int "0x10"', 16),
        ("!!float 3", 3.0),
        ("!!float '2.5'", 2.5),
        ("!!bool 'false'", False),
        ("!!null ''", None),
        ("!<tag:yaml.org,2002:str> 7", "7"),
        ("abc # comment", "abc"),
        ("café ☕", "café ☕"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text: str, expected: object) -> None:
    got = value(text)

    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [(".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf), (".inf_", ".inf_"), ("+.nan", "+.nan")],
)
def test_infinities_resolve_to_floats(text: str, expected: object) -> None:
    assert value(text) == expected


def test_nan_resolves_to_a_float() -> None:
    assert all(math.isnan(value(text)) for text in (".nan", ".NaN", ".NAN"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9223372036854775808", "t.yaml:1:4: v: number too large: '9223372036854775808' (over 64 bits)"),
        ("0x" + "F" * 17, "t.yaml:1:4: v: number too large: '0xFFFFFFFFFFFFFFFFF' (over 64 bits)"),
        ("9" * 5000, "t.yaml:1:4: v: number too large: '" + "9" * 40 + "'… (over 64 bits)"),
        ("-1e400", "t.yaml:1:4: v: number too large: '-1e400'"),
        ("!!int 1.5", "t.yaml:1:4: '1.5' is not a valid !!int"),
        ("!!float abc", "t.yaml:1:4: 'abc' is not a valid !!float"),
        ("!!float 0x10", "t.yaml:1:4: '0x10' is not a valid !!float"),
        ("!!bool yes", "t.yaml:1:4: 'yes' is not a valid !!bool"),
        ("!!null 0", "t.yaml:1:4: '0' is not a valid !!null"),
        ("!!map x", "t.yaml:1:4: tag !!map cannot be used on a scalar"),
        ("!!str {a: 1}", "t.yaml:1:4: tag !!str cannot be used on a mapping"),
        ("!!map [1]", "t.yaml:1:4: tag !!map cannot be used on a sequence"),
        ("!!seq {}", "t.yaml:1:4: tag !!seq cannot be used on a mapping"),
    ],
)
def test_bad_numbers_and_tag_mismatches_are_one_error(text: str, message: str) -> None:
    assert error(f"v: {text}\n") == message


def test_long_values_in_messages_are_cut_and_escaped() -> None:
    message = error('v: !!int "' + "\\t" * 100 + '"\n')

    assert message == "t.yaml:1:4: '" + "\\t" * 40 + "'… is not a valid !!int"


def test_unsupported_tag_is_named() -> None:
    assert error("v: !!python/name:os.system x\n") == (
        "t.yaml:1:4: unsupported tag '!!python/name:os.system' (only the core tags !!str, !!int, !!float, "
        "!!bool, !!null, !!map and !!seq are allowed)"
    )


def test_tagged_collections_are_accepted() -> None:
    assert parse_yaml("!!map {a: !!seq [1], b: ! {c: 2}}", "t").data == {"a": [1], "b": {"c": 2}}


# --- keys --------------------------------------------------------------------------------------------


def test_keys_are_the_scalar_text() -> None:
    doc = parse_yaml("1: a\ntrue: b\nnull: c\n0x10: d\n'q': e\n? k\n: f\n", "t")

    assert doc.data == {"1": "a", "true": "b", "null": "c", "0x10": "d", "q": "e", "k": "f"}


def test_quoted_merge_key_is_an_ordinary_string() -> None:
    assert parse_yaml("'<<': 1\n", "t").data == {"<<": 1}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{a: 1, a: 2}", "t.yaml:1:8: duplicate key 'a' (first at column 2)"),
        ("a: 1\n'a': 2\n", "t.yaml:2:1: duplicate key 'a' (first at line 1)"),
        ("? {a: 1}\n: x\n", "t.yaml:1:3: a mapping key must be a string, not a mapping"),
        ("a: &k x\n*k : y\n", "t.yaml:2:1: a mapping key must be a string, not an alias"),
        ("!!int 1: x\n", "t.yaml:1:1: a mapping key must be a string, not !!int"),
        ("!foo 1: x\n", "t.yaml:1:1: unsupported tag '!foo' (only the core tags !!str, !!int, !!float, "
         "!!bool, !!null, !!map and !!seq are allowed)"),
        ("{<<: {a: 1}}", "t.yaml:1:2: merge keys ('<<') are not supported: write the keys out"),
    ],
)  # fmt: skip
def test_bad_keys_are_one_error(source: str, message: str) -> None:
    assert error(source) == message


# --- aliases -----------------------------------------------------------------------------------------


def test_aliases_share_the_anchored_value() -> None:
    doc = parse_yaml("base: &b {hours: 10}\ncopy: *b\nname: &n Ann\nalso: *n\n", "t")

    assert doc.data == {"base": {"hours": 10}, "copy": {"hours": 10}, "name": "Ann", "also": "Ann"}


def test_anchor_redefined_inside_its_own_node_refers_to_the_latest() -> None:
    assert parse_yaml("a: &x [&x 1, *x]\nb: *x\n", "t").data == {"a": [1, 1], "b": 1}


def test_positions_inside_an_alias_point_at_the_anchored_node() -> None:
    doc = parse_yaml("base: &b\n  hours: 10\n  skills:\n    - sql\ncopy: *b\n", "t.yaml")

    assert doc.position(("copy",)) == (5, 7)
    assert doc.position(("copy", "skills", 0)) == (4, 7)
    assert doc.position(("copy", "missing")) == (1, 7)  # the anchored mapping starts at its anchor


def test_alias_bomb_fails_fast_counting_expansion() -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]" for p, c in zip("abcdef", "bcdefg", strict=True)]

    assert error("\n".join(rows)).endswith("document expands to more than 2,000,000 nodes (alias bomb?)")


def test_node_limit_counts_expansion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 30)
    ok = "a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: *a\nc: *a\n"  # 1 + 2 keys*3 + 9*3 = 34 nodes

    assert parse_yaml(ok.replace("c: *a\n", ""), "t").data["b"] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert error(ok) == "t.yaml:3:4: document expands to more than 30 nodes (alias bomb?)"


# --- structure, depth and documents ------------------------------------------------------------------


@pytest.mark.usefixtures("parser")
def test_nesting_up_to_the_limit_is_read() -> None:
    source = "[" * MAX_DEPTH + "]" * MAX_DEPTH

    data: Any = parse_yaml(source, "t").data
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("[" * 100_000, "t.yaml:1:65: nesting deeper than 64 levels"),
        ("{a: " * 100_000, "t.yaml:1:257: nesting deeper than 64 levels"),
        ("- " * 100_000, "t.yaml:1:129: nesting deeper than 64 levels"),
        ("".join(" " * i + "a:\n" for i in range(100)), "t.yaml:65:65: nesting deeper than 64 levels"),
    ],
)
def test_deep_nesting_fails_without_crashing(source: str, message: str) -> None:
    assert error(source) == message


@pytest.mark.usefixtures("parser")
@pytest.mark.parametrize("source", ["", "# only\n# comments\n", "---\n", "--- # c\n...\n"])
def test_empty_document_is_none(source: str) -> None:
    assert parse_yaml(source, "t").data is None


def test_explicit_document_markers_are_fine() -> None:
    assert parse_yaml("%YAML 1.2\n---\na: 1\n...\n", "t").data == {"a": 1}


def test_second_document_is_an_error_at_its_start() -> None:
    assert error("---\na: 1\n...\n--- # two\nb: 2\n") == (
        "t.yaml:4:1: several documents in one file (only one is allowed)"
    )


def test_scalar_and_sequence_roots() -> None:
    assert parse_yaml("hello", "t").data == "hello"
    assert parse_yaml("- 1\n- two\n", "t").data == [1, "two"]


def test_mappings_keep_insertion_order() -> None:
    assert list(parse_yaml("z: 1\na: 2\nm: 3\n", "t").data) == ["z", "a", "m"]


# --- marks -------------------------------------------------------------------------------------------

NESTED = """\
credentials:
  - id: sql-basics
    grants:
      - skill: sql
        level: 2
    tags: [a, b]
    note:
  - id: py
"""


@pytest.mark.usefixtures("parser")
def test_marks_cover_every_node_of_nested_paths() -> None:
    doc = parse_yaml(NESTED, "c.yaml")

    assert doc.marks == {
        (): (1, 1),
        ("credentials",): (2, 3),
        ("credentials", 0): (2, 5),
        ("credentials", 0, "id"): (2, 9),
        ("credentials", 0, "grants"): (4, 7),
        ("credentials", 0, "grants", 0): (4, 9),
        ("credentials", 0, "grants", 0, "skill"): (4, 16),
        ("credentials", 0, "grants", 0, "level"): (5, 16),
        ("credentials", 0, "tags"): (6, 11),
        ("credentials", 0, "tags", 0): (6, 12),
        ("credentials", 0, "tags", 1): (6, 15),
        ("credentials", 0, "note"): (7, 5),  # an empty value: its key
        ("credentials", 1): (8, 5),
        ("credentials", 1, "id"): (8, 9),
    }


def test_position_falls_back_to_the_longest_known_prefix() -> None:
    doc = parse_yaml(NESTED, "c.yaml")

    assert doc.position(("credentials", 1, "name")) == (8, 5)
    assert doc.position(("credentials", 0, "grants", 0, "level", "x")) == (5, 16)
    assert doc.position(("nope",)) == (1, 1)
    assert doc.where(("credentials", 0, "tags", 1)) == "c.yaml:6:15"


def test_columns_count_characters_not_bytes() -> None:
    doc = parse_yaml("é: [ü, ☕, x]\n", "t")

    assert doc.position(("é", 2)) == (1, 11)


def test_crlf_and_cr_line_breaks_count_once() -> None:
    assert parse_yaml("a: 1\r\nb: 2\r\n", "t").position(("b",)) == (2, 4)
    assert error("a: 1\r\nb: \x01\r\n") == "t.yaml:2:4: control character '\\x01' is not allowed in YAML"


# --- encoding ----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("parser")
def test_utf8_bom_is_accepted_and_ignored_for_columns() -> None:
    doc = parse_yaml(b"\xef\xbb\xbfname: caf\xc3\xa9\n", "t")

    assert doc.data == {"name": "café"}
    assert doc.position(("name",)) == (1, 7)
    assert parse_yaml("\ufeffa: 1", "t").data == {"a": 1}


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (b"a: 1\nb: x\xc3(\n", "t.yaml:2:5: not valid UTF-8 (byte 0xc3)"),
        (b"a: \xe2\x98\x95 \xff\n", "t.yaml:1:6: not valid UTF-8 (byte 0xff)"),
        (b"a: \xed\xa0\x80\n", "t.yaml:1:4: not valid UTF-8 (byte 0xed)"),
        ("a: b\x00\n", "t.yaml:1:5: control character '\\x00' is not allowed in YAML"),
        ("a: b\x1b[31m\n", "t.yaml:1:5: control character '\\x1b' is not allowed in YAML"),
        ("a: b\x7f\n", "t.yaml:1:5: control character '\\x7f' is not allowed in YAML"),
        ("a: b\ufffe\n", "t.yaml:1:5: character '\\ufffe' is not allowed in YAML"),
        ("a: b\ud800\n", "t.yaml:1:5: character '\\ud800' is not allowed in YAML"),
    ],
)
def test_bad_characters_are_reported_where_they_are(source: str | bytes, message: str) -> None:
    assert error(source) == message


def test_tab_inside_a_value_is_fine() -> None:
    assert parse_yaml('a: "x\ty"\nb: x\ty\n', "t").data == {"a": "x\ty", "b": "x\ty"}


def test_syntax_errors_are_one_line_with_the_problem_position() -> None:
    message = error('a: "abc\n')

    assert message == (
        "t.yaml:2:1: invalid YAML: found unexpected end of stream while scanning a quoted scalar "
        "that started at line 1, column 4"
    )


def test_read_yaml_uses_the_display_name(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: [1, {b: 2}]\n", encoding="utf-8")

    doc = read_yaml(path, display="shown.yaml")

    assert (doc.file, doc.data, doc.where(("a", 1, "b"))) == (
        "shown.yaml",
        {"a": [1, {"b": 2}]},
        "shown.yaml:1:12",
    )
    assert read_yaml(path).file == str(path)


def test_gc_state_is_restored() -> None:
    import gc

    parse_yaml("a: 1", "t")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_yaml("a: 1", "t")
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- dump_yaml ---------------------------------------------------------------------------------------


def test_dump_quotes_strings_that_would_read_as_other_types() -> None:
    data = {"s": ["1e5", "true", "null", "0o17", "123", "", "~", ".inf", "yes", "1:30", "2024-01-01"]}

    text = dump_yaml(data)

    assert parse_yaml(text, "t").data == data
    assert "- '1e5'\n" in text
    assert "- '0o17'\n" in text


def test_dump_is_block_style_in_key_order_with_unicode() -> None:
    data = {"z": 1, "a": {"name": "Café ☕", "tags": ["x", "y"]}, "n": None, "f": 1.5, "b": True}

    assert dump_yaml(data) == "z: 1\na:\n  name: Café ☕\n  tags:\n  - x\n  - y\nn: null\nf: 1.5\nb: true\n"


def test_dump_writes_enums_and_tuples_plainly() -> None:
    class Level(enum.StrEnum):
        HIGH = "high"

    class Rank(enum.IntEnum):
        ONE = 1

    assert parse_yaml(dump_yaml({"l": Level.HIGH, "r": Rank.ONE, "t": (1, "a")}), "t").data == {
        "l": "high",
        "r": 1,
        "t": [1, "a"],
    }


def test_dump_writes_non_finite_floats_that_read_back() -> None:
    data = parse_yaml(dump_yaml([math.inf, -math.inf, math.nan]), "t").data

    assert data[:2] == [math.inf, -math.inf]
    assert math.isnan(data[2])


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_like = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_like)
def test_dump_then_parse_round_trips_exactly(data: Any) -> None:
    assert parse_yaml(dump_yaml(data), "t").data == data


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_any_string_value_round_trips(text: str) -> None:
    doc = {"v": text, text: [text]}

    assert parse_yaml(dump_yaml(doc), "t").data == doc
