"""BLS OEWS wages from ``wages.csv`` (see ``scripts/refresh_wages.py``): parsed, checked and located."""

from __future__ import annotations

import csv
import io

from gapplan.errors import CatalogError, Problem
from gapplan.models import Wage

COLUMNS = (
    "soc",
    "area",
    "bls_area",
    "area_name",
    "occupation",
    "employment",
    "employment_status",
    "annual_p25",
    "p25_status",
    "annual_median",
    "median_status",
    "annual_p75",
    "p75_status",
    "release",
    "source",
)
STATUSES = ("ok", "top-coded", "suppressed", "hourly-only", "no-estimate")


def parse_wages(content: bytes, file: str) -> list[Wage]:
    """Every row of a ``wages.csv`` as a :class:`Wage`; one located problem per bad row."""
    from pydantic import ValidationError

    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as err:
        raise CatalogError(f"not UTF-8 text (byte {err.start + 1})", file=file) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(header) != COLUMNS:
        raise CatalogError(f"the header must be: {','.join(COLUMNS)}", file=file, line=1)
    problems: list[Problem] = []
    wages: list[Wage] = []
    for row in reader:
        line = reader.line_num
        if not row:
            continue
        if len(row) != len(COLUMNS):
            problems.append(Problem(file, line, 0, f"expected {len(COLUMNS)} cells, found {len(row)}"))
            continue
        cell = dict(zip(COLUMNS, row, strict=True))
        bad = [
            c
            for c in ("employment_status", "p25_status", "median_status", "p75_status")
            if cell[c] not in STATUSES
        ]
        if bad:
            problems.append(Problem(file, line, 0, f"{bad[0]}: must be one of {', '.join(STATUSES)}"))
            continue
        try:
            wages.append(
                Wage(
                    soc=cell["soc"],
                    area=cell["area"],
                    area_name=cell["area_name"],
                    employment=_number(cell, "employment", "employment_status", int),
                    p25=_number(cell, "annual_p25", "p25_status", float),
                    median=_number(cell, "annual_median", "median_status", float),
                    p75=_number(cell, "annual_p75", "p75_status", float),
                    median_status=cell["median_status"],
                    release=cell["release"],
                )
            )
        except _BadCell as err:
            problems.append(Problem(file, line, 0, f"{err.column}: not a number"))
        except ValidationError as err:
            where = ".".join(str(p) for p in err.errors()[0]["loc"])
            problems.append(Problem(file, line, 0, f"{where}: {err.errors()[0]['msg']}"))
    if problems:
        raise CatalogError(problems=problems)
    return wages


class _BadCell(Exception):
    def __init__(self, column: str) -> None:
        super().__init__(column)
        self.column = column


def _number(
    cell: dict[str, str], column: str, status: str, kind: type[int] | type[float]
) -> int | float | None:
    """The cell's number when its status is ok; a bad or negative number raises :class:`_BadCell`."""
    if cell[status] != "ok":
        return None
    try:
        value = kind(cell[column])
    except ValueError:
        raise _BadCell(column) from None
    if not 0 <= value < 1e12:
        raise _BadCell(column)
    return value
