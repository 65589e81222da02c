"""Catalog listings (roles, credentials, skills): views that render as terminal blocks or as JSON data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from gapplan.models import Catalog, Credential, Role, RoleSkill, Skill, Wage
from gapplan.render.blocks import Block, Line, Table, rows_of
from gapplan.render.fmt import money, number, plural, wage, wage_amount, wage_data, wages_source

Chain = Sequence[tuple[int, str, tuple[str, ...]]]  # (depth, "requires" | "part", any_of group)
Unlocks = Sequence[tuple[str, str]]  # (credential id, "requires" | "part")


class ListView(Protocol):
    """What a listing command shows: blocks for the terminal, data for ``--format json``."""

    def blocks(self) -> list[Block]: ...

    def data(self) -> Any: ...


def role_wages(catalog: Catalog, role: Role, state: str | None) -> tuple[Wage | None, ...]:
    """The role's national median wage, and its state's when a state is given (``None`` where BLS has
    no row)."""
    national = catalog.wage(role, "US")
    return (national, catalog.wage(role, f"US-{state}")) if state else (national,)


def _role_data(catalog: Catalog, role: Role, state: str | None) -> dict[str, Any]:
    data = role.model_dump(mode="json")
    data["wages"] = [wage_data(w) for w in role_wages(catalog, role, state) if w is not None]
    return data


@dataclass(frozen=True)
class RolesView:
    """Roles with their median wages: the nation's, and the state's when ``state`` (``FL``) is given."""

    found: Sequence[Role]
    catalog: Catalog
    state: str | None = None

    def blocks(self) -> list[Block]:
        return roles(self.catalog, self.found, self.state)

    def data(self) -> Any:
        return [_role_data(self.catalog, r, self.state) for r in self.found]


@dataclass(frozen=True)
class RoleView:
    catalog: Catalog
    role: Role
    state: str | None = None

    def blocks(self) -> list[Block]:
        return role_detail(self.catalog, self.role, self.state)

    def data(self) -> Any:
        return _role_data(self.catalog, self.role, self.state)


@dataclass(frozen=True)
class CredentialsView:
    found: Sequence[Credential]

    def blocks(self) -> list[Block]:
        return credentials(self.found)

    def data(self) -> Any:
        return [c.model_dump(mode="json") for c in self.found]


@dataclass(frozen=True)
class CredentialView:
    catalog: Catalog
    credential: Credential
    chain: Chain
    unlocks: Unlocks

    def blocks(self) -> list[Block]:
        return credential_detail(self.catalog, self.credential, self.chain, self.unlocks)

    def data(self) -> Any:
        data = self.credential.model_dump(mode="json")
        data["prerequisite_chain"] = [{"depth": d, "kind": k, "any_of": list(g)} for d, k, g in self.chain]
        data["unlocks"] = [{"credential": c, "kind": k} for c, k in self.unlocks]
        return data


@dataclass(frozen=True)
class SkillsView:
    found: Sequence[Skill]

    def blocks(self) -> list[Block]:
        return skills(self.found)

    def data(self) -> Any:
        return [s.model_dump(mode="json") for s in self.found]


def roles(catalog: Catalog, found: Sequence[Role], state: str | None = None) -> list[Block]:
    wages = [role_wages(catalog, r, state) for r in found]
    rows = rows_of(
        (r.id, r.name, r.industry, r.soc or "-", *(wage_amount(w) for w in ws), str(len(r.requires)))
        for r, ws in zip(found, wages, strict=True)
    )
    areas = ("US", state) if state else ("US",)
    columns = ("id", "name", "industry", "soc", *(f"median {a}" for a in areas), "skills")
    n = len(columns)
    # narrow terminals lose the code, the industry and the skill count first; with a state, the
    # national median before the state's
    drop = (3, 2, n - 1, *((4,) if state else ()), 1)
    source = wages_source(w for ws in wages for w in ws)
    footer = plural(len(found), "role") + (f"; median annual wages, {source}" if source else "")
    return [
        Table(columns, rows, right=frozenset(range(4, n)), fold=frozenset({1}), drop=drop),
        Line(footer, "dim"),
    ]


def role_detail(catalog: Catalog, r: Role, state: str | None = None) -> list[Block]:
    names = catalog.skill_by_id
    blocks: list[Block] = [Line(f"{r.name} ({r.id})", "heading")]
    facts = [f"industry: {r.industry}"]
    if r.soc:
        facts.append(f"O*NET-SOC: {r.soc}")
    blocks.append(Line("  ".join(facts)))
    wages = role_wages(catalog, r, state)
    if any(w is not None for w in wages):
        shown = [wage(w) for w in wages if w is not None]
        if state and wages[-1] is None:
            shown.append(f"none published for {state}")
        blocks.append(Line(f"median annual wage: {', '.join(shown)}, {wages_source(wages)}"))
    if r.description:
        blocks.append(Line(r.description))

    def skill_rows(items: Sequence[RoleSkill]) -> tuple[tuple[str, ...], ...]:
        return rows_of(
            (rs.skill, names[rs.skill].name if rs.skill in names else rs.skill, str(rs.level), str(rs.weight))
            for rs in items
        )

    cols = ("skill", "name", "level", "weight")

    def skill_table(items: Sequence[RoleSkill], title: str) -> Table:
        rows = skill_rows(items)
        return Table(cols, rows, title=title, right=frozenset({2, 3}), fold=frozenset({1}), drop=(1,))

    blocks.append(skill_table(r.requires, "Required skills"))
    if r.prefers:
        blocks.append(skill_table(r.prefers, "Preferred skills"))
    for group in r.mandatory:
        named = " or ".join(_cred_name(catalog, c) for c in group)
        blocks.append(Line(f"mandatory: {named}", "warn"))
    if r.related:
        blocks.append(Line(f"related roles: {', '.join(r.related)}"))
    if r.source:
        blocks.append(Line(f"source: {r.source}" + (f" ({r.as_of})" if r.as_of else ""), "dim"))
    return blocks


def credentials(found: Sequence[Credential]) -> list[Block]:
    rows = rows_of(
        (c.id, c.name, c.issuer, c.kind, money(c.cost_usd), number(c.hours), c.delivery) for c in found
    )
    return [
        Table(
            ("id", "name", "issuer", "kind", "cost", "hours", "delivery"),
            rows,
            right=frozenset({4, 5}),
            fold=frozenset({1, 2}),
            drop=(6, 3, 2, 5, 1),
        ),
        Line(plural(len(found), "credential"), "dim"),
    ]


def credential_detail(
    catalog: Catalog,
    c: Credential,
    chain: Chain,
    unlocks: Unlocks,
) -> list[Block]:
    names = catalog.skill_by_id
    blocks: list[Block] = [Line(f"{c.name} ({c.id})", "heading")]
    blocks.append(
        Line(
            f"issuer: {c.issuer}  kind: {c.kind}  delivery: {c.delivery}"
            + ("  self-paced" if c.self_paced else "")
        )
    )
    blocks.append(
        Line(
            f"cost: {money(c.cost_usd)}  hours: {number(c.hours)}  assessment: {c.assessment}"
            f"  recognition: {c.recognition}"
        )
    )
    if c.accreditation:
        blocks.append(Line(f"accreditation: {', '.join(c.accreditation)}"))
    if c.jurisdiction:
        blocks.append(Line(f"jurisdiction: {c.jurisdiction}"))
    if c.grants:
        rows = rows_of(
            (g.skill, names[g.skill].name if g.skill in names else g.skill, str(g.level)) for g in c.grants
        )
        blocks.append(
            Table(
                ("skill", "name", "level"),
                rows,
                title="Grants",
                right=frozenset({2}),
                fold=frozenset({1}),
                drop=(1,),
            )
        )
    req = c.requires
    if req.skills:
        rows = rows_of((s.skill, str(s.level)) for s in req.skills)
        blocks.append(Table(("skill", "level"), rows, title="Requires skills", right=frozenset({1})))
    if req.experience_years:
        blocks.append(Line(f"requires {plural(req.experience_years, 'year')} of experience"))
    if chain:
        rows = rows_of(
            (str(depth), kind, " or ".join(_cred_name(catalog, m) for m in group))
            for depth, kind, group in chain
        )
        blocks.append(
            Table(
                ("depth", "how", "credential"),
                rows,
                title="Comes after",
                right=frozenset({0}),
                fold=frozenset({2}),
            )
        )
    if unlocks:
        rows = rows_of((cid, _plain_name(catalog, cid), kind) for cid, kind in unlocks)
        blocks.append(Table(("id", "name", "as"), rows, title="Unlocks", fold=frozenset({1}), drop=(1,)))
    if c.renewal:
        r = c.renewal
        blocks.append(
            Line(
                f"renewal: every {plural(r.every_years, 'year')}, {money(r.cost_usd)}, "
                f"{plural(r.ce_hours, 'CE hour')}"
            )
        )
    else:
        blocks.append(Line("renewal: does not expire"))
    if c.url:
        blocks.append(Line(f"url: {c.url}", "dim"))
    if c.source:
        blocks.append(Line(f"source: {c.source}" + (f" ({c.as_of})" if c.as_of else ""), "dim"))
    if c.notes:
        blocks.append(Line(f"notes: {c.notes}", "dim"))
    return blocks


def skills(found: Sequence[Skill]) -> list[Block]:
    rows = rows_of((s.id, s.name, s.category, ", ".join(s.aliases)) for s in found)
    table = Table(("id", "name", "category", "aliases"), rows, fold=frozenset({1, 3}), drop=(3, 2))
    return [table, Line(plural(len(found), "skill"), "dim")]


def _plain_name(catalog: Catalog, cid: str) -> str:
    c = catalog.credential_by_id.get(cid)
    return c.name if c else cid


def _cred_name(catalog: Catalog, cid: str) -> str:
    c = catalog.credential_by_id.get(cid)
    return f"{c.name} ({cid})" if c else cid
