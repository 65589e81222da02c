"""The catalog cache is never trusted: whatever sits at its path is ignored and rebuilt, never blocks,
never crashes, and a truncated or edited file is caught by its checksum."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapplan.catalog import load_catalog
from gapplan.cli import app
from gapplan.commands._load import cache_dir


def _cache_file(small: Path, cache: Path) -> Path:
    load_catalog((small,), builtin=False, cache_dir=cache)
    (path,) = cache.iterdir()
    return path


def _from_cache(small: Path, cache: Path) -> bool:
    return load_catalog((small,), builtin=False, cache_dir=cache).origins == {}


def test_a_good_cache_is_used(small: Path, tmp_path: Path) -> None:
    _cache_file(small, tmp_path / "cache")

    assert _from_cache(small, tmp_path / "cache")


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b"[" * 5_000_000, id="five-million-brackets"),
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b.replace(b'"SQL"', b'"SQX"', 1), id="edited-body"),
        pytest.param(lambda b: b.split(b"\n", 1)[1], id="no-checksum"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"\xff\xfe" + b, id="garbage-first"),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(small: Path, tmp_path: Path, damage: object) -> None:
    cache = tmp_path / "cache"
    path = _cache_file(small, cache)
    good = path.read_bytes()
    assert callable(damage)
    path.write_bytes(damage(good))

    loaded = load_catalog((small,), builtin=False, cache_dir=cache)

    assert loaded.origins != {}  # parsed again, not read from the damaged file
    assert loaded.catalog == load_catalog((small,), builtin=False).catalog
    assert path.read_bytes() == good  # rebuilt
    assert _from_cache(small, cache)


def test_an_edited_catalog_in_the_cache_is_not_trusted(small: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = _cache_file(small, cache)
    first, _, payload = path.read_bytes().partition(b"\n")
    path.write_bytes(first + b"\n" + payload.replace(b'"SQL"', b'"Evil"', 1))

    loaded = load_catalog((small,), builtin=False, cache_dir=cache)

    assert "Evil" not in {s.name for s in loaded.catalog.skills}


def test_a_fifo_at_the_cache_path_does_not_block_and_is_replaced(small: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = _cache_file(small, cache)
    path.unlink()
    os.mkfifo(path)
    code = (
        "import sys; from pathlib import Path; from gapplan.catalog import load_catalog; "
        "load_catalog((Path(sys.argv[1]),), builtin=False, cache_dir=Path(sys.argv[2]))"
    )

    # in a child process: if opening the FIFO blocked, the timeout would say so
    subprocess.run([sys.executable, "-c", code, str(small), str(cache)], check=True, timeout=60)

    assert stat.S_ISREG(os.lstat(path).st_mode)
    assert _from_cache(small, cache)


def test_a_link_at_the_cache_path_is_not_followed(small: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    path = _cache_file(small, cache)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    before = elsewhere.read_bytes()

    loaded = load_catalog((small,), builtin=False, cache_dir=cache)

    assert loaded.origins != {}  # the link was not read
    assert not path.is_symlink()  # it was replaced by a file of the cache's own
    assert elsewhere.read_bytes() == before


def test_a_relative_xdg_cache_home_is_ignored(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))

    assert cache_dir() == tmp_path / "home" / ".cache" / "gapplan"
    result = CliRunner().invoke(app, ["skills", "--no-builtin", "--catalog", str(small)])

    assert result.exit_code == 0
    assert not (tmp_path / "relative-cache").exists()
    assert (tmp_path / "home" / ".cache" / "gapplan").is_dir()


def test_a_hostile_cache_does_not_break_a_command(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    runner = CliRunner()
    args = ["skills", "--no-builtin", "--catalog", str(small)]
    assert runner.invoke(app, args).exit_code == 0
    (path,) = (cache / "gapplan").iterdir()
    path.write_bytes(b"[" * 5_000_000)

    result = runner.invoke(app, args)

    assert (result.exit_code, result.stderr) == (0, "")
    assert path.read_bytes()[:1] != b"["
