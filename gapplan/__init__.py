"""gapplan: career gap analysis and an optimal credential planner.

The library API, loaded on first use so that ``import gapplan`` (and ``gapplan --help``) stays cheap::

    from gapplan import default_catalog, analyse_gap, make_plan
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = {
    "load_catalog": "gapplan.catalog",
    "default_catalog": "gapplan.catalog",
    "read_profile": "gapplan.advisor.profile",
    "analyse_gap": ("gapplan.planning.gap", "analyse"),
    "make_plan": "gapplan.planning.planner",
    "rank_roles": "gapplan.advisor.match",
    "GapplanError": "gapplan.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    target = _API.get(name)
    if target is None:
        raise AttributeError(f"module 'gapplan' has no attribute {name!r}")
    module, attr = target if isinstance(target, tuple) else (target, name)
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
