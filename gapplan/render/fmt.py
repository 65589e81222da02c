"""How gapplan writes numbers for people and machines: money, hours, week spans, plurals and JSON."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gapplan.models import Ownership, Payback, Wage

# The schema of every JSON document gapplan prints (plans, gaps, batch summaries, role rankings).
SCHEMA_VERSION = 2


def money(value: float | None) -> str:
    """``$1,200``, ``$49.99``; ``-`` when there is no amount."""
    if value is None:
        return "-"
    return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"


def number(value: float | None) -> str:
    """Hours, years and other quantities: ``1,200``, ``7.5``; ``-`` when unknown."""
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def signed_money(value: float) -> str:
    """A change in cost: ``+$40``, ``-$15``."""
    return ("+" if value >= 0 else "-") + money(abs(value))


def signed_number(value: float) -> str:
    """A change in hours: ``+12``, ``-3.5``."""
    return ("+" if value >= 0 else "-") + number(abs(value))


def plural(count: float, noun: str, many: str | None = None) -> str:
    """``1 client``, ``2 clients``, ``1.5 hours``; ``many`` when the plural is not ``noun + "s"``."""
    shown = str(count) if isinstance(count, int) else number(count)
    return f"{shown} {noun if count == 1 else (many or noun + 's')}"


def weeks(start: int, end: int) -> str:
    """A step's weeks: ``3`` for a step within week 3, ``1-4`` for one spanning weeks 1 to 4."""
    return f"{start}-{end}" if end > start else str(end)


def duration(weeks: int) -> str:
    """A calendar length for people: ``3 weeks``, ``about 5 months``, ``about 2 years``."""
    if weeks < 9:
        return plural(weeks, "week")
    if weeks < 104:
        return f"about {plural(round(weeks / 4.345), 'month')}"
    years = round(weeks / 52 * 2) / 2
    return f"about {plural(int(years) if years.is_integer() else years, 'year')}"


def json_number(value: float | None) -> float | int | None:
    """A number for JSON: whole numbers as integers, others rounded to cents."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 2)


def csv_number(value: float | None) -> str:
    """A number for a spreadsheet cell: ``120``, ``49.99``; empty when unknown."""
    shown = json_number(value)
    return "" if shown is None else (str(shown) if isinstance(shown, int) else f"{shown:.2f}")


def dump_json(data: Any) -> str:
    """The one way gapplan prints JSON: indented, UTF-8 as is, ending with a newline.

    The text is always ``json.dumps(data, indent=2, ensure_ascii=False)`` and a newline. orjson writes it
    (a plan: 25 µs instead of 200) when :func:`_plain` shows it would write the same bytes; where it would
    not and the check does not look (integers beyond 64 bits, keys that are not strings, lone
    surrogates) orjson raises, and the standard library writes it, as it does everything else.
    """
    if _plain(data, 0):
        import orjson

        try:
            return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE).decode()
        except orjson.JSONEncodeError:
            pass
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_SCALARS = frozenset({str, int, bool, type(None)})
_MAX_DEPTH = 100  # orjson refuses nesting beyond 254 levels; json.dumps has its own limits and errors


def _plain(data: Any, depth: int) -> bool:
    """Whether ``data`` holds only the exact built-in JSON types, floats that Python and orjson write alike
    (zero, or fixed notation: 1e-4 <= |x| < 1e16; not NaN, infinity or exponents, where they differ), and
    nests no deeper than ``_MAX_DEPTH`` (so a cycle is not followed). Subclasses (enums), dataclasses,
    dates and the like are not plain: ``json.dumps`` handles or refuses them as it always has."""
    kind = type(data)
    if kind is dict:
        values: Iterable[Any] = data.values()
    elif kind is list or kind is tuple:
        values = data
    else:
        return kind in _SCALARS or (kind is float and (1e-4 <= abs(data) < 1e16 or data == 0.0))
    if depth >= _MAX_DEPTH:
        return False
    for value in values:
        kind = type(value)
        if kind is str or kind is int or kind is bool or value is None:
            continue
        if kind is float:
            if not (1e-4 <= abs(value) < 1e16 or value == 0.0):
                return False
        elif not _plain(value, depth + 1):
            return False
    return True


def wage_data(w: Wage) -> dict[str, Any]:
    """A wage for JSON: the area, the BLS figures and why a median is missing when it is."""
    return {
        "area": w.area,
        "area_name": w.area_name,
        "median_usd": json_number(w.median),
        "p25_usd": json_number(w.p25),
        "p75_usd": json_number(w.p75),
        "median_status": w.median_status,
        "employment": w.employment,
        "release": w.release,
    }


def wage_amount(w: Wage | None) -> str:
    """A wage in a table cell: ``$57,250``; ``top coded`` or ``suppressed`` when BLS publishes none."""
    if w is None:
        return "-"
    return money(w.median) if w.median is not None else w.median_status.replace("-", " ")


def wages_source(wages: Iterable[Wage | None]) -> str:
    """``BLS OEWS May 2025`` (each release named once); empty when there is no wage."""
    found = [w for w in wages if w is not None]
    releases = sorted({w.release for w in found if w.release})
    return f"BLS OEWS {', '.join(releases)}" if releases else ("BLS OEWS" if found else "")


def wage(w: Wage | None) -> str:
    """``$57,250 (Florida)``; why there is no figure when BLS publishes none."""
    if w is None:
        return "-"
    where = "US" if w.area == "US" else w.area_name
    if w.median is None:
        return f"{w.median_status.replace('-', ' ')} ({where})"
    return f"{money(w.median)} ({where})"


def ownership_line(o: Ownership) -> str:
    """``to keep: $450 and 120 CE hours over 5 years (2 renewals: renewal fees and continuing education)``."""
    span = plural(int(o.horizon_years) if float(o.horizon_years).is_integer() else o.horizon_years, "year")
    renewals = plural(sum(i.renewals for i in o.items), "renewal")
    return (
        f"to keep: {money(o.cost_usd)} and {plural(o.ce_hours, 'CE hour')} over {span} "
        f"({renewals}: renewal fees and continuing education)"
    )


def payback_line(p: Payback) -> str:
    """Whether the route pays: the medians compared, and the months until the gain covers the cost."""
    if p.payback_months is None or p.break_even_months is None or p.gain_per_year is None:
        return f"does it pay: no figure ({p.reason or 'the wage does not rise'})"
    whose = "your wage" if p.current_source == "given" else "your role's median"
    compare = f"median {money(p.goal_median)} against {money(p.current_median)} ({whose}, {p.area_name})"
    back = plural(p.payback_months, "month")
    even = plural(p.break_even_months, "month")
    return (
        f"does it pay: {compare}: {signed_money(p.gain_per_year)} a year; the path's {money(p.cost_usd)} "
        f"is paid back {back} after it ends ({even} from the start). BLS OEWS {p.release} medians, "
        "not a promise."
    )
