"""gapplan: career gap analysis and an optimal credential planner."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
