"""A cache hit builds the catalog without validating it: the result is the validated catalog, field for
field (values, value types, defaults, set fields), it plans the same, and a cache that does not check out
is ignored for a full load."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import gapplan.catalog
from gapplan import models
from gapplan.catalog import LoadedCatalog, cache, load_catalog
from gapplan.models import Budget, Catalog, Credential, HeldSkill, Profile
from gapplan.planning.planner import make_plan

TODAY = dt.date(2026, 1, 5)


def _loads(dirs: tuple[Path, ...], builtin: bool, tmp_path: Path) -> tuple[LoadedCatalog, LoadedCatalog]:
    """The catalog validated (writing the cache), then read back from the cache."""
    validated = load_catalog(dirs, builtin=builtin, cache_dir=tmp_path / "cache")
    cached = load_catalog(dirs, builtin=builtin, cache_dir=tmp_path / "cache")
    assert validated.origins  # parsed
    assert cached.origins == {}  # from the cache
    return validated, cached


def _same(a: Any, b: Any, where: str = "catalog") -> None:
    """``a`` and ``b`` hold the same values of the same types, recursively; models have the same fields in
    the same order and the same set fields."""
    assert type(a) is type(b), where
    if isinstance(a, BaseModel):
        fields = type(a).model_fields
        assert [k for k in a.__dict__ if k in fields] == [k for k in b.__dict__ if k in fields], where
        assert list(b.__dict__) == list(fields), where  # built from the cache: the fields only
        assert a.model_fields_set == b.model_fields_set, where
        assert (a.__pydantic_extra__, a.__pydantic_private__) == (
            b.__pydantic_extra__,
            b.__pydantic_private__,
        )
        for name in fields:
            _same(getattr(a, name), getattr(b, name), f"{where}.{name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


@pytest.mark.parametrize("which", ["embedded", "small"])
def test_a_catalog_from_the_cache_is_the_validated_one(which: str, small: Path, tmp_path: Path) -> None:
    dirs, builtin = ((), True) if which == "embedded" else ((small,), False)

    validated, cached = _loads(dirs, builtin, tmp_path)

    assert cached.catalog == validated.catalog
    _same(validated.catalog, cached.catalog)
    assert (cached.warnings, cached.files) == (validated.warnings, validated.files)


def test_the_derived_lookups_of_a_cached_catalog_are_the_same(tmp_path: Path) -> None:
    validated, cached = _loads((), True, tmp_path)
    v, c = validated.catalog, cached.catalog

    assert c.credential_by_id == v.credential_by_id
    assert c.skill_by_id == v.skill_by_id
    assert c.role_by_id == v.role_by_id
    assert c.skill_lookup == v.skill_lookup
    assert c.wage_by == v.wage_by
    assert [s.shelf_life for s in c.skills] == [s.shelf_life for s in v.skills]
    role = c.role_by_id["data-analyst"]
    assert c.wage(role) == v.wage(v.role_by_id["data-analyst"])


def test_unset_fields_share_the_defaults_as_validation_does(tmp_path: Path) -> None:
    validated, cached = _loads((), True, tmp_path)
    default = Credential.model_fields["requires"].default

    for v, c in zip(validated.catalog.credentials, cached.catalog.credentials, strict=True):
        assert (c.requires is default) == (v.requires is default)
        if "grants" not in v.model_fields_set:
            assert c.grants is v.grants


@pytest.mark.parametrize(
    "profile",
    [
        pytest.param(Profile(), id="from-scratch"),
        pytest.param(
            Profile(
                skills=(HeldSkill(skill="excel", level=3), HeldSkill(skill="sql", level=1, last_used=2019)),
                budget=Budget(usd=800, hours=200, hours_per_week=8),
            ),
            id="budget",
        ),
    ],
)
@pytest.mark.parametrize("role", ["data-analyst", "electrician", "accountant"])
def test_a_cached_catalog_plans_the_same(role: str, profile: Profile, tmp_path: Path) -> None:
    validated, cached = _loads((), True, tmp_path)

    want = make_plan(validated.catalog, profile, role, today=TODAY, explain=True)
    got = make_plan(cached.catalog, profile, role, today=TODAY, explain=True)

    assert got.model_dump_json() == want.model_dump_json()


def test_a_cache_hit_neither_parses_nor_validates(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_catalog((small,), builtin=False, cache_dir=tmp_path)

    def no_load(*args: object) -> None:
        raise AssertionError("parsed and validated again")

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated")

    monkeypatch.setattr(gapplan.catalog, "_load", no_load)
    monkeypatch.setattr(Catalog, "model_validate_json", no_validation)
    monkeypatch.setattr(Catalog, "model_validate", no_validation)

    assert load_catalog((small,), builtin=False, cache_dir=tmp_path).origins == {}


def _rewrite(path: Path, edit: Any) -> None:
    """Change the cache's body and write it back with a checksum that matches (as if this code wrote it)."""
    payload = path.read_bytes().partition(b"\n")[2]
    header, _, body = payload.partition(b"\n")
    payload = header + b"\n" + json.dumps(edit(json.loads(body))).encode()
    path.write_bytes(cache.MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)


def _credentials(body: list[Any]) -> list[Any]:
    names = [shape.cls for shape in cache.shapes()]
    pool: list[Any] = body[names.index(Credential)]
    return pool


def _drop_a_value(body: list[Any]) -> list[Any]:
    _credentials(body)[0].pop()
    return body


def _drop_a_required_field(body: list[Any]) -> list[Any]:
    entry = _credentials(body)[0]
    entry[0] &= ~(1 << list(Credential.model_fields).index("id"))
    return body


def _point_past_a_pool(body: list[Any]) -> list[Any]:
    body[-1][0][1] = [10**6]  # the catalog's skills: an index no pool has
    return body


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(_drop_a_value, id="a-value-missing"),
        pytest.param(_drop_a_required_field, id="a-required-field-unset"),
        pytest.param(_point_past_a_pool, id="an-index-past-its-pool"),
        pytest.param(lambda body: body[:-1], id="a-pool-missing"),
        pytest.param(lambda body: {"skills": []}, id="not-a-list"),
        pytest.param(lambda body: [[["x"]] for _ in body], id="a-mask-that-is-text"),
    ],
)
def test_a_cache_that_does_not_build_falls_back_to_the_full_load(
    small: Path, tmp_path: Path, edit: Any
) -> None:
    load_catalog((small,), builtin=False, cache_dir=tmp_path)
    (path,) = tmp_path.iterdir()
    good = path.read_bytes()
    _rewrite(path, edit)

    loaded = load_catalog((small,), builtin=False, cache_dir=tmp_path)

    assert loaded.origins  # parsed again
    assert loaded.catalog == load_catalog((small,), builtin=False).catalog
    assert path.read_bytes() == good  # and the cache rewritten


def test_a_tampered_cache_is_ignored(small: Path, tmp_path: Path) -> None:
    load_catalog((small,), builtin=False, cache_dir=tmp_path)
    (path,) = tmp_path.iterdir()
    first, _, payload = path.read_bytes().partition(b"\n")
    assert b"100.0" in payload  # a credential's cost
    path.write_bytes(first + b"\n" + payload.replace(b"100.0", b"0.0", 1))  # the checksum no longer matches

    loaded = load_catalog((small,), builtin=False, cache_dir=tmp_path)

    assert loaded.origins  # parsed, not read from the cache
    assert loaded.catalog == load_catalog((small,), builtin=False).catalog


def test_the_key_covers_the_code_of_the_models(monkeypatch: pytest.MonkeyPatch) -> None:
    labels, sources = ("x",), [("skills", "x/skills.yaml", b"skills: []\n")]
    key = cache.cache_key(labels, sources)
    assert cache.models_digest() == hashlib.sha256(Path(models.__file__).read_bytes()).digest()

    monkeypatch.setattr(cache, "models_digest", lambda: b"other models")

    assert cache.cache_key(labels, sources) != key


def test_a_catalog_the_cache_cannot_keep_is_not_cached(
    small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(catalog: Catalog) -> object:
        raise cache.Uncacheable("no")

    monkeypatch.setattr(cache, "encode", refuse)

    loaded = load_catalog((small,), builtin=False, cache_dir=tmp_path)

    assert loaded.origins
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [
        ["catalog", "export", "--format", "json"],
        ["catalog", "export", "--format", "yaml"],
        ["catalog", "check"],
        ["roles", "--format", "json", "--state", "FL"],
        ["credential", "pmp", "--format", "json"],
        ["skills", "excel"],
        ["gap", "--goal", "data-analyst", "--have", "excel:4", "--format", "json"],
        ["plan", "--goal", "registered-nurse", "--state", "TX", "--budget-usd", "900", "--format", "json"],
        ["match", "--have", "sql:3", "--have", "excel:4", "--format", "json"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_command_reads_the_same_from_the_cache(args: list[str], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gapplan.cli import app

    runner = CliRunner()
    parsed = runner.invoke(app, args)  # this test's own cache folder is empty: parsed, then cached
    cached = runner.invoke(app, args)

    assert (cached.exit_code, cached.stdout, cached.stderr) == (
        parsed.exit_code,
        parsed.stdout,
        parsed.stderr,
    )
    assert parsed.exit_code in (0, 1)
