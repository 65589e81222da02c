"""Pydantic validation of YAML data, with every error turned into a located, one-line problem."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, StringConstraints, ValidationError

from gapplan.errors import InputError, Problem, suggest
from gapplan.models import ID_PATTERN, Credential, Role
from gapplan.yamlio.reader import YamlDoc

M = TypeVar("M", bound=BaseModel)


def field_pattern(model: type[BaseModel], field: str) -> str:
    """The regex a model's text field is constrained by, read from the model (never copied here)."""
    info = model.model_fields[field]
    stack: list[Any] = [info.annotation, *info.metadata]
    while stack:
        item = stack.pop()
        if isinstance(item, StringConstraints) and item.pattern:
            return str(item.pattern)
        stack.extend(get_args(item))
    raise LookupError(f"{model.__name__}.{field} has no pattern")


_PATTERNS = {
    ID_PATTERN: "must be a kebab-case id (lowercase letters and digits joined by single hyphens)",
    field_pattern(Credential, "url"): "must be an http(s) URL",
    field_pattern(Role, "soc"): "must be an O*NET-SOC code like 15-2051.01",
    field_pattern(Credential, "jurisdiction"): "must be a country or state code like US or US-TX",
}
_TYPES = {
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "tuple_type": "a list",
    "list_type": "a list",
}


def validate_model(model: type[M], raw: Any, doc: YamlDoc, base: Sequence[str | int] = ()) -> M:
    """Validate ``raw`` (read from ``doc`` at ``base``) as ``model``, or raise one problem per error."""
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        problems = []
        for e in err.errors(include_url=False, include_input=False):
            loc = tuple(part for part in e["loc"] if not _is_union_tag(part))
            full = (*base, *loc)
            line, column = doc.key_position(full) if e["type"] == "extra_forbidden" else doc.position(full)
            problems.append(Problem(doc.file, line, column, f"{dotted(full)}: {_message(e, raw, loc)}"))
        raise InputError(problems=sorted(set(problems))) from None


def dotted(loc: Sequence[str | int]) -> str:
    """``("credentials", 3, "cost_usd")`` -> ``credentials[3].cost_usd``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and ("[" in part or part.startswith(("constrained-", "function-")))


def _message(e: Any, raw: Any, loc: tuple[str | int, ...]) -> str:
    kind: str = e["type"]
    ctx: dict[str, Any] = e.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        # a key valid elsewhere (``weight`` on a role's skill) is no suggestion for itself
        close = [name for name in suggest(key, _all_field_names(), n=2) if name != key]
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"unknown key {_short(key)}{hint}"
    if kind == "missing":
        return "required key missing"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return _PATTERNS.get(str(ctx.get("pattern")), "has the wrong form")
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[
            kind
        ]
        bound = next(iter(ctx.values()), "?")
        return f"must be {op} {_number(bound)}"
    if kind in ("string_too_long", "too_long"):
        return f"is too long (at most {ctx.get('max_length')})"
    if kind in ("string_too_short", "too_short"):
        return "must not be empty"
    if kind.startswith("date") or kind.startswith("datetime"):
        return "must be a date like 2027-01-04"
    if kind in _TYPES:
        return f"must be {_TYPES[kind]}, found {_describe(_lookup(raw, loc))}"
    if kind in ("value_error", "assertion_error"):
        text = str(e.get("msg", ""))
        return text.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return str(e.get("msg", kind))


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _short(text: str, limit: int = 40) -> str:
    shown = text if len(text) <= limit else text[:limit] + "…"
    return repr(shown)


def _lookup(raw: Any, loc: tuple[str | int, ...]) -> Any:
    value = raw
    for part in loc:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return _MISSING
    return value


_MISSING = object()


def _describe(value: object) -> str:
    if value is _MISSING:
        return "nothing"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"the text {_short(value)}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_FIELDS: list[str] = []


def _all_field_names() -> list[str]:
    if not _FIELDS:
        from gapplan import models

        names = {
            name
            for obj in vars(models).values()
            if isinstance(obj, type) and issubclass(obj, BaseModel)
            for name in obj.model_fields
        }
        _FIELDS.extend(sorted(names))
    return _FIELDS
