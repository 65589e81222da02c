"""Writing files atomically: a temporary file beside the target, then ``os.replace``; or, for a file that
does not exist yet in a folder nobody else writes to, created in place and removed if the write fails.

Only a regular file (or a path that does not exist yet) is replaced. A pipe, a FIFO or a terminal is
written in place; anything else that is not a regular file (a folder, a device such as ``/dev/null``, a
socket) is refused, and so is a read-only file. A new file gets the mode the umask allows
(``0o666 & ~umask``); a replaced file keeps its mode.

Temporary files are named ``.<name>.<pid>.<random>.tmp`` in the target's folder; :func:`stale_temp_files`
finds the ones a dead process left behind. A thread that ends the process (:func:`exit_between_writes`)
waits until no file is half written.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NoReturn

from gapplan.errors import OutputError

_NEW_FILE_MODE = 0o666  # the umask takes its bits away, as for any file a shell creates
_TEMP = re.compile(r"\.(?P<name>.+?)\.(?:(?P<pid>[0-9]+)\.)?[0-9A-Za-z_]{6,}\.tmp")
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
_WRITING = threading.Lock()  # held while a file is being written, so the process never ends mid-file


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` whole or not at all; the old file stays intact on any failure.

    ``durable`` flushes the data to disk before the rename, so a power cut cannot leave an empty file;
    a caller writing many files may skip it and call :func:`flush_to_disk` once at the end. A path that
    exists and is a pipe or a terminal is written in place; any other file that is not a regular file,
    and a read-only file, raise :class:`OutputError` (exit 3) without touching it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if not str(path):
        raise OutputError("no file name given")
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise _error(path, err) from None
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_in_place(path, st, payload)
        return
    target = path
    if st is not None:
        if not st.st_mode & 0o222 or not os.access(path, os.W_OK):
            raise OutputError("cannot write the file: it is read-only", file=str(path))
        if path.is_symlink():  # replace the file the link points to, not the link
            target = Path(os.path.realpath(path))
    _replace(target, payload, durable=durable, like=st, shown=path)


def _replace(path: Path, payload: bytes, *, durable: bool, like: os.stat_result | None, shown: Path) -> None:
    directory = os.path.dirname(path) or "."
    tmp = ""
    with _WRITING:
        try:
            fd, tmp = _create_temp(directory, path.name)
            try:
                if like is not None:  # keep the replaced file's mode (and owner, where allowed)
                    os.fchmod(fd, stat.S_IMODE(like.st_mode) & 0o777)
                    if (like.st_uid, like.st_gid) != _owner(fd):
                        with contextlib.suppress(OSError):
                            os.fchown(fd, like.st_uid, like.st_gid)
                _write_all(fd, payload)
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, path)
            tmp = ""
        except OSError as err:
            raise _error(shown, err) from None
        finally:
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def write_new(path: Path, data: str | bytes) -> bool:
    """Create ``path`` and write ``data`` into it directly, without a temporary file and a rename; False,
    touching nothing, when something exists at ``path`` (:func:`write_atomic` deals with it then).

    For a folder nobody else writes to (a batch's new output folder). The file is whole or absent: a
    failed write (:class:`OutputError`) or an interrupt (Ctrl-C, SIGTERM raised as an exception) removes
    it before the exception propagates, and :func:`exit_between_writes` waits for it. Only a crash or
    SIGKILL of this process can leave a file cut short, so a reader of such a folder checks its files
    (the batch resumes from its JSON reports, which it writes last). Not flushed to disk
    (:func:`flush_to_disk`)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with _WRITING:
        try:
            fd = os.open(path, _CREATE, _NEW_FILE_MODE)
        except FileExistsError:
            return False
        except OSError as err:
            raise _error(path, err) from None
        except BaseException:  # an interrupt right after the file was created, before ``fd`` was bound
            _discard(path)
            raise
        try:
            try:
                _write_all(fd, payload)
            finally:
                os.close(fd)
        except OSError as err:
            _discard(path)
            raise _error(path, err) from None
        except BaseException:
            _discard(path)
            raise
    return True


def exit_between_writes(code: int) -> NoReturn:
    """End this process now (``os._exit``), from any thread, but never in the middle of writing a file:
    a write in progress in another thread is finished first."""
    _WRITING.acquire()
    os._exit(code)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _create_temp(directory: str, name: str) -> tuple[int, str]:
    """A new temporary file beside the target, created with the umask's mode (mkstemp forces 0600)."""
    for _ in range(100):
        tmp = os.path.join(directory, f".{name}.{os.getpid()}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, _CREATE, _NEW_FILE_MODE), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name}")


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _write_in_place(path: Path, st: os.stat_result, payload: bytes) -> None:
    """Write into a pipe, a FIFO or a terminal; refuse every other kind of file that is not regular."""
    if not (stat.S_ISFIFO(st.st_mode) or (stat.S_ISCHR(st.st_mode) and _terminal(st))):
        # never opened: opening some devices has effects of its own (a watchdog, a tape rewinds)
        raise OutputError(f"cannot write the file: it is {_kind(st.st_mode)}", file=str(path))
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a FIFO nobody reads fails at once instead of hanging
    except OSError as err:
        if stat.S_ISFIFO(st.st_mode) and err.errno == 6:  # ENXIO
            raise OutputError("cannot write the file: nobody reads this pipe", file=str(path)) from None
        raise _error(path, err) from None
    try:
        opened = os.fstat(fd)
        if not (stat.S_ISFIFO(opened.st_mode) or (stat.S_ISCHR(opened.st_mode) and os.isatty(fd))):
            raise OutputError(
                f"cannot write the file: it is {_kind(opened.st_mode)}, not a regular file, pipe or terminal",
                file=str(path),
            )
        os.set_blocking(fd, True)
        _write_all(fd, payload)
    except OSError as err:
        raise _error(path, err) from None
    finally:
        os.close(fd)


def _terminal(st: os.stat_result) -> bool:
    """A terminal device: one of this process's own terminals, or a Linux console or pseudo-terminal."""
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            if os.isatty(fd) and os.fstat(fd).st_rdev == st.st_rdev:
                return True
    major = os.major(st.st_rdev)
    return os.uname().sysname == "Linux" and (major in (4, 5) or 136 <= major <= 143)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _error(path: Path, err: OSError) -> OutputError:
    reason = err.strerror or str(err)
    return OutputError(f"cannot write the file: {reason}", file=str(path))


def stale_temp_files(directory: Path, names: Iterable[str]) -> Iterator[Path]:
    """The temporary files in ``directory`` that :func:`write_atomic` left for one of ``names`` (after a
    crash or ``kill -9``): those of a process that is gone, or of no recorded process."""
    wanted = set(names)
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        match = _TEMP.fullmatch(entry.name)
        if match is None or match.group("name") not in wanted:
            continue
        pid = match.group("pid")
        if pid is not None and _alive(int(pid)):
            continue  # another gapplan is writing it right now
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                yield Path(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process writes nothing while it cleans up
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def flush_to_disk() -> None:
    """Flush every written file to disk (after many ``write_atomic(..., durable=False)``)."""
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()
