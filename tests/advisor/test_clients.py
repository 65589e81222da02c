"""Batch inputs: safe file names, profile folders, CSV and JSONL rosters, one client a row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gapplan.advisor.clients import located, read_inputs, row_profile, slugify, unique_slugs
from gapplan.catalog import load_catalog
from gapplan.errors import InputError, Problem
from gapplan.models import Catalog

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog((DATA / "small",), builtin=False).catalog


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alex Rivera", "alex-rivera"),
        ("../../x", "x"),
        ("..", "client"),
        ("", "client"),
        ("a|b\nc\x00d", "a-b-c-d"),
        ("/etc/passwd", "etc-passwd"),
        ("José Núñez", "jose-nunez"),
        ("C:\\Users\\x", "c-users-x"),
        ("-rf --all", "rf-all"),
        ("x" * 200, "x" * 80),
        ("李雷", "client"),
    ],
)
def test_slugify_keeps_only_lowercase_letters_digits_and_single_hyphens(text: str, expected: str) -> None:
    assert slugify(text) == expected


def test_unique_slugs_resolve_collisions_in_input_order_and_avoid_reserved_names() -> None:
    assert unique_slugs(["Alex", "alex", "ALEX!", "alex-2", "summary", "CON", ""]) == [
        "alex", "alex-2", "alex-3", "alex-2-2", "summary-2", "con-2", "client",
    ]  # fmt: skip


def test_folder_is_read_in_name_order_with_bad_profiles_as_errors(cat: Catalog) -> None:
    clients = read_inputs([DATA / "profiles"], cat)
    assert [(c.slug, c.profile is not None) for c in clients] == [
        ("alex", True), ("bad-yaml", False), ("dated", True), ("pat", True),
        ("unknown-goal", False), ("unknown-skill", False),
    ]  # fmt: skip
    skill_error = clients[-1].error
    assert skill_error.endswith(
        "unknown-skill.yaml:4:13: skills[0].skill: unknown skill 'sqll' (did you mean: sql?)"
    )


def test_csv_roster_rows_become_clients_located_by_line(cat: Catalog) -> None:
    clients = read_inputs([DATA / "roster" / "clients.csv"], cat)
    roster = str(DATA / "roster" / "clients.csv")
    assert [(c.label, c.slug, c.source.removeprefix(roster)) for c in clients] == [
        ("Alex Rivera", "c-001", ":2"),
        ('Jordan "JJ" Doe', "c-002", ":3"),
        ('=HYPERLINK("http://example.com")', "x", ":4"),
        ("Line\nBreak", "c-004", ":5"),
        ("Pipe | Name", "a-b-c", ":7"),
        ("Bad Budget", "c-006", ":9"),
        ("Alex Again", "c-001-2", ":10"),
    ]
    alex = clients[0].profile
    assert alex is not None
    assert alex.budget.usd == 1000
    assert alex.budget.hours_per_week == 8
    assert [(s.skill, s.level) for s in alex.skills] == [
        ("excel", 4),
        ("communication", 3),
        ("statistics", 3),
    ]
    assert clients[3].error == f"{roster}:5: name: must be a single line of printable text (found U+000A)"
    assert clients[5].error == f"{roster}:9: budget_usd: 'lots' is not a number"


def test_jsonl_roster_accepts_lists_and_mappings_and_reports_bad_lines(cat: Catalog) -> None:
    clients = read_inputs([DATA / "roster" / "clients.jsonl"], cat)
    roster = str(DATA / "roster" / "clients.jsonl")
    assert [c.error.removeprefix(roster) for c in clients] == [
        "",
        "",
        ":4: not valid JSON: Expecting ',' delimiter (column 32)",
        ":5: unknown key 'budgett_usd' (did you mean 'budget_usd'?)",
        ':6: expected a JSON object such as {"name": ..., "goal": ...}',
        "",
    ]
    jordan, last = clients[1].profile, clients[-1].profile
    assert jordan is not None
    assert last is not None
    assert jordan.credentials == ("capm",)
    assert [(s.skill, s.level) for s in last.skills] == [("sql", 3), ("dashboards", 3)]
    assert last.budget.start == dt.date(2027, 1, 4)


def test_roster_with_an_unknown_column_is_rejected_whole(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,goal,budget\nA,data-analyst,10\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_inputs([roster])
    assert err.value.lines() == [
        f"{roster}:1: column 3: unknown column 'budget' (did you mean 'budget_usd'?)"
    ]


def test_missing_input_and_empty_folder_are_errors(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError) as err:
        read_inputs([tmp_path / "nope.yaml", tmp_path / "empty"])
    assert err.value.lines() == [
        f"{tmp_path / 'nope.yaml'}: not found (expected a profile, a folder of profiles or a roster)",
        f"{tmp_path / 'empty'}: no profiles (*.yaml, *.yml) in this folder",
    ]


def roster(tmp_path: Path, text: str, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("cell", "error"),
    [
        ("sql:high", "skills: 'sql:high': the level must be 1-5"),
        ("sql:9", "skills: 'sql:9': the level must be 1-5"),
        ("sql:²", "skills: 'sql:²': the level must be 1-5"),
        (":3", "skills: ':3': expected SKILL or SKILL:LEVEL"),
    ],
)
def test_a_bad_skill_cell_is_the_same_message_as_a_bad_have_flag(cell: str, error: str) -> None:
    with pytest.raises(InputError) as err:
        row_profile({"name": "A", "skills": cell}, "r.csv:2")
    assert err.value.lines() == [f"r.csv:2: {error}"]


def test_a_skill_cell_without_a_level_is_level_3() -> None:
    profile = row_profile({"name": "A", "skills": "sql;Power BI:2"}, "r.csv:2")
    assert [(s.skill, s.level) for s in profile.skills] == [("sql", 3), ("Power BI", 2)]


def test_a_roster_deadline_before_its_start_is_an_error_row(tmp_path: Path) -> None:
    path = roster(tmp_path, "name,goal,start,deadline\nA,data-analyst,2027-03-01,2027-01-01\n")
    (client,) = read_inputs([path])
    assert client.profile is None
    assert client.error == f"{path}:2: deadline is before start"


def test_a_row_with_more_cells_than_the_header_is_an_error_row(tmp_path: Path) -> None:
    path = roster(tmp_path, "name,goal\nA,data-analyst,extra\nB,data-analyst\n")
    clients = read_inputs([path])
    assert [c.error for c in clients] == [f"{path}:2: 3 cells but the header has 2", ""]


def test_a_roster_needs_a_name_or_an_id_and_no_repeated_column(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_inputs([roster(tmp_path, "goal,skills\ndata-analyst,sql\n", "a.csv")])
    assert err.value.lines() == [f"{tmp_path / 'a.csv'}:1: a roster needs an 'id' or a 'name' column"]
    with pytest.raises(InputError) as err:
        read_inputs([roster(tmp_path, "name,goal,name\nA,b,c\n", "b.csv")])
    assert err.value.lines() == [f"{tmp_path / 'b.csv'}:1: column 3: 'name' is repeated"]


def test_a_roster_that_is_not_utf8_is_rejected_whole(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes(b"name\n\xff\n")
    with pytest.raises(InputError) as err:
        read_inputs([path])
    assert err.value.lines() == [f"{path}:2:1: not valid UTF-8 (byte 0xff): save the roster as UTF-8"]


def test_located_puts_the_source_on_problems_that_have_no_place() -> None:
    err = InputError(problems=[Problem("a.yaml", 3, 1, "bad"), Problem("", 0, 0, "worse")])
    assert located(err, "r.csv:4") == "a.yaml:3:1: bad; r.csv:4: worse"


def test_number_cells_must_be_numbers() -> None:
    with pytest.raises(InputError) as err:
        row_profile({"name": "A", "budget_usd": "lots", "hours_per_week": True}, "r.jsonl:1")
    assert err.value.lines() == [
        "r.jsonl:1: budget_usd: 'lots' is not a number",
        "r.jsonl:1: hours_per_week: must be a number",
    ]


def test_dates_in_a_row_are_read_as_dates() -> None:
    profile = row_profile({"name": "A", "start": "2027-01-04", "deadline": "2027-06-30"}, "r.csv:2")
    assert (profile.budget.start, profile.budget.deadline) == (dt.date(2027, 1, 4), dt.date(2027, 6, 30))
