"""Shared fixtures: catalog folders for tests and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"
SMALL = DATA / "small"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def small() -> Path:
    return SMALL
