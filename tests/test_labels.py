"""The label set: built-in default, user label files (TOML or JSON), validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.errors import UserError
from annotations.labels import (
    DEFAULT_LABELS,
    FALLBACK_COLOUR,
    LabelSpec,
    dump_labels,
    label_map,
    load_labels,
    parse_labels,
)


def test_default_has_the_domain_labels() -> None:
    names = set(label_map())
    assert {"PERSON", "ORG", "GPE", "LAW", "WEAPON", "ROLE"} <= names
    assert load_labels(None) == DEFAULT_LABELS
    assert len({label.key for label in DEFAULT_LABELS}) == len(DEFAULT_LABELS)


def test_toml_file(tmp_path: Path) -> None:
    path = tmp_path / "labels.toml"
    path.write_text(
        '[[labels]]\nname = "PERSON"\ncolour = "#FFAA00"\nkey = "p"\n'
        '[[labels]]\nname = "SHIP"\ndescription = "named vessels"\nkey = "s"\n'
    )
    labels = load_labels(path)
    assert [label.name for label in labels] == ["PERSON", "SHIP"]
    assert labels[0].colour == "#ffaa00"
    assert labels[1].colour == FALLBACK_COLOUR


def test_json_file_and_bare_list(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text(json.dumps([{"name": "ORG", "key": "o", "colour": "#123456"}]))
    assert load_labels(path) == (LabelSpec(name="ORG", key="o", colour="#123456"),)


def test_dump_round_trips() -> None:
    assert parse_labels(dump_labels()) == DEFAULT_LABELS


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[[labels]]\nname = "ORG"\nkey = "o"\ncolour = "blue"\n', "colour"),
        ('[[labels]]\nname = "ORG"\nkey = "o"\n[[labels]]\nname = "GPE"\nkey = "o"\n', "key"),
        ('[[labels]]\nname = "ORG"\nkey = "oo"\n', "key"),
        ('[[labels]]\nname = "org"\nkey = "o"\n', "name"),
        ("labels = []\n", "labels"),
        ('[[labels]]\nname = "ORG"\nkey = "o"\nshade = 3\n', "shade"),
        ("not toml at all = = =", "TOML"),
    ],
)
def test_invalid_files_are_one_clear_error(text: str, needle: str) -> None:
    with pytest.raises(UserError, match=needle):
        parse_labels(text)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Cannot read"):
        load_labels(tmp_path / "nope.toml")
