"""One settings object: every analyst file, the limits, the detector and the database
path read once, from the environment and the config folder; bad values in one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.config import Settings
from annotations.errors import UserError
from annotations.events.schema import DEFAULT_SCHEMA
from annotations.labels import DEFAULT_LABELS
from annotations.limits import MB


def test_load_reads_every_setting_from_the_environment(tmp_path: Path) -> None:
    labels = tmp_path / "labels.toml"
    labels.write_text(
        '[[labels]]\nname = "SHIP"\ndescription = "a ship"\ncolour = "#ff0000"\nkey = "1"\n'
    )
    chooser = tmp_path / "detector.toml"
    chooser.write_text('layers = "model"\n')
    keys = tmp_path / "keys.json"
    keys.write_text('{"keys": {"accept": "y"}}')
    environ = {
        "NEWSDESK_DB": str(tmp_path / "mine.json"),
        "NEWSDESK_LABELS": str(labels),
        "NEWSDESK_KEYS": str(keys),
        "NEWSDESK_MAX_FILE_MB": "2",
        "NEWSDESK_DETECTOR": str(chooser),
    }
    found = Settings.load(None, environ)
    assert found.db_path == tmp_path / "mine.json"
    assert [s.name for s in found.labels] == ["SHIP"]
    assert dict(found.keymap) == {"accept": "y"}
    assert found.event_schema == DEFAULT_SCHEMA
    assert found.limits.file_bytes == 2 * MB
    detector = found.make_detector()
    assert (
        not detector.rules
        and detector.version != Settings.defaults(tmp_path).make_detector().version
    )
    assert Settings.load(tmp_path / "given.json", environ).db_path == tmp_path / "given.json"


def test_defaults_and_bad_values(tmp_path: Path) -> None:
    plain = Settings.defaults(tmp_path / "db.json")
    assert plain.labels == DEFAULT_LABELS and plain.detector == "rules" and not plain.keymap
    gpt = tmp_path / "gpt.toml"
    gpt.write_text('layers = "gpt"\n')
    with pytest.raises(UserError, match="detector file is invalid at layers"):
        Settings.load(None, {"NEWSDESK_DETECTOR": str(gpt)})
    bad = tmp_path / "events.toml"
    bad.write_text("[[types]\n")
    with pytest.raises(UserError, match="event schema file"):
        Settings.load(None, {"NEWSDESK_SCHEMA": str(bad)})
