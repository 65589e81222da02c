"""The library API of DESIGN.md: importable from ``gapplan``, loaded only when used."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import gapplan
from gapplan.models import Profile


def test_library_api_plans_from_the_embedded_catalog() -> None:
    catalog = gapplan.default_catalog()
    profile = Profile()  # a plan from scratch
    gap = gapplan.analyse_gap(catalog, profile, "data-analyst", today=dt.date(2027, 1, 4))
    plan = gapplan.make_plan(catalog, profile, "data-analyst", today=dt.date(2027, 1, 4))
    assert gap.items
    assert plan.status == "complete"
    assert plan.optimal
    assert gapplan.rank_roles(catalog, profile, today=dt.date(2027, 1, 4), industry="healthcare")


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = gapplan.no_such_thing


def test_importing_gapplan_loads_no_heavy_module() -> None:
    heavy = "('pydantic', 'yaml', 'networkx', 'highspy', 'rich')"
    code = f"import sys, gapplan; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
