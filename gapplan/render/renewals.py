"""The renewals report in every format: a terminal table, JSON, Markdown and an iCalendar with reminders."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, assert_never

from gapplan.render.fmt import SCHEMA_VERSION, dump_json, json_number, money, plural

if TYPE_CHECKING:
    from gapplan.models import RenewalItem, RenewalReport
    from gapplan.render.blocks import Block

RenewalFormatName = Literal["table", "json", "markdown", "ics"]
ALARM_DAYS = (90, 30, 7)  # iCalendar reminders before each expiry

_STATUS = {
    "valid": "Valid",
    "expiring-soon": "Expiring soon",
    "expired": "Expired",
    "unknown": "unknown: add earned",
    "no-renewal": "does not expire",
}


def render_renewals(fmt: RenewalFormatName, report: RenewalReport) -> str | list[Block]:
    """The one dispatcher of the renewals report."""
    if fmt == "table":
        return renewals_blocks(report)
    if fmt == "json":
        return renewals_json(report)
    if fmt == "markdown":
        return renewals_markdown(report)
    if fmt == "ics":
        return renewals_ics(report)
    assert_never(fmt)


def takes(item: RenewalItem) -> str:
    """What renewing takes, in words: ``$150 and 50 CE hours every 3 years``, or who renews it."""
    if item.status == "no-renewal":
        return "nothing: it does not expire"
    if item.renewed_by is not None:
        return f"renewed with {item.renewed_by}"
    parts = []
    if item.cost_usd:
        parts.append(money(item.cost_usd))
    if item.ce_hours:
        parts.append(plural(item.ce_hours, "CE hour"))
    if item.reexam:
        parts.append("a re-exam")
    what = " and ".join(parts) if parts else "no fee"
    every = item.every_years if item.every_years is not None else 0
    return f"{what} every {plural(int(every) if float(every).is_integer() else every, 'year')}"


def _later(item: RenewalItem) -> str:
    return ", ".join(str(d.date) for d in item.expiries[1:])


def _heading(report: RenewalReport) -> str:
    who = f" of {report.client}" if report.client else ""
    return (
        f"Renewals{who} on {report.as_of}, looking {plural(_years(report.horizon_years), 'year')} ahead "
        f"(expiring soon: within {report.soon_days} days)"
    )


def _years(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


# --------------------------------------------------------------------------- terminal


def renewals_blocks(report: RenewalReport) -> list[Block]:
    from gapplan.render.blocks import Line, Table, rows_of

    blocks: list[Block] = [Line(_heading(report), "heading")]
    if not report.items:
        blocks.append(Line("No held credentials in the profile."))
        return blocks
    rows = rows_of(
        (
            i.credential,
            _STATUS[i.status],
            str(i.earned or "-"),
            str(i.expires or "-"),
            takes(i),
            _later(i),
        )
        for i in report.items
    )
    blocks.append(Table(("credential", "status", "earned", "expires", "renewal takes", "then"), rows))
    for i in report.items:
        if i.renews:
            blocks.append(Line(f"{i.credential} also renews {', '.join(i.renews)}", "dim"))
    return blocks


# --------------------------------------------------------------------------- JSON


def _item_data(i: RenewalItem) -> dict[str, Any]:
    return {
        "credential": i.credential,
        "name": i.name,
        "issuer": i.issuer,
        "status": i.status,
        "earned": i.earned.isoformat() if i.earned else None,
        "expires": i.expires.isoformat() if i.expires else None,
        "expiries": [{"date": d.date.isoformat(), "status": d.status} for d in i.expiries],
        "every_years": json_number(i.every_years),
        "cost_usd": json_number(i.cost_usd),
        "ce_hours": json_number(i.ce_hours),
        "reexam": i.reexam,
        "renewed_by": i.renewed_by,
        "renews": list(i.renews),
        "notes": i.notes,
    }


def renewals_json(report: RenewalReport) -> str:
    return dump_json(
        {
            "schema_version": SCHEMA_VERSION,
            "client": report.client,
            "as_of": report.as_of.isoformat(),
            "horizon_years": json_number(report.horizon_years),
            "soon_days": report.soon_days,
            "credentials": [_item_data(i) for i in report.items],
        }
    )


# --------------------------------------------------------------------------- Markdown


def renewals_markdown(report: RenewalReport) -> str:
    from gapplan.render.markdown import md

    lines = [f"# {md(_heading(report))}", ""]
    if not report.items:
        return "\n".join([*lines, "No held credentials in the profile."]) + "\n"
    lines += [
        "| Credential | Status | Earned | Expires | Renewal takes | Then |",
        "|---|---|---|---|---|---|",
    ]
    for i in report.items:
        cells = [
            f"{md(i.name)} (`{i.credential}`)",
            _STATUS[i.status],
            str(i.earned or "-"),
            str(i.expires or "-"),
            md(takes(i)),
            _later(i),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    cascades = [
        f"- `{i.credential}` also renews {', '.join(f'`{r}`' for r in i.renews)}"
        for i in report.items
        if i.renews
    ]
    if cascades:
        lines += ["", *cascades]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- iCalendar


def renewals_ics(report: RenewalReport) -> str:
    """One all-day event per expiry, each with a display alarm 90, 30 and 7 days before it. DTSTAMP is the
    as-of date at midnight UTC, so the same inputs give the same file."""
    from gapplan.render.ics import _fold, _text

    stamp = report.as_of.strftime("%Y%m%dT000000Z")
    name = "gapplan: renewals" + (f" of {report.client}" if report.client else "")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gapplan//credential renewals//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    for item in report.items:
        for expiry in item.expiries:
            day = expiry.date
            end = day + dt.timedelta(days=1)
            summary = f"{item.name} expires"
            desc = f"{item.issuer}. Renewal takes {takes(item)}." + (
                f" Renewing it also renews {', '.join(item.renews)}." if item.renews else ""
            )
            lines += [
                "BEGIN:VEVENT",
                f"UID:renewal-{item.credential}-{day.strftime('%Y%m%d')}@gapplan",
                f"DTSTAMP:{stamp}",
                f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                f"DTEND;VALUE=DATE:{end.strftime('%Y%m%d')}",
                f"SUMMARY:{_text(summary)}",
                f"DESCRIPTION:{_text(desc)}",
                "TRANSP:TRANSPARENT",
            ]
            for days in ALARM_DAYS:
                lines += [
                    "BEGIN:VALARM",
                    "ACTION:DISPLAY",
                    f"TRIGGER:-P{days}D",
                    f"DESCRIPTION:{_text(f'{item.name} expires in {days} days ({day})')}",
                    "END:VALARM",
                ]
            lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
