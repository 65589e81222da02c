"""Pydantic errors as located, one-line problems: dotted paths, positions from the YAML, plain words."""

from __future__ import annotations

import pytest

from gapplan.errors import InputError
from gapplan.models import ID_PATTERN, Credential, Profile, Role
from gapplan.yamlio.reader import parse_yaml
from gapplan.yamlio.validation import dotted, field_pattern, validate_model

CRED = "id: x\nname: X\nissuer: I\nkind: course\ncost_usd: 10\nhours: 5\n"
ROLE = "id: r\nname: R\nindustry: tech\nrequires: [{skill: sql, level: 2}]\n"


def problems(model: type[Credential] | type[Role] | type[Profile], text: str) -> list[str]:
    doc = parse_yaml(text, "f.yaml")
    with pytest.raises(InputError) as err:
        validate_model(model, doc.data, doc)
    return err.value.lines()


@pytest.mark.parametrize(
    ("loc", "text"),
    [
        ((), "(document)"),
        (("name",), "name"),
        (("credentials", 3, "cost_usd"), "credentials[3].cost_usd"),
        (("skills", 0), "skills[0]"),
    ],
)
def test_dotted_paths(loc: tuple[str | int, ...], text: str) -> None:
    assert dotted(loc) == text


def test_each_error_is_located_at_its_value_and_sorted() -> None:
    assert problems(
        Credential, CRED.replace("cost_usd: 10", "cost_usd: -1").replace("hours: 5", "hours: lots")
    ) == [
        "f.yaml:5:11: cost_usd: must be >= 0",
        "f.yaml:6:8: hours: must be a number, found the text 'lots'",
    ]


def test_unknown_and_missing_keys_say_so_with_a_suggestion() -> None:
    assert problems(Credential, CRED.replace("hours: 5", "hour: 5")) == [
        "f.yaml:1:1: hours: required key missing",
        "f.yaml:6:1: hour: unknown key 'hour' (did you mean 'hours'?)",
    ]


@pytest.mark.parametrize(
    ("model", "text", "message"),
    [
        (Credential, CRED + "url: ftp://x\n", "f.yaml:7:6: url: must be an http(s) URL"),
        (
            Credential,
            CRED + "jurisdiction: Texas\n",
            "f.yaml:7:15: jurisdiction: must be a country or state code like US or US-TX",
        ),
        (Role, ROLE + "soc: 15-20\n", "f.yaml:5:6: soc: must be an O*NET-SOC code like 15-2051.01"),
        (
            Credential,
            CRED.replace("id: x", "id: Not_Kebab"),
            "f.yaml:1:5: id: must be a kebab-case id (lowercase letters and digits joined by single hyphens)",
        ),
        (
            Credential,
            CRED.replace("kind: course", "kind: diploma"),
            "f.yaml:4:7: kind: must be one of 'certification', 'license', 'professional-certificate', 'micro-credential', 'digital-badge', 'nanodegree', 'course', 'degree', 'apprenticeship' or 'work-experience'",
        ),
    ],
)
def test_patterns_and_vocabularies_are_phrased_in_words(
    model: type[Credential] | type[Role], text: str, message: str
) -> None:
    assert problems(model, text) == [message]


def test_the_patterns_are_the_models_own() -> None:
    assert field_pattern(Credential, "id") == ID_PATTERN
    assert field_pattern(Role, "soc") == r"^\d{2}-\d{4}(\.\d{2})?$"
    with pytest.raises(LookupError):
        field_pattern(Credential, "cost_usd")


def test_a_profile_date_that_is_not_a_date_is_located() -> None:
    assert problems(Profile, "budget:\n  start: 2027-02-30\n") == [
        "f.yaml:2:10: budget.start: must be a date like 2027-01-04"
    ]


def test_a_base_path_prefixes_the_location() -> None:
    doc = parse_yaml("roles:\n  - {id: r, name: R, industry: tech, requires: [], weight: 1}\n", "f.yaml")
    assert isinstance(doc.data, dict)
    with pytest.raises(InputError) as err:
        validate_model(Role, doc.data["roles"][0], doc, ("roles", 0))
    # ``weight`` is a key of a role's skills, not of a role: no "did you mean 'weight'?"
    assert err.value.lines() == ["f.yaml:2:52: roles[0].weight: unknown key 'weight'"]
