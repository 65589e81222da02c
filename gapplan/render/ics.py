"""iCalendar output: each step as an all-day event spanning its weeks (needs a start date)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from gapplan.errors import NothingToWriteError
from gapplan.render.blocks import clean
from gapplan.render.fmt import money, plural

if TYPE_CHECKING:
    from gapplan.render.formats import PlanReport


def _text(value: object) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    s = clean(value)
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += n
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def plan_ics(report: PlanReport) -> str:
    """The plan's steps as all-day events. Only a dated plan has a calendar: the command asks for a start
    date before planning, so an undated plan here is a bug. A plan with no step (already qualified, or
    blocked) has no calendar: :class:`NothingToWriteError` (exit 1), rather than an empty VCALENDAR."""
    plan = report.plan
    if plan.start is None:
        raise ValueError("an iCalendar needs a plan with a start date")
    if not any(s.start is not None and s.end is not None for s in plan.steps):
        # RFC 5545 (3.6) wants at least one component: an empty calendar is not a calendar
        why = plan.blocked_by if plan.status == "blocked" else f"status {plan.status}"
        raise NothingToWriteError(f"no step to put in a calendar ({why}); nothing written")
    stamp = plan.start.strftime("%Y%m%dT000000Z")  # fixed, so identical inputs give identical files
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//gapplan//credential plan//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text('gapplan: ' + plan.goal_name)}",
    ]
    for s in plan.steps:
        if s.start is None or s.end is None:
            continue
        end_exclusive = s.end + dt.timedelta(days=1)
        covers = ", ".join(f"{c.skill} {c.level}" for c in s.covers)
        desc = f"{s.issuer}. {plural(s.hours, 'hour')}, {money(s.cost_usd)}." + (
            f" Covers {covers}." if covers else ""
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{plan.goal}-{s.order}-{s.credential}@gapplan",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{s.start.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{end_exclusive.strftime('%Y%m%d')}",
            f"SUMMARY:{_text(f'{s.order}. {s.name}' + (' (later)' if s.phase == 'later' else ''))}",
            f"DESCRIPTION:{_text(desc)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
