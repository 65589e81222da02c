"""A worker that must stop (SIGTERM, or its parent gone) finishes the report it is writing first: reports
in a new folder are written in place, without a temporary file to fall back on."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")

# A worker set up as the pool's initializer sets it up, writing one report slowly (64 KiB, 1 KiB every
# 5 ms): "writing" is printed once the first bytes are in the file.
WORKER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from gapplan.advisor import signals
    from gapplan import output

    real = os.write
    def slow(fd, data):
        n = real(fd, bytes(data[:1024]))
        if n and not getattr(slow, "told", False):
            slow.told = True
            print("writing", flush=True)
        time.sleep(0.005)
        return n
    output.os.write = slow
    signals.exit_with(int(sys.argv[2]), signals.sigterm_pipe())
    output.write_new(Path(sys.argv[1]), b"x" * 65536)
    print("written", flush=True)
    time.sleep(60)
    """
)


def _start(path: Path, parent: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), str(parent)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_sigterm_while_a_report_is_written_ends_the_worker_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c-001.json"
    worker = _start(path, os.getpid())
    assert worker.stdout is not None
    assert worker.stdout.readline() == "writing\n"

    worker.send_signal(signal.SIGTERM)
    out, _ = worker.communicate(timeout=30)

    assert worker.returncode == 143
    assert path.read_bytes() == b"x" * 65536
    assert "written\n".startswith(out)  # it may end before it prints, or while


def test_a_worker_whose_parent_dies_finishes_the_file_it_writes(tmp_path: Path) -> None:
    path = tmp_path / "c-001.json"
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        worker = _start(path, parent.pid)
        assert worker.stdout is not None
        assert worker.stdout.readline() == "writing\n"

        parent.kill()
        parent.wait(timeout=30)
        worker.communicate(timeout=30)
    finally:
        if parent.poll() is None:
            parent.kill()

    assert worker.returncode == 143
    assert path.read_bytes() == b"x" * 65536


def test_sigterm_between_writes_ends_the_worker_at_once(tmp_path: Path) -> None:
    path = tmp_path / "c-001.json"
    worker = _start(path, os.getpid())
    assert worker.stdout is not None
    assert worker.stdout.readline() == "writing\n"
    assert worker.stdout.readline() == "written\n"  # now asleep, writing nothing

    start = time.monotonic()
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=30)

    assert worker.returncode == 143
    assert time.monotonic() - start < 10
