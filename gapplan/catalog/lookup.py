"""Finding catalog entries by id, name or alias, with "did you mean" errors, and filtering listings."""

from __future__ import annotations

from gapplan.errors import InputError, UnknownIdError
from gapplan.models import Catalog, Credential, Role, Skill


class BadFilter(InputError):
    """A listing filter whose value is not one of its vocabulary: ``field`` names the filter."""

    def __init__(self, field: str, allowed: tuple[str, ...]) -> None:
        self.field = field
        self.allowed = allowed
        super().__init__(f"{field}: must be one of {', '.join(allowed)}")


def role(catalog: Catalog, role_id: str) -> Role:
    found = catalog.role_by_id.get(role_id.strip().lower())
    if found is None:
        raise UnknownIdError("role", role_id, list(catalog.role_by_id))
    return found


def credential(catalog: Catalog, cred_id: str) -> Credential:
    found = catalog.credential_by_id.get(cred_id.strip().lower())
    if found is None:
        raise UnknownIdError("credential", cred_id, list(catalog.credential_by_id))
    return found


def skill_id(catalog: Catalog, name: str) -> str:
    """A skill named by id, name or alias, case-insensitively."""
    found = catalog.skill_lookup.get(name.strip().casefold())
    if found is None:
        known = [*catalog.skill_by_id, *(s.name for s in catalog.skills)]
        raise UnknownIdError("skill", name, known)
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
    """Skills whose id, name or an alias contains ``search`` (case-insensitive); all when None."""
    if not search:
        return list(catalog.skills)
    needle = search.strip().casefold()
    return [
        s
        for s in catalog.skills
        if needle in s.id or needle in s.name.casefold() or any(needle in a.casefold() for a in s.aliases)
    ]
