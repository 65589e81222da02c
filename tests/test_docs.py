"""The docs follow the live command table: every command has help with an example and a README section.

Walks the typer app as it is registered (as sqlite-utils' ``tests/test_docs.py`` does), so a new command
fails here until it is documented. An example is a help line ``gapplan <the command's words> ...``
under an ``Example:`` or ``Examples:`` heading; a README section is a heading naming
```gapplan <the command's words>`` in backquotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer

from gapplan.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
HEADINGS = [line for line in README.splitlines() if line.startswith("#")]


def commands(group: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(words after ``gapplan``, command) for every leaf command, subcommands of groups included."""
    for name, command in sorted(group.commands.items()):
        words = (*path, name)
        if getattr(command, "commands", None):
            yield from commands(command, words)
        else:
            yield words, command


ALL = list(commands(typer.main.get_command(app)))


def examples(help_text: str) -> list[str]:
    """The example command lines of a help text."""
    found: list[str] = []
    heading = False
    for line in help_text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"Examples?:", stripped):
            heading = True
        elif heading and stripped.startswith("gapplan "):
            found.append(stripped)
        elif heading and stripped:
            heading = False
    return found


def test_the_walk_finds_every_registered_command() -> None:
    names = {" ".join(words) for words, _ in ALL}
    assert {"plan", "gap", "match", "batch", "roles", "catalog check", "catalog export"} <= names


@pytest.mark.parametrize(("words", "command"), ALL, ids=[" ".join(w) for w, _ in ALL])
def test_every_command_has_help_with_an_example_of_itself(words: tuple[str, ...], command: Any) -> None:
    found = examples(command.help or "")
    assert found, f"gapplan {' '.join(words)}: no 'Examples:' with a 'gapplan ...' line in its help"
    prefix = "gapplan " + " ".join(words)
    assert all(e == prefix or e.startswith(prefix + " ") for e in found), found


@pytest.mark.parametrize(("words", "command"), ALL, ids=[" ".join(w) for w, _ in ALL])
def test_every_command_has_a_readme_section(words: tuple[str, ...], command: Any) -> None:
    name = re.compile(r"`gapplan " + re.escape(" ".join(words)) + r"[ `]")
    assert any(name.search(h) for h in HEADINGS), (
        f"README.md has no heading naming `gapplan {' '.join(words)}`"
    )


def test_the_example_finder_needs_the_heading() -> None:
    assert examples("Do it.\n\n\b\nExamples:\n  gapplan plan --goal x\n  gapplan plan\n") == [
        "gapplan plan --goal x",
        "gapplan plan",
    ]
    assert examples("Run gapplan plan --goal x.\n") == []
