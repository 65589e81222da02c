"""Every role's SOC code is a real O*NET-SOC 2019 code and has BLS OEWS wage figures in data/wages.csv."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
import yaml

from gapplan.catalog.wages import COLUMNS, STATUSES

ROOT = Path(__file__).resolve().parents[2]
ROLES = ROOT / "data" / "roles.yaml"
WAGES = ROOT / "data" / "wages.csv"
OCCUPATIONS = ROOT / "tests" / "data" / "onet" / "occupations.csv"

WAGE_HEADER = list(COLUMNS)
WAGE_STATUSES = set(STATUSES)
AREAS_PER_SOC = 52  # the nation, 50 states and DC


def role_socs() -> list[tuple[str, str]]:
    doc: Any = yaml.safe_load(ROLES.read_text(encoding="utf-8"))
    return [(str(role["id"]), str(role["soc"])) for role in doc["roles"] if "soc" in role]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def onet_titles() -> dict[str, str]:
    return {row["code"]: row["title"] for row in read_csv(OCCUPATIONS)}


def national_wages() -> dict[str, dict[str, str]]:
    return {row["soc"]: row for row in read_csv(WAGES) if row["area"] == "US"}


ROLE_SOCS = role_socs()
ROLE_IDS = [role_id for role_id, _ in ROLE_SOCS]


def test_catalog_has_roles_with_soc_codes() -> None:
    assert len(ROLE_SOCS) >= 1


@pytest.mark.parametrize(("role_id", "soc"), ROLE_SOCS, ids=ROLE_IDS)
def test_role_soc_is_an_onet_soc_2019_code(role_id: str, soc: str) -> None:
    known = soc in onet_titles()

    assert known, f"role {role_id}: {soc} is not an O*NET-SOC 2019 code"


@pytest.mark.parametrize(("role_id", "soc"), ROLE_SOCS, ids=ROLE_IDS)
def test_role_soc_has_a_national_wage_row(role_id: str, soc: str) -> None:
    national = national_wages()

    row = national.get(soc[:7])

    assert row is not None, f"role {role_id}: no national row for SOC {soc[:7]} in data/wages.csv"
    assert row["median_status"] in WAGE_STATUSES
    if row["median_status"] == "ok":
        assert int(row["annual_median"]) > 0


def test_onet_list_is_sorted_unique_and_well_formed() -> None:
    rows = read_csv(OCCUPATIONS)

    codes = [row["code"] for row in rows]

    assert codes == sorted(set(codes))
    assert all(len(code) == 10 and code[2] == "-" and code[7] == "." for code in codes)
    assert all(row["title"].strip() == row["title"] != "" for row in rows)


def test_wages_csv_has_one_row_per_area_and_an_explicit_status_for_every_figure() -> None:
    text = WAGES.read_text(encoding="utf-8")
    rows = read_csv(WAGES)

    header = text.split("\n", 1)[0].split(",")
    keys = [(row["soc"], row["area"]) for row in rows]
    socs = {soc for soc, _ in keys}

    assert header == WAGE_HEADER
    assert "\r" not in text
    assert keys == sorted(set(keys))
    assert len(rows) == AREAS_PER_SOC * len(socs)
    assert socs == {soc[:7] for _, soc in ROLE_SOCS}
    for row in rows:
        for value, status in (
            ("employment", "employment_status"),
            ("annual_p25", "p25_status"),
            ("annual_median", "median_status"),
            ("annual_p75", "p75_status"),
        ):
            assert row[status] in WAGE_STATUSES, (row["soc"], row["area"], status)
            assert (row[status] == "ok") == row[value].isdigit(), (row["soc"], row["area"], value)
        assert row["release"] == "May 2025"
        assert row["source"].startswith("U.S. Bureau of Labor Statistics, Occupational Employment")
