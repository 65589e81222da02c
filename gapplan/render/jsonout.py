"""JSON output: the plan and gap contracts of DESIGN.md, byte-identical for identical inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapplan.models import Gap, Plan
from gapplan.render.fmt import SCHEMA_VERSION, dump_json, json_number

if TYPE_CHECKING:
    from gapplan.render.formats import PlanReport


def gap_data(gap: Gap) -> dict[str, Any]:
    return {
        "goal": {"id": gap.role, "name": gap.role_name},
        "gap": [
            {
                "skill": i.skill,
                "name": i.name,
                "required_level": i.required_level,
                "current_level": i.current_level,
                "weight": i.weight,
                "preferred": i.preferred,
                "stale": i.stale,
            }
            for i in gap.items
        ],
        "licenses": [{"any_of": list(lg.any_of)} for lg in gap.licenses],
        "matched": [
            {
                "skill": m.skill,
                "name": m.name,
                "required_level": m.required_level,
                "current_level": m.current_level,
                "weight": m.weight,
                "preferred": m.preferred,
            }
            for m in gap.matched
        ],
        "readiness": round(gap.readiness, 4),
        "stale": list(gap.stale),
        "held_credentials": list(gap.held_credentials),
    }


def gap_json(gap: Gap) -> str:
    return dump_json({"schema_version": SCHEMA_VERSION, **gap_data(gap)})


def plan_data(plan: Plan) -> dict[str, Any]:
    dated = plan.start is not None
    gap = gap_data(plan.gap)
    steps = []
    for s in plan.steps:
        step: dict[str, Any] = {
            "order": s.order,
            "credential": s.credential,
            "name": s.name,
            "issuer": s.issuer,
            "kind": s.kind,
            "cost_usd": json_number(s.cost_usd),
            "hours": json_number(s.hours),
            "covers": [{"skill": c.skill, "level": c.level} for c in s.covers],
            "unlocks": list(s.unlocks),
            "mandatory": s.mandatory,
            "awarded_by_parts": s.awarded_by_parts,
            "start_week": s.start_week,
            "end_week": s.end_week,
        }
        if dated:
            step["start"] = s.start.isoformat() if s.start else None
            step["end"] = s.end.isoformat() if s.end else None
        if s.alternatives:
            step["alternatives"] = [
                {
                    "credential": a.credential,
                    "name": a.name,
                    "cost_usd": json_number(a.cost_usd),
                    "hours": json_number(a.hours),
                    "extra_cost_usd": json_number(a.extra_cost_usd),
                    "extra_hours": json_number(a.extra_hours),
                    "loses": list(a.loses),
                }
                for a in s.alternatives
            ]
        steps.append(step)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "goal": {"id": plan.goal, "name": plan.goal_name},
        "status": plan.status,
        "optimal": plan.optimal,
        "objective": plan.objective,
        "budget": {
            "usd": json_number(plan.budget_usd),
            "hours": json_number(plan.budget_hours),
            "hours_per_week": json_number(plan.hours_per_week),
            "hours_derived_from_deadline": plan.hours_derived_from_deadline,
        },
        "gap": gap["gap"],
        "licenses": gap["licenses"],
        "steps": steps,
        "totals": {
            "cost_usd": json_number(plan.totals.cost_usd),
            "hours": json_number(plan.totals.hours),
            "weeks": plan.totals.weeks,
        },
        "uncovered": [
            {
                "skill": u.skill,
                "credential_group": list(u.credential_group),
                "name": u.name,
                "required_level": u.required_level,
                "weight": u.weight,
                "reason": u.reason,
                "detail": u.detail,
                "extra_usd": json_number(u.extra_usd),
                "extra_hours": json_number(u.extra_hours),
            }
            for u in plan.uncovered
        ],
        "notes": list(plan.notes),
    }
    if not plan.optimal:
        data["mip_gap"] = plan.mip_gap
    if dated:
        data["start"] = plan.start.isoformat() if plan.start else None
    if plan.deadline is not None:
        data["deadline"] = plan.deadline.isoformat()
        data["fits_deadline"] = plan.fits_deadline
    return data


def plan_json(report: PlanReport) -> str:
    return dump_json(plan_data(report.plan))
