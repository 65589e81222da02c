"""Strict, safe YAML reading (YAML 1.2 core typing) with file:line:column for every node, and writing back.

The text is decoded here (UTF-8 only, a BOM is stripped), checked for characters YAML forbids, then read
as a stream of parser events (libyaml through ``yaml.CSafeLoader``, or PyYAML's pure-Python parser when
the C extension is missing). The tree is built from the events without recursion, so hostile input
fails with one :class:`~gapplan.errors.InputError` instead of crashing the process:

- nesting deeper than :data:`MAX_DEPTH` collections, files over :data:`MAX_BYTES`, and documents that
  expand (aliases included) to more than :data:`MAX_NODES` nodes are rejected;
- only the core tags (``!!str !!int !!float !!bool !!null !!map !!seq`` and the non-specific ``!``) are
  accepted; a scalar tagged ``!`` is a string, as the YAML 1.2 spec says;
- plain scalars are typed by the YAML 1.2 core schema: only ``true``/``false`` (three spellings) are
  booleans, ``0700`` is 700, ``0o17`` and ``0x1F`` are ints, ``1:30`` and ``2024-01-01`` stay strings.
  ``.inf`` and ``.nan`` resolve to floats (the models reject non-finite numbers where they matter); an int
  outside the signed 64-bit range, or a float literal too large to be finite, is an error;
- mapping keys are strings: a key is the scalar's text (``1: x`` gives the key ``"1"``); a collection, an
  alias or a tag other than ``!!str``/``!`` as a key is an error, and so is a repeated key;
- merge keys (a plain ``<<`` key) are NOT supported: they are a YAML 1.1 feature outside the 1.2 core
  schema, so a ``<<`` key is an error that asks for the keys to be written out (a merge-key bomb fails at
  its first ``<<``);
- aliases are allowed and share the anchored Python object; recursive aliases are an error;
- a stream with several documents is an error at the second document's start;
- an empty document (an empty file, only comments, or a lone ``---``) is NOT an error here: ``data`` is
  ``None`` and the caller reports it in its own words.

PyYAML is imported when a document is parsed or written, not with this module: a command that reads no
file (``gapplan plan`` without a profile) never loads it.
"""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from gapplan.errors import InputError

if TYPE_CHECKING:  # PyYAML loads when a file is parsed or written, not when this module is imported
    import yaml

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 2_000_000
_USE_C = True  # libyaml when PyYAML has it; tests switch it off to exercise the pure-Python parser

Loc = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
MAP, SEQ = _CORE + "map", _CORE + "seq"
_SCALAR_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL})
_KNOWN_TAGS = _SCALAR_TAGS | {MAP, SEQ, "!"}

_INT64 = 2**63
_SPECIAL: dict[str, Any] = {
    **dict.fromkeys(("", "~", "null", "Null", "NULL")),
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
# Groups: 1 decimal int, 2 octal digits, 3 hex digits, 4 float, 5 signed infinity, 6 nan.
_NUMBER = re.compile(
    r"([-+]?[0-9]+)|0o([0-7]+)|0x([0-9a-fA-F]+)"
    r"|([-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|([-+]?\.(?:inf|Inf|INF))|\.(nan|NaN|NAN)",
    re.ASCII,
)
_NUMBER_START = frozenset("0123456789+-.")
# Characters YAML forbids in a stream (everything outside its printable set, tab, LF and CR); a pattern
# that ``re`` compiles on first use (about 8 ms), not on import.
_FORBIDDEN = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the breaks PyYAML and libyaml count as lines
_MISSING: Any = object()


@dataclass(frozen=True)
class YamlDoc:
    """One parsed YAML document, with the position of every node written in its text.

    ``marks`` maps a path (mapping keys and sequence indexes from the root, ``()`` being the root) to its
    1-based ``(line, column)``; for a mapping value it is the value's position (for an empty value, its
    key's); ``key_marks`` maps the path of each mapping value to its key's position. Nodes reached
    through an alias have no marks of their own: ``aliases`` maps the path of each
    alias to the path of its anchored node, and :meth:`position` follows it.
    """

    file: str
    data: Any
    marks: Mapping[Loc, tuple[int, int]]
    aliases: Mapping[Loc, Loc] = field(default_factory=dict, repr=False)
    key_marks: Mapping[Loc, tuple[int, int]] = field(default_factory=dict, repr=False)

    def position(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """The mark of ``loc``, or of its longest known prefix (an error's loc may name a missing key)."""
        path = tuple(loc)
        for _ in range(MAX_DEPTH * 4):  # each alias hop moves to an earlier node; the bound is a guard
            for n in range(len(path), -1, -1):
                prefix = path[:n]
                mark = self.marks.get(prefix)
                if mark is None:
                    continue
                target = self.aliases.get(prefix) if n < len(path) else None
                if target is None:
                    return mark
                path = target + path[n:]
                break
            else:
                return (1, 1)
        return (1, 1)

    def key_position(self, loc: Sequence[str | int]) -> tuple[int, int]:
        """The mark of the mapping key that ends ``loc`` (where an unknown key is reported), else
        :meth:`position`."""
        path = tuple(loc)
        mark = self.key_marks.get(path)
        if mark is None and path:  # the key of a mapping reached through an alias
            parent = path[:-1]
            for n in range(len(parent), -1, -1):
                target = self.aliases.get(parent[:n])
                if target is not None:
                    mark = self.key_marks.get((*target, *parent[n:], path[-1]))
                    break
        return mark if mark is not None else self.position(path)

    def where(self, loc: Sequence[str | int]) -> str:
        """``file:line:column`` of ``loc`` (see :meth:`position`)."""
        line, column = self.position(loc)
        return f"{self.file}:{line}:{column}"


def read_yaml(path: Path, *, display: str | None = None) -> YamlDoc:
    """Read and parse one YAML file; ``display`` is the name used in messages (default: the path)."""
    name = str(path) if display is None else display
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror or err}", file=name) from None
    return parse_yaml(data, name)


def parse_yaml(source: str | bytes, file: str) -> YamlDoc:
    """Parse one YAML document from text or UTF-8 bytes; ``file`` names it in messages."""
    if len(source) > MAX_BYTES:
        raise InputError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB", file=file)
    text = _decode(source, file) if isinstance(source, bytes) else source.removeprefix("\ufeff")
    bad = re.search(_FORBIDDEN, text)  # re caches the compiled pattern
    if bad is not None:
        char = bad.group()
        kind = "control character" if char < "\xa0" else "character"
        _fail(file, *_locate(text, bad.start()), f"{kind} {_show(char)} is not allowed in YAML")
    import yaml

    enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            return _Builder(text, file, _USE_C).build()
        except yaml.MarkedYAMLError as err:
            if "maximum nesting depth" not in str(err.problem):
                raise
        # libyaml gives up on flow collections 1000 deep while scanning ahead, before the builder sees
        # level 65; the pure-Python parser reads that far lazily, so the report is the same either way.
        return _Builder(text, file, False).build()
    except yaml.YAMLError as err:
        raise _syntax_error(err, text, file) from None
    finally:
        if enabled:
            gc.enable()


def dump_yaml(data: Any) -> str:
    """YAML text (block style, keys in order, unicode kept) that :func:`parse_yaml` reads back as ``data``.

    Strings that a plain scalar would type otherwise under the 1.2 core rules (``"true"``, ``"1e5"``,
    ``"0o17"``, ``"null"``, ``""``, ``"<<"``), or under YAML 1.1 (``"yes"``, ``"1:30"``), are quoted. Lines
    are not wrapped. Tuples are written as lists, str/int/float subclasses (enums) as their values. Ints
    must fit in 64 bits to read back.
    """
    import yaml

    return yaml.dump(
        data,
        Dumper=_dumper(),
        default_flow_style=False,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000_000,
    )


# --- reading ---------------------------------------------------------------------------------------


def _decode(data: bytes, file: str) -> str:
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start].decode("utf-8")
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        hint = " (the file looks like UTF-16: save it as UTF-8)" if utf16 else ""
        _fail(file, *_locate(before, len(before)), f"not valid UTF-8 (byte 0x{data[err.start]:02x}){hint}")


def _locate(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of ``text[index]``, counting line breaks as the YAML parsers do."""
    line, start = 1, 0
    for m in _LINE_BREAK.finditer(text, 0, index):
        line, start = line + 1, m.end()
    return line, index - start + 1


def _show(value: str, limit: int = 40) -> str:
    """A value quoted for a message: repr-escaped and cut to ``limit`` characters."""
    return repr(value[:limit]) + ("…" if len(value) > limit else "")


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _fail(file: str, line: int, column: int, message: str) -> NoReturn:
    raise InputError(message, file=file, line=line, column=column)


def _syntax_error(err: yaml.YAMLError, text: str, file: str) -> InputError:
    """One InputError from a PyYAML scanner/parser/reader error."""
    import yaml

    line, column = 1, 1
    message = str(err)
    if isinstance(err, yaml.MarkedYAMLError):
        parts = [err.problem or "syntax error"]
        if err.problem_mark is not None:
            line, column = err.problem_mark.line + 1, err.problem_mark.column + 1
        if err.context:
            parts.append(err.context)
            context = err.context_mark
            if context is not None and (context.line + 1, context.column + 1) != (line, column):
                parts.append(f"that started at line {context.line + 1}, column {context.column + 1}")
        lines = _LINE_BREAK.split(text, maxsplit=line)
        if line <= len(lines) and lines[line - 1][column - 1 : column] == "\t":
            parts.append("(YAML does not allow tabs here: indent with spaces)")
        message = " ".join(parts)
    elif isinstance(err, yaml.reader.ReaderError):
        line, column = _locate(text, min(err.position, len(text)))
        message = err.reason
    return InputError(f"invalid YAML: {' '.join(message.split())}", file=file, line=line, column=column)


def _plain(value: str, file: str, mark: Any) -> Any:
    """The YAML 1.2 core value of a plain (unquoted, untagged) scalar."""
    if value and value[0] in _NUMBER_START:
        m = _NUMBER.fullmatch(value)
        if m is not None:
            return _number(m, value, file, mark)
        return value
    return _SPECIAL.get(value, value)


def _number(m: re.Match[str], value: str, file: str, mark: Any) -> int | float:
    group = m.lastindex or 0
    if group == 4:
        number = float(value)
        if math.isinf(number):
            _fail(file, mark.line + 1, mark.column + 1, f"number too large: {_show(value)}")
        return number
    if group == 5:
        return -math.inf if value[0] == "-" else math.inf
    if group == 6:
        return math.nan
    base = {1: 10, 2: 8, 3: 16}[group]
    if len(m.group(group).lstrip("+-").lstrip("0")) > 25:  # keeps int() cheap; 64 bits need at most 22
        _fail(file, mark.line + 1, mark.column + 1, f"number too large: {_show(value)} (over 64 bits)")
    number = int(value if group == 1 else m.group(group), base)
    if not -_INT64 <= number < _INT64:
        _fail(file, mark.line + 1, mark.column + 1, f"number too large: {_show(value)} (over 64 bits)")
    return number


def _tagged(tag: str, value: str, file: str, mark: Any) -> Any:
    """The value of a scalar with an explicit core tag."""
    if tag == STR or tag == "!":
        return value
    if tag == NULL and value in ("", "~", "null", "Null", "NULL"):
        return None
    if tag == BOOL and value in _SPECIAL and isinstance(_SPECIAL[value], bool):
        return _SPECIAL[value]
    m = _NUMBER.fullmatch(value)
    if m is not None and tag == INT and m.lastindex in (1, 2, 3):
        return _number(m, value, file, mark)
    if m is not None and tag == FLOAT and m.lastindex in (1, 4, 5, 6):
        return float(_number(m, value, file, mark))
    _fail(file, mark.line + 1, mark.column + 1, f"{_show(value)} is not a valid {_tag_name(tag)}")


def _named(err: InputError, frame: _Frame | None) -> InputError:
    """``number too large`` prefixed with the dotted path of its field, when it has one."""
    if frame is None or not err.problems or not err.problems[0].message.startswith("number too large"):
        return err
    path = (*frame.path, frame.key) if frame.is_map else (*frame.path, len(frame.container))
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    p = err.problems[0]
    return InputError(f"{name}: {p.message}", file=p.file, line=p.line, column=p.column)


class _Frame:
    """An open mapping or sequence while its events are read."""

    __slots__ = ("anchor", "container", "first_marks", "is_map", "key", "key_mark", "path", "start")

    def __init__(self, is_map: bool, container: Any, path: Loc, anchor: str | None, start: int) -> None:
        self.is_map = is_map
        self.container = container
        self.path = path
        self.anchor = anchor
        self.start = start
        self.key: Any = _MISSING
        self.key_mark: tuple[int, int] = (0, 0)
        self.first_marks: dict[str, tuple[int, int]] = {}


class _Builder:
    """Builds one document's data and marks from parser events, iteratively."""

    def __init__(self, text: str, file: str, use_c: bool) -> None:
        import yaml

        loader_class = getattr(yaml, "CSafeLoader", None) if use_c else None
        self.loader = (loader_class or yaml.SafeLoader)(text)
        self.file = file
        self.marks: dict[Loc, tuple[int, int]] = {}
        self.key_marks: dict[Loc, tuple[int, int]] = {}
        self.aliases: dict[Loc, Loc] = {}
        # anchor -> (value, node count, path) once complete; the open frame while it is being read
        self.anchors: dict[str, tuple[Any, int, Loc | None] | _Frame] = {}
        self.count = 0

    def fail(self, mark: Any, message: str) -> NoReturn:
        _fail(self.file, mark.line + 1, mark.column + 1, message)

    def build(self) -> YamlDoc:
        import yaml

        get_event = self.loader.get_event
        get_event()  # stream start
        if self.loader.check_event(yaml.StreamEndEvent):
            return YamlDoc(self.file, None, {(): (1, 1)})
        get_event()  # document start
        data = self.read_node_events(get_event)
        get_event()  # document end
        event = get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            self.fail(event.start_mark, "several documents in one file (only one is allowed)")
        if not self.marks:
            self.marks[()] = (1, 1)
        return YamlDoc(self.file, data, self.marks, self.aliases, self.key_marks)

    def read_node_events(self, get_event: Any) -> Any:
        import yaml

        stack: list[_Frame] = []
        frame: _Frame | None = None
        root: Any = _MISSING
        file = self.file
        marks = self.marks
        anchors = self.anchors
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        while True:
            event = get_event()
            cls = type(event)
            mark = event.start_mark
            if cls is scalar_event:
                self.count += 1
                if self.count > MAX_NODES:
                    self.too_many(mark)
                tag = event.tag
                value = event.value
                if frame is not None and frame.is_map and frame.key is _MISSING:
                    self.read_key(frame, value, tag, event.implicit[0], mark)
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1, None)
                    continue
                if tag is not None and tag not in _SCALAR_TAGS and tag != "!":
                    self.bad_tag(tag, mark, "a scalar")
                try:
                    if tag is None:
                        obj = _plain(value, file, mark) if event.implicit[0] else value
                    else:
                        obj = _tagged(tag, value, file, mark)
                except InputError as err:
                    raise _named(err, frame) from None
                if frame is None:
                    marks[()] = (mark.line + 1, mark.column + 1)
                    return obj
                if frame.is_map:
                    path = (*frame.path, frame.key)
                    frame.container[frame.key] = obj
                    frame.key = _MISSING
                    empty = not value and tag is None and event.implicit[0]
                    marks[path] = frame.key_mark if empty else (mark.line + 1, mark.column + 1)
                else:
                    path = (*frame.path, len(frame.container))
                    frame.container.append(obj)
                    marks[path] = (mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    anchors[event.anchor] = (obj, 1, None)
            elif cls is mapping_start or cls is sequence_start:
                is_map = cls is mapping_start
                self.count += 1
                if self.count > MAX_NODES:
                    self.too_many(mark)
                tag = event.tag
                if tag is not None and tag != "!" and tag != (MAP if is_map else SEQ):
                    self.bad_tag(tag, mark, "a mapping" if is_map else "a sequence")
                if len(stack) >= MAX_DEPTH:
                    self.fail(mark, f"nesting deeper than {MAX_DEPTH} levels")
                container: Any = {} if is_map else []
                path = self.attach(frame, container, mark, "a mapping" if is_map else "a sequence")
                if frame is None:
                    root = container
                frame = _Frame(is_map, container, path, event.anchor, self.count)
                stack.append(frame)
                if event.anchor is not None:
                    anchors[event.anchor] = frame
            elif cls is alias_event:
                entry = anchors.get(event.anchor)
                if entry is None:
                    self.fail(mark, f"unknown alias *{event.anchor} (no anchor &{event.anchor} before it)")
                if isinstance(entry, _Frame):
                    self.fail(mark, f"recursive alias *{event.anchor} (it refers to a node that contains it)")
                obj, size, target = entry
                self.count += size
                if self.count > MAX_NODES:
                    self.too_many(mark)
                path = self.attach(frame, obj, mark, "an alias")
                if target is not None:
                    self.aliases[path] = target
                if frame is None:
                    return obj
            else:  # mapping or sequence end
                assert frame is not None
                done = stack.pop()
                if done.anchor is not None and anchors.get(done.anchor) is done:
                    anchors[done.anchor] = (done.container, self.count - done.start + 1, done.path)
                if not stack:
                    return root
                frame = stack[-1]

    def attach(self, frame: _Frame | None, obj: Any, mark: Any, what: str) -> Loc:
        """Put a collection or an alias's value (``what``) into its parent; record and return its path."""
        if frame is None:
            path: Loc = ()
        elif frame.is_map:
            if frame.key is _MISSING:
                self.fail(mark, f"a mapping key must be a string, not {what}")
            path = (*frame.path, frame.key)
            frame.container[frame.key] = obj
            frame.key = _MISSING
        else:
            path = (*frame.path, len(frame.container))
            frame.container.append(obj)
        self.marks[path] = (mark.line + 1, mark.column + 1)
        return path

    def read_key(self, frame: _Frame, value: str, tag: str | None, plain: bool, mark: Any) -> None:
        if tag is not None and tag != STR and tag != "!":
            if tag in _KNOWN_TAGS:
                self.fail(mark, f"a mapping key must be a string, not {_tag_name(tag)}")
            self.bad_tag(tag, mark, "a key")
        if tag is None and plain:
            if value == "<<":
                self.fail(mark, "merge keys ('<<') are not supported: write the keys out")
            if not value:
                self.fail(mark, "missing mapping key (an empty key)")
        here = (mark.line + 1, mark.column + 1)
        first = frame.first_marks.get(value)
        if first is not None:
            at = f"column {first[1]}" if first[0] == here[0] else f"line {first[0]}"
            self.fail(mark, f"duplicate key {_show(value)} (first at {at})")
        frame.first_marks[value] = frame.key_mark = here
        self.key_marks[(*frame.path, value)] = here
        frame.key = value

    def bad_tag(self, tag: str, mark: Any, what: str) -> NoReturn:
        if tag in _KNOWN_TAGS:
            self.fail(mark, f"tag {_tag_name(tag)} cannot be used on {what}")
        self.fail(
            mark,
            f"unsupported tag {_show(_tag_name(tag))} (only the core tags !!str, !!int, !!float, !!bool, "
            "!!null, !!map and !!seq are allowed)",
        )

    def too_many(self, mark: Any) -> NoReturn:
        self.fail(mark, f"document expands to more than {MAX_NODES:,} nodes (alias bomb?)")


# --- writing ---------------------------------------------------------------------------------------


def _plain_tag(value: str) -> str:
    """The tag a plain scalar with this text would get when read back: anything but ``!!str`` is quoted.

    Besides the 1.2 core rules, strings that a YAML 1.1 reader would type (``yes``, ``on``, ``1:30``,
    ``2024-01-01``) are quoted too, so what gapplan writes means the same to other tools.
    """
    if value == "<<":
        return _CORE + "merge"
    number = _NUMBER.fullmatch(value) if value and value[0] in _NUMBER_START else None
    if number is not None:
        return INT if number.lastindex in (1, 2, 3) else FLOAT
    if value in _SPECIAL:
        return NULL if _SPECIAL[value] is None else BOOL
    import yaml

    tag: str = _yaml11().resolve(yaml.ScalarNode, value, (True, False))
    return tag


@cache
def _yaml11() -> Any:
    import yaml

    return yaml.resolver.Resolver()


@cache
def _dumper() -> Any:
    """A safe dumper whose implicit typing is the YAML 1.2 core schema, so ambiguous strings get quoted
    (built on first use: PyYAML loads only when something is written)."""
    import yaml

    base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is yaml.ScalarNode:
                return _plain_tag(value) if implicit[0] else STR
            return SEQ if kind is yaml.SequenceNode else MAP

    Dumper.add_representer(tuple, Dumper.represent_list)
    Dumper.add_representer(str, _represent_str)
    Dumper.add_multi_representer(str, _represent_str)  # str enums and other subclasses
    Dumper.add_multi_representer(int, _represent_int)
    Dumper.add_multi_representer(float, _represent_float)
    return Dumper


def _represent_str(dumper: Any, data: str) -> Any:
    if _ODD_BREAKS.search(data):  # PyYAML's Python emitter mangles these outside double quotes
        return dumper.represent_scalar(STR, str(data), style='"')
    return dumper.represent_str(str(data))


_ODD_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_int(dumper: Any, data: int) -> Any:
    return dumper.represent_int(int(data))


def _represent_float(dumper: Any, data: float) -> Any:
    return dumper.represent_float(float(data))
