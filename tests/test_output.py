"""Writing files: only regular files are replaced; pipes and terminals are written in place; devices,
folders and read-only files are refused (exit 3); modes follow the umask or the replaced file."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.cli import app
from gapplan.errors import OutputError
from gapplan.output import stale_temp_files, write_atomic, write_new

SMALL = str(Path(__file__).parent / "data" / "small")
PLAN = [
    "plan",
    "--goal",
    "data-analyst",
    "--have",
    "sql:2",
    "--format",
    "json",
    "--no-builtin",
    "--catalog",
    SMALL,
]


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path, umask_022: None) -> None:
    write_atomic(tmp_path / "report.md", "hello\n")

    assert _mode(tmp_path / "report.md") == 0o644


def test_a_new_file_follows_a_stricter_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "report.md", "hello\n")
    finally:
        os.umask(old)

    assert _mode(tmp_path / "report.md") == 0o600


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "report.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o664)

    write_atomic(path, "new\n")

    assert path.read_text(encoding="utf-8") == "new\n"
    assert _mode(path) == 0o664


def test_a_read_only_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o444)

    with pytest.raises(OutputError) as caught:
        write_atomic(path, "new\n")

    assert caught.value.exit_code == 3
    assert caught.value.lines() == [f"{path}: cannot write the file: it is read-only"]
    assert path.read_text(encoding="utf-8") == "old\n"
    assert _mode(path) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_a_link_to_a_regular_file_replaces_the_file_not_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.md"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(target)

    write_atomic(link, "new\n")

    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new\n"


def _link(tmp_path: Path, name: str, target: str) -> Path:
    """A link to a system file: the tests go through it, so a regression replaces the link in the
    temporary folder, never the system's own /dev/null or /dev/stdout (we may run as root)."""
    link = tmp_path / name
    link.symlink_to(target)
    return link


def test_dev_null_is_refused_not_replaced(tmp_path: Path) -> None:
    null = _link(tmp_path, "null", "/dev/null")

    with pytest.raises(OutputError) as caught:
        write_atomic(null, "x")

    assert caught.value.lines() == [f"{null}: cannot write the file: it is a device"]
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_a_character_device_made_with_mknod_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    device = tmp_path / "full"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # like /dev/full
    except (PermissionError, OSError) as err:
        pytest.skip(f"mknod is not allowed here: {err}")

    with pytest.raises(OutputError) as caught:
        write_atomic(device, "x")

    assert caught.value.exit_code == 3
    assert caught.value.lines() == [f"{device}: cannot write the file: it is a device"]
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path, "x")

    assert caught.value.lines() == [f"{tmp_path}: cannot write the file: it is a folder"]


def test_a_fifo_with_a_reader_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    try:
        for _ in range(200):  # wait until the reader has the FIFO open
            try:
                write_atomic(fifo, "through the pipe\n")
                break
            except OutputError:
                threading.Event().wait(0.01)
    finally:
        reader.join(10)

    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    with pytest.raises(OutputError) as caught:
        write_atomic(fifo, "x")

    assert caught.value.lines() == [f"{fifo}: cannot write the file: nobody reads this pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_stale_temp_files_are_those_of_dead_processes(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    names = [
        f".a.md.{int(dead.stdout)}.0123456789ab.tmp",  # its writer is gone
        ".a.md.x1y2z3_w.tmp",  # mkstemp's naming, from earlier versions
        f".a.md.{os.getppid()}.0123456789ab.tmp",  # a live process is writing it
        f".other.md.{int(dead.stdout)}.0123456789ab.tmp",  # not a file this batch writes
        "a.md",
    ]
    for name in names:
        (tmp_path / name).write_text("", encoding="utf-8")

    stale = sorted(p.name for p in stale_temp_files(tmp_path, ["a.md"]))

    assert stale == sorted(names[:2])


# --------------------------------------------------------------------------- through the CLI


def test_output_dev_null_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    null = _link(tmp_path, "null", "/dev/null")

    result = runner.invoke(app, [*PLAN, "--output", str(null)])

    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == f"error: {null}: cannot write the file: it is a device\n"
    assert null.is_symlink()


def test_output_read_only_file_exits_3_and_keeps_it(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o444)

    result = runner.invoke(app, [*PLAN, "--output", str(path)])

    assert result.exit_code == 3
    assert result.stderr == f"error: {path}: cannot write the file: it is read-only\n"
    assert path.read_text(encoding="utf-8") == "old\n"


def test_output_empty_is_a_usage_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(app, [*PLAN, "--output", ""])

    assert result.exit_code == 2
    assert "give a file name (or - for stdout)" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_dash_is_stdout(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    dashed = runner.invoke(app, [*PLAN, "--output", "-"])
    plain = runner.invoke(app, PLAN)

    assert (dashed.exit_code, dashed.stdout) == (plain.exit_code, plain.stdout)
    assert list(tmp_path.iterdir()) == []


def test_output_dev_stdout_into_a_pipe_is_written_in_place(tmp_path: Path) -> None:
    stdout = _link(tmp_path, "stdout", "/proc/self/fd/1")  # what /dev/stdout is on Linux

    result = subprocess.run(["gapplan", *PLAN, "--output", str(stdout)], capture_output=True, check=False)

    assert result.returncode == 0
    assert result.stdout.startswith(b"{")
    assert result.stderr == b""
    assert stdout.is_symlink()  # the link was not replaced by a file


def test_output_fifo_through_a_real_process_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = subprocess.run(["gapplan", *PLAN, "--output", str(fifo)], capture_output=True, check=False)
    reader.join(10)

    assert result.returncode == 0, result.stderr
    assert len(got) == 1
    assert got[0].startswith(b"{")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_output_dev_stdout_on_a_terminal_is_written_in_place(tmp_path: Path) -> None:
    import pty

    stdout = _link(tmp_path, "stdout", "/proc/self/fd/1")
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            ["gapplan", *PLAN, "--output", str(stdout)],
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            check=False,
            timeout=120,
        )
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal is closed and drained
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)

    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    assert seen.startswith(b"{")
    assert stdout.is_symlink()  # the link was not replaced by a file


def test_write_new_creates_the_file_with_the_umask_mode(tmp_path: Path, umask_022: None) -> None:
    assert write_new(tmp_path / "report.md", "hello\n") is True

    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "hello\n"
    assert _mode(tmp_path / "report.md") == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


@pytest.mark.parametrize("kind", ["file", "link", "folder"])
def test_write_new_touches_nothing_that_exists(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "report.md"
    other = tmp_path / "other.md"
    other.write_text("other\n", encoding="utf-8")
    if kind == "file":
        path.write_text("old\n", encoding="utf-8")
    elif kind == "link":
        path.symlink_to(other)
    else:
        path.mkdir()

    assert write_new(path, "new\n") is False

    assert other.read_text(encoding="utf-8") == "other\n"
    if kind == "file":
        assert path.read_text(encoding="utf-8") == "old\n"


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_write_new_cut_short_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    real = os.write

    def write(fd: int, data: bytes) -> int:
        real(fd, bytes(data[:3]))
        raise failure

    monkeypatch.setattr(os, "write", write)
    with pytest.raises(OutputError if isinstance(failure, OSError) else KeyboardInterrupt) as caught:
        write_new(tmp_path / "report.md", "hello, world\n")

    if isinstance(failure, OSError):
        assert (
            str(caught.value) == f"{tmp_path / 'report.md'}: cannot write the file: No space left on device"
        )
    assert list(tmp_path.iterdir()) == []
