"""Shell completion of ids (roles, credentials, skills) from the catalog, loaded only when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from gapplan.models import Catalog


def _catalog(ctx: typer.Context) -> Catalog | None:
    """The catalog the command line names so far (``--catalog``, ``--no-builtin``), from the cache; None
    when it cannot be loaded (completion never prints an error)."""
    from gapplan.commands._load import load
    from gapplan.errors import GapplanError

    params = ctx.params or {}
    try:
        return load(params.get("catalog") or None, bool(params.get("no_builtin"))).catalog
    except (GapplanError, OSError):
        return None


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    wanted = incomplete.casefold()
    return [(value, help_) for value, help_ in pairs if value.casefold().startswith(wanted)]


def complete_role(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Role ids, each with its name."""
    cat = _catalog(ctx)
    return _matching([(r.id, r.name) for r in cat.roles], incomplete) if cat else []


def complete_credential(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Credential ids, each with its name."""
    cat = _catalog(ctx)
    return _matching([(c.id, c.name) for c in cat.credentials], incomplete) if cat else []


def complete_skill(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Skill ids, each with its name."""
    cat = _catalog(ctx)
    return _matching([(s.id, s.name) for s in cat.skills], incomplete) if cat else []


def complete_skill_level(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """``SKILL[:LEVEL]``: skill ids, then, after the colon, the levels 1-5."""
    if ":" in incomplete:
        skill, _, level = incomplete.partition(":")
        names = ("awareness", "foundational", "working", "advanced", "expert")
        levels = [(f"{skill}:{n}", name) for n, name in enumerate(names, 1)]
        return [(v, h) for v, h in levels if v.startswith(f"{skill}:{level}")]
    return complete_skill(ctx, incomplete)
