"""Every output kind has one exhaustive dispatcher, and naming the formats loads no renderer."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from gapplan.advisor.records import Ranking, RoleMatch, Row
from gapplan.catalog import load_catalog
from gapplan.models import Catalog, Plan, Profile
from gapplan.planning.planner import make_plan
from gapplan.render import formats
from gapplan.render.formats import (
    ExportFormat,
    GapFormat,
    ListFormat,
    MatchFormat,
    PlanFormat,
    PlanReport,
    ReportFormat,
    SummaryFormat,
)
from gapplan.render.listing import SkillsView

SMALL = Path(__file__).parent.parent / "data" / "small"


@pytest.fixture(scope="module")
def cat() -> Catalog:
    return load_catalog((SMALL,), builtin=False).catalog


@pytest.fixture(scope="module")
def plan(cat: Catalog) -> Plan:
    profile = Profile.model_validate({"budget": {"start": "2027-01-04"}})
    return make_plan(cat, profile, "data-analyst", today=dt.date(2027, 1, 4))


@pytest.mark.parametrize("fmt", list(PlanFormat))
def test_every_plan_format_renders_text_or_blocks_never_none(
    fmt: PlanFormat, plan: Plan, cat: Catalog
) -> None:
    rendered = formats.render_plan(fmt, PlanReport.of(plan, cat))
    assert isinstance(rendered, str if fmt is not PlanFormat.table else list)
    assert rendered


@pytest.mark.parametrize("fmt", list(GapFormat))
def test_every_gap_format_renders(fmt: GapFormat, plan: Plan) -> None:
    assert formats.render_gap(fmt, plan.gap)


@pytest.mark.parametrize("fmt", list(MatchFormat))
def test_every_match_format_renders(fmt: MatchFormat, plan: Plan, cat: Catalog) -> None:
    ranking = Ranking((RoleMatch(cat.role_by_id["data-analyst"], plan),), total=1)
    assert formats.render_match(fmt, ranking)


@pytest.mark.parametrize("fmt", list(ListFormat))
def test_every_listing_format_renders(fmt: ListFormat, cat: Catalog) -> None:
    assert formats.render_listing(fmt, SkillsView(cat.skills))


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_export_format_renders(fmt: ExportFormat) -> None:
    assert formats.render_export(fmt, {"skills": []}).startswith(("{", "skills"))


@pytest.mark.parametrize("fmt", list(ReportFormat))
def test_every_report_format_renders_and_has_an_extension(
    fmt: ReportFormat, plan: Plan, cat: Catalog
) -> None:
    assert formats.render_report(fmt, PlanReport.of(plan, cat))
    assert fmt.extension in ("md", "json")


@pytest.mark.parametrize("fmt", list(SummaryFormat))
def test_every_summary_format_renders_one_client_in_the_singular(fmt: SummaryFormat) -> None:
    rows = [
        Row(client="A", file="a", input="a.yaml", goal="g", status="complete", cost_usd=1, hours=2, weeks=1)
    ]
    text = formats.render_summary(fmt, rows, link=True)
    assert "1 clients" not in text
    assert fmt.extension in ("csv", "md", "json")


def test_an_undated_plan_has_no_calendar(plan: Plan) -> None:
    undated = plan.model_copy(update={"start": None})
    with pytest.raises(ValueError, match="start date"):
        formats.render_plan(PlanFormat.ics, PlanReport(undated))


def test_naming_the_formats_loads_no_renderer_and_nothing_heavy() -> None:
    code = (
        "import sys, gapplan.render.formats; "
        "print(sorted(m for m in sys.modules if m.startswith(('gapplan.', 'rich', 'networkx', 'pydantic', 'yaml'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['gapplan.render', 'gapplan.render.formats']"
