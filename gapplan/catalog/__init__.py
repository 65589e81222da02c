"""The catalog: the embedded data plus user folders, loaded, validated and merged."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gapplan.errors import CatalogError, GapplanError, Problem
from gapplan.models import Catalog, Credential, Role, Skill, Wage

if TYPE_CHECKING:  # yaml and the validators load only when the cache cannot answer
    from gapplan.yamlio.reader import YamlDoc

# Read at most this much of a file (the YAML reader's own limit, repeated here so a cache hit needs no yaml).
MAX_BYTES = 8 * 1024 * 1024

BUILTIN = "<builtin>"
KINDS: dict[str, type[Skill] | type[Credential] | type[Role]] = {
    "skills": Skill,
    "credentials": Credential,
    "roles": Role,
}
SINGULAR = {"skills": "skill", "credentials": "credential", "roles": "role"}


@dataclass(frozen=True)
class Origin:
    """Where one catalog entry was read: its document and its path inside it."""

    doc: YamlDoc
    loc: tuple[str | int, ...]

    def problem(self, message: str, *sub: str | int) -> Problem:
        line, column = self.doc.position((*self.loc, *sub))
        return Problem(self.doc.file, line, column, message)


@dataclass(frozen=True)
class LoadedCatalog:
    """A validated catalog, where each entry came from, and the warnings found while checking it."""

    catalog: Catalog
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)  # (kind, id) -> origin
    warnings: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()


def builtin_dir() -> Path:
    """The embedded data: inside the installed wheel, or the checkout's ``data/`` for editable installs."""
    packaged = resources.files("gapplan") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent.parent / "data"


def load_catalog(
    dirs: Sequence[Path] = (), *, builtin: bool = True, cache_dir: Path | None = None, freeze: bool = False
) -> LoadedCatalog:
    """Load the embedded catalog (unless ``builtin`` is false) and then each folder in order.

    Later entries replace earlier ones with the same id. Raises :class:`CatalogError` listing every
    problem found (sorted by file and line) when anything is wrong. With ``cache_dir``, a valid catalog is
    kept there as JSON keyed by the sha256 of its files (plus the gapplan and pydantic versions and the
    models' code) and read back, without validating it again, instead of parsing and validating (see
    :mod:`gapplan.catalog.cache`); a cached catalog carries no origins.

    The garbage collector pauses while the catalog is made. With ``freeze``, everything alive when it is
    done (the catalog, and whatever else the process holds) is then frozen out of its sight
    (``gc.freeze``), so that no later collection walks it again: for a process that keeps its catalog until
    it exits (the collector never collects frozen objects; reference counting still frees them).
    """
    folders: list[tuple[str, Path]] = [(BUILTIN, builtin_dir())] if builtin else []
    problems: list[Problem] = []
    for d in dirs:
        if not d.is_dir():
            problems.append(Problem(str(d), 0, 0, "catalog folder not found (or not a folder)"))
        else:
            folders.append((str(d), d))
    if problems:
        raise CatalogError(problems=problems)
    if not folders:
        raise CatalogError("no catalog: the embedded one is left out and no folder is given")

    sources: list[tuple[str, str, bytes]] = []  # (kind, display name, content)
    for label, folder in folders:
        found = False
        for kind in (*KINDS, "wages"):
            path = folder / (f"{kind}.yaml" if kind != "wages" else "wages.csv")
            if not path.is_file():
                continue
            found = True
            display = f"{label}/{path.name}" if label == BUILTIN else str(path)
            try:
                with path.open("rb") as stream:
                    sources.append((kind, display, stream.read(MAX_BYTES + 1)))
            except OSError as err:
                problems.append(Problem(display, 0, 0, f"cannot read the file: {err.strerror or err}"))
        if not found and label != BUILTIN:
            problems.append(
                Problem(
                    label, 0, 0, "no skills.yaml, credentials.yaml, roles.yaml or wages.csv in this folder"
                )
            )
    if problems:
        raise CatalogError(problems=problems)

    labels = tuple(label for label, _ in folders)
    with _collector_paused(freeze):
        if cache_dir is None:
            return _load(labels, sources)
        from gapplan.catalog import cache

        key = cache.cache_key(labels, sources)
        cached = cache.read_cache(cache_dir, key)
        if cached is not None:
            catalog, warnings, files = cached
            return LoadedCatalog(catalog, {}, warnings, files)
        loaded = _load(labels, sources)
        cache.write_cache(cache_dir, key, loaded.catalog, loaded.warnings, loaded.files)
        return loaded


@contextlib.contextmanager
def _collector_paused(freeze: bool) -> Iterator[None]:
    """No garbage collection while a catalog is made: up to hundreds of thousands of new objects, none of
    them garbage, that every collection on the way would walk again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        if freeze:
            gc.freeze()
    finally:
        if enabled:
            gc.enable()


def _load(labels: tuple[str, ...], sources: Sequence[tuple[str, str, bytes]]) -> LoadedCatalog:
    from gapplan.catalog.validate import check
    from gapplan.catalog.wages import parse_wages
    from gapplan.yamlio.reader import parse_yaml

    problems: list[Problem] = []
    merged: dict[str, dict[str, tuple[Any, Origin]]] = {k: {} for k in KINDS}
    wages: dict[tuple[str, str], Wage] = {}
    for kind, display, content in sources:
        if kind == "wages":
            try:
                wages.update(((w.soc, w.area), w) for w in parse_wages(content, display))
            except GapplanError as err:
                problems.extend(err.problems)
            continue
        try:
            doc = parse_yaml(content, display)
        except GapplanError as err:
            problems.extend(err.problems)
            continue
        for entry, origin in _entries(doc, kind, problems):
            merged[kind][entry.id] = (entry, origin)
    if problems:
        raise CatalogError(problems=sorted(set(problems), key=_order))

    def ordered(kind: str) -> tuple[Any, ...]:
        return tuple(e for _, (e, _) in sorted(merged[kind].items()))

    catalog = Catalog(
        skills=ordered("skills"),
        credentials=ordered("credentials"),
        roles=ordered("roles"),
        wages=tuple(w for _, w in sorted(wages.items())),
        folders=labels,
    )
    origins = {(SINGULAR[k], i): o for k, entries in merged.items() for i, (_, o) in entries.items()}
    errors, warnings = check(catalog, origins)
    if errors:
        raise CatalogError(problems=sorted(set(errors), key=_order))
    files = tuple(display for _, display, _ in sources)
    return LoadedCatalog(catalog, origins, tuple(sorted(set(warnings), key=_order)), files)


def default_catalog() -> Catalog:
    """The embedded catalog alone."""
    return load_catalog().catalog


def _order(p: Problem) -> tuple[str, int, int, str]:
    return (p.file, p.line, p.column, p.message)


def _entries(doc: YamlDoc, kind: str, problems: list[Problem]) -> Iterable[tuple[Any, Origin]]:
    """Validate each entry of one catalog file; report problems and yield the good entries."""
    from gapplan.yamlio.validation import validate_model

    model = KINDS[kind]
    data = doc.data
    line, column = doc.position(())
    if data is None:
        problems.append(Problem(doc.file, max(line, 1), max(column, 1), f"empty file: expected '{kind}:'"))
        return
    if not isinstance(data, dict):
        problems.append(
            Problem(doc.file, line, column, f"expected a mapping with the key '{kind}', found {_kind(data)}")
        )
        return
    for key in data:
        if key != kind:
            kl, kc = doc.key_position((key,))
            problems.append(Problem(doc.file, kl, kc, f"unknown top-level key {key!r} (expected '{kind}')"))
    if kind not in data:
        problems.append(Problem(doc.file, line, column, f"missing the top-level key '{kind}'"))
        return
    entries = data[kind]
    if entries is None:
        return
    if not isinstance(entries, list):
        kl, kc = doc.position((kind,))
        problems.append(Problem(doc.file, kl, kc, f"{kind}: expected a list, found {_kind(entries)}"))
        return
    first: dict[str, Origin] = {}
    for index, raw in enumerate(entries):
        origin = Origin(doc, (kind, index))
        try:
            entry = validate_model(model, raw, doc, (kind, index))
        except GapplanError as err:
            problems.extend(err.problems)
            continue
        if entry.id in first:
            earlier = first[entry.id]
            el, _ = earlier.doc.position(earlier.loc)
            problems.append(
                origin.problem(f"duplicate {SINGULAR[kind]} id {entry.id!r} (first at line {el})", "id")
            )
            continue
        first[entry.id] = origin
        yield entry, origin


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return f"a {type(value).__name__}"


def export_data(catalog: Catalog) -> dict[str, Any]:
    """The catalog in its YAML shapes, every default filled in (shelf lives included)."""
    skills = []
    for s in catalog.skills:
        data = s.model_dump(mode="json")
        data["shelf_life_years"] = s.shelf_life
        skills.append(data)
    return {
        "skills": skills,
        "credentials": [c.model_dump(mode="json") for c in catalog.credentials],
        "roles": [r.model_dump(mode="json") for r in catalog.roles],
    }
