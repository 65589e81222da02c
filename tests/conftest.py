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


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the catalog cache of CLI tests out of the user's home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
