"""The model is the analyst's choice in detector.toml; a bad choice is one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.config import Settings
from annotations.entities import Detector
from annotations.entities.detector import DEFAULT_MODEL, model_path
from annotations.errors import UserError


def choose(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> None:
    path = tmp_path / "detector.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_DETECTOR", str(path))


def chosen() -> Detector:
    return Settings.load(Path("unused.json")).make_detector()


def test_without_a_file_the_default_model(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NEWSDESK_DETECTOR", str(tmp_path / "absent.toml"))
    with pytest.raises(UserError, match="Cannot read the detector file"):
        chosen()
    monkeypatch.delenv("NEWSDESK_DETECTOR")
    monkeypatch.setattr("annotations.userfile.config_dir", lambda: tmp_path)
    assert chosen().model == DEFAULT_MODEL == Detector().model


def test_the_medium_model_is_chosen_and_named_in_the_version(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose(monkeypatch, tmp_path, 'model = "en_core_web_md"\n')
    detector = chosen()
    assert detector.model == "en_core_web_md" and detector.rules
    assert detector.version.startswith("en_core_web_md-")
    assert Detector(model="en_core_web_sm").version.startswith("en_core_web_sm-")


@pytest.mark.parametrize("text", ['model = "en_core_web_xl"\n', "model = 3\n", "[model]\n"])
def test_an_unknown_model_is_one_sentence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str
) -> None:
    choose(monkeypatch, tmp_path, text)
    with pytest.raises(UserError, match="detector file is invalid at model"):
        chosen()


def test_a_model_that_is_not_installed_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def absent(name: str) -> object:
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr("importlib.import_module", absent)
    with pytest.raises(UserError, match=r"en_core_web_md is not installed \(pip install mooring"):
        model_path("en_core_web_md")


def test_the_small_model_is_found() -> None:
    assert (model_path(DEFAULT_MODEL) / "config.cfg").is_file()
