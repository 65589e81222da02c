"""The package's shape is a checked contract: no import cycle anywhere (the layers are lint-imports')."""

from __future__ import annotations

import grimp
import networkx as nx


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
