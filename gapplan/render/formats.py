"""The output formats of every kind of report, and one exhaustive dispatcher per kind.

Each dispatcher ends in ``assert_never``, so a format added to an enum without a renderer fails mypy;
every renderer of a kind takes the same arguments. A renderer returns text to print or write as it is,
or blocks (a terminal document) that the command shows as rich tables on a terminal and as plain text
in a pipe or a file. Renderers load only when their format is chosen:
this module imports nothing but the standard library, so the commands can name the formats in their
options without paying for any renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, assert_never

if TYPE_CHECKING:
    from gapplan.advisor.records import Ranking, Row
    from gapplan.models import Catalog, Gap, Plan
    from gapplan.render.blocks import Block
    from gapplan.render.listing import ListView


class PlanFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    ics = "ics"


class GapFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class MatchFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    json = "json"
    yaml = "yaml"


class ReportFormat(StrEnum):
    """A batch client's report."""

    markdown = "markdown"
    json = "json"

    @property
    def extension(self) -> str:
        return {"markdown": "md", "json": "json"}[self.value]


class SummaryFormat(StrEnum):
    """The batch summary."""

    csv = "csv"
    markdown = "markdown"
    json = "json"

    @property
    def extension(self) -> str:
        return {"csv": "csv", "markdown": "md", "json": "json"}[self.value]


REPORT_FORMATS: tuple[ReportFormat, ...] = tuple(ReportFormat)


@dataclass(frozen=True)
class PlanReport:
    """A plan and what its reports say beyond it: whether to show the alternatives, and the catalog's
    folders and the years its figures are from."""

    plan: Plan
    explain: bool = False
    folders: tuple[str, ...] = ()
    as_of: tuple[int, ...] = ()  # the distinct ``as_of`` years of the catalog's credentials, sorted

    @classmethod
    def of(cls, plan: Plan, catalog: Catalog, *, explain: bool = False) -> PlanReport:
        return cls(plan, explain, catalog.folders, catalog_years(catalog))


def catalog_years(catalog: Catalog) -> tuple[int, ...]:
    return tuple(sorted({c.as_of for c in catalog.credentials if c.as_of}))


def render_plan(fmt: PlanFormat, report: PlanReport) -> str | list[Block]:
    match fmt:
        case PlanFormat.table:
            from gapplan.render.terminal import plan_blocks

            return plan_blocks(report)
        case PlanFormat.json:
            from gapplan.render.jsonout import plan_json

            return plan_json(report)
        case PlanFormat.markdown:
            from gapplan.render.markdown import plan_markdown

            return plan_markdown(report)
        case PlanFormat.csv:
            from gapplan.render.csvout import plan_csv

            return plan_csv(report)
        case PlanFormat.ics:
            from gapplan.render.ics import plan_ics

            return plan_ics(report)
        case _:
            assert_never(fmt)


def render_gap(fmt: GapFormat, gap: Gap) -> str | list[Block]:
    match fmt:
        case GapFormat.table:
            from gapplan.render.terminal import gap_blocks

            return gap_blocks(gap)
        case GapFormat.json:
            from gapplan.render.jsonout import gap_json

            return gap_json(gap)
        case GapFormat.markdown:
            from gapplan.render.markdown import gap_markdown

            return gap_markdown(gap)
        case _:
            assert_never(fmt)


def render_match(fmt: MatchFormat, ranking: Ranking, state: str | None = None) -> str | list[Block]:
    """``state``: the person's US state (``FL``), whose median wage is shown next to the nation's."""
    match fmt:
        case MatchFormat.table:
            from gapplan.render.ranking import match_blocks

            return match_blocks(ranking, state)
        case MatchFormat.json:
            from gapplan.render.ranking import match_json

            return match_json(ranking, state)
        case MatchFormat.markdown:
            from gapplan.render.ranking import match_markdown

            return match_markdown(ranking, state)
        case _:
            assert_never(fmt)


def render_listing(fmt: ListFormat, view: ListView) -> str | list[Block]:
    match fmt:
        case ListFormat.table:
            return view.blocks()
        case ListFormat.json:
            from gapplan.render.fmt import dump_json

            return dump_json(view.data())
        case _:
            assert_never(fmt)


def render_export(fmt: ExportFormat, data: dict[str, Any]) -> str:
    match fmt:
        case ExportFormat.json:
            from gapplan.render.fmt import dump_json

            return dump_json(data)
        case ExportFormat.yaml:
            from gapplan.yamlio.reader import dump_yaml

            return dump_yaml(data)
        case _:
            assert_never(fmt)


def render_report(fmt: ReportFormat, report: PlanReport) -> str:
    match fmt:
        case ReportFormat.markdown:
            from gapplan.render.markdown import plan_markdown

            return plan_markdown(report)
        case ReportFormat.json:
            from gapplan.render.jsonout import plan_json

            return plan_json(report)
        case _:
            assert_never(fmt)


def render_summary(fmt: SummaryFormat, rows: Sequence[Row], *, link: bool) -> str:
    """``link``: the Markdown summary links each client to its Markdown report (CSV and JSON ignore it)."""
    match fmt:
        case SummaryFormat.csv:
            from gapplan.render.summary import batch_csv

            return batch_csv(rows, link=link)
        case SummaryFormat.json:
            from gapplan.render.summary import batch_json

            return batch_json(rows, link=link)
        case SummaryFormat.markdown:
            from gapplan.render.summary import batch_markdown

            return batch_markdown(rows, link=link)
        case _:
            assert_never(fmt)
