"""``gapplan progress``: the profile file is updated in place (comments and formatting kept, atomically,
read back strictly) and the plan for what is left is printed; locked and started credentials are kept."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app

SKILLS = """\
skills:
  - {id: sql, name: SQL, category: technical}
  - {id: python, name: Python, category: technical}
"""
CREDENTIALS = """\
credentials:
  - {id: cheap-sql, name: Cheap SQL, issuer: T, kind: course, cost_usd: 100, hours: 50,
     grants: [{skill: sql, level: 3}]}
  - {id: dear-sql, name: Dear SQL, issuer: T, kind: course, cost_usd: 300, hours: 80,
     grants: [{skill: sql, level: 3}]}
  - {id: py-cert, name: Python Cert, issuer: T, kind: certification, cost_usd: 200, hours: 40,
     grants: [{skill: python, level: 2}], renewal: {every_years: 3, cost_usd: 50, ce_hours: 10}}
"""
ROLES = """\
roles:
  - {id: analyst, name: Analyst, industry: technology, requires: [{skill: sql, level: 3, weight: 5}]}
"""

PROFILE = """\
# Alex's profile: hand-written, with comments
name: 'Alex Rivera'   # the client
experience_years: 6
skills:
    - {skill: sql, level: 1}      # rusty
    # python is new
    - skill: python
      level: 2
credentials:
    - py-cert           # earned long ago
in_progress:
    - {id: dear-sql, started: 2027-01-10, hours_done: 10}   # the employer pays
goal: analyst
budget: {hours_per_week: 10, start: 2027-01-04}
preferences:
  optimize: cost
  note_style: 'single'   # quotes kept
# end comment
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    cat = tmp_path / "cat"
    cat.mkdir()
    (cat / "skills.yaml").write_text(SKILLS, encoding="utf-8")
    (cat / "credentials.yaml").write_text(CREDENTIALS, encoding="utf-8")
    (cat / "roles.yaml").write_text(ROLES, encoding="utf-8")
    return cat


@pytest.fixture
def prof(tmp_path: Path) -> Path:
    path = tmp_path / "me.yaml"
    path.write_text(PROFILE.replace("  note_style: 'single'   # quotes kept\n", ""), encoding="utf-8")
    return path


def run(folder: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--catalog", str(folder), "--no-builtin"])
    return result.exit_code, result.stdout, result.stderr


def steps(out: str) -> list[tuple[str, float, bool]]:
    return [(s["credential"], s["hours"], s.get("locked", False)) for s in json.loads(out)["steps"]]


def test_done_changes_only_the_two_entries_and_keeps_every_other_byte(folder: Path, prof: Path) -> None:
    before = prof.read_text(encoding="utf-8")

    code, _, err = run(folder, "progress", "done", "dear-sql", "--profile", str(prof), "--date", "2027-03-01")

    assert (code, err) == (0, f"updated {prof}: dear-sql earned 2027-03-01\n")
    expected = before.replace(
        "    - py-cert           # earned long ago\n",
        "    - py-cert           # earned long ago\n    - {id: dear-sql, earned: 2027-03-01}\n",
    ).replace(
        "in_progress:\n    - {id: dear-sql, started: 2027-01-10, hours_done: 10}   # the employer pays\n",
        "in_progress: []\n",
    )
    after = prof.read_text(encoding="utf-8")
    assert after == expected


def test_start_and_hours_append_in_progress_and_keep_the_rest_quotes_included(
    folder: Path, prof: Path
) -> None:
    before = prof.read_text(encoding="utf-8")

    code, _, _ = run(folder, "progress", "start", "cheap-sql", "--profile", str(prof), "--date", "2027-02-01")
    assert code == 0
    code, _, _ = run(folder, "progress", "hours", "cheap-sql", "25", "--profile", str(prof))
    assert code == 0

    after = prof.read_text(encoding="utf-8")
    lines = after.splitlines(keepends=True)
    added = [line for line in lines if line not in before.splitlines(keepends=True)]
    assert added == ["    - {id: cheap-sql, started: 2027-02-01, hours_done: 25}\n"]
    assert after.replace(added[0], "") == before


def test_a_profile_the_strict_reader_refuses_is_not_touched(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "quoted.yaml"
    path.write_text(PROFILE, encoding="utf-8")
    before = path.read_text(encoding="utf-8")

    # note_style is not a profile key: the strict reader refuses the file before anything is written
    code, _, err = run(folder, "progress", "lock", "cheap-sql", "--profile", str(path))
    assert code == 2
    assert "note_style" in err
    assert path.read_text(encoding="utf-8") == before


def test_lock_keeps_a_started_credential_in_the_replan(folder: Path, prof: Path) -> None:
    code, out, _ = run(folder, "plan", "--profile", str(prof), "--format", "json")
    assert code == 0
    assert steps(out) == [("cheap-sql", 50, False)]
    assert json.loads(out)["notes"] == [
        "started credential dear-sql is not on the optimal path to this role; lock it to keep it"
    ]

    code, out, _ = run(folder, "progress", "lock", "dear-sql", "--profile", str(prof), "--format", "json")

    assert code == 0
    assert steps(out) == [("dear-sql", 70, True)]  # its remaining hours: 80 - 10
    assert "locked: [dear-sql]\n" in prof.read_text(encoding="utf-8")
    code, out, _ = run(folder, "progress", "unlock", "dear-sql", "--profile", str(prof), "--format", "json")
    assert steps(out) == [("cheap-sql", 50, False)]
    assert "locked: []\n" in prof.read_text(encoding="utf-8")


def test_plan_lock_flag_keeps_a_credential_without_touching_the_file(folder: Path, prof: Path) -> None:
    before = prof.read_text(encoding="utf-8")

    code, out, _ = run(folder, "plan", "--profile", str(prof), "--lock", "dear-sql", "--format", "json")

    assert code == 0
    assert steps(out) == [("dear-sql", 70, True)]
    assert prof.read_text(encoding="utf-8") == before


def test_a_started_credential_is_planned_for_its_remaining_hours(folder: Path, prof: Path) -> None:
    run(folder, "progress", "lock", "dear-sql", "--profile", str(prof))

    code, out, _ = run(
        folder, "progress", "hours", "dear-sql", "60", "--profile", str(prof), "--format", "json"
    )

    assert code == 0
    assert steps(out) == [("dear-sql", 20, True)]


def test_done_on_a_held_credential_records_the_renewal_date(folder: Path, prof: Path) -> None:
    code, _, _ = run(folder, "progress", "done", "py-cert", "--profile", str(prof), "--date", "2027-05-02")

    assert code == 0
    assert "    - {id: py-cert, earned: 2027-05-02} # earned long ago\n" in prof.read_text(encoding="utf-8")


def test_the_file_mode_is_kept(folder: Path, prof: Path) -> None:
    prof.chmod(0o640)

    run(folder, "progress", "start", "cheap-sql", "--profile", str(prof))

    assert stat.S_IMODE(prof.stat().st_mode) == 0o640


def test_a_symlink_is_followed_and_stays_a_link(folder: Path, prof: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(prof)

    code, _, _ = run(folder, "progress", "start", "cheap-sql", "--profile", str(link))

    assert code == 0
    assert link.is_symlink()
    assert "cheap-sql" in prof.read_text(encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_only_a_regular_file_is_written(folder: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)

    code, out, err = run(folder, "progress", "start", "cheap-sql", "--profile", str(fifo))

    assert (code, out) == (2, "")
    assert err == f"error: {fifo}: profile is not a regular file: it is not written\n"


def test_an_unknown_credential_is_exit_2_with_a_suggestion_and_nothing_written(
    folder: Path, prof: Path
) -> None:
    before = prof.read_text(encoding="utf-8")

    code, out, err = run(folder, "progress", "start", "cheap-sq", "--profile", str(prof))

    assert (code, out) == (2, "")
    assert err == "error: unknown credential 'cheap-sq' (did you mean: cheap-sql, dear-sql?)\n"
    assert prof.read_text(encoding="utf-8") == before


def test_a_change_that_would_not_read_back_is_refused_and_the_file_stays(
    folder: Path, prof: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gapplan.advisor import progress

    before = prof.read_text(encoding="utf-8")
    monkeypatch.setattr(progress, "_edit", lambda text, *a, **k: text + "budget: twice\n")

    code, out, err = run(folder, "progress", "start", "cheap-sql", "--profile", str(prof))

    assert (code, out) == (2, "")
    assert err.startswith(f"error: {prof}: the updated profile would not read back (")
    assert err.endswith("); the file is unchanged\n")
    assert prof.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in prof.parent.iterdir()) == ["cat", "me.yaml"]  # no temporary file left


def test_start_twice_and_unlock_of_an_unlocked_credential_are_errors(folder: Path, prof: Path) -> None:
    code, _, err = run(folder, "progress", "start", "dear-sql", "--profile", str(prof))
    assert (code, err) == (2, "error: credential dear-sql is already in progress\n")
    code, _, err = run(folder, "progress", "unlock", "cheap-sql", "--profile", str(prof))
    assert (code, err) == (2, "error: credential cheap-sql is not locked\n")
    code, _, err = run(folder, "progress", "start", "py-cert", "--profile", str(prof))
    assert (code, err) == (2, "error: credential py-cert is already held (in credentials)\n")


def test_what_the_writer_would_respell_stays_as_written(folder: Path, tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    original = (
        "\ufeff---\r\n"
        "name: Kim   \r\n"  # trailing spaces
        "skills: [\r\n"
        "  {skill: sql, level: 1},\r\n"
        "  {skill: python, level: 2}\r\n"
        "]\r\n"
        "budget: &b {hours_per_week: 10}\r\n"
        "credentials: [py-cert]   # held\r\n"
        "goal: analyst\r\n"
        "...\r\n"
    )
    path.write_bytes(original.encode("utf-8"))

    code, _, _ = run(folder, "progress", "done", "cheap-sql", "--profile", str(path), "--date", "2027-03-01")

    assert code == 0
    assert path.read_bytes().decode("utf-8") == original.replace(
        "credentials: [py-cert]   # held\r\n",
        "credentials: [py-cert, {id: cheap-sql, earned: 2027-03-01}] # held\r\n",
    )


def test_a_started_credential_on_the_path_stays_with_its_remaining_hours(folder: Path, prof: Path) -> None:
    code, out, _ = run(
        folder, "progress", "hours", "cheap-sql", "20", "--profile", str(prof), "--format", "json"
    )

    assert code == 0
    assert steps(out) == [("cheap-sql", 30, False)]  # 50 - 20, without a lock
    assert json.loads(out)["notes"] == [
        "started credential dear-sql is not on the optimal path to this role; lock it to keep it"
    ]
