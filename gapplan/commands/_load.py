"""Loading the catalog for a command: the folders it names and the user's cache folder (XDG)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gapplan.errors import InputError

if TYPE_CHECKING:
    from gapplan.catalog import LoadedCatalog


# The console script (cli.main) turns this on: a process that runs one command keeps its catalog, and
# nearly everything allocated to get it (modules, the models' classes), until it exits, so the catalog is
# loaded with ``freeze`` (see :func:`gapplan.catalog.load_catalog`); otherwise the collector's next full
# collections walk every one of those objects again (about 30 ms of ``gapplan plan``). Off for the library
# and in-process tests: frozen objects are never collected, garbage cycles among them included.
FREEZE_AFTER_LOAD = False


def load(dirs: Sequence[Path] | None, no_builtin: bool) -> LoadedCatalog:
    """The catalog a command runs on (validated, or read from the cache)."""
    from gapplan.catalog import load_catalog

    if no_builtin and not dirs:
        raise InputError("--no-builtin needs at least one --catalog folder")
    return load_catalog(
        tuple(dirs or ()), builtin=not no_builtin, cache_dir=cache_dir(), freeze=FREEZE_AFTER_LOAD
    )


def cache_dir() -> Path | None:
    """Where the validated catalog is cached: ``$XDG_CACHE_HOME/gapplan`` (``~/.cache/gapplan``, also
    when ``XDG_CACHE_HOME`` is relative); ``GAPPLAN_NO_CACHE=1`` turns the cache off."""
    if os.environ.get("GAPPLAN_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is invalid and is ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):  # no home to speak of: no cache rather than one in the working folder
        return None
    return Path(base) / "gapplan"
