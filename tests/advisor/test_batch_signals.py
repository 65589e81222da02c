"""``gapplan batch`` under real signals, in a real process: SIGTERM stops the workers and exits 143,
Ctrl-C exits 130, never a traceback, no process outlives the batch, the count of clients done is what
is on disk, and a resume cleans up the temporary files of a killed batch."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

DATA = Path(__file__).parent.parent / "data"
CATALOG = ["--no-builtin", "--catalog", str(DATA / "small")]
GAPPLAN = shutil.which("gapplan") or "gapplan"
CLIENTS = 400
DONE = re.compile(r"interrupted: (\d+) of (\d+) clients done; run again with --skip-existing to finish\n")

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _roster(folder: Path) -> Path:
    rows = ["id,name,goal,skills,budget_usd"]
    rows += [
        f"c-{i:04d},Client {i},data-analyst,sql:{1 + i % 3};excel:{1 + i % 4},{200 + i}"
        for i in range(CLIENTS)
    ]
    path = folder / "roster.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _session(sid: int) -> list[tuple[int, str]]:
    """Live processes of session ``sid`` with their command lines."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (
                Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append((int(entry), cmdline))
    return found


def _wait(condition: Callable[[], bool], seconds: float = 60) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.fixture(autouse=True)
def _no_leftovers() -> Iterator[None]:
    yield
    for process in STARTED:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    STARTED.clear()


STARTED: list[subprocess.Popen[bytes]] = []


def _start(tmp_path: Path, *extra: str) -> subprocess.Popen[bytes]:
    _roster(tmp_path)
    STARTED.append(
        subprocess.Popen(
            [GAPPLAN, "batch", "roster.csv", "--out", "out", "--jobs", "2", *CATALOG, *extra],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group: a Ctrl-C to the group reaches every process
        )
    )
    return STARTED[-1]


def _reports(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.is_dir() else []


def _clients_done(out: Path) -> int:
    names = set(_reports(out))
    return sum(1 for i in range(CLIENTS) if {f"c-{i:04d}.md", f"c-{i:04d}.json"} <= names)


def _finish(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    try:
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    left = _wait(lambda: not _session(process.pid), 10)
    assert left, f"processes outlived the batch: {_session(process.pid)}"
    return process.returncode, err.decode()


def test_sigterm_stops_the_workers_and_exits_143_with_the_count_on_disk(tmp_path: Path) -> None:
    process = _start(tmp_path)
    assert _wait(lambda: len(_reports(tmp_path / "out")) >= 20)

    process.send_signal(signal.SIGTERM)  # to the main process only, as a supervisor does
    code, err = _finish(process)

    assert code == 143, err
    assert "Traceback" not in err
    match = DONE.fullmatch(err)
    assert match is not None, err
    assert int(match.group(2)) == CLIENTS
    assert int(match.group(1)) == _clients_done(tmp_path / "out")
    assert int(match.group(1)) > 0


def test_ctrl_c_to_the_group_exits_130_with_the_count_on_disk(tmp_path: Path) -> None:
    process = _start(tmp_path)
    assert _wait(lambda: len(_reports(tmp_path / "out")) >= 20)

    os.killpg(process.pid, signal.SIGINT)
    code, err = _finish(process)

    assert code == 130, err
    match = DONE.fullmatch(err)
    assert match is not None, err
    assert int(match.group(1)) == _clients_done(tmp_path / "out")


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2])
def test_ctrl_c_while_the_pool_starts_prints_no_traceback(tmp_path: Path, delay: float) -> None:
    process = _start(tmp_path)
    started = _wait(lambda: any("forkserver" in c for _, c in _session(process.pid)))
    assert started
    time.sleep(delay)

    os.killpg(process.pid, signal.SIGINT)
    code, err = _finish(process)

    assert code == 130, err
    assert "Traceback" not in err
    assert DONE.fullmatch(err) is not None, err


def test_after_kill_9_the_workers_exit_and_a_resume_cleans_up_and_finishes(tmp_path: Path) -> None:
    process = _start(tmp_path)
    assert _wait(lambda: len(_reports(tmp_path / "out")) >= 20)

    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert _wait(lambda: not _session(process.pid), 10), _session(process.pid)
    out = tmp_path / "out"
    dead = process.pid
    stale = [out / f".c-0001.md.{dead}.0123456789ab.tmp", out / ".summary.csv.abc_123x.tmp"]
    for path in stale:
        path.write_text("half a report", encoding="utf-8")
    foreign = out / ".notes.txt.abc_123x.tmp"  # not a name gapplan writes here: left alone
    foreign.write_text("", encoding="utf-8")

    resumed = subprocess.run(
        [GAPPLAN, "batch", "roster.csv", "--out", "out", "--jobs", "2", "--skip-existing", *CATALOG],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        timeout=300,
    )

    assert resumed.returncode in (0, 1), resumed.stderr
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == [foreign.name]
    assert _clients_done(out) == CLIENTS
