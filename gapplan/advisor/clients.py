"""Batch inputs: profile files, folders of them and rosters (CSV or JSONL, one client a row) turned into
:class:`Client` records, each with a safe, unique file name for its reports. Nothing here prints."""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gapplan.errors import GapplanError, InputError, Problem, suggest
from gapplan.models import Catalog, Profile

ROSTER_COLUMNS = (
    "id",
    "name",
    "goal",
    "budget_usd",
    "budget_hours",
    "hours_per_week",
    "start",
    "deadline",
    "optimize",
    "skills",
    "credentials",
    "experience_years",
)
PROFILE_SUFFIXES = (".yaml", ".yml")
MAX_SLUG = 80
# File stems a client may not take: the summary's, and names Windows reserves for devices.
RESERVED = frozenset(
    {"summary", "con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)


@dataclass(frozen=True)
class Client:
    """One client to plan: where it came from, its report's file stem, and its profile or the error."""

    label: str  # shown in the summary: the name, else the id, else the file's stem (raw text)
    source: str  # the profile file, or ``roster:line``
    slug: str  # the reports' file stem: [a-z0-9-], unique within the batch
    profile: Profile | None
    error: str = ""
    goal: str = ""  # the goal the input names, for the summary of a client that cannot be read


# --------------------------------------------------------------------------- file names


def slugify(text: str) -> str:
    """A safe file stem: lowercase ASCII letters, digits and single hyphens, at most 80 characters.

    No path separator, dot, control character or leading hyphen can survive; empty text gives
    ``client``.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return stem[:MAX_SLUG].rstrip("-") or "client"


def unique_slugs(bases: Iterable[str]) -> list[str]:
    """Slugs for ``bases`` in order; a repeat takes the first free ``-2``, ``-3`` ... suffix."""
    taken = set(RESERVED)
    out = []
    for base in bases:
        stem = slugify(base)
        name, n = stem, 2
        while name in taken:
            name = f"{stem}-{n}"
            n += 1
        taken.add(name)
        out.append(name)
    return out


# --------------------------------------------------------------------------- reading inputs


@dataclass(frozen=True)
class _Entry:
    label: str
    base: str  # what the slug is made from
    source: str
    profile: Profile | None
    error: str = ""
    goal: str = ""


def read_inputs(paths: Sequence[Path], catalog: Catalog | None = None) -> list[Client]:
    """Profile files, folders of them (``*.yaml``/``*.yml``, sorted) and rosters (``.csv``/``.jsonl``).

    A path that does not exist or has an unknown kind, an empty folder or a roster whose header is wrong
    raises :class:`InputError` (nothing can be planned from it). A profile or roster row that cannot be
    read (or, given ``catalog``, names an unknown skill, credential or role) becomes a client with an error.
    """
    problems: list[Problem] = []
    entries: list[_Entry] = []
    for path in paths:
        try:
            entries.extend(_read_path(path, catalog))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems=problems)
    if not entries:
        raise InputError("no clients to plan")
    slugs = unique_slugs(e.base for e in entries)
    return [
        Client(label=e.label, source=e.source, slug=s, profile=e.profile, error=e.error, goal=e.goal)
        for e, s in zip(entries, slugs, strict=True)
    ]


def _read_path(path: Path, catalog: Catalog | None) -> list[_Entry]:
    if path.is_dir():
        files = sorted(
            p
            for p in path.iterdir()
            if p.suffix.lower() in PROFILE_SUFFIXES and not p.name.startswith(".") and p.is_file()
        )
        if not files:
            raise InputError("no profiles (*.yaml, *.yml) in this folder", file=str(path))
        return [_profile_entry(p, catalog) for p in files]
    if not path.is_file():
        raise InputError("not found (expected a profile, a folder of profiles or a roster)", file=str(path))
    suffix = path.suffix.lower()
    if suffix in PROFILE_SUFFIXES:
        return [_profile_entry(path, catalog)]
    if suffix == ".csv":
        return list(_csv_roster(path))
    if suffix == ".jsonl":
        return list(_jsonl_roster(path))
    raise InputError(
        "expected a profile (.yaml, .yml), a folder of them or a roster (.csv, .jsonl)", file=str(path)
    )


def _profile_entry(path: Path, catalog: Catalog | None) -> _Entry:
    from gapplan.advisor.profile import read_profile

    source = str(path)
    try:
        profile = read_profile(path, catalog)
    except GapplanError as err:
        return _Entry(path.stem, path.stem, source, None, located(err, source), goal=_goal_of(path))
    return _Entry(profile.name or path.stem, path.stem, source, profile, goal=profile.goal or "")


def _goal_of(path: Path) -> str:
    """The goal a profile names, for the summary row of a profile that failed validation (best effort)."""
    try:
        match = re.search(r"^goal:\s*([a-z0-9-]+)\s*$", path.read_text(encoding="utf-8"), re.MULTILINE)
    except (OSError, UnicodeDecodeError):
        return ""
    return match.group(1) if match else ""


def located(err: GapplanError, source: str) -> str:
    """The error's problems on one line, each with its place (``source`` when it has none)."""
    return "; ".join(str(p) if p.file else f"{source}: {p.message}" for p in err.problems)


def _read_text(path: Path) -> str:
    """A roster's text: UTF-8 (a BOM is dropped); anything else is one error at its line and column."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", file=str(path)) from None
    utf16 = " (the file looks like UTF-16: save it as UTF-8)"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError(f"not valid UTF-8 (byte 0x{data[0]:02x}){utf16}", file=str(path), line=1, column=1)
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line, column = _locate(data[: err.start].decode("utf-8"))
        raise InputError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x}): save the roster as UTF-8",
            file=str(path),
            line=line,
            column=column,
        ) from None
    nul = text.find("\0")
    if nul >= 0:
        line, column = _locate(text[:nul])
        hint = utf16 if nul <= 1 or text[nul - 2 : nul - 1] == "\0" else ""
        raise InputError(f"NUL character: not a text file{hint}", file=str(path), line=line, column=column)
    return text


def _locate(before: str) -> tuple[int, int]:
    """1-based (line, column) of the character that follows ``before``."""
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _csv_roster(path: Path) -> Iterator[_Entry]:
    import io

    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: list[str] = []
    last = 0
    try:
        header = next(reader, None)
        if header is None:
            raise InputError("empty roster: expected a header such as 'name,goal,skills'", file=str(path))
        columns = [h.strip().lower() for h in header]
        _check_columns(path, columns)
        last = reader.line_num
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            where = f"{path}:{line}"
            if len(cells) > len(columns):
                yield _bad_row({}, where, f"{where}: {len(cells)} cells but the header has {len(columns)}")
                continue
            yield _row_entry(dict(zip(columns, cells, strict=False)), where)
    except csv.Error as err:
        if "field larger than field limit" in str(err):
            limit = csv.field_size_limit()
            line, column, n = _long_cell(text, last + 1, limit)
            name = columns[n - 1] if 0 < n <= len(columns) else f"column {n}"
            raise InputError(
                f"{name}: a cell longer than {limit:,} characters", file=str(path), line=line, column=column
            ) from None
        raise InputError(f"not valid CSV: {err}", file=str(path), line=reader.line_num) from None


def _long_cell(text: str, line: int, limit: int) -> tuple[int, int, int]:
    """(line, column, cell number) of the first cell longer than ``limit`` in the CSV row that starts at
    ``line``; the row's start when there is none."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return line, 1, 0
    here, line_start = line, start
    cell, cell_at, length, quoted = 1, (line, 1), 0, False
    i = start
    while i < len(text):
        char = text[i]
        if quoted and char == '"' and text[i + 1 : i + 2] == '"':
            i += 1
            length += 1
        elif char == '"':
            quoted = not quoted
        elif not quoted and char == ",":
            cell, cell_at, length = cell + 1, (here, i - line_start + 2), 0
        elif not quoted and char in "\r\n":
            break
        else:
            length += 1
            if char == "\n":
                here, line_start = here + 1, i + 1
        if length > limit:
            return (*cell_at, cell)
        i += 1
    return line, 1, 0


def _check_columns(path: Path, columns: list[str]) -> None:
    problems = []
    seen: set[str] = set()
    for n, col in enumerate(columns, 1):
        if col in seen:
            problems.append(Problem(str(path), 1, 0, f"column {n}: {col!r} is repeated"))
        elif col not in ROSTER_COLUMNS:
            close = suggest(col, ROSTER_COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f" (known: {', '.join(ROSTER_COLUMNS)})"
            problems.append(Problem(str(path), 1, 0, f"column {n}: unknown column {col!r}{hint}"))
        seen.add(col)
    if not problems and not {"id", "name"} & seen:
        problems.append(Problem(str(path), 1, 0, "a roster needs an 'id' or a 'name' column"))
    if problems:
        raise InputError(problems=problems)


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    for key, value in pairs:
        if key in obj:
            raise _DuplicateKey(key)
        obj[key] = value
    return obj


def _jsonl_roster(path: Path) -> Iterator[_Entry]:
    text = _read_text(path)
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        where = f"{path}:{line}"
        try:
            obj = json.loads(raw, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as err:
            yield _bad_row({}, where, f"{where}: not valid JSON: {err.msg} (column {err.colno})")
            continue
        except _DuplicateKey as err:
            yield _bad_row({}, where, f"{where}: duplicate key {_escape(str(err))!r} (a key may appear once)")
            continue
        except RecursionError:
            yield _bad_row({}, where, f"{where}: not valid JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield _bad_row({}, where, f'{where}: expected a JSON object such as {{"name": ..., "goal": ...}}')
            continue
        bad = _not_text(obj)
        if bad is not None:
            key, char = bad
            fields = {k: v for k, v in obj.items() if k in ("id", "name", "goal") and _not_text(v) is None}
            yield _bad_row(
                fields,
                where,
                f"{where}: {_escape(key)}: {_escape(char)} is not a character (a lone surrogate)",
            )
            continue
        unknown = [k for k in obj if k not in ROSTER_COLUMNS]
        if unknown:
            close = suggest(unknown[0], ROSTER_COLUMNS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            yield _bad_row(obj, where, f"{where}: unknown key {unknown[0]!r}{hint}")
            continue
        yield _row_entry(obj, where)


def _not_text(value: object) -> tuple[str, str] | None:
    """(the key, the character) of the first lone surrogate in a JSON value's strings (keys included)."""
    stack: list[tuple[str, object]] = [("", value)]
    while stack:
        key, item = stack.pop()
        if isinstance(item, dict):
            stack.extend((str(k), k) for k in item)
            stack.extend((str(k), v) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((key, v) for v in item)
        elif isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as err:
                return (key or "(row)"), item[err.start]
    return None


def _escape(text: str) -> str:
    """Text fit to print: lone surrogates as ``\\ud800``."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value).strip()
    return ""


def _names(fields: Mapping[str, object]) -> tuple[str, str]:
    """(label, slug base) of a roster row: the name (else the id) to show, the id (else the name) to file."""
    ident, name = _text_of(fields.get("id")), _text_of(fields.get("name"))
    return (name or ident), (ident or name or "client")


def _bad_row(fields: Mapping[str, object], where: str, error: str) -> _Entry:
    label, base = _names(fields)
    return _Entry(label, base, where, None, error, goal=_text_of(fields.get("goal")).lower())


def _row_entry(fields: Mapping[str, object], where: str) -> _Entry:
    label, base = _names(fields)
    goal = _text_of(fields.get("goal")).lower()
    try:
        profile = row_profile(fields, where)
    except GapplanError as err:
        return _Entry(label, base, where, None, located(err, where), goal=goal)
    return _Entry(label, base, where, profile, goal=goal)


# Profile fields named as the roster names them, for messages.
_FIELD_NAMES = {
    "budget.usd": "budget_usd",
    "budget.hours": "budget_hours",
    "budget.hours_per_week": "hours_per_week",
    "budget.start": "start",
    "budget.deadline": "deadline",
    "preferences.optimize": "optimize",
}


def row_profile(fields: Mapping[str, object], where: str) -> Profile:
    """A roster row (CSV cells or a JSON object) as a validated profile; problems located at ``where``."""
    from gapplan.yamlio.reader import YamlDoc
    from gapplan.yamlio.validation import validate_model

    problems: list[str] = []
    raw: dict[str, Any] = {}
    budget: dict[str, Any] = {}
    for key, target, into in (
        ("budget_usd", "usd", budget),
        ("budget_hours", "hours", budget),
        ("hours_per_week", "hours_per_week", budget),
        ("experience_years", "experience_years", raw),
    ):
        value = _number(fields.get(key), key, problems)
        if value is not None:
            into[target] = value
    for key in ("start", "deadline"):
        text = _text_of(fields.get(key))
        if text:
            budget[key] = text
    if budget:
        raw["budget"] = budget
    for key in ("name", "goal"):
        text = _text_of(fields.get(key))
        if text:
            raw[key] = text.lower() if key == "goal" else text
    optimize = _text_of(fields.get("optimize")).lower()
    if optimize:
        raw["preferences"] = {"optimize": optimize}
    skills = _skills(fields.get("skills"), problems)
    if skills:
        raw["skills"] = skills
    creds = _list(fields.get("credentials"), "credentials", problems)
    if creds:
        raw["credentials"] = [c.lower() for c in creds]
    if problems:
        raise InputError(problems=[Problem(where, 0, 0, p) for p in problems])
    from gapplan.advisor.profile import dates_reversed

    try:
        profile = validate_model(Profile, raw, YamlDoc(file=where, data=raw, marks={(): (0, 0)}))
    except InputError as err:
        raise InputError(
            problems=[Problem(where, 0, 0, _roster_words(p.message)) for p in err.problems]
        ) from None
    if dates_reversed(profile.budget):
        raise InputError("deadline is before start", file=where)
    return profile


def _roster_words(message: str) -> str:
    head, sep, rest = message.partition(":")
    return f"{_FIELD_NAMES.get(head, head)}{sep}{rest}"


def _number(value: object, key: str, problems: list[str]) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(f"{key}: must be a number")
        return None
    try:
        number = float(value)
    except ValueError:
        problems.append(f"{key}: {str(value).strip()!r} is not a number")
        return None
    if math.isinf(number) and not (isinstance(value, str) and "inf" in value.lower()):
        shown = f": {value.strip()!r}" if isinstance(value, str) else ""
        problems.append(f"{key}: number too large{shown}")
        return None
    return number


def _list(value: object, key: str, problems: list[str]) -> list[str]:
    """``"a;b"`` or a JSON list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip() for v in value if v.strip()]
    problems.append(f"{key}: expected text like 'a;b' or a list of strings")
    return []


def _skills(value: object, problems: list[str]) -> list[dict[str, Any]]:
    """``"sql:2;excel:4"``, a list of such strings or of ``{skill, level}`` objects, or ``{name: level}``."""
    from gapplan.advisor.profile import parse_skill_level

    if isinstance(value, dict):
        return [{"skill": str(k), "level": v} for k, v in value.items()]
    if isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return list(value)
    out: list[dict[str, Any]] = []
    for item in _list(value, "skills", problems):
        try:
            held = parse_skill_level(item)
        except InputError as err:
            problems.append(f"skills: {item!r}: {err.problems[0].message}")
            continue
        out.append({"skill": held.skill, "level": held.level})
    return out
