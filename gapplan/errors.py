"""Errors gapplan raises for its users: each carries where it happened and a message fit to print."""

from __future__ import annotations

import difflib
import re
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
        suggestions: Sequence[str] | None = None,
    ) -> None:
        self.kind = kind
        self.name = name
        prefix = f"{context}: " if context else ""
        message = unknown_message(kind, name, known, suggestions=suggestions)
        super().__init__(f"{prefix}{message}", file=file, line=line, column=column)


class NothingToWriteError(GapplanError):
    """The format chosen cannot hold what the result has (an iCalendar of a plan with no step): nothing
    is written, and the exit code is 1, not 0, so a script does not take a missing file for success."""

    exit_code = 1


class OutputError(GapplanError):
    """The output could not be written (permission, full disk); the old file stays whole."""

    exit_code = 3


def suggest_labelled(name: str, names: Iterable[tuple[str, str, str]], n: int = 3) -> list[str]:
    """The entries closest to ``name`` by any of their names, best first, one suggestion per entry.

    ``names`` holds ``(entry, a name of it, the label to show when that name matches)``, e.g.
    ``("spreadsheets", "excel", "excel (spreadsheets)")``. Entries with a name that holds ``name`` as a
    whole word come first (``cpa`` finds ``Accountant (CPA track)``), then close spellings of any name.
    """
    needle = name.strip().casefold()
    if not needle:
        return []
    rows = list(names)
    word = re.compile(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])")
    found: dict[str, str] = {}  # entry -> label, in order of preference
    for entry, other, label in rows:
        if entry not in found and word.search(other.casefold()):
            found[entry] = label
    # close spellings: of ids as for any unknown name (cutoff 0.6), of names and aliases only when
    # they are very close (0.75), so an alias never crowds out the id a typo was meant for
    scored: list[tuple[float, int, str, str]] = []
    for k, (entry, other, label) in enumerate(rows):
        matcher = difflib.SequenceMatcher(None, needle, other.casefold())
        cutoff = 0.6 if other == entry else 0.75
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            score = matcher.ratio()
            if score >= cutoff:
                scored.append((-score, k, entry, label))
    for _, _, entry, label in sorted(scored):
        found.setdefault(entry, label)
    return list(found.values())[:n]


def suggest(name: str, known: Iterable[str], n: int = 3) -> list[str]:
    """The closest known names to ``name`` (case-insensitive), best first."""
    lowered: dict[str, str] = {}
    for k in known:
        lowered.setdefault(k.lower(), k)  # the first spelling wins: callers list ids before names
    return [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6)]


def unknown_message(
    kind: str, name: str, known: Iterable[str], *, suggestions: Sequence[str] | None = None
) -> str:
    """``unknown skill 'sqll' (did you mean: sql?)``; ``suggestions``, when given, replace the closest
    of ``known``."""
    close = list(suggestions) if suggestions is not None else suggest(name, known)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    return f"unknown {kind} {name!r}{hint}"
