"""The package's shape is a checked contract: no import cycle anywhere (the layers are lint-imports')."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "gapplan"


def test_no_module_of_the_package_imports_itself_through_others() -> None:
    graph = grimp.build_graph("gapplan", exclude_type_checking_imports=True)
    edges: nx.DiGraph[str] = nx.DiGraph()
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            edges.add_edge(module, imported)
    assert sorted(map(sorted, nx.simple_cycles(edges))) == []


def test_the_renderers_and_the_core_never_import_the_command_line() -> None:
    graph = grimp.build_graph("gapplan")
    for package in ("gapplan.render", "gapplan.planning", "gapplan.catalog", "gapplan.advisor"):
        for module in sorted(graph.find_descendants(package) | {package}):
            imported = graph.find_modules_directly_imported_by(module)
            assert not {m for m in imported if m.startswith(("gapplan.cli", "gapplan.commands"))}, module


CORE = ("advisor", "planning", "catalog", "yamlio", "render", "models.py", "errors.py", "output.py")
FLAG = re.compile(r"--[a-z]")


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (they may show a command line; messages may not)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def flag_strings(path: Path, root: Path = PACKAGE.parent) -> list[str]:
    """``file:line: text`` for every string literal (docstrings aside, f-strings' parts included) that
    names a ``--flag``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        f"{path.relative_to(root)}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and FLAG.search(node.value)
    ]


def test_no_core_message_names_a_command_line_flag() -> None:
    """Core errors name fields and ids; only ``commands/`` (and ``cli.py``) speak in flags."""
    files = sorted(
        f
        for part in CORE
        for f in ((PACKAGE / part).rglob("*.py") if (PACKAGE / part).is_dir() else [PACKAGE / part])
    )
    assert len(files) > 20
    assert [hit for f in files for hit in flag_strings(f)] == []


def test_the_flag_check_sees_f_strings_and_skips_docstrings(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text('"""Run ``gapplan plan --goal x``."""\nx = f"--kind: {1}"\ny = "a -- b"\n')
    assert [hit.split(": ", 1)[1] for hit in flag_strings(source, tmp_path)] == ["'--kind: '"]
