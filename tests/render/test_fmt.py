"""The one formatting module: money, hours, week spans, plurals and JSON."""

from __future__ import annotations

import pytest

from gapplan.render.fmt import (
    csv_number,
    dump_json,
    json_number,
    money,
    number,
    plural,
    signed_money,
    signed_number,
    weeks,
)


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (1, "client", "1 client"),
        (2, "client", "2 clients"),
        (0, "skill", "0 skills"),
        (1, "skill", "1 skill"),
        (1.0, "hour", "1 hour"),
        (1.5, "hour", "1.5 hours"),
        (1200.0, "hour", "1,200 hours"),
        (1234, "client", "1234 clients"),
        (3, "CE hour", "3 CE hours"),
    ],
)
def test_plural_agrees_with_its_count(count: float, noun: str, text: str) -> None:
    assert plural(count, noun) == text


def test_plural_takes_an_irregular_form() -> None:
    assert plural(2, "child", "children") == "2 children"


@pytest.mark.parametrize(("start", "end", "text"), [(1, 1, "1"), (3, 3, "3"), (1, 4, "1-4"), (0, 0, "0")])
def test_a_step_within_one_week_is_that_week_never_a_range(start: int, end: int, text: str) -> None:
    assert weeks(start, end) == text


def test_money_and_numbers() -> None:
    assert [money(1200), money(49.99), money(None)] == ["$1,200", "$49.99", "-"]
    assert [number(1200), number(7.5), number(None)] == ["1,200", "7.5", "-"]
    assert [signed_money(40), signed_money(-15.5), signed_number(-3.5), signed_number(0)] == [
        "+$40",
        "-$15.50",
        "-3.5",
        "+0",
    ]


def test_machine_numbers() -> None:
    assert [json_number(120.0), json_number(49.999), json_number(None)] == [120, 50.0, None]
    assert [csv_number(120.0), csv_number(49.5), csv_number(None)] == ["120", "49.50", ""]


def test_dump_json_is_indented_utf8_with_a_final_newline() -> None:
    assert dump_json({"name": "José", "n": [1]}) == '{\n  "name": "José",\n  "n": [\n    1\n  ]\n}\n'
