"""Writing files atomically: a temporary file beside the target, then ``os.replace``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from gapplan.errors import OutputError


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Write ``data`` to ``path`` whole or not at all; the old file stays intact on any failure.

    ``durable`` flushes the data to disk before the rename, so a power cut cannot leave an empty file;
    a caller writing many files may skip it and call :func:`flush_to_disk` once at the end."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path(".")
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
        tmp = ""
    except OSError as err:
        reason = err.strerror or str(err)
        raise OutputError(f"cannot write the file: {reason}", file=str(path)) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def flush_to_disk() -> None:
    """Flush every written file to disk (after many ``write_atomic(..., durable=False)``)."""
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()
