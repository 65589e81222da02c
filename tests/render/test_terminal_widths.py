"""Tables on a real terminal (a pseudo-terminal 60, 80 and 120 columns wide): numbers and ids never wrap.

Rich lays tables out only on a terminal, so these tests run ``python -m gapplan`` in a subprocess whose
stdout is a pseudo-terminal of the given size; in a pipe the output is plain text and never wraps.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import pty
import re
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

import pytest

WIDTHS = (60, 80, 120)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
ELSEWHERE = Path(tempfile.gettempdir())  # any folder but the checkout: the embedded catalog loads anywhere


def on_terminal(columns: int, *args: str, cwd: Path) -> str:
    """What ``gapplan ARGS`` shows on a terminal ``columns`` wide, colours stripped."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"COLUMNS": str(columns), "LINES": "50", "TERM": "xterm-256color", "GAPPLAN_NO_CACHE": "1"})
    proc = subprocess.Popen(
        [sys.executable, "-m", "gapplan", *args],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), err.decode()
    return ANSI.sub("", b"".join(chunks).decode("utf-8")).replace("\r\n", "\n")


@functools.cache
def in_pipe(*args: str, cwd: Path) -> str:
    """The same command's plain output (JSON here), run once per test session."""
    env = {**os.environ, "GAPPLAN_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "gapplan", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def assert_fits(shown: str, columns: int) -> None:
    too_wide = [line for line in shown.splitlines() if len(line.rstrip()) > columns]
    assert not too_wide, too_wide


def assert_whole(shown: str, tokens: list[str]) -> None:
    """Each token appears whole on one line, between spaces or line ends."""
    broken = [t for t in tokens if not re.search(rf"(^|\s){re.escape(t)}(\s|$)", shown, re.MULTILINE)]
    assert not broken, f"split or missing: {broken}\n{shown}"


@pytest.mark.parametrize("columns", WIDTHS)
def test_match_table_never_splits_money_status_or_ids(columns: int) -> None:
    args = ("match", "--have", "excel:4", "--top", "4")
    data = json.loads(in_pipe(*args, "--format", "json", cwd=ELSEWHERE))["roles"]

    shown = on_terminal(columns, *args, cwd=ELSEWHERE)

    assert_fits(shown, columns)
    tokens = [r["role"]["id"] for r in data]
    tokens += [f"${r['cost_usd']:,}" for r in data]
    tokens += [f"${w['median_usd']:,}" for r in data for w in r["wages"] if w["median_usd"] is not None]
    if columns >= 80:
        tokens += [r["status"] for r in data]
    assert_whole(shown, tokens)


@pytest.mark.parametrize("columns", WIDTHS)
def test_match_with_a_state_keeps_the_state_wage_whole(columns: int) -> None:
    args = ("match", "--have", "excel:4", "--top", "4", "--state", "FL")
    data = json.loads(in_pipe(*args, "--format", "json", cwd=ELSEWHERE))["roles"]

    shown = on_terminal(columns, *args, cwd=ELSEWHERE)

    assert_fits(shown, columns)
    florida = [w["median_usd"] for r in data for w in r["wages"] if w["area"] == "US-FL"]
    assert florida
    assert_whole(shown, [r["role"]["id"] for r in data] + [f"${m:,}" for m in florida if m is not None])
    assert "median FL" in shown


@pytest.mark.parametrize("columns", WIDTHS)
def test_credentials_table_never_splits_ids_or_costs(columns: int) -> None:
    args = ("credentials", "--skill", "sql")
    data = json.loads(in_pipe(*args, "--format", "json", cwd=ELSEWHERE))

    shown = on_terminal(columns, *args, cwd=ELSEWHERE)

    assert_fits(shown, columns)
    assert_whole(shown, [c["id"] for c in data])
    assert_whole(shown, [in_pipe_money(c["cost_usd"]) for c in data])


@pytest.mark.parametrize("columns", WIDTHS)
def test_roles_table_never_splits_ids_or_wages(columns: int) -> None:
    data = json.loads(in_pipe("roles", "--state", "TX", "--format", "json", cwd=ELSEWHERE))

    shown = on_terminal(columns, "roles", "--state", "TX", cwd=ELSEWHERE)

    assert_fits(shown, columns)
    areas = ("US", "US-TX") if columns >= 80 else ("US-TX",)  # at 60, the national median goes first
    tokens = [r["id"] for r in data]
    tokens += [
        f"${w['median_usd']:,}"
        for r in data
        for w in r["wages"]
        if w["median_usd"] is not None and w["area"] in areas
    ]
    assert_whole(shown, tokens)


@pytest.mark.parametrize("columns", WIDTHS)
def test_plan_step_table_keeps_costs_whole(columns: int) -> None:
    args = ("plan", "--goal", "data-analyst", "--have", "excel:4", "--start", "2027-01-04")
    data = json.loads(in_pipe(*args, "--format", "json", cwd=ELSEWHERE))

    shown = on_terminal(columns, *args, cwd=ELSEWHERE)

    assert_fits(shown, columns)
    assert_whole(shown, [in_pipe_money(s["cost_usd"]) for s in data["steps"]])


def test_a_dropped_column_is_named_under_the_table() -> None:
    shown = on_terminal(60, "match", "--have", "excel:4", "--top", "4", cwd=ELSEWHERE)

    assert "left out to fit the terminal: name" in shown


def in_pipe_money(value: float) -> str:
    return f"${value:,.0f}" if float(value).is_integer() else f"${value:,.2f}"


def test_a_narrow_console_drops_columns_in_order_and_keeps_numbers_whole() -> None:
    from io import StringIO

    from rich.console import Console

    from gapplan.render.blocks import Table, to_rich

    table = Table(
        ("id", "name", "notes", "cost"),
        (("a-rather-long-identifier", "A Name That Folds", "something to say", "$45,945"),),
        right=frozenset({3}),
        fold=frozenset({1, 2}),
        drop=(2, 1),
    )
    for width, kept in ((80, ("name", "notes")), (50, ("name",)), (38, ())):
        buf = StringIO()
        console = Console(file=buf, width=width, color_system=None)
        for renderable in to_rich([table]):
            console.print(renderable)
        shown = buf.getvalue()
        assert "a-rather-long-identifier" in shown, shown
        assert "$45,945" in shown, shown
        assert all(len(line) <= width for line in shown.splitlines())
        assert tuple(c for c in ("name", "notes") if f" {c} " in shown.splitlines()[1] + " ") == kept, shown
