"""Errors gapplan raises for its users: each carries where it happened and a message fit to print."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: ``file:line:column: message`` (line and column 1-based, 0 if unknown)."""

    file: str = ""
    line: int = 0
    column: int = 0
    message: str = ""

    def __str__(self) -> str:
        where = self.where
        return f"{where}: {self.message}" if where else self.message

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        if self.line <= 0:
            return self.file
        if self.column <= 0:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class GapplanError(Exception):
    """Bad input or usage. The CLI prints each problem on one line of stderr and exits with ``exit_code``."""

    exit_code = 2

    def __init__(
        self,
        message: str = "",
        *,
        file: str = "",
        line: int = 0,
        column: int = 0,
        problems: Iterable[Problem] = (),
    ) -> None:
        found = tuple(problems)
        if message:
            found = (Problem(file, line, column, message), *found)
        self.problems: tuple[Problem, ...] = found
        super().__init__("\n".join(str(p) for p in found))

    def lines(self) -> list[str]:
        """One printable line per problem, without the ``error:`` prefix."""
        return [str(p) for p in self.problems]


class InputError(GapplanError):
    """A file or flag a user gave is malformed: YAML, profile, roster, option values."""


class CatalogError(GapplanError):
    """The catalog is inconsistent: unknown ids, duplicates, prerequisite cycles."""


class UnknownIdError(GapplanError):
    """A name that matches no known id; the message suggests the closest known ones."""

    def __init__(
        self,
        kind: str,
        name: str,
        known: Sequence[str],
        *,
        file: str = "",
        line: int = 0,
        column: int = 0,
        context: str = "",
    ) -> None:
        self.kind = kind
        self.name = name
        prefix = f"{context}: " if context else ""
        super().__init__(f"{prefix}{unknown_message(kind, name, known)}", file=file, line=line, column=column)


class OutputError(GapplanError):
    """The output could not be written (permission, full disk); the old file stays whole."""

    exit_code = 3


def suggest(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The closest known names to ``name`` (case-insensitive), best first."""
    lowered: dict[str, str] = {}
    for k in known:
        lowered.setdefault(k.lower(), k)  # the first spelling wins: callers list ids before names
    return [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6)]


def unknown_message(kind: str, name: str, known: Iterable[str]) -> str:
    """``unknown skill 'sqll' (did you mean: sql?)``."""
    close = suggest(name, known)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    return f"unknown {kind} {name!r}{hint}"
