"""JSON output: the plan and gap contracts of DESIGN.md, byte-identical for identical inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gapplan.models import Gap, Plan, Step, Totals
from gapplan.render.fmt import SCHEMA_VERSION, dump_json, json_number, wage_data

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
                "durable": i.durable,
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
    stale = (
        {}
        if gap.horizon_years is None
        else {
            "horizon_years": json_number(gap.horizon_years),
            "going_stale": [s.model_dump(mode="json") for s in gap.going_stale],
        }
    )
    return dump_json({"schema_version": SCHEMA_VERSION, **gap_data(gap), **stale})


def _totals(t: Totals) -> dict[str, Any]:
    return {"cost_usd": json_number(t.cost_usd), "hours": json_number(t.hours), "weeks": t.weeks}


def step_data(s: Step, dated: bool) -> dict[str, Any]:
    step: dict[str, Any] = {
        "order": s.order,
        "credential": s.credential,
        "name": s.name,
        "issuer": s.issuer,
        "kind": s.kind,
        "phase": s.phase,
        "locked": s.locked,
        "hours_done": json_number(s.hours_done),
        "cost_usd": json_number(s.cost_usd),
        "hours": json_number(s.hours),
        "weeks": s.weeks,
        "covers": [{"skill": c.skill, "level": c.level} for c in s.covers],
        "after": list(s.after),
        "unlocks": list(s.unlocks),
        "mandatory": s.mandatory,
        "awarded_by_parts": s.awarded_by_parts,
        "work": s.work,
        "full_time": s.full_time,
        "experience": [{"area": e.area, "years": json_number(e.years)} for e in s.experience],
        "needs": list(s.needs),
        "unmet_recommendations": list(s.unmet_recommendations),
        "url": s.url,
        "start_week": s.start_week,
        "end_week": s.end_week,
    }
    if dated:
        step["start"] = s.start.isoformat() if s.start else None
        step["end"] = s.end.isoformat() if s.end else None
    if s.replan is not None:
        r = s.replan
        step["replan"] = {
            "adds": [
                {
                    "credential": a.credential,
                    "name": a.name,
                    "cost_usd": json_number(a.cost_usd),
                    "hours": json_number(a.hours),
                }
                for a in r.adds
            ],
            "drops": list(r.drops),
            "extra_cost_usd": json_number(r.extra_cost_usd),
            "extra_hours": json_number(r.extra_hours),
            "loses": list(r.loses),
        }
    return step


def plan_data(plan: Plan) -> dict[str, Any]:
    dated = plan.start is not None
    gap = gap_data(plan.gap)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "client": plan.client,
        "goal": {"id": plan.goal, "name": plan.goal_name},
        "status": plan.status,
        "optimal": plan.optimal,
        "objective": plan.objective,
        "budget": {
            "usd": json_number(plan.budget_usd),
            "hours": json_number(plan.budget_hours),
            "weeks": plan.budget_weeks,
            "hours_per_week": json_number(plan.hours_per_week),
            "parallel": plan.parallel,
        },
        "gap": gap["gap"],
        "licenses": gap["licenses"],
        "steps": [step_data(s, dated) for s in plan.steps],
        "totals": {"now": _totals(plan.totals.now), "path": _totals(plan.totals.path)},
        "uncovered": [
            {
                "skill": u.skill,
                "name": u.name,
                "required_level": u.required_level,
                "reached_level": u.reached_level,
                "weight": u.weight,
                "preferred": u.preferred,
                "durable": u.durable,
                "reason": u.reason,
                "detail": u.detail,
            }
            for u in plan.uncovered
        ],
        "waiting": [
            {
                "skill": w.skill,
                "credential_group": list(w.credential_group),
                "name": w.name,
                "required_level": w.required_level,
                "reached_now": w.reached_now,
                "preferred": w.preferred,
                "durable": w.durable,
                "steps": list(w.steps),
            }
            for w in plan.waiting
        ],
        "licenses_vary_by_state": plan.licenses_vary,
        "notes": list(plan.notes),
        "wages": [wage_data(w) for w in plan.wages],
    }
    if plan.ownership is not None:
        o = plan.ownership
        data["ownership"] = {
            "horizon_years": json_number(o.horizon_years),
            "cost_usd": json_number(o.cost_usd),
            "ce_hours": json_number(o.ce_hours),
            "items": [
                {
                    "credential": i.credential,
                    "name": i.name,
                    "every_years": json_number(i.every_years),
                    "renewals": i.renewals,
                    "cost_usd": json_number(i.cost_usd),
                    "ce_hours": json_number(i.ce_hours),
                    "reexam": i.reexam,
                    "renewed_by": i.renewed_by,
                }
                for i in o.items
            ],
        }
    if plan.payback is not None:
        p = plan.payback
        data["payback"] = {
            "basis": "median",
            "area": p.area,
            "area_name": p.area_name,
            "release": p.release,
            "goal_median_usd": json_number(p.goal_median),
            "current_median_usd": json_number(p.current_median),
            "current_source": p.current_source,
            "gain_per_year_usd": json_number(p.gain_per_year),
            "cost_usd": json_number(p.cost_usd),
            "path_weeks": p.path_weeks,
            "path_months": p.path_months,
            "payback_months": p.payback_months,
            "break_even_months": p.break_even_months,
            "reason": p.reason,
        }
    if plan.blocked_by is not None:
        data["blocked_by"] = plan.blocked_by
    if not plan.optimal:
        data["mip_gap"] = plan.mip_gap
    if dated:
        data["start"] = plan.start.isoformat() if plan.start else None
        data["start_assumed"] = plan.start_assumed
    if plan.deadline is not None:
        data["deadline"] = plan.deadline.isoformat()
    if plan.furthest_now is not None:
        f = plan.furthest_now
        data["furthest_now"] = {
            "credentials": list(f.credentials),
            "cost_usd": json_number(f.cost_usd),
            "hours": json_number(f.hours),
            "covers_required_units": f.covers_required,
            "path_now_covers_required_units": f.path_covers_required,
        }
    return data


def plan_json(report: PlanReport) -> str:
    return dump_json(plan_data(report.plan))
