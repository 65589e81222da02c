"""The catalog cache: a validated catalog kept as compact JSON and rebuilt without validating it again.

A cache file is ``<magic><sha256 of the rest>\\n<header JSON>\\n<body JSON>``. Its name and its header carry
the key: the sha256 of the catalog's files, the gapplan and pydantic versions and the code of the models
(``gapplan/models.py``: their fields, defaults and validators). A file whose checksum and key match was
written by this code from a catalog that passed every check, so its models are rebuilt as
``model_construct`` builds them, without validating them again: that is what makes a cache hit cheap.
The checksum catches a truncated or damaged file, not a forged one: whoever can write the user's cache
folder is trusted as the user is.
Anything else at the path (missing, a FIFO, a link, truncated, edited, another key, a body that does not
build) is ignored and the catalog is parsed and validated again: the cache is never needed, never an error.

The body is one pool per model class, each class after the classes its fields hold: the class's distinct
models, each a list of a bit mask of its set fields (bit ``i`` for its ``i``-th field) and then their
values in field order. A model in a field is its index in its class's pool, a tuple is a list, anything
else a JSON scalar (JSON keeps ``1`` and ``1.0`` apart). An unset field takes the class's default, so a
rebuilt model has the same values of the same types, the very default objects validation uses, the same
``model_fields_set`` and the same field order as the validated one; equal models (the same skill at the
same level in two credentials) come back as one shared instance, frozen as every model is.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from gapplan.errors import GapplanError, Problem
from gapplan.models import Catalog

if TYPE_CHECKING:
    from collections.abc import Sequence

MAGIC = b"gapplan-catalog-cache 3 sha256="
MAX_CACHE_BYTES = 256 * 1024 * 1024

Convert = Callable[[Any], Any]  # one value to or from its JSON shape


class Uncacheable(TypeError):
    """A model field of a type the cache cannot keep exactly (not a scalar, tuple, model or optional)."""


def cache_key(labels: tuple[str, ...], sources: Sequence[tuple[str, str, bytes]]) -> str:
    """The sha256 of everything the cached catalog depends on: its files, the versions and the models."""
    import hashlib

    import pydantic

    from gapplan import __version__

    digest = hashlib.sha256(f"gapplan {__version__} pydantic {pydantic.VERSION}\n".encode())
    digest.update(models_digest())
    digest.update(repr(labels).encode())
    for kind, display, content in sources:
        digest.update(f"\n{kind}\0{display}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"catalog-{key[:32]}.json"


def read_cache(cache_dir: Path, key: str) -> tuple[Catalog, tuple[Problem, ...], tuple[str, ...]] | None:
    """The cached catalog with its warnings and files, or None when missing, stale or corrupt (never an
    error: the cache is optional).

    Whatever is at the path, it is never trusted: only a regular file is read (a FIFO, a device or a link
    is not even opened for reading: ``O_NONBLOCK``, ``O_NOFOLLOW``, then ``fstat``), and its first line
    must carry the sha256 of the rest, so a truncated or edited file is detected before it is parsed."""
    import hashlib
    import json
    import os
    import stat

    import orjson

    path = cache_path(cache_dir, key)
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )
    try:
        fd = os.open(path, flags)
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(os.dup(fd), "rb") as stream:
            content = stream.read(st.st_size + 1)  # a file changed since fstat fails its checksum
    except OSError:
        return None
    finally:
        os.close(fd)
    first, _, payload = content.partition(b"\n")
    if not first.startswith(MAGIC):
        return None
    if first[len(MAGIC) :] != hashlib.sha256(payload).hexdigest().encode():
        return None  # truncated or edited since it was written
    header, _, body = payload.partition(b"\n")
    try:
        raw = json.loads(header)
        if not isinstance(raw, dict) or raw.get("key") != key:
            return None
        warnings = tuple(Problem(str(f), int(line), int(col), str(m)) for f, line, col, m in raw["warnings"])
        files = tuple(str(f) for f in raw["files"])
        catalog = decode(orjson.loads(body))  # twice as fast as json; what it refuses is a miss
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError):
        return None  # not a cache this code wrote: parse the catalog again
    return catalog, warnings, files


def write_cache(
    cache_dir: Path, key: str, catalog: Catalog, warnings: Sequence[Problem], files: Sequence[str]
) -> None:
    """Keep a checked catalog, its warnings and files in the cache; whatever was at its path (a FIFO, a
    link, a bad file) is replaced."""
    import contextlib
    import hashlib
    import json
    import os
    import stat

    from gapplan.output import write_atomic

    header = {
        "key": key,
        "warnings": [[w.file, w.line, w.column, w.message] for w in warnings],
        "files": list(files),
    }
    try:
        body = json.dumps(encode(catalog), ensure_ascii=False, separators=(",", ":"))
        payload = (json.dumps(header, separators=(",", ":")) + "\n" + body).encode()
    except (TypeError, ValueError):  # a value JSON cannot keep exactly (text that is not UTF-8)
        return
    content = MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload
    path = cache_path(cache_dir, key)
    with contextlib.suppress(OSError, GapplanError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                os.unlink(path)  # not ours to write into: a FIFO would block, a link would lead elsewhere
        write_atomic(path, content)


# --------------------------------------------------------------------------- encoding and rebuilding

# A field's kind: None for a JSON scalar kept as it is, ("model", cls), ("tuple", kind) or
# ("optional", kind) for a kind that may be None.
Kind = tuple[str, Any] | None


@dataclass(frozen=True)
class _Shape:
    """One model class as the cache keeps it: its fields in order, their kinds and which are required."""

    cls: type[BaseModel]
    names: tuple[str, ...]
    kinds: tuple[Kind, ...]
    defaults: tuple[Any, ...]  # the default objects themselves, shared as validation shares them
    required: int  # the mask of the required fields


@functools.cache
def shapes() -> tuple[_Shape, ...]:
    """The catalog's model classes, each after the ones its fields hold (built once per process)."""
    order: list[type[BaseModel]] = []
    _visit(Catalog, order, set())
    return tuple(map(_shape, order))


@functools.cache
def models_digest() -> bytes:
    """The sha256 of the models' code: part of the key, so that a cache written for other models (other
    fields, defaults or checks, in the same gapplan version) is never read."""
    import hashlib

    from gapplan import models

    with open(models.__file__, "rb") as source:
        return hashlib.sha256(source.read()).digest()


def _visit(cls: type[BaseModel], order: list[type[BaseModel]], visiting: set[type[BaseModel]]) -> None:
    if cls in order:
        return
    if cls in visiting:
        raise Uncacheable(f"{cls.__name__} contains itself")
    visiting.add(cls)
    for info in cls.__pydantic_fields__.values():
        for inner in _inner_models(info.annotation):
            _visit(inner, order, visiting)
    order.append(cls)


def _inner_models(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _inner_models(arg)


def _shape(cls: type[BaseModel]) -> _Shape:
    if cls.__pydantic_root_model__ or cls.__pydantic_post_init__ or cls.__private_attributes__:
        raise Uncacheable(f"{cls.__name__}: a root model, a post-init or private attributes")
    if cls.model_config.get("extra") == "allow":
        raise Uncacheable(f"{cls.__name__}: extra fields")
    fields = cls.__pydantic_fields__
    if any(info.default_factory is not None for info in fields.values()):
        raise Uncacheable(f"{cls.__name__}: a default factory")  # none in the catalog models
    return _Shape(
        cls,
        tuple(fields),
        tuple(_kind(info.annotation) for info in fields.values()),
        tuple(info.default for info in fields.values()),
        sum(1 << i for i, info in enumerate(fields.values()) if info.is_required()),
    )


def _kind(annotation: object) -> Kind:
    """How a value of this type is kept: see :data:`Kind`."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _kind(args[0])
    if annotation in (str, int, float, bool):
        return None
    if origin is typing.Literal and all(isinstance(v, str) for v in args):
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("model", annotation)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        kinds = [_kind(a) for a in args if a is not type(None)]
        if all(k is None for k in kinds):
            return None
        if len(kinds) == 1:
            return ("optional", kinds[0])
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return ("tuple", _kind(args[0]))
    raise Uncacheable(f"cannot cache {annotation!r}")


def encode(catalog: Catalog) -> list[list[list[Any]]]:
    """The catalog as the cache body: one pool per model class (in :func:`shapes` order) of its distinct
    models, each ``[mask, *the set fields' values]``, where a model is its index in its class's pool and
    a tuple a list. The catalog is the last pool's only entry. Raises :class:`Uncacheable` for a model of
    a class the catalog's fields do not name."""
    return _Encoder().encode(catalog)


class _Encoder:
    """Fills the pools, each distinct model once (keyed by its encoding, which tells ``1`` from ``1.0``)."""

    def __init__(self) -> None:
        self.order = shapes()
        self.index = {shape.cls: n for n, shape in enumerate(self.order)}
        self.pools: list[list[list[Any]]] = [[] for _ in self.order]
        self.seen: list[dict[str, int]] = [{} for _ in self.order]
        # per class: the encoder of each field (None: the value is a JSON scalar), and per set of set
        # fields: the mask and those fields with their encoders
        self.fields = [
            tuple(zip(shape.names, map(self._encoder, shape.kinds), strict=True)) for shape in self.order
        ]
        self.masks: list[dict[frozenset[str], tuple[int, tuple[tuple[str, Convert | None], ...]]]] = [
            {} for _ in self.order
        ]

    def encode(self, catalog: Catalog) -> list[list[list[Any]]]:
        self.model(catalog)
        return self.pools

    def _encoder(self, kind: Kind) -> Convert | None:
        if kind is None:
            return None
        tag, inner = kind
        if tag == "model":
            return self.model
        enc = self._encoder(inner)
        if tag == "optional":
            assert enc is not None  # an optional scalar is a scalar
            return lambda v: None if v is None else enc(v)
        if enc is None:
            return list
        return lambda v: [enc(x) for x in v]

    def model(self, value: BaseModel) -> int:
        n = self.index.get(type(value))
        if n is None:
            raise Uncacheable(f"cannot cache a {type(value).__name__}")
        given = frozenset(value.__pydantic_fields_set__)
        found = self.masks[n].get(given)
        if found is None:
            fields = self.fields[n]
            mask = sum(1 << i for i, (name, _) in enumerate(fields) if name in given)
            found = self.masks[n][given] = (mask, tuple(f for f in fields if f[0] in given))
        mask, fields = found
        values = value.__dict__
        entry = [mask, *(values[name] if enc is None else enc(values[name]) for name, enc in fields)]
        text = repr(entry)  # equal models with the same set fields and value types are kept once
        at = self.seen[n].get(text)
        if at is None:
            at = self.seen[n][text] = len(self.pools[n])
            self.pools[n].append(entry)
        return at


def decode(body: object) -> Catalog:
    """The catalog from :func:`encode`'s body, its models built as ``model_construct`` builds them.

    A bad body raises ValueError, TypeError, KeyError or IndexError (never a half-built catalog)."""
    order = shapes()
    if type(body) is not list or len(body) != len(order):
        raise ValueError("not a catalog cache body")
    index = {shape.cls: n for n, shape in enumerate(order)}
    pools: list[list[BaseModel]] = []
    for shape, entries in zip(order, body, strict=True):
        if type(entries) is not list:
            raise TypeError("a pool is a list")
        pools.append(list(map(_Builder(shape, index, pools).build, entries)))
    (catalog,) = pools[-1]
    if not isinstance(catalog, Catalog):
        raise TypeError("not a catalog")
    return catalog


# Per mask of set fields: every field (defaults in the unset ones), the set fields, the decoders of those
# that are not plain JSON scalars, and the set of their names that the models share.
_Plan = tuple[dict[str, Any], tuple[str, ...], tuple[tuple[str, Convert], ...], set[str]]


class _Builder:
    """Builds the models of one class for one read; a model field is an index into an earlier pool."""

    def __init__(self, shape: _Shape, index: dict[type[BaseModel], int], pools: list[list[BaseModel]]):
        self.shape = shape
        self.index = index
        self.pools = pools
        self.decoders = tuple(self._decoder(kind) for kind in shape.kinds)
        self.plans: dict[int, _Plan] = {}

    def _decoder(self, kind: Kind) -> Convert | None:
        """One value's decoder; None: the JSON value is the value."""
        if kind is None:
            return None
        tag, inner = kind
        if tag == "model":
            return self.pools[self.index[inner]].__getitem__  # an earlier pool, complete
        dec = self._decoder(inner)
        if tag == "optional":
            assert dec is not None  # an optional scalar is a scalar
            return lambda v: None if v is None else dec(v)
        if dec is None:
            return tuple
        return lambda v: tuple(map(dec, v))

    def _plan(self, mask: object) -> _Plan:
        shape = self.shape
        if type(mask) is not int or not 0 <= mask < 1 << len(shape.names):
            raise ValueError(f"{shape.cls.__name__}: bad field mask")
        if mask & shape.required != shape.required:
            raise ValueError(f"{shape.cls.__name__}: a required field is missing")
        given = tuple(name for i, name in enumerate(shape.names) if mask >> i & 1)
        # every field, in field order; an unset one holds its default (the very object validation uses)
        template = {
            name: None if mask >> i & 1 else default
            for i, (name, default) in enumerate(zip(shape.names, shape.defaults, strict=True))
        }
        nested = tuple(
            (name, dec)
            for i, (name, dec) in enumerate(zip(shape.names, self.decoders, strict=True))
            if mask >> i & 1 and dec is not None
        )
        plan = self.plans[mask] = (template, given, nested, set(given))
        return plan

    def build(self, entry: list[Any]) -> BaseModel:
        template, given, nested, fields_set = self.plans.get(entry[0]) or self._plan(entry[0])
        values = template.copy()
        values.update(zip(given, entry[1:], strict=True))  # a value too many or too few: ValueError
        for name, dec in nested:
            values[name] = dec(values[name])
        # What model_construct does, without looking up aliases and copying defaults field by field. The
        # models with the same fields set share one set of their names: pydantic copies it before changing
        # it (model_copy), and a frozen model's is never changed in place.
        model = _new(self.shape.cls)
        _setattr(model, "__dict__", values)
        _setattr(model, "__pydantic_fields_set__", fields_set)
        _setattr(model, "__pydantic_extra__", None)
        _setattr(model, "__pydantic_private__", None)
        return model


_new = object.__new__
_setattr = object.__setattr__
