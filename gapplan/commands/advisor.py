"""Advisor commands: ``gapplan batch`` and ``gapplan match``."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Registered once the batch and match commands land (issue 5)."""
