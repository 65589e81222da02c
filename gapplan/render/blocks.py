"""A tiny document model (lines and tables) shared by the plain-text and rich terminal renderers."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import RenderableType

Style = Literal["", "heading", "dim", "good", "warn", "bad"]


@dataclass(frozen=True)
class Line:
    text: str
    style: Style = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    right: frozenset[int] = frozenset()  # indexes of right-aligned (numeric) columns


Block = Line | Table


def rows_of(rows: Iterable[Sequence[str]]) -> tuple[tuple[str, ...], ...]:
    """Table rows as tuples of strings."""
    return tuple(tuple(row) for row in rows)


def clean(text: object) -> str:
    """Text safe to show in a terminal: control, bidi and other format characters become ``\\uXXXX``."""
    s = str(text)
    if s.isprintable():
        return s
    out = []
    for ch in s:
        if ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Co", "Cn")):
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}")
    return "".join(out)


def to_plain(blocks: Sequence[Block]) -> str:
    """Stable plain text: tables as space-aligned columns, one row a line."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Line):
            out.append(clean(block.text))
            continue
        if block.title:
            out.append(clean(block.title))
        cells = [tuple(clean(c) for c in block.columns)] + [tuple(clean(c) for c in r) for r in block.rows]
        widths = [max(len(row[i]) for row in cells) for i in range(len(block.columns))]
        for n, row in enumerate(cells):
            parts = [
                c.rjust(widths[i]) if i in block.right else c.ljust(widths[i]) for i, c in enumerate(row)
            ]
            out.append("  ".join(parts).rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
    return "\n".join(out) + "\n"


def to_rich(blocks: Sequence[Block]) -> list[RenderableType]:
    """Rich renderables; every user-controlled string goes in as ``Text``, so markup is never parsed."""
    from rich import box
    from rich.table import Table as RichTable
    from rich.text import Text

    styles = {"": "", "heading": "bold", "dim": "dim", "good": "green", "warn": "yellow", "bad": "red"}
    out: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Line):
            out.append(Text(clean(block.text), style=styles[block.style]))
            continue
        table = RichTable(
            title=Text(clean(block.title), style="bold") if block.title else None,
            box=box.SIMPLE_HEAD,
            title_justify="left",
            expand=False,
        )
        for i, col in enumerate(block.columns):
            table.add_column(
                Text(clean(col)), justify="right" if i in block.right else "left", overflow="fold"
            )
        for row in block.rows:
            table.add_row(*(Text(clean(c)) for c in row))
        out.append(table)
    return out
