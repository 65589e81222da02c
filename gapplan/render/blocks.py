"""A tiny document model (lines and tables) shared by the plain-text and rich terminal renderers."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table as RichTable

Style = Literal["", "heading", "dim", "good", "warn", "bad"]


@dataclass(frozen=True)
class Line:
    text: str
    style: Style = ""


@dataclass(frozen=True)
class Table:
    """A table. On a terminal, numbers and ids never wrap: only the ``fold`` columns (names, notes) wrap
    (default: every column but the first and the right-aligned ones); when even that does not fit, the
    ``drop`` columns are left out, in that order, and a caption says so."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str = ""
    right: frozenset[int] = frozenset()  # indexes of right-aligned (numeric) columns
    fold: frozenset[int] | None = None  # indexes of the columns that may wrap
    drop: tuple[int, ...] = ()  # indexes of the columns to leave out first when the terminal is narrow

    def folds(self, i: int) -> bool:
        if self.fold is not None:
            return i in self.fold
        return i != 0 and i not in self.right


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


FOLD_MIN = 8  # a wrapping column keeps at least this many characters a line (or its longest word)


def to_rich(blocks: Sequence[Block]) -> list[RenderableType]:
    """Rich renderables; every user-controlled string goes in as ``Text``, so markup is never parsed."""
    from rich.text import Text

    styles = {"": "", "heading": "bold", "dim": "dim", "good": "green", "warn": "yellow", "bad": "red"}
    out: list[RenderableType] = []
    for block in blocks:
        if isinstance(block, Line):
            out.append(Text(clean(block.text), style=styles[block.style]))
        else:
            out.append(_FittedTable(block))
    return out


class _FittedTable:
    """A table laid out for the width it is printed at: the ``drop`` columns go, one at a time, until
    the columns that must not wrap fit whole."""

    def __init__(self, block: Table) -> None:
        self.block = block

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        block = self.block
        keep = list(range(len(block.columns)))
        dropped: list[int] = []
        for victim in block.drop:
            if self._least_width(keep) <= options.max_width:
                break
            keep.remove(victim)
            dropped.append(victim)
        yield self._build(keep, dropped)

    def _least_width(self, keep: Sequence[int]) -> int:
        """The narrowest the table can be with these columns: the whole width of each column that must
        not wrap, ``FOLD_MIN`` of each one that may, a space either side of each cell, and the rules."""
        total = 2 + (len(keep) - 1)  # the box's edges and the separators between columns
        for i in keep:
            longest = self._longest(i)
            total += 2 + (min(longest, FOLD_MIN) if self.block.folds(i) else longest)
        return total

    def _longest(self, i: int) -> int:
        from rich.cells import cell_len

        block = self.block
        return max([cell_len(clean(block.columns[i])), *(cell_len(clean(row[i])) for row in block.rows)])

    def _build(self, keep: Sequence[int], dropped: Sequence[int]) -> RichTable:
        from rich import box
        from rich.table import Table as RichTable
        from rich.text import Text

        block = self.block
        cells = [[clean(row[i]) for i in keep] for row in block.rows]
        caption = None
        if dropped:
            left_out = ", ".join(clean(block.columns[i]) for i in dropped)
            caption = Text(f"left out to fit the terminal: {left_out}", style="dim")
        table = RichTable(
            title=Text(clean(block.title), style="bold") if block.title else None,
            caption=caption,
            box=box.SIMPLE_HEAD,
            title_justify="left",
            caption_justify="left",
            expand=False,
        )
        for i in keep:
            longest = self._longest(i)
            folds = block.folds(i)
            table.add_column(
                Text(clean(block.columns[i])),
                justify="right" if i in block.right else "left",
                overflow="ellipsis",  # a word longer than its column is cut with "…", never split
                no_wrap=not folds,
                min_width=min(longest, FOLD_MIN) if folds else longest,
            )
        for row in cells:
            table.add_row(*(Text(c) for c in row))
        return table
