"""Browsing commands: roles, role, credentials, credential, skills, catalog check and catalog export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gapplan.commands._common import (
    CatalogDirs,
    ExportFormat,
    ListFormat,
    ListFormatOption,
    NoBuiltin,
    RoleIndustry,
    StateFlag,
    emit,
    handle_errors,
    out,
    state_flag,
    warn,
)
from gapplan.commands._load import load
from gapplan.commands.completion import complete_credential, complete_role, complete_skill


def register(app: typer.Typer, catalog_app: typer.Typer) -> None:
    app.command("roles")(roles)
    app.command("role")(role)
    app.command("credentials")(credentials)
    app.command("credential")(credential)
    app.command("skills")(skills)
    catalog_app.command("check")(check)
    catalog_app.command("export")(export)


@handle_errors
def roles(
    industry: RoleIndustry = None,
    state: StateFlag = None,
    fmt: ListFormatOption = ListFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """List the roles gapplan can plan for, with the national median wage (BLS OEWS) and, with --state,
    the state's.

    \b
    Examples:
      gapplan roles
      gapplan roles --industry healthcare --state FL
      gapplan roles --industry healthcare --format json
    """
    from gapplan.render.formats import render_listing
    from gapplan.render.listing import RolesView

    where = state_flag(state)
    cat = load(catalog, no_builtin).catalog
    found = [r for r in cat.roles if industry is None or r.industry == industry.lower()]
    emit(render_listing(fmt, RolesView(found, cat, where)))


@handle_errors
def role(
    role_id: Annotated[
        str, typer.Argument(metavar="ID", help="A role id, e.g. data-analyst.", autocompletion=complete_role)
    ],
    state: StateFlag = None,
    fmt: ListFormatOption = ListFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Show one role: required and preferred skills with levels and weights, licenses, related roles,
    and its median wage (national; with --state, the state's too).

    \b
    Examples:
      gapplan role data-analyst
      gapplan role data-analyst --state FL
    """
    from gapplan.catalog import lookup
    from gapplan.render.formats import render_listing
    from gapplan.render.listing import RoleView

    where = state_flag(state)
    cat = load(catalog, no_builtin).catalog
    emit(render_listing(fmt, RoleView(cat, lookup.role(cat, role_id), where)))


@handle_errors
def credentials(
    skill: Annotated[
        str | None,
        typer.Option(
            "--skill",
            help="Only credentials that grant this skill (id, name or alias).",
            autocompletion=complete_skill,
        ),
    ] = None,
    industry: Annotated[
        str | None, typer.Option("--industry", help="Only credentials for this industry.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="certification, license, professional-certificate, ...")
    ] = None,
    max_cost: Annotated[
        float | None, typer.Option("--max-cost", min=0, help="At most this cost in USD.")
    ] = None,
    delivery: Annotated[str | None, typer.Option("--delivery", help="online, in-person or hybrid.")] = None,
    fmt: ListFormatOption = ListFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """List credentials, filtered.

    \b
    Examples:
      gapplan credentials --skill sql --max-cost 300
      gapplan credentials --kind license --format json
    """
    from gapplan.catalog import lookup
    from gapplan.errors import InputError
    from gapplan.render.formats import render_listing
    from gapplan.render.listing import CredentialsView

    cat = load(catalog, no_builtin).catalog
    try:
        found = lookup.credentials(
            cat, skill=skill, industry=industry, kind=kind, max_cost=max_cost, delivery=delivery
        )
    except lookup.BadFilter as err:
        raise InputError(f"--{err.field}: must be one of {', '.join(err.allowed)}") from None
    emit(render_listing(fmt, CredentialsView(found)))


@handle_errors
def credential(
    cred_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A credential id, e.g. comptia-security-plus.",
            autocompletion=complete_credential,
        ),
    ],
    fmt: ListFormatOption = ListFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Show one credential: what it grants, what must come before it, and what it unlocks.

    \b
    Example:
      gapplan credential pmp
    """
    from gapplan.catalog import graph, lookup
    from gapplan.render.formats import render_listing
    from gapplan.render.listing import CredentialView

    cat = load(catalog, no_builtin).catalog
    found = lookup.credential(cat, cred_id)
    chain = graph.prerequisite_chain(cat, found.id)
    unlocks = graph.unlocks(cat, found.id)
    emit(render_listing(fmt, CredentialView(cat, found, chain, unlocks)))


@handle_errors
def skills(
    search: Annotated[
        str | None, typer.Argument(help="Show only skills whose id, name or alias contains this text.")
    ] = None,
    fmt: ListFormatOption = ListFormat.table,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """List skills, or search them by id, name or alias.

    \b
    Examples:
      gapplan skills
      gapplan skills excel
    """
    from gapplan.catalog import lookup
    from gapplan.render.formats import render_listing
    from gapplan.render.listing import SkillsView

    cat = load(catalog, no_builtin).catalog
    emit(render_listing(fmt, SkillsView(lookup.skills(cat, search))))


@handle_errors
def check(catalog: CatalogDirs = None, no_builtin: NoBuiltin = False) -> None:
    """Validate the catalog and print its counts; every problem is listed, one per line (exit 2).

    \b
    Examples:
      gapplan catalog check
      gapplan catalog check --catalog ./my-catalog
    """
    from gapplan.render.fmt import plural

    loaded = load(catalog, no_builtin)
    cat = loaded.catalog
    warn([f"warning: {str(w).replace('warning: ', '', 1)}" for w in loaded.warnings])
    folders = ", ".join(cat.folders)
    out(
        f"catalog ok: {plural(len(cat.skills), 'skill')}, {plural(len(cat.credentials), 'credential')}, "
        f"{plural(len(cat.roles), 'role')} ({plural(len(loaded.warnings), 'warning')}) from {folders}\n"
    )


@handle_errors
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="json or yaml.")] = ExportFormat.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout.")
    ] = None,
    catalog: CatalogDirs = None,
    no_builtin: NoBuiltin = False,
) -> None:
    """Print the validated, merged catalog with every default filled in.

    \b
    Examples:
      gapplan catalog export --format yaml > catalog.yaml
      gapplan catalog export --format json --output catalog.json
    """
    from gapplan.catalog import export_data
    from gapplan.render.formats import render_export

    emit(render_export(fmt, export_data(load(catalog, no_builtin).catalog)), output)
