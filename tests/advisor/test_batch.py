"""The batch core: determinism across processes, interrupts and resume (inputs: test_clients.py)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gapplan.advisor.batch import run_batch
from gapplan.advisor.clients import Client, read_inputs
from gapplan.catalog import load_catalog
from gapplan.models import Catalog

DATA = Path(__file__).parent.parent / "data"
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog((DATA / "small",), builtin=False).catalog


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


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


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, writes: int, *, new_folder: bool) -> None:
    """Ctrl-C arrives while the (writes+1)-th report is being written: in a new folder, after half its
    bytes are in the report's own file; in a folder that existed, when they are all in the temporary
    file, which is not yet renamed into place."""
    import os

    calls = 0
    if new_folder:
        real_write = os.write

        def write(fd: int, data: bytes) -> int:
            nonlocal calls
            calls += 1
            if calls > writes:
                real_write(fd, bytes(data[: len(data) // 2]))
                raise KeyboardInterrupt
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)  # the function gapplan.output calls
        return
    real_replace = os.replace

    def replace(src: str, dst: Path) -> None:
        nonlocal calls
        calls += 1
        if calls > writes:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("new_folder", [True, False], ids=["new-folder", "existing-folder"])
def test_interrupted_batch_leaves_only_whole_files_and_resumes(
    cat: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, new_folder: bool
) -> None:
    clients = read_inputs([DATA / "roster" / "clients.csv"], cat)
    full = run_batch(cat, clients, out=tmp_path / "full", jobs=1, today=TODAY)
    out = tmp_path / "out"
    if not new_folder:
        out.mkdir()
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 3, new_folder=new_folder)  # c-001.md, c-001.json, c-002.md; c-002.json is cut
        with pytest.raises(KeyboardInterrupt):
            run_batch(cat, clients, out=out, jobs=1, today=TODAY)
    assert sorted(p.name for p in out.iterdir()) == ["c-001.json", "c-001.md", "c-002.md"]
    for name in ("c-001.json", "c-001.md", "c-002.md"):
        assert (out / name).read_bytes() == (tmp_path / "full" / name).read_bytes()

    resumed = run_batch(cat, clients, out=out, jobs=1, today=TODAY, skip_existing=True)
    assert resumed.skipped == 1  # c-001; c-002 lacks its JSON report, so it is planned again
    assert resumed.rows == full.rows
    assert files(out) == files(tmp_path / "full")


def spy_renames(patch: pytest.MonkeyPatch) -> list[str]:
    """The destinations of every ``os.replace`` while ``patch`` is active (each still done)."""
    import os

    renames: list[str] = []
    real = os.replace

    def replace(src: str, dst: str) -> None:
        renames.append(str(dst))
        real(src, dst)

    patch.setattr(os, "replace", replace)
    return renames


def test_a_new_folder_gets_its_reports_without_temporary_files(
    cat: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clients = read_inputs([DATA / "roster" / "clients.csv"], cat)
    with monkeypatch.context() as patch:
        renames = spy_renames(patch)
        fresh = run_batch(cat, clients, out=tmp_path / "new" / "out", jobs=1, today=TODAY)
        (tmp_path / "old").mkdir()
        again = run_batch(cat, clients, out=tmp_path / "old", jobs=1, today=TODAY)
    assert fresh.rows == again.rows
    assert files(tmp_path / "new" / "out") == files(tmp_path / "old")
    assert renames  # into the folder that existed, through temporary files
    assert all(Path(r).parent == tmp_path / "old" for r in renames)


def test_a_markdown_only_batch_uses_temporary_files_even_in_a_new_folder(
    cat: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without a JSON report a resume cannot tell a report cut short by a crash from a whole one.
    from gapplan.render.formats import ReportFormat

    clients = read_inputs([DATA / "profiles"], cat)
    with monkeypatch.context() as patch:
        renames = spy_renames(patch)
        run_batch(cat, clients, out=tmp_path / "out", formats=[ReportFormat.markdown], jobs=1, today=TODAY)
    assert sorted(Path(r).name for r in renames) == sorted(p.name for p in (tmp_path / "out").iterdir())


def test_a_json_report_cut_short_is_planned_again(cat: Catalog, tmp_path: Path) -> None:
    clients = read_inputs([DATA / "profiles"], cat)
    first = run_batch(cat, clients, out=tmp_path / "out", jobs=1, today=TODAY)
    whole = (tmp_path / "out" / "pat.json").read_bytes()
    (tmp_path / "out" / "pat.json").write_bytes(whole[:-1])  # valid JSON, but not all of the report
    again = run_batch(cat, clients, out=tmp_path / "out", jobs=1, today=TODAY, skip_existing=True)
    assert again.rows == first.rows
    assert (again.skipped, again.planned) == (2, 1)
    assert (tmp_path / "out" / "pat.json").read_bytes() == whole


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
    assert [r.status for r in result.rows] == ["error", "blocked"]
    assert result.rows[0].error.startswith(f"{tmp_path / 'alex.md'}: cannot write the file:")
    assert result.exit_code == 3


def test_clients_are_plain_records_that_cross_process_boundaries() -> None:
    import pickle

    client = Client(label="A", source="a.yaml", slug="a", profile=None, error="bad")
    assert pickle.loads(pickle.dumps(client)) == client
