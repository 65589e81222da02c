"""User-controlled text (names, notes) never turns into markup, links, escapes or broken tables."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from gapplan.catalog import graph, load_catalog
from gapplan.render import listing
from gapplan.render.blocks import clean, to_plain, to_rich

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"


def rendered(blocks: list[object]) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=100, color_system=None, highlight=False)
    for r in to_rich(blocks):  # type: ignore[arg-type]
        console.print(r)
    return buf.getvalue()


def test_rich_markup_in_names_is_printed_literally() -> None:
    catalog = load_catalog((HOSTILE,), builtin=False).catalog
    cred = catalog.credential_by_id["evil-cert"]
    blocks = listing.credential_detail(catalog, cred, graph.prerequisite_chain(catalog, cred.id), [])
    text = rendered(blocks)  # type: ignore[arg-type]
    assert "[link=https://evil.example]Evil[/link]" in text
    assert "[bold red]SQL[/bold red] | <b>x</b>" in text
    assert "[bold]source[/bold]" in text
    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "\\u001b[31mred\\u001b[0m" in text


def test_plain_listing_escapes_control_characters_and_keeps_columns() -> None:
    catalog = load_catalog((HOSTILE,), builtin=False).catalog
    text = to_plain(listing.credentials(catalog.credentials))
    lines = text.splitlines()
    assert len(lines) == 4
    assert lines[2].startswith("evil-cert  [link=https://evil.example]Evil[/link] `rm -rf` | *cert*")


def test_clean_escapes_format_and_control_characters_only() -> None:
    assert clean("plain text é 漢字") == "plain text é 漢字"
    assert clean("a\x1b[2Jb") == "a\\u001b[2Jb"
    assert clean("left\u202eright\u200b") == "left\\u202eright\\u200b"
