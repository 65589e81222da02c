"""The synthetic catalogs of the benchmarks, written as YAML and read back through the real loader.

:func:`generate` builds the entries (seeded, so every run plans the same catalog); :func:`write_catalog`
writes them as ``skills.yaml``, ``credentials.yaml`` and ``roles.yaml`` (one flow mapping per entry; above
20,000 credentials, split over several folders, as the reader takes at most 8 MiB a file);
:func:`load_synthetic` loads them with :func:`gapplan.catalog.load_catalog` (``builtin=False``), exactly as
``gapplan ... --no-builtin --catalog DIR`` does, so the benchmarks plan on the catalog users get and a
generator bug fails as it would for them. Write one to look at with ``python benchmarks/_synthetic.py N
DIR``, which prints the ``gapplan catalog check`` command that validates it.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gapplan.catalog import load_catalog
from gapplan.models import (
    Catalog,
    Credential,
    Delivery,
    Requirements,
    Role,
    RoleSkill,
    Skill,
    SkillLevel,
)


def generate(n: int, seed: int) -> Catalog:
    """``n`` credentials in domains of about 200 (as real catalogs span industries), each domain with 30
    skills of uneven popularity, plus 15 skills shared by all domains; the role sits in domain 0.

    Every credential can be earned: its prerequisite credentials and parts are earlier credentials of its
    domain, and a skill it requires is one an earlier credential grants at that level or higher (so no
    loop and no skill that only credentials needing it grant)."""
    rng = random.Random(seed)
    n_domains = max(1, n // 200)
    shared = [f"shared-{i:02d}" for i in range(15)]
    domain_skills = [[f"d{d:03d}-skill-{i:02d}" for i in range(30)] for d in range(n_domains)]
    skills = [
        Skill(id=s, name=s.replace("-", " "), category="technical")
        for s in shared + [s for group in domain_skills for s in group]
    ]
    popularity = [1.0 / (i + 1) ** 0.5 for i in range(30)]
    ids = [f"cred-{i:05d}" for i in range(n)]
    by_domain: list[list[str]] = [[] for _ in range(n_domains)]
    granted: dict[str, int] = {}  # the highest level an earlier (hence earnable) credential grants
    creds: list[Credential] = []

    def pick_skill(d: int) -> str:
        if rng.random() < 0.15:
            return rng.choice(shared)
        return domain_skills[d][rng.choices(range(30), popularity)[0]]

    for i, cid in enumerate(ids):
        d = rng.randrange(n_domains)
        chosen = {pick_skill(d) for _ in range(rng.randint(1, 4))}
        grants = tuple(
            SkillLevel(skill=s, level=rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5])) for s in sorted(chosen)
        )
        groups: tuple[tuple[str, ...], ...] = ()
        needs: tuple[SkillLevel, ...] = ()
        roll = rng.random()
        earlier = by_domain[d]
        if earlier and roll < 0.10:
            groups = (tuple(sorted({rng.choice(earlier) for _ in range(rng.randint(1, 2))})),)
        elif roll < 0.20:
            skill, level = pick_skill(d), rng.randint(1, 3)
            top = granted.get(skill, 0)
            if top:  # only what can be had; a skill nobody grants yet is no prerequisite
                needs = (SkillLevel(skill=skill, level=min(level, top)),)
        parts: tuple[str, ...] = ()
        if len(earlier) > 5 and rng.random() < 0.02:
            parts = tuple(sorted({rng.choice(earlier) for _ in range(3)}))
        zero = bool(parts) and rng.random() < 0.5
        delivery: Delivery = rng.choice(["online", "online", "online", "in-person", "hybrid"])
        cost = 0.0 if zero or rng.random() < 0.05 else float(rng.randint(20, 2000))
        creds.append(
            Credential(
                id=cid,
                name=f"Credential {i}",
                issuer="Synthetic",
                kind="certification",
                cost_usd=cost,
                hours=0.0 if zero else float(rng.randint(5, 300)),
                delivery=delivery,
                grants=grants,
                requires=Requirements(
                    credentials=groups,
                    skills=needs,
                    experience_years=float(rng.choice([0] * 19 + [rng.randint(2, 5)])),
                ),
                parts=parts,
            )
        )
        by_domain[d].append(cid)
        for g in grants:
            granted[g.skill] = max(granted.get(g.skill, 0), g.level)
    targets = rng.sample(domain_skills[0][:15], 6) + rng.sample(shared, 2)
    required = [RoleSkill(skill=s, level=rng.randint(2, 4), weight=rng.randint(1, 5)) for s in targets]
    preferred = [RoleSkill(skill=s, level=2, weight=2) for s in domain_skills[0][20:23]]
    role = Role(
        id="target",
        name="Target Role",
        industry="technology",
        requires=tuple(required),
        prefers=tuple(preferred),
    )
    return Catalog(skills=tuple(skills), credentials=tuple(creds), roles=(role,))


def _flow(value: object) -> str:
    """``value`` as a YAML flow node (strings as JSON strings, which YAML reads as double-quoted)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


CHUNK = 20_000  # credentials per credentials.yaml: about 4.8 MB, under the reader's 8 MiB a file


def write_catalog(cat: Catalog, folder: Path, comment: str = "") -> tuple[tuple[Path, ...], int]:
    """Write ``cat`` as the loader's files: into ``folder`` itself when it has at most :data:`CHUNK`
    credentials, else into ``folder/part-1``, ``part-2``, ... (skills and roles in the first), to be loaded
    in that order as ``--catalog part-1 --catalog part-2 ...``. The folders and the bytes written."""
    creds = cat.credentials
    chunks = [creds[i : i + CHUNK] for i in range(0, max(len(creds), 1), CHUNK)]
    folders = (folder,) if len(chunks) == 1 else tuple(folder / f"part-{i + 1}" for i in range(len(chunks)))
    total = 0
    for i, (sub, chunk) in enumerate(zip(folders, chunks, strict=True)):
        sub.mkdir(parents=True, exist_ok=True)
        files: dict[str, tuple[Skill, ...] | tuple[Credential, ...] | tuple[Role, ...]] = {
            "credentials": chunk
        }
        if i == 0:
            files = {"skills": cat.skills, **files, "roles": cat.roles}
        for kind, entries in files.items():
            lines = [f"# {comment}\n"] if comment else []
            lines.append(f"{kind}:\n")
            lines.extend(f"  - {_flow(e.model_dump(mode='json', exclude_defaults=True))}\n" for e in entries)
            data = "".join(lines).encode()
            (sub / f"{kind}.yaml").write_bytes(data)
            total += len(data)
    return folders, total


def write_synthetic(n: int, seed: int, folder: Path) -> tuple[tuple[Path, ...], int]:
    """Generate the ``n``-credential catalog and write it into ``folder`` (see :func:`write_catalog`)."""
    comment = f"synthetic benchmark catalog: {n} credentials, seed {seed} (benchmarks/_synthetic.py)"
    return write_catalog(generate(n, seed), folder, comment)


@dataclass(frozen=True)
class Synthetic:
    catalog: Catalog
    generate_s: float  # generating the entries and writing the YAML
    load_s: float  # load_catalog: read, parse, validate, check (no cache)
    size: int  # bytes of YAML
    warnings: int  # the loader's warnings (e.g. a required level no credential grants)


def load_synthetic(n: int, seed: int = 1) -> Synthetic:
    """The ``n``-credential catalog, written to a temporary folder and loaded through the real loader
    (which raises :class:`gapplan.errors.CatalogError` if it rejects the generated catalog)."""
    with tempfile.TemporaryDirectory(prefix="gapplan-synthetic-") as tmp:
        t0 = time.perf_counter()
        folders, size = write_synthetic(n, seed, Path(tmp))
        t1 = time.perf_counter()
        loaded = load_catalog(folders, builtin=False, freeze=True)  # as the console script loads
        t2 = time.perf_counter()
    return Synthetic(loaded.catalog, t1 - t0, t2 - t1, size, len(loaded.warnings))


def synthetic_catalog(n: int, seed: int = 1) -> Catalog:
    """The ``n``-credential catalog as the loader returns it (see :func:`load_synthetic`)."""
    return load_synthetic(n, seed).catalog


def main() -> None:
    """``python benchmarks/_synthetic.py N [SEED] DIR``: write a synthetic catalog folder to look at."""
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: python benchmarks/_synthetic.py N [SEED] DIR")
    n, folder = int(sys.argv[1]), Path(sys.argv[-1])
    seed = int(sys.argv[2]) if len(sys.argv) == 4 else 1
    folders, size = write_synthetic(n, seed, folder)
    print(f"{size:,} bytes written; check it with:")
    print("gapplan catalog check --no-builtin " + " ".join(f"--catalog {f}" for f in folders))


if __name__ == "__main__":
    main()
