"""Total cost of ownership and payback, checked by hand on two roles (and the ranking by payback)."""

from __future__ import annotations

from factories import TODAY, catalog, cred, role

from gapplan.advisor.match import rank_roles
from gapplan.models import Catalog, Credential, Profile, Renewal, Role, Wage
from gapplan.planning.economics import ownership, payback, renewers, with_economics
from gapplan.planning.planner import make_plan


def renewing(c: Credential, **rule: object) -> Credential:
    return c.model_copy(update={"renewal": Renewal.model_validate(rule)})


def with_soc(r: Role, soc: str) -> Role:
    return r.model_copy(update={"soc": soc})


def wage(soc: str, area: str, median: float | None, status: str = "ok") -> Wage:
    return Wage.model_validate(
        {
            "soc": soc,
            "area": area,
            "area_name": "National" if area == "US" else "Texas",
            "median": median,
            "median_status": status,
            "release": "May 2025",
        }
    )


CLERK, ANALYST, SECURITY = "43-9061", "15-2051", "15-1212"
BASE = catalog(
    ["sql", "viz", "net", "sec"],
    [
        # Data analyst: SQL ($1,000, 60 h, renewed every 3 years for $150 and 50 CE hours) and a free
        # yearly badge for visualisation ($200, 40 h).
        renewing(
            cred("sql-cert", cost=1000, hours=60, grants=[("sql", 3)]),
            every_years=3,
            cost_usd=150,
            ce_hours=50,
        ),
        renewing(cred("viz-badge", cost=200, hours=40, grants=[("viz", 2)]), every_years=1, reexam=True),
        # Security analyst: Network+ then Security+, which renews Network+.
        renewing(
            cred("net-plus", cost=400, hours=50, grants=[("net", 2)]),
            every_years=3,
            cost_usd=150,
            ce_hours=30,
        ),
        renewing(
            cred("sec-plus", cost=4000, hours=70, grants=[("sec", 3)], requires=["net-plus"]),
            every_years=3,
            cost_usd=150,
            ce_hours=50,
            renews=["net-plus"],
        ),
    ],
    [
        with_soc(role("clerk", requires=[("sql", 1, 1)]), CLERK),
        with_soc(role("data-analyst", requires=[("sql", 3, 5), ("viz", 2, 3)]), ANALYST),
        with_soc(role("security-analyst", requires=[("sec", 3, 5), ("net", 2, 3)]), SECURITY),
    ],
)
CAT: Catalog = BASE.model_copy(
    update={
        "wages": (
            wage(ANALYST, "US", 84_000),
            wage(ANALYST, "US-TX", None, "suppressed"),
            wage(SECURITY, "US", 124_000),
            wage(SECURITY, "US-TX", 110_000),
            wage(CLERK, "US", 48_000),
            wage(CLERK, "US-TX", 98_000),
        )
    }
)
ME = Profile.model_validate({"current_role": "clerk", "budget": {"hours_per_week": 10}})


def test_data_analyst_costs_150_and_50_ce_hours_to_keep_and_pays_back_in_one_month() -> None:
    plan = with_economics(CAT, make_plan(CAT, ME, "data-analyst", today=TODAY), ME)

    assert plan.totals.path.cost_usd == 1200
    assert plan.totals.path.weeks == 10  # 60 h + 40 h at 10 h a week
    own = plan.ownership
    assert own is not None
    # over 5 years: sql-cert renews once (5 // 3), the yearly badge five times, for nothing
    assert [(i.credential, i.renewals, i.cost_usd, i.ce_hours) for i in own.items] == [
        ("sql-cert", 1, 150, 50),
        ("viz-badge", 5, 0, 0),
    ]
    assert (own.horizon_years, own.cost_usd, own.ce_hours) == (5, 150, 50)
    pay = plan.payback
    assert pay is not None
    # national medians: 84,000 - 48,000 = 36,000 a year = 3,000 a month; $1,200 / $3,000 -> 1 month
    assert (pay.area, pay.goal_median, pay.current_median, pay.current_source) == (
        "US",
        84_000,
        48_000,
        "role",
    )
    assert pay.gain_per_year == 36_000
    assert (pay.path_months, pay.payback_months, pay.break_even_months) == (3, 1, 4)  # ceil(10 * 12 / 52) = 3


def test_security_analyst_in_texas_counts_the_cascade_and_pays_back_in_five_months() -> None:
    texan = ME.model_copy(update={"state": "TX"})

    plan = with_economics(CAT, make_plan(CAT, texan, "security-analyst", today=TODAY), texan)

    own = plan.ownership
    assert own is not None
    # Security+ renews Network+: only Security+'s renewal is paid
    assert [(i.credential, i.renewals, i.cost_usd, i.ce_hours, i.renewed_by) for i in own.items] == [
        ("net-plus", 1, 0, 0, "sec-plus"),
        ("sec-plus", 1, 150, 50, None),
    ]
    assert (own.cost_usd, own.ce_hours) == (150, 50)
    pay = plan.payback
    assert pay is not None
    # Texas medians: 110,000 - 98,000 = 12,000 a year = 1,000 a month; $4,400 / $1,000 = 4.4 -> 5 months;
    # the path is 5 + 7 = 12 weeks -> ceil(12 * 12 / 52) = 3 months
    assert (pay.area, pay.gain_per_year, plan.totals.path.cost_usd) == ("US-TX", 12_000, 4400)
    assert (pay.path_months, pay.payback_months, pay.break_even_months) == (3, 5, 8)


def test_a_state_without_the_goal_median_falls_back_to_national_wages() -> None:
    texan = ME.model_copy(update={"state": "TX"})

    pay = payback(CAT, make_plan(CAT, texan, "data-analyst", today=TODAY), texan)

    assert (pay.area, pay.gain_per_year) == ("US", 36_000)


def test_no_payback_when_the_wage_does_not_rise_or_nothing_is_known() -> None:
    plan = make_plan(CAT, ME, "data-analyst", today=TODAY)

    lower = payback(CAT, plan, ME, current_wage=90_000)
    assert (lower.current_source, lower.gain_per_year, lower.payback_months) == ("given", -6000, None)
    assert lower.reason == "the goal role's median wage is not higher than the current one"
    nobody = payback(CAT, plan, Profile())
    assert (nobody.current_source, nobody.payback_months, nobody.break_even_months) == ("none", None, None)


def test_renewers_follow_chains_to_the_top() -> None:
    chain = catalog(
        [],
        [
            renewing(cred("a"), every_years=3),
            renewing(cred("b"), every_years=3, renews=["a"]),
            renewing(cred("c"), every_years=3, renews=["b"]),
        ],
        [],
    )

    assert renewers(chain, ["a", "b", "c"]) == {"a": "c", "b": "c"}
    assert ownership(chain, ["a", "b"], 6).cost_usd == 0
    assert [i.renewals for i in ownership(chain, ["a"], 2.9).items] == [0]


def test_match_ranks_by_payback_soonest_first() -> None:
    by_reach = rank_roles(CAT, ME, today=TODAY, current_wage=80_000)
    by_payback = rank_roles(CAT, ME, today=TODAY, rank="payback", current_wage=80_000)

    assert [m.role.id for m in by_reach] == ["data-analyst", "security-analyst"]  # cheaper first
    assert [
        (m.role.id, m.plan.payback.break_even_months if m.plan.payback else None) for m in by_payback
    ] == [
        ("security-analyst", 5),  # 44,000 a year: $4,400 / 3,666.67 = 1.2 -> 2 months, + 3
        ("data-analyst", 7),  # 4,000 a year: $1,200 / 333.33 = 3.6 -> 4 months, + 3
    ]
    broke = rank_roles(CAT, ME, today=TODAY, rank="payback", current_wage=100_000)
    assert [(m.role.id, m.plan.payback.break_even_months if m.plan.payback else None) for m in broke] == [
        ("security-analyst", 6),  # 24,000 a year: $4,400 / 2,000 = 2.2 -> 3 months, + 3
        ("data-analyst", None),  # the wage does not rise: last
    ]


def test_an_implicit_work_stage_costs_nothing_to_keep() -> None:
    own = ownership(CAT, ["keep-working", "sql-cert"])

    assert [i.credential for i in own.items] == ["sql-cert"]
