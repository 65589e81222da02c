"""The batch core: safe file names, reading rosters, determinism across processes, interrupts and resume."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gapplan.advisor.batch import run_batch
from gapplan.advisor.clients import Client, read_inputs, slugify, unique_slugs
from gapplan.catalog import load_catalog
from gapplan.errors import InputError
from gapplan.models import Catalog

DATA = Path(__file__).parent.parent / "data"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog((DATA / "small",), builtin=False).catalog


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


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


def test_output_is_identical_whatever_the_number_of_jobs(cat: Catalog, tmp_path: Path) -> None:
    clients = read_inputs(
        [DATA / "profiles", DATA / "roster" / "clients.csv", DATA / "roster" / "clients.jsonl"], cat
    )
    results = {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"jobs{jobs}"
        results[jobs] = run_batch(cat, clients, out=out, jobs=jobs, today=TODAY)
    assert results[1].rows == results[2].rows == results[3].rows
    assert files(tmp_path / "jobs1") == files(tmp_path / "jobs2") == files(tmp_path / "jobs3")
    assert results[1].exit_code == 2


def test_pool_works_after_the_parent_has_planned(cat: Catalog, tmp_path: Path) -> None:
    # A process that has run the solver must not fork workers (HiGHS threads would deadlock them).
    clients = read_inputs([DATA / "profiles"], cat)
    run_batch(cat, clients, out=tmp_path / "a", jobs=1, today=TODAY)
    result = run_batch(cat, clients, out=tmp_path / "b", jobs=2, today=TODAY)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert result.planned == 3


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, writes: int) -> None:
    """Ctrl-C arrives while the (writes+1)-th report is being written: its bytes are in the temporary
    file, which is not yet renamed into place."""
    import os

    real = os.replace
    calls = 0

    def replace(src: str, dst: Path) -> None:
        nonlocal calls
        calls += 1
        if calls > writes:
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)  # the function gapplan.output calls


def test_interrupted_batch_leaves_only_whole_files_and_resumes(
    cat: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clients = read_inputs([DATA / "roster" / "clients.csv"], cat)
    full = run_batch(cat, clients, out=tmp_path / "full", jobs=1, today=TODAY)
    out = tmp_path / "out"
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 3)  # c-001.md, c-001.json, c-002.md; then c-002.json is cut
        with pytest.raises(KeyboardInterrupt):
            run_batch(cat, clients, out=out, jobs=1, today=TODAY)
    assert sorted(p.name for p in out.iterdir()) == ["c-001.json", "c-001.md", "c-002.md"]
    for name in ("c-001.json", "c-001.md", "c-002.md"):
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes()

    resumed = run_batch(cat, clients, out=out, jobs=1, today=TODAY, skip_existing=True)
    assert resumed.skipped == 1  # c-001; c-002 lacks its JSON report, so it is planned again
    assert resumed.rows == full.rows
    assert files(out) == files(tmp_path / "full")


def test_skip_existing_rebuilds_rows_from_the_json_reports(cat: Catalog, tmp_path: Path) -> None:
    clients = read_inputs([DATA / "profiles"], cat)
    first = run_batch(cat, clients, out=tmp_path, jobs=1, today=TODAY)
    (tmp_path / "pat.json").write_text("{not json", encoding="utf-8")  # a damaged report is redone
    again = run_batch(cat, clients, out=tmp_path, jobs=2, today=TODAY, skip_existing=True)
    assert again.rows == first.rows
    assert (again.skipped, again.planned) == (2, 1)
    assert json.loads((tmp_path / "pat.json").read_text(encoding="utf-8"))["goal"]["id"] == "project-manager"


def test_goal_override_replaces_each_profiles_goal(cat: Catalog, tmp_path: Path) -> None:
    clients = [c for c in read_inputs([DATA / "profiles"], cat) if c.profile is not None]
    result = run_batch(cat, clients, out=tmp_path, goal="project-manager", jobs=1, today=TODAY)
    assert {r.goal for r in result.rows} == {"project-manager"}


def test_a_report_that_cannot_be_written_is_exit_3_for_that_client(cat: Catalog, tmp_path: Path) -> None:
    clients = read_inputs([DATA / "profiles" / "alex.yaml", DATA / "profiles" / "pat.yaml"], cat)
    (tmp_path / "alex.md").mkdir()  # a folder where the report should go
    result = run_batch(cat, clients, out=tmp_path, jobs=1, today=TODAY)
    assert [r.status for r in result.rows] == ["error", "partial"]
    assert result.rows[0].error.startswith(f"{tmp_path / 'alex.md'}: cannot write the file:")
    assert result.exit_code == 3


def test_clients_are_plain_records_that_cross_process_boundaries() -> None:
    import pickle

    client = Client(index=0, label="A", source="a.yaml", slug="a", profile=None, error="bad")
    assert pickle.loads(pickle.dumps(client)) == client
