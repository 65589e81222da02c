"""Loading, merging and cross-checking catalog folders."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from gapplan.catalog import export_data, load_catalog
from gapplan.errors import CatalogError
from gapplan.yamlio.reader import dump_yaml, parse_yaml


def write(folder: Path, kind: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{kind}.yaml"
    path.write_text(text)
    return path


def problems(*dirs: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(dirs, builtin=False)
    return info.value.lines()


SKILLS = "skills:\n  - {id: sql, name: SQL, category: technical}\n  - {id: excel, name: Excel, category: technical}\n"


def test_later_folder_replaces_entries_with_the_same_id(small: Path, tmp_path: Path) -> None:
    write(
        tmp_path,
        "credentials",
        (
            "credentials:\n"
            "  - {id: pl-300, name: PL-300 at a discount, issuer: Microsoft, kind: certification,"
            " cost_usd: 99, hours: 60, grants: [{skill: sql, level: 3}]}\n"
        ),
    )
    catalog = load_catalog((small, tmp_path), builtin=False).catalog
    assert catalog.credential_by_id["pl-300"].cost_usd == 99
    assert catalog.credential_by_id["pl-300"].name == "PL-300 at a discount"
    assert len(catalog.credentials) == 6
    assert catalog.folders == (str(small), str(tmp_path))


def test_model_errors_name_file_line_column_and_dotted_path(tmp_path: Path) -> None:
    write(tmp_path, "skills", SKILLS)
    path = write(
        tmp_path,
        "credentials",
        (
            "credentials:\n"
            "  - id: a\n"
            "    name: A\n"
            "    issuer: X\n"
            "    kind: certification\n"
            "    cost_usd: -5\n"
            "    hours: 10\n"
            "    delivery: by-post\n"
            "    grants: [{skill: sql, level: 7}]\n"
            "    colour: red\n"
        ),
    )
    assert problems(tmp_path) == [
        f"{path}:6:15: credentials[0].cost_usd: must be >= 0",
        f"{path}:8:15: credentials[0].delivery: must be one of 'online', 'in-person' or 'hybrid'",
        f"{path}:9:34: credentials[0].grants[0].level: must be <= 5",
        f"{path}:10:5: credentials[0].colour: unknown key 'colour'",
    ]


def test_missing_key_and_wrong_types_are_reported_with_what_was_found(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "skills",
        (
            "skills:\n"
            "  - {id: sql, category: technical}\n"
            "  - {id: Bad Id, name: x, category: technical, shelf_life_years: 'two'}\n"
            "  - {id: ok, name: yes, category: NO}\n"
        ),
    )
    assert problems(tmp_path) == [
        f"{path}:2:5: skills[0].name: required key missing",
        f"{path}:3:10: skills[1].id: must be a kebab-case id (lowercase letters and digits joined by single hyphens)",
        f"{path}:3:66: skills[1].shelf_life_years: must be a number, found the text 'two'",
        f"{path}:4:35: skills[2].category: must be one of 'technical', 'durable' or 'domain'",
    ]


def test_unknown_ids_are_all_reported_sorted_with_suggestions(tmp_path: Path) -> None:
    write(tmp_path, "skills", SKILLS)
    creds = write(
        tmp_path,
        "credentials",
        (
            "credentials:\n"
            "  - {id: a, name: A, issuer: X, kind: course, cost_usd: 1, hours: 1, grants: [{skill: sqll, level: 2}],"
            " requires: {credentials: [[b, zzz]]}}\n"
            "  - {id: b, name: B, issuer: X, kind: course, cost_usd: 1, hours: 1, parts: [a, c]}\n"
        ),
    )
    roles = write(
        tmp_path,
        "roles",
        (
            "roles:\n"
            "  - {id: r, name: R, industry: x, requires: [{skill: exel, level: 2}], mandatory: [q], related: [s]}\n"
        ),
    )
    assert problems(tmp_path) == [
        f"{creds}:2:87: unknown skill 'sqll' (did you mean: sql?)",
        f"{creds}:2:134: unknown credential 'zzz'",
        f"{creds}:3:81: unknown credential 'c'",
        f"{roles}:2:54: unknown skill 'exel' (did you mean: excel?)",
        f"{roles}:2:84: unknown credential 'q'",
        f"{roles}:2:98: unknown role 's'",
    ]


def test_prerequisite_cycle_is_printed(tmp_path: Path) -> None:
    write(tmp_path, "skills", SKILLS)
    creds = write(
        tmp_path,
        "credentials",
        (
            "credentials:\n"
            "  - {id: a, name: A, issuer: X, kind: course, cost_usd: 1, hours: 1, requires: {credentials: [b]}}\n"
            "  - {id: b, name: B, issuer: X, kind: course, cost_usd: 1, hours: 1, requires: {credentials: [c]}}\n"
            "  - {id: c, name: C, issuer: X, kind: course, cost_usd: 1, hours: 1, parts: [a]}\n"
            "  - {id: d, name: D, issuer: X, kind: course, cost_usd: 1, hours: 1, requires: {credentials: [[a, e]]}}\n"
            "  - {id: e, name: E, issuer: X, kind: course, cost_usd: 1, hours: 1}\n"
        ),
    )
    assert problems(tmp_path) == [
        f"{creds}:2:5: prerequisites form a cycle and can never be met: a -> c -> b -> a",
        f"{creds}:3:5: prerequisites form a cycle and can never be met: a -> c -> b -> a",
        f"{creds}:4:5: prerequisites form a cycle and can never be met: a -> c -> b -> a",
    ]


def test_any_of_group_with_an_earnable_member_is_not_a_cycle(tmp_path: Path) -> None:
    write(tmp_path, "skills", SKILLS)
    write(
        tmp_path,
        "credentials",
        (
            "credentials:\n"
            "  - {id: a, name: A, issuer: X, kind: course, cost_usd: 1, hours: 1, requires: {credentials: [[b, c]]}}\n"
            "  - {id: b, name: B, issuer: X, kind: course, cost_usd: 1, hours: 1, requires: {credentials: [a]}}\n"
            "  - {id: c, name: C, issuer: X, kind: course, cost_usd: 1, hours: 1}\n"
        ),
    )
    assert len(load_catalog((tmp_path,), builtin=False).catalog.credentials) == 3


def test_duplicate_ids_in_one_folder_are_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "skills", SKILLS + "  - {id: sql, name: SQL again, category: technical}\n")
    assert problems(tmp_path) == [f"{path}:4:10: duplicate skill id 'sql' (first at line 2)"]


def test_role_level_no_credential_reaches_is_a_warning(small: Path, tmp_path: Path) -> None:
    roles = write(
        tmp_path,
        "roles",
        (
            "roles:\n  - {id: guru, name: SQL Guru, industry: technology, requires: [{skill: sql, level: 5}]}\n"
        ),
    )
    loaded = load_catalog((small, tmp_path), builtin=False)
    assert [str(w) for w in loaded.warnings] == [
        f"{roles}:2:85: warning: requires 'sql' at level 5, but no credential grants more than level 3"
    ]


def test_top_level_shape_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "skills", "- {id: sql, name: SQL, category: technical}\n")
    assert problems(tmp_path) == [f"{path}:1:1: expected a mapping with the key 'skills', found a list"]
    path.write_text("skill:\n  - {id: sql, name: SQL, category: technical}\n")
    assert problems(tmp_path) == [
        f"{path}:1:1: missing the top-level key 'skills'",
        f"{path}:1:1: unknown top-level key 'skill' (expected 'skills')",
    ]


def test_folder_without_catalog_files_is_an_error(tmp_path: Path) -> None:
    assert problems(tmp_path) == [
        f"{tmp_path}: no skills.yaml, credentials.yaml, roles.yaml or wages.csv in this folder"
    ]


def test_shuffled_entries_give_byte_identical_export(small: Path, tmp_path: Path) -> None:
    rng = random.Random(7)
    for kind in ("skills", "credentials", "roles"):
        data = parse_yaml((small / f"{kind}.yaml").read_text(), kind).data
        rng.shuffle(data[kind])
        write(tmp_path, kind, dump_yaml(data))
    first = export_data(load_catalog((small,), builtin=False).catalog)
    again = export_data(load_catalog((tmp_path,), builtin=False).catalog)
    assert dump_yaml(first) == dump_yaml(again)


def test_copying_a_folder_twice_is_idempotent(small: Path, tmp_path: Path) -> None:
    shutil.copytree(small, tmp_path / "copy")
    one = export_data(load_catalog((small,), builtin=False).catalog)
    two = export_data(load_catalog((small, tmp_path / "copy"), builtin=False).catalog)
    assert one == two


def test_cache_returns_the_same_catalog_and_survives_corruption(small: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_catalog((small,), builtin=False, cache_dir=cache)
    files = list(cache.iterdir())
    assert len(files) == 1
    again = load_catalog((small,), builtin=False, cache_dir=cache)
    assert again.catalog == first.catalog
    assert again.origins == {}  # read from the cache, not parsed
    files[0].write_text("{not json")
    third = load_catalog((small,), builtin=False, cache_dir=cache)
    assert third.catalog == first.catalog
    assert third.origins  # parsed again


def test_cache_is_keyed_by_content(small: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    shutil.copytree(small, folder)
    cache = tmp_path / "cache"
    load_catalog((folder,), builtin=False, cache_dir=cache)
    text = (folder / "credentials.yaml").read_text().replace("cost_usd: 100", "cost_usd: 120")
    (folder / "credentials.yaml").write_text(text)
    changed = load_catalog((folder,), builtin=False, cache_dir=cache).catalog
    assert changed.credential_by_id["tableau-desktop-specialist"].cost_usd == 120


def test_unwritable_cache_is_silently_skipped(small: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    loaded = load_catalog((small,), builtin=False, cache_dir=blocker / "cache")
    assert len(loaded.catalog.roles) == 2


def test_read_limit_matches_the_yaml_reader() -> None:
    from gapplan import catalog
    from gapplan.yamlio import reader as yamlio

    assert catalog.MAX_BYTES == yamlio.MAX_BYTES
