"""Event schema: default table, user files (good and bad), checks of events."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.errors import UserError
from annotations.events import (
    DEFAULT_SCHEMA,
    check_event,
    completeness,
    dump_schema,
    load_schema,
    missing_roles,
    parse_schema,
)
from annotations.models import Argument, Entity, Event

FIXTURES = Path(__file__).parent / "events_fixtures"

DESIGN_TABLE = {
    "VISIT": ["Visitor*", "Host", "Place", "Time", "Topic"],
    "MEET": ["Participants*", "Place", "Time", "Topic"],
    "NEGOTIATE": ["Participants*", "Topic", "Place", "Time"],
    "SIGN_AGREEMENT": ["Signatories*", "Agreement*", "Place", "Time"],
    "RATIFY": ["Ratifier*", "Agreement*", "Time"],
    "MIL_COOPERATION": ["Actor*", "Partner*", "Activity", "Place", "Time"],
    "ARMS_PROCUREMENT": ["Buyer*", "Seller", "Item*", "Quantity", "Value", "Time"],
    "STATEMENT": ["Speaker*", "Topic", "Time"],
}


def test_default_schema_is_the_design_table() -> None:
    found = {
        t.name: [r.name + ("*" if r.required else "") for r in t.roles]
        for t in DEFAULT_SCHEMA.types
    }
    assert found == DESIGN_TABLE
    assert DEFAULT_SCHEMA.get("VISIT").cameo == ["042", "043"]
    assert DEFAULT_SCHEMA.get("ARMS_PROCUREMENT").role("Item").accepts("WEAPON")
    assert len({t.key for t in DEFAULT_SCHEMA.types}) == len(DEFAULT_SCHEMA.types)


def test_dump_round_trips() -> None:
    assert parse_schema(dump_schema()) == DEFAULT_SCHEMA


def test_no_file_means_default() -> None:
    assert load_schema(None) is DEFAULT_SCHEMA


def test_extend_keeps_default_types_and_replaces_by_name() -> None:
    schema = load_schema(FIXTURES / "good_extend.toml")
    assert schema.names == [*DESIGN_TABLE, "SANCTION"]
    assert schema.get("VISIT").triggers == ["called on"]
    assert schema.get("VISIT").required_roles == ["Visitor"]
    assert schema.get("SANCTION").required_roles == ["Imposer", "Target"]


def test_json_file_replaces_default() -> None:
    schema = load_schema(FIXTURES / "good_replace.json")
    assert schema.names == ["PROTEST"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bad_label.toml",
            "is invalid at type 'VISIT', role 'Visitor', field 'labels' item #1: must be "
            "written in capitals",
        ),
        (
            "bad_duplicate_role.toml",
            "is invalid at type 'MEET': the role name 'Participants' is used twice.",
        ),
        (
            "bad_no_roles.json",
            "is invalid at type 'RATIFY', field 'roles': an event type needs at least one role.",
        ),
        (
            "bad_unknown_field.toml",
            "is invalid at type 'SIGN_AGREEMENT', role 'Agreement', field 'mandatory': "
            "this field is not part of a schema.",
        ),
        ("bad_syntax.toml", "is not valid TOML"),
    ],
)
def test_bad_files_give_one_clear_sentence(name: str, expected: str) -> None:
    path = FIXTURES / name
    with pytest.raises(UserError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert message.startswith(f"The event schema file {path} ")
    assert expected in message
    assert message.endswith(".") and "\n" not in message and "Traceback" not in message


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Cannot read the event schema file"):
        load_schema(tmp_path / "nope.toml")


def _entity(label: str, text: str, eid: str) -> Entity:
    return Entity(id=eid, article_id="a", start=0, end=len(text), label=label, text=text)


def _event(type_: str, *args: tuple[str, str]) -> Event:
    return Event(
        article_id="a",
        type=type_,
        trigger_start=0,
        trigger_end=5,
        trigger_text="visit",
        arguments=[Argument(role=r, entity_id=e) for r, e in args],
    )


ENTITIES = {
    "putin": _entity("PERSON", "Vladimir Putin", "putin"),
    "india": _entity("GPE", "India", "india"),
    "dec": _entity("DATE", "December 4-5", "dec"),
}


def test_complete_event_has_no_problems() -> None:
    event = _event("VISIT", ("Visitor", "putin"), ("Host", "india"), ("Time", "dec"))
    assert check_event(event, DEFAULT_SCHEMA, ENTITIES) == []
    assert completeness(event) == "complete"


def test_missing_required_role_is_incomplete_not_refused() -> None:
    event = _event("VISIT", ("Host", "india"))
    assert missing_roles(event) == ["Visitor"]
    assert completeness(event) == "incomplete"
    [problem] = check_event(event, DEFAULT_SCHEMA, ENTITIES)
    assert problem.kind == "missing_role"
    assert problem.message == "This VISIT is incomplete: it has no Visitor."


def test_unknown_type_is_flagged_and_kept() -> None:
    event = _event("PARADE", ("Marcher", "putin"))
    [problem] = check_event(event, DEFAULT_SCHEMA, ENTITIES)
    assert problem.kind == "unknown_type"
    assert "'PARADE' is not in the schema" in problem.message
    assert completeness(event) == "unknown_type"
    assert event.type == "PARADE"  # nothing dropped or rewritten


def test_incompatible_label_unknown_role_missing_entity_and_repeats() -> None:
    event = _event(
        "VISIT",
        ("Visitor", "putin"),
        ("Time", "india"),
        ("Host", "india"),
        ("Host", "putin"),
        ("Weather", "dec"),
        ("Place", "gone"),
    )
    problems = {p.kind: p for p in check_event(event, DEFAULT_SCHEMA, ENTITIES)}
    assert set(problems) == {
        "incompatible_label",
        "unknown_role",
        "missing_entity",
        "repeated_role",
    }
    assert problems["incompatible_label"].message == (
        "The Time of a VISIT should be DATE, but 'India' is GPE."
    )
    assert problems["unknown_role"].message == "VISIT has no role 'Weather'."
    assert problems["repeated_role"].message == "VISIT takes one Host, not 2."
