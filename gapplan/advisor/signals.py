"""Signals for the batch's processes: SIGTERM as a Ctrl-C in the parent, Ctrl-C held back while workers
start, and workers that end when their parent does or on SIGTERM, never in the middle of a report."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

from gapplan.output import exit_between_writes


class Terminated(KeyboardInterrupt):
    """A signal that ends the batch like Ctrl-C (SIGTERM); ``signum`` gives the exit code 128 + signum."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"signal {signum}")
        self.signum = signum


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While the batch runs, SIGTERM raises :class:`Terminated` in the main thread, so the workers are
    stopped and the caller reports it like Ctrl-C instead of dying with the workers still running."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def raise_terminated(signum: int, _frame: object) -> None:
        raise Terminated(signum)

    old = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old if old is not None else signal.SIG_DFL)


@contextlib.contextmanager
def sigint_blocked() -> Iterator[None]:
    """Ctrl-C held back from this thread while it starts the pool's processes: they inherit the blocked
    signal, so the forkserver and a worker that is still importing can never print a
    ``KeyboardInterrupt`` traceback. The main thread still gets a Ctrl-C at once."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    old = mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, old)


def sigterm_pipe() -> int:
    """A pipe that SIGTERM writes a byte to (its read end; -1 where there is none). Its default action
    would end the process at once, perhaps with a report half written."""
    if os.name != "posix":
        return -1
    read, write = os.pipe()
    os.set_blocking(write, False)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: None)  # a handler, so that the byte is sent
    signal.set_wakeup_fd(write, warn_on_full_buffer=False)
    return read


def exit_with(parent: int, sigterm: int = -1) -> None:
    """Watch process ``parent`` (and the ``sigterm`` pipe) from a daemon thread; when the parent exits
    or SIGTERM comes, end this process as soon as no report is being written."""
    import threading

    def watch() -> None:
        import select

        try:
            fd = os.pidfd_open(parent)
        except (AttributeError, OSError):
            fd = -1
        if fd >= 0:  # a pidfd becomes readable when its process exits
            select.select([f for f in (fd, sigterm) if f >= 0], [], [])
        else:
            import time

            while alive(parent):
                if sigterm < 0:
                    time.sleep(0.5)
                elif select.select([sigterm], [], [], 0.5)[0]:
                    break
        exit_between_writes(143)

    threading.Thread(target=watch, name="gapplan-parent-watch", daemon=True).start()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
