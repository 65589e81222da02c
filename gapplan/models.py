"""The pydantic models every part of gapplan passes around: catalog entries, profiles, gaps and plans."""

# No ``from __future__ import annotations``: pydantic would compile every annotation string (4 ms).
import datetime as dt
import math
import re
import unicodedata
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    StringConstraints,
    model_validator,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID_RE = re.compile(ID_PATTERN)

MAX_MONEY = 10_000_000.0
MAX_HOURS = 100_000.0


def _printable_line(value: str) -> str:
    """Reject control, format (bidi, zero-width) and line-break characters; trim outer spaces."""
    for ch in value:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"):
            raise ValueError(f"must be a single line of printable text (found U+{ord(ch):04X})")
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be empty")
    return stripped


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Id = Annotated[str, Strict(), StringConstraints(pattern=ID_PATTERN, min_length=1, max_length=80)]
Level = Annotated[int, Strict(), Field(ge=1, le=5)]
Weight = Annotated[int, Strict(), Field(ge=1, le=5)]
Text = Annotated[str, Strict(), StringConstraints(max_length=200), AfterValidator(_printable_line)]
LongText = Annotated[str, Strict(), StringConstraints(max_length=2000)]
Money = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=0, le=MAX_MONEY)]
Hours = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=0, le=MAX_HOURS)]
Years = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=0, le=60)]
Year = Annotated[int, Strict(), Field(ge=1900, le=2100)]
Url = Annotated[str, Strict(), StringConstraints(pattern=r"^https?://\S+$", max_length=500)]


def _as_group(value: object) -> object:
    """A prerequisite or mandatory entry: one id, or a list of ids of which any one suffices."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(value)
    raise ValueError("must be an id or a list of ids (any one of them)")


def _dump_group(group: tuple[str, ...]) -> str | list[str]:
    return group[0] if len(group) == 1 else list(group)


# Stored as a tuple; written back as a plain id when it has one member, as in the YAML.
IdGroup = Annotated[
    tuple[Id, ...],
    BeforeValidator(_as_group),
    Field(min_length=1, max_length=50),
    PlainSerializer(_dump_group),
]

SkillCategory = Literal["technical", "durable", "domain"]
CredentialKind = Literal[
    "certification",
    "license",
    "professional-certificate",
    "micro-credential",
    "digital-badge",
    "nanodegree",
    "course",
    "degree",
    "apprenticeship",
    "work-experience",
]
# Kinds whose experience is planned: chosen only where the experience they grant is needed.
EXPERIENCE_KINDS: frozenset[str] = frozenset({"apprenticeship", "work-experience"})
Delivery = Literal["online", "in-person", "hybrid"]
Assessment = Literal["exam", "project", "portfolio", "practical", "coursework", "supervised-work"]
Recognition = Literal["industry", "vendor", "employer", "academic", "government"]
Optimize = Literal["cost", "hours"]

DEFAULT_SHELF_LIFE: dict[str, float] = {"technical": 2.5, "domain": 5.0, "durable": 5.0}


class Model(BaseModel):
    """Frozen, strict about unknown keys. A class builds its validator when first used (``defer_build``),
    so a command pays only for the models it validates (a cached catalog is built without validation)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Sourced(Model):
    source: LongText | None = None
    as_of: Year | None = None
    notes: LongText | None = None


# --------------------------------------------------------------------------- catalog


class Skill(Sourced):
    id: Id
    name: Text
    category: SkillCategory
    aliases: tuple[Text, ...] = ()
    shelf_life_years: Annotated[float, Strict(), AfterValidator(_finite), Field(gt=0, le=60)] | None = None
    builds_on: tuple[Id, ...] = ()  # skills usually learned first: they order the steps, never block

    @property
    def shelf_life(self) -> float:
        return (
            self.shelf_life_years if self.shelf_life_years is not None else DEFAULT_SHELF_LIFE[self.category]
        )


class SkillLevel(Model):
    skill: Id
    level: Level


class AreaYears(Model):
    """Years of work in one area (a skill id)."""

    area: Id
    years: Annotated[float, Strict(), AfterValidator(_finite), Field(gt=0, le=60)]


class Requirements(Model):
    credentials: tuple[IdGroup, ...] = ()
    skills: tuple[SkillLevel, ...] = ()
    experience: tuple[AreaYears, ...] = ()  # years of work by area
    experience_years: Years = 0  # years of any work


class Renewal(Model):
    every_years: Annotated[float, Strict(), AfterValidator(_finite), Field(gt=0, le=60)]
    cost_usd: Money = 0
    ce_hours: Hours = 0
    reexam: Annotated[bool, Strict()] = False  # renewed by passing the exam again
    renews: tuple[Id, ...] = ()  # earning or renewing this also renews these (a higher CompTIA renews A+)
    notes: LongText | None = None


class Credential(Sourced):
    id: Id
    name: Text
    issuer: Text
    kind: CredentialKind
    industries: tuple[Id, ...] = ()
    cost_usd: Money
    hours: Hours
    delivery: Delivery = "online"
    self_paced: Annotated[bool, Strict()] = False
    assessment: Assessment = "exam"
    recognition: Recognition = "industry"
    accreditation: tuple[Text, ...] = ()
    weeks: Annotated[int, Strict(), Field(ge=1, le=520)] | None = None  # fixed calendar length
    grants: tuple[SkillLevel, ...] = ()
    grants_experience: tuple[AreaYears, ...] = ()  # what doing it counts as: years of work by area
    # the defaults built with model_construct: validating them would build Requirements' validator on import
    requires: Requirements = Requirements.model_construct()
    recommends: Requirements = Requirements.model_construct()  # the issuer's, planned like requirements
    parts: tuple[Id, ...] = ()
    renewal: Renewal | None = None
    jurisdiction: (
        Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")] | None
    ) = None
    url: Url | None = None


class RoleSkill(Model):
    skill: Id
    level: Level
    weight: Weight = 3


class Role(Sourced):
    id: Id
    name: Text
    industry: Id
    soc: Annotated[str, Strict(), StringConstraints(pattern=r"^\d{2}-\d{4}(\.\d{2})?$")] | None = None
    description: LongText | None = None
    requires: tuple[RoleSkill, ...]
    prefers: tuple[RoleSkill, ...] = ()
    mandatory: tuple[IdGroup, ...] = ()
    related: tuple[Id, ...] = ()


WageStatus = Literal["ok", "top-coded", "suppressed", "hourly-only", "no-estimate"]


class Wage(Model):
    """BLS OEWS annual wages of one 6-digit SOC occupation in one area (the nation or a state)."""

    soc: Annotated[str, Strict(), StringConstraints(pattern=r"^\d{2}-\d{4}$")]
    area: Annotated[str, Strict(), StringConstraints(pattern=r"^US(-[A-Z]{2})?$")]
    area_name: str
    employment: int | None = None
    p25: float | None = None
    median: float | None = None
    p75: float | None = None
    median_status: WageStatus = "ok"  # why ``median`` is missing when it is
    release: str = ""


# --------------------------------------------------------------------------- profile

LooseDate = Annotated[dt.date, Field(strict=False)]


class HeldSkill(Model):
    skill: Text  # id, name or alias; resolved against the catalog
    level: Level
    last_used: Year | None = None


class Budget(Model):
    usd: Money | None = None
    hours: Hours | None = None
    hours_per_week: Annotated[float, Strict(), AfterValidator(_finite), Field(gt=0, le=168)] = 10
    start: LooseDate | None = None
    deadline: LooseDate | None = None


class Preferences(Model):
    optimize: Optimize = "cost"
    delivery: tuple[Delivery, ...] = ()  # empty: any
    exclude: tuple[Id, ...] = ()
    include_preferred: Annotated[bool, Strict()] = False
    ignore_recommendations: Annotated[bool, Strict()] = False


State = Annotated[str, Strict(), StringConstraints(pattern=r"^[A-Z]{2}$")]


class InProgress(Model):
    """A credential being earned: when it was started and the study hours already done."""

    id: Id
    started: LooseDate | None = None
    hours_done: Hours = 0


def _split_held(data: object) -> object:
    """``credentials`` entries may be ``{id: capm, earned: 2027-03-01}``: the ids stay in ``credentials``,
    the dates go to ``earned``."""
    if not isinstance(data, dict) or not isinstance(data.get("credentials"), list | tuple):
        return data
    ids: list[object] = []
    earned: dict[object, object] = dict(data.get("earned") or {})
    for entry in data["credentials"]:
        if isinstance(entry, dict) and set(entry) <= {"id", "earned"} and "id" in entry:
            ids.append(entry["id"])
            if entry.get("earned") is not None:
                earned[entry["id"]] = entry["earned"]
        else:
            ids.append(entry)
    return {**data, "credentials": ids, **({"earned": earned} if earned else {})}


class Profile(Model):
    name: Text | None = None
    state: State | None = None  # a US state (two letters): its licenses and wages
    current_role: Id | None = None
    experience_years: Years = 0  # years of any work
    experience: dict[Id, Years] = Field(default_factory=dict)  # years of work by area (a skill id)
    skills: tuple[HeldSkill, ...] = ()
    credentials: tuple[Id, ...] = ()  # held; an entry may be {id, earned: DATE}
    earned: dict[Id, LooseDate] = Field(default_factory=dict)  # when held credentials were earned
    in_progress: tuple[InProgress, ...] = ()  # started, not yet earned
    locked: tuple[Id, ...] = ()  # kept in every plan
    goal: Id | None = None
    budget: Budget = Budget.model_construct()  # (model_construct: as for Credential.requires)
    preferences: Preferences = Preferences.model_construct()

    _split = model_validator(mode="before")(_split_held)


# --------------------------------------------------------------------------- results


class GapItem(Model):
    skill: Id
    name: str
    required_level: Level
    current_level: Annotated[int, Field(ge=0, le=5)]
    weight: Weight
    preferred: bool = False  # from the role's `prefers`, not `requires`
    stale: bool = False  # the held level was lowered because it is past its shelf life (see gap.decay)
    durable: bool = False  # a durable skill: developed, credited when a step brings it, never bought
    base_level: Annotated[int, Field(ge=0, le=5)] = 0  # credit starts above this level (>= current)


class Match(Model):
    """A requirement the profile already meets: a transferable skill."""

    skill: Id
    name: str
    required_level: Level
    current_level: Level
    weight: Weight
    preferred: bool = False


class LicenseGap(Model):
    """A mandatory group of the role that the profile does not hold: any one of ``any_of``."""

    any_of: tuple[Id, ...]


class GoingStale(Model):
    """A held skill whose effective level drops within the gap's horizon (decay past its shelf life)."""

    skill: Id
    name: str
    last_used: int
    shelf_life_years: float
    level_now: Annotated[int, Field(ge=0, le=5)]  # effective level at the analysis date
    level_then: Annotated[int, Field(ge=0, le=5)]  # effective level at the end of the horizon
    drops_in: int  # the first year in which it loses a level
    stale_now: bool = False  # already past its shelf life today (it loses a further level)


class Gap(Model):
    role: Id
    role_name: str
    items: tuple[GapItem, ...]
    matched: tuple[Match, ...]
    licenses: tuple[LicenseGap, ...]
    current_levels: dict[str, int]  # effective levels (after staleness) of every skill held
    held_credentials: tuple[Id, ...]  # held, including stacks whose parts are all held
    stale: tuple[Id, ...] = ()
    horizon_years: float | None = None  # with a horizon: ``going_stale`` looks this far ahead
    going_stale: tuple[GoingStale, ...] = ()  # held skills whose effective level drops within the horizon

    @property
    def required_weight(self) -> int:
        return sum(i.weight for i in self.items if not i.preferred)

    @property
    def readiness(self) -> float:
        """Share of the role's required weight already met (0..1)."""
        met = sum(m.weight for m in self.matched if not m.preferred)
        total = met + self.required_weight
        return met / total if total else 1.0


Phase = Literal["now", "later"]


class Cover(Model):
    skill: Id
    level: Level


class Alternative(Model):
    """A credential a re-plan adds, with its own cost and hours."""

    credential: Id
    name: str
    cost_usd: float
    hours: float


class Replan(Model):
    """With ``--explain``: the best plan without one step, as a re-plan: what it adds and drops."""

    adds: tuple[Alternative, ...]  # each with its own cost and hours
    drops: tuple[Id, ...]  # other path steps it no longer needs
    extra_cost_usd: float  # the path's total cost change
    extra_hours: float
    loses: tuple[Id, ...] = ()  # gap skills the path reaches that the re-plan does not


class Step(Model):
    order: int
    credential: Id
    name: str
    issuer: str
    kind: CredentialKind
    cost_usd: float
    hours: float
    covers: tuple[Cover, ...]
    unlocks: tuple[Id, ...] = ()
    after: tuple[Id, ...] = ()  # earlier steps this one waits for: the first provider of each prerequisite
    mandatory: bool = False
    awarded_by_parts: bool = False  # a stack awarded when its last part is earned
    start_week: int = 0
    end_week: int = 0
    start: dt.date | None = None
    end: dt.date | None = None
    phase: Phase = "now"
    locked: bool = False  # kept in every plan (the profile's ``locked`` or --lock)
    hours_done: float = 0  # in progress: study hours already done (``hours`` is what is left)
    replan: Replan | None = None
    weeks: int = 0  # the step's own length in whole weeks (its `weeks`, or hours / hours per week)
    full_time: bool = False  # its own pace needs more hours a week than the person has
    work: bool = False  # a work stage or apprenticeship: runs beside study, one at a time
    experience: tuple[AreaYears, ...] = ()  # what doing it counts as
    needs: tuple[str, ...] = ()  # what it requires and what its issuer recommends, as sentences
    unmet_recommendations: tuple[str, ...] = ()  # recommendations no step or holding can meet
    url: str | None = None


UncoveredReason = Literal["not-in-catalog", "needs-experience", "excluded", "delivery", "location", "durable"]


class Uncovered(Model):
    """A gap skill the path cannot bring to its level (or a mandatory group it cannot meet), and why."""

    skill: Id | None = None  # a skill gap ...
    credential_group: tuple[Id, ...] = ()  # ... or a mandatory group
    name: str
    required_level: Level | None = None
    reached_level: int = 0  # the level the whole path reaches
    weight: int = 0
    preferred: bool = False
    durable: bool = False
    reason: UncoveredReason
    detail: str


class Waiting(Model):
    """A gap skill (or mandatory group) that only ``later`` steps of the path cover."""

    skill: Id | None = None
    credential_group: tuple[Id, ...] = ()
    name: str
    required_level: Level | None = None
    reached_now: int = 0  # the level the ``now`` steps reach
    preferred: bool = False
    durable: bool = False
    steps: tuple[Id, ...]  # the later steps that bring it


class Totals(Model):
    cost_usd: float
    hours: float
    weeks: int


class Route(Model):
    """With ``--explain``: the set of steps that gets furthest within the budgets, when it is not the path."""

    credentials: tuple[Id, ...]
    cost_usd: float
    hours: float
    covers_required: int  # weight units (60 per whole required weight) it covers
    path_covers_required: int  # what the path's ``now`` steps cover, in the same units


class PlanTotals(Model):
    now: Totals  # the steps within the budgets
    path: Totals  # the whole way to the role


class OwnershipItem(Model):
    """What keeping one credential of the path costs over the horizon."""

    credential: Id
    name: str
    every_years: float
    renewals: int  # renewals due within the horizon, counted from when it is earned
    cost_usd: float  # renewals x the renewal fee (0 when another credential's renewal renews it)
    ce_hours: float  # renewals x the continuing-education hours (0 likewise)
    reexam: bool = False
    renewed_by: Id | None = None  # a credential of the same set whose renewal renews this one


class Ownership(Model):
    """Total cost of ownership: renewal fees and CE hours to keep a set of credentials over a horizon."""

    horizon_years: float
    cost_usd: float
    ce_hours: float
    items: tuple[OwnershipItem, ...]  # only credentials with a renewal rule, by id


class Payback(Model):
    """Goal role's median wage against the current one, the route's cost and time, and the payback."""

    area: str  # "US" or "US-XX": where both wages come from
    area_name: str
    release: str  # e.g. "May 2025" (BLS OEWS)
    goal_median: float | None
    current_median: float | None
    current_source: Literal["role", "given", "none"]  # the current role's median, --current-wage, or neither
    gain_per_year: float | None  # goal_median - current_median
    cost_usd: float  # the path's cost to earn
    path_weeks: int
    path_months: int  # ceil(path_weeks * 12 / 52)
    payback_months: int | None  # months after the path ends until the gain covers the cost; None: no gain
    break_even_months: int | None  # path_months + payback_months: from the start until even
    reason: str | None = None  # why there is no payback figure


class RenewalDate(Model):
    """One expiry of a held credential within the horizon (assuming each earlier one was renewed)."""

    date: dt.date
    status: Literal["expired", "expiring-soon", "valid"]


class RenewalItem(Model):
    """A held credential: when it expires, what renewal takes, and what renews it."""

    credential: Id
    name: str
    issuer: str
    earned: dt.date | None
    status: Literal["valid", "expiring-soon", "expired", "unknown", "no-renewal"]
    expires: dt.date | None = None  # the current cycle's expiry (after cascades)
    expiries: tuple[RenewalDate, ...] = ()  # every expiry from ``expires`` to the horizon's end
    every_years: float | None = None
    cost_usd: float = 0
    ce_hours: float = 0
    reexam: bool = False
    renewed_by: Id | None = None  # a held credential whose renewal sets this one's expiry
    renews: tuple[Id, ...] = ()  # held credentials this one renews
    notes: str | None = None


class RenewalReport(Model):
    client: str | None = None
    as_of: dt.date
    horizon_years: float
    soon_days: int  # "expiring soon" window
    items: tuple[RenewalItem, ...]


class Plan(Model):
    goal: Id
    goal_name: str
    status: Literal["complete", "partial", "blocked"]
    client: str | None = None  # the profile's name
    blocked_by: str | None = None  # with status blocked: what keeps the role's license out of reach
    optimal: bool
    mip_gap: float = 0.0
    objective: Optimize
    budget_usd: float | None
    budget_hours: float | None
    budget_weeks: int | None = None  # whole weeks from the start to the deadline
    hours_per_week: float
    parallel: int = 1
    start: dt.date | None = None
    start_assumed: bool = False  # a deadline came without a start date: the plan starts today
    deadline: dt.date | None = None
    gap: Gap
    steps: tuple[Step, ...]  # the path: the ``now`` steps first, then the ``later`` ones
    totals: PlanTotals
    uncovered: tuple[Uncovered, ...]
    waiting: tuple[Waiting, ...] = ()
    furthest_now: Route | None = None  # with --explain, when it is not the path's now steps
    licenses_vary: bool = False  # the role's license is issued by a state (the profile names none)
    wages: tuple[Wage, ...] = ()  # the role's BLS wages: the nation's, then the person's state's
    notes: tuple[str, ...] = ()  # what a replan changed that the person should hear (a started step dropped)
    ownership: Ownership | None = None  # the cost to keep the path's credentials (planning.economics)
    payback: Payback | None = None  # whether the route pays: median wages against its cost and time

    @property
    def later(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.phase == "later")


# --------------------------------------------------------------------------- the merged catalog


class Catalog(Model):
    """The validated, merged catalog; entries sorted by id so everything built on it is deterministic."""

    skills: tuple[Skill, ...]
    credentials: tuple[Credential, ...]
    roles: tuple[Role, ...]
    wages: tuple[Wage, ...] = ()  # sorted by (soc, area)
    folders: tuple[str, ...] = ()  # where it came from, in load order ("<builtin>" for the embedded data)

    @cached_property
    def wage_by(self) -> dict[tuple[str, str], Wage]:
        return {(w.soc, w.area): w for w in self.wages}

    def wage(self, role: Role, area: str = "US") -> Wage | None:
        """The role's wage in ``area`` (``US`` or ``US-XX``), from its 6-digit SOC code."""
        if role.soc is None:
            return None
        return self.wage_by.get((role.soc[:7], area))

    @cached_property
    def skill_by_id(self) -> dict[str, Skill]:
        return {s.id: s for s in self.skills}

    @cached_property
    def credential_by_id(self) -> dict[str, Credential]:
        return {c.id: c for c in self.credentials}

    @cached_property
    def stacks(self) -> tuple[Credential, ...]:
        """The credentials made of parts, in id order."""
        return tuple(c for c in self.credentials if c.parts)

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def skill_lookup(self) -> dict[str, str]:
        """Lower-cased id, name and alias -> skill id (ids win over names, names over aliases)."""
        table: dict[str, str] = {}
        for attr in ("aliases", "name", "id"):
            for s in sorted(self.skills, key=lambda s: s.id, reverse=True):
                values = s.aliases if attr == "aliases" else (getattr(s, attr),)
                for v in values:
                    table[v.casefold()] = s.id
        return table
