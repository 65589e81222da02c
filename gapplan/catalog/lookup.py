"""Finding catalog entries by id, name or alias, with "did you mean" errors, and filtering listings."""

from __future__ import annotations

import difflib

from gapplan.errors import InputError, UnknownIdError, suggest_labelled
from gapplan.models import Catalog, Credential, Role, Skill


class BadFilter(InputError):
    """A listing filter whose value is not one of its vocabulary: ``field`` names the filter."""

    def __init__(self, field: str, allowed: tuple[str, ...]) -> None:
        self.field = field
        self.allowed = allowed
        super().__init__(f"{field}: must be one of {', '.join(allowed)}")


def role(catalog: Catalog, role_id: str) -> Role:
    """A role by id; an unknown one suggests roles by id and by name (``cpa`` finds the CPA-track role)."""
    found = catalog.role_by_id.get(role_id.strip().lower())
    if found is None:
        labels = [(r.id, other, r.id) for r in catalog.roles for other in (r.id, r.name)]
        raise UnknownIdError(
            "role", role_id, list(catalog.role_by_id), suggestions=suggest_labelled(role_id, labels)
        )
    return found


def credential(catalog: Catalog, cred_id: str) -> Credential:
    """A credential by id; an unknown one suggests credentials by id and by name."""
    found = catalog.credential_by_id.get(cred_id.strip().lower())
    if found is None:
        labels = [(c.id, other, c.id) for c in catalog.credentials for other in (c.id, c.name)]
        raise UnknownIdError(
            "credential",
            cred_id,
            list(catalog.credential_by_id),
            suggestions=suggest_labelled(cred_id, labels),
        )
    return found


def skill_labels(catalog: Catalog) -> list[tuple[str, str, str]]:
    """Every way to name each skill, with the label a suggestion shows for it: the id for the id and
    the name, ``excel (spreadsheets)`` for an alias (an alias is what people type)."""
    labels = [(s.id, other, s.id) for s in catalog.skills for other in (s.id, s.name)]
    labels += [(s.id, alias, f"{alias} ({s.id})") for s in catalog.skills for alias in s.aliases]
    return labels


def skill_id(catalog: Catalog, name: str) -> str:
    """A skill named by id, name or alias, case-insensitively; an unknown one suggests the closest ids,
    names and aliases."""
    found = catalog.skill_lookup.get(name.strip().casefold())
    if found is None:
        known = [*catalog.skill_by_id, *(s.name for s in catalog.skills)]
        raise UnknownIdError("skill", name, known, suggestions=suggest_labelled(name, skill_labels(catalog)))
    return found


def credentials(
    catalog: Catalog,
    *,
    skill: str | None = None,
    industry: str | None = None,
    kind: str | None = None,
    max_cost: float | None = None,
    delivery: str | None = None,
) -> list[Credential]:
    """Credentials matching every filter given, sorted by id; a ``kind`` or ``delivery`` outside its
    vocabulary is a :class:`BadFilter`."""
    from typing import get_args

    from gapplan.models import CredentialKind, Delivery

    if kind is not None and kind not in get_args(CredentialKind):
        raise BadFilter("kind", get_args(CredentialKind))
    if delivery is not None and delivery not in get_args(Delivery):
        raise BadFilter("delivery", get_args(Delivery))
    wanted = skill_id(catalog, skill) if skill is not None else None
    out = []
    for c in catalog.credentials:
        if wanted is not None and not any(g.skill == wanted for g in c.grants):
            continue
        if industry is not None and industry.lower() not in c.industries:
            continue
        if kind is not None and c.kind != kind:
            continue
        if max_cost is not None and c.cost_usd > max_cost:
            continue
        if delivery is not None and c.delivery != delivery:
            continue
        out.append(c)
    return out


def skills(catalog: Catalog, search: str | None = None) -> list[Skill]:
    """Skills whose id, name or an alias contains ``search`` (case-insensitive); all when None. When
    none does, the skills whose id, name or alias is spelled closest (``excell`` finds spreadsheets)."""
    if not search:
        return list(catalog.skills)
    needle = search.strip().casefold()
    found = [
        s
        for s in catalog.skills
        if needle in s.id or needle in s.name.casefold() or any(needle in a.casefold() for a in s.aliases)
    ]
    if found:
        return found
    spelled: dict[str, str] = {}
    for s in catalog.skills:
        for other in (s.id, s.name, *s.aliases):
            spelled.setdefault(other.casefold(), s.id)
    close = difflib.get_close_matches(needle, list(spelled), n=9, cutoff=0.75)
    ids = set(dict.fromkeys(spelled[c] for c in close))
    return [s for s in catalog.skills if s.id in ids]
