"""Renewals: expiry dates, statuses on the as-of date, cascades, and the iCalendar with its reminders."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from factories import catalog, cred

from gapplan.advisor.renewals import add_years, renewals
from gapplan.models import Catalog, Credential, Profile, Renewal
from gapplan.render.renewals import render_renewals


def with_renewal(cid: str, renewal: Renewal | None, *, name: str | None = None) -> Credential:
    base = cred(cid, kind="certification")
    return base.model_copy(update={"renewal": renewal, "name": name or base.name})


LONG = "Cloud, Badge; Yearly: a credential name long enough that its iCalendar lines fold – twice over"

# A+ < Network+ < Security+ (Security+ renews both, as CompTIA's CE programme does), a yearly cloud
# badge, a lifetime course.
CAT: Catalog = catalog(
    [],
    [
        with_renewal("a-plus", Renewal(every_years=3, cost_usd=75, ce_hours=20)),
        with_renewal("network-plus", Renewal(every_years=3, cost_usd=150, ce_hours=30, renews=("a-plus",))),
        with_renewal(
            "security-plus", Renewal(every_years=3, cost_usd=150, ce_hours=50, renews=("network-plus",))
        ),
        with_renewal("cloud", Renewal(every_years=1, reexam=True), name=LONG),
        with_renewal("course", None),
    ],
    [],
)
AS_OF = dt.date(2027, 6, 1)


def report_for(**earned: str) -> dict[str, Any]:
    prof = Profile.model_validate(
        {"name": "Alex", "credentials": [{"id": c, "earned": d} if d else c for c, d in earned.items()]}
    )
    data = json.loads(str(render_renewals("json", renewals(CAT, prof, as_of=AS_OF, horizon_years=5))))
    return {c["credential"]: c for c in data["credentials"]}


def test_add_years_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 1, 31), 0.5) == dt.date(2024, 7, 31)
    assert add_years(dt.date(2024, 8, 31), 0.5) == dt.date(2025, 2, 28)


@pytest.mark.parametrize(
    ("earned", "status", "expires"),
    [
        ("2025-01-15", "valid", "2028-01-15"),
        ("2024-08-30", "expiring-soon", "2027-08-30"),  # 90 days after the as-of date: soon
        ("2024-08-31", "valid", "2027-08-31"),  # 91 days: valid
        ("2024-06-01", "expired", "2027-06-01"),  # expires on the as-of date: expired
        ("2020-01-01", "expired", "2023-01-01"),
    ],
)
def test_status_on_the_as_of_date(earned: str, status: str, expires: str) -> None:
    item = report_for(**{"a-plus": earned})["a-plus"]

    assert (item["status"], item["expires"]) == (status, expires)


def test_expiries_repeat_every_cycle_up_to_the_horizon_and_say_what_renewal_takes() -> None:
    items = report_for(**{"a-plus": "2025-01-15", "cloud": "2027-03-01", "course": "2020-01-01"})

    assert [e["date"] for e in items["a-plus"]["expiries"]] == ["2028-01-15", "2031-01-15"]
    assert (items["a-plus"]["cost_usd"], items["a-plus"]["ce_hours"]) == (75, 20)
    assert [e["date"] for e in items["cloud"]["expiries"]] == [f"{y}-03-01" for y in range(2028, 2033)]
    assert items["cloud"]["reexam"] is True
    assert items["course"]["status"] == "no-renewal"
    assert items["course"]["expiries"] == []


def test_a_higher_credential_renews_the_lower_ones_and_their_expiry_follows_it() -> None:
    items = report_for(
        **{"a-plus": "2021-05-01", "network-plus": "2023-02-01", "security-plus": "2026-09-10"}
    )

    assert items["security-plus"]["renews"] == ["a-plus", "network-plus"]
    for lower in ("a-plus", "network-plus"):
        assert items[lower]["renewed_by"] == "security-plus"
        assert items[lower]["expires"] == "2029-09-10"  # Security+'s, not its own (2024 / 2026)
        assert items[lower]["status"] == "valid"
        assert (items[lower]["cost_usd"], items[lower]["ce_hours"]) == (0, 0)
    assert items["network-plus"]["renews"] == ["a-plus"]


def test_a_renewer_that_expires_earlier_does_not_shorten_a_credential() -> None:
    items = report_for(**{"a-plus": "2026-01-01", "network-plus": "2024-01-01"})

    assert (items["a-plus"]["expires"], items["a-plus"]["renewed_by"]) == ("2029-01-01", None)
    assert items["network-plus"]["status"] == "expired"


def test_without_an_earned_date_the_status_is_unknown_unless_a_renewer_dates_it() -> None:
    items = report_for(**{"a-plus": "", "cloud": "", "network-plus": "2026-01-01"})

    assert (items["cloud"]["status"], items["cloud"]["expires"]) == ("unknown", None)
    assert (items["a-plus"]["status"], items["a-plus"]["expires"]) == ("valid", "2029-01-01")

    table = render_renewals("table", renewals(CAT, Profile(credentials=("cloud",)), as_of=AS_OF))
    from gapplan.render.blocks import to_plain

    assert "unknown: add earned" in to_plain(table)  # type: ignore[arg-type]


def test_the_ics_parses_with_one_event_per_expiry_and_three_alarms() -> None:
    icalendar = pytest.importorskip("icalendar")
    prof = Profile.model_validate(
        {
            "credentials": [
                {"id": "security-plus", "earned": "2026-09-10"},
                {"id": "cloud", "earned": "2027-03-01"},
            ]
        }
    )
    text = str(render_renewals("ics", renewals(CAT, prof, as_of=AS_OF, horizon_years=2)))

    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "\r\n " in text  # folded
    cal = icalendar.Calendar.from_ical(text)
    events = sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        (f"{LONG} expires", dt.date(2028, 3, 1)),
        (f"{LONG} expires", dt.date(2029, 3, 1)),
        ("Security Plus expires", dt.date(2029, 9, 10)),
    ]
    for event in events:
        assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(days=1)
        assert event.decoded("DTSTAMP") == dt.datetime(2027, 6, 1, tzinfo=dt.UTC)
        alarms = event.walk("VALARM")
        assert [a.decoded("TRIGGER") for a in alarms] == [dt.timedelta(days=-d) for d in (90, 30, 7)]
        assert {str(a["ACTION"]) for a in alarms} == {"DISPLAY"}
    assert "Renewing it also renews" not in str(events[2]["DESCRIPTION"])  # nothing lower is held


def test_the_ics_is_deterministic() -> None:
    prof = Profile.model_validate({"credentials": [{"id": "a-plus", "earned": "2025-01-15"}]})

    first = render_renewals("ics", renewals(CAT, prof, as_of=AS_OF))
    assert first == render_renewals("ics", renewals(CAT, prof, as_of=AS_OF))
