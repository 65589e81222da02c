"""When held credentials expire, what renewing them takes, and which renew others (cascades).

A held credential with an ``earned`` date and a renewal rule every N years expires N years after it was
earned. A held credential whose renewal renews it (``renewal.renews``, followed transitively: CASP+ renews
Security+, which renews Network+) expires no earlier than its renewer: its expiry follows the renewer's
(the later of its own and the renewer's). Later expiries within the horizon assume each renewal is made
on time. Recording a renewal is ``gapplan progress done CRED --date DATE`` again: a new earned date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from gapplan.models import Catalog, Profile, RenewalDate, RenewalItem, RenewalReport

SOON_DAYS = 90  # "expiring soon": the expiry is within this many days of the as-of date


def add_years(day: dt.date, years: float) -> dt.date:
    """``day`` plus ``years`` (whole months: ``round(years x 12)``); a day past the month's end becomes its
    last day (2024-02-29 + 1 year = 2025-02-28)."""
    months = round(years * 12)
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def status_on(
    expires: dt.date, as_of: dt.date, soon_days: int = SOON_DAYS
) -> Literal["expired", "expiring-soon", "valid"]:
    """``expired`` on or after the expiry date, ``expiring-soon`` within ``soon_days`` before it, else
    ``valid``."""
    if as_of >= expires:
        return "expired"
    if (expires - as_of).days <= soon_days:
        return "expiring-soon"
    return "valid"


def _renewers(catalog: Catalog, held: list[str]) -> dict[str, set[str]]:
    """Lower -> every held credential that renews it, directly or through a chain."""
    direct: dict[str, set[str]] = {}
    for cid in held:
        rule = catalog.credential_by_id[cid].renewal
        for lower in rule.renews if rule is not None else ():
            if lower in held and lower != cid:
                direct.setdefault(lower, set()).add(cid)
    closed: dict[str, set[str]] = {}
    for lower in direct:
        seen: set[str] = set()
        stack = list(direct[lower])
        while stack:
            node = stack.pop()
            if node in seen or node == lower:
                continue
            seen.add(node)
            stack.extend(direct.get(node, ()))
        closed[lower] = seen
    return closed


def renewals(
    catalog: Catalog,
    profile: Profile,
    *,
    as_of: dt.date,
    horizon_years: float = 5.0,
    soon_days: int = SOON_DAYS,
) -> RenewalReport:
    """Every held credential (by id): its status on ``as_of``, its expiries up to ``as_of`` +
    ``horizon_years`` and what renewing takes; ``unknown`` without an earned date, ``no-renewal`` when the
    catalog records no renewal rule (it does not expire)."""
    held = sorted(c for c in dict.fromkeys(profile.credentials) if c in catalog.credential_by_id)
    end = add_years(as_of, horizon_years)
    own: dict[str, dt.date] = {}
    for cid in held:
        rule = catalog.credential_by_id[cid].renewal
        if rule is not None and cid in profile.earned:
            own[cid] = add_years(profile.earned[cid], rule.every_years)
    renewed_by = _renewers(catalog, held)
    items: list[RenewalItem] = []
    for cid in held:
        cred = catalog.credential_by_id[cid]
        rule = cred.renewal
        earned = profile.earned.get(cid)
        renews = tuple(sorted(low for low, tops in renewed_by.items() if cid in tops))
        if rule is None:
            items.append(
                RenewalItem(
                    credential=cid, name=cred.name, issuer=cred.issuer, earned=earned, status="no-renewal"
                )
            )
            continue
        # The expiry follows the renewer with the latest expiry when that is later than its own.
        expires, by = own.get(cid), None
        for top in sorted(renewed_by.get(cid, ())):
            if top in own and (expires is None or own[top] > expires):
                expires, by = own[top], top
        top_rule = catalog.credential_by_id[by].renewal if by is not None else None
        every = top_rule.every_years if top_rule is not None else rule.every_years
        common = {
            "credential": cid,
            "name": cred.name,
            "issuer": cred.issuer,
            "earned": earned,
            "every_years": rule.every_years,
            "cost_usd": 0.0 if by else rule.cost_usd,
            "ce_hours": 0.0 if by else rule.ce_hours,
            "reexam": rule.reexam,
            "renewed_by": by,
            "renews": renews,
            "notes": rule.notes,
        }
        if expires is None:
            items.append(RenewalItem.model_validate({**common, "status": "unknown"}))
            continue
        dates: list[RenewalDate] = []
        day, k = expires, 0
        while k == 0 or day <= end:
            dates.append(RenewalDate(date=day, status=status_on(day, as_of, soon_days)))
            k += 1
            day = add_years(expires, every * k)
            if k > 1000:  # pragma: no cover - every_years > 0 and the horizon is bounded
                break
        items.append(
            RenewalItem.model_validate(
                {
                    **common,
                    "status": status_on(expires, as_of, soon_days),
                    "expires": expires,
                    "expiries": dates,
                }
            )
        )
    return RenewalReport(
        client=profile.name,
        as_of=as_of,
        horizon_years=horizon_years,
        soon_days=soon_days,
        items=tuple(items),
    )
