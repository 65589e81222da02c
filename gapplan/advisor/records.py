"""The records advisors' tools return and render: a batch summary row, its columns, a ranking of roles.

They live apart from :mod:`gapplan.advisor.batch` and :mod:`gapplan.advisor.match` so that the renderers
can read them without importing the code that makes them (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gapplan.models import Optimize, Plan, Role

Status = Literal["complete", "partial", "blocked", "error"]

SUMMARY_COLUMNS = (
    "client",
    "file",
    "input",
    "goal",
    "status",
    "cost_usd",
    "hours",
    "weeks",
    "steps",
    "uncovered",
    "error",
)


@dataclass(frozen=True)
class Row:
    """One line of the summary."""

    client: str
    file: str  # the reports' file stem ("" when no report was written)
    input: str
    goal: str
    status: Status
    cost_usd: float | None = None
    hours: float | None = None
    weeks: int | None = None
    steps: int | None = None
    uncovered: int | None = None
    error: str = ""
    exit_code: int = 0  # 0 complete, 1 partial, 2 bad input, 3 a report could not be written


@dataclass(frozen=True)
class RoleMatch:
    """One role, the optimal plan to reach it, and the share of its required weight already met."""

    role: Role
    plan: Plan

    @property
    def readiness(self) -> float:
        return self.plan.gap.readiness

    @property
    def complete(self) -> bool:
        return self.plan.status == "complete"


@dataclass(frozen=True)
class Ranking:
    """The roles shown, closest first, out of how many were considered, for whom and by which objective."""

    matches: tuple[RoleMatch, ...]
    total: int  # roles considered (those of the industry asked for, if any)
    who: str | None = None  # the profile's name
    objective: Optimize = "cost"
    by_payback: bool = False  # ranked by the months until the route pays back
