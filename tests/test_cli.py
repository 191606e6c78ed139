"""The headless commands: what scripts see on stdout, stderr and in the exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import annotations.entities
from annotations.cli import main
from annotations.entities import Detector
from annotations.store import Store
from tests.conftest import SEEDS

SEED_000 = SEEDS / "000_98c1e79cb5e6ec24.txt"


@pytest.fixture(autouse=True)
def shared_model(monkeypatch: pytest.MonkeyPatch, detector: Detector) -> None:
    """Commands build a Detector; hand them the session's loaded one when they choose
    the same (building one is cheap: its model loads on first use)."""
    real = annotations.entities.Detector

    def shared(**choice: object) -> Detector:
        wanted = real(**choice)  # type: ignore[arg-type]
        return detector if wanted.version == detector.version else wanted

    monkeypatch.setattr(annotations.entities, "Detector", shared)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_json_gives_metadata_body_and_removed_blocks(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "clean", str(SEED_000), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["title"] == "Russian delegation visits India to strengthen defence cooperation"
    assert (result["date"], result["dateline"], result["source"]) == (
        "2025-11-29",
        "New Delhi",
        "ANI",
    )
    assert result["page_date"] == "2026-03-20"
    assert result["body"].startswith("A four-member delegation")
    assert "TRENDING" not in result["body"]
    raw = SEED_000.read_text(encoding="utf-8")
    assert all(raw[b["start"] : b["end"]] == b["text"] and b["reason"] for b in result["removed"])


def test_clean_reads_standard_input() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "annotations", "clean", "-"],
        input=SEED_000.read_bytes(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert out.startswith("A four-member delegation") and "LATEST COMMENTS" not in out


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary", "binary"), (None, "does not exist")],
)
def test_bad_files_get_one_sentence_and_exit_2(capsys, tmp_path: Path, content, message) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "clean", str(path))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_entities_offsets_point_at_their_text(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "entities", str(SEED_000), "--raw")
    assert code == 0
    text = SEED_000.read_text(encoding="utf-8")
    found = [json.loads(line) for line in out.splitlines()]
    assert {"start", "end", "label", "text"} == set(found[0])
    assert all(text[e["start"] : e["end"]] == e["text"] for e in found)
    assert {"Vladimir Putin", "Narendra Modi"} <= {
        e["text"] for e in found if e["label"] == "PERSON"
    }


def test_entities_cleans_first_as_the_app_does(capsys, detector: Detector) -> None:  # type: ignore[no-untyped-def]
    from annotations.corpus.ingest import article_from_text

    code, body, _ = run(capsys, "clean", str(SEED_000))
    code, out, err = run(capsys, "entities", str(SEED_000))
    assert code == 0 and "cleaned text" in err and "--raw" in err
    found = [json.loads(line) for line in out.splitlines()]
    assert all(body[e["start"] : e["end"]] == e["text"] for e in found)
    texts = {e["text"] for e in found}
    assert not texts & {"Bharat Arun", "Druze", "Khwaja", "Chadar"}  # the page's menus
    article = article_from_text(SEED_000.read_text(encoding="utf-8"), str(SEED_000))
    app = [(m.start, m.end, m.label) for m in detector.detect(article.text)]  # type: ignore[union-attr]
    assert [(e["start"], e["end"], e["label"]) for e in found] == app
    _, raw, _ = run(capsys, "entities", str(SEED_000), "--raw")
    assert len(raw.splitlines()) > len(found)


def test_entities_uses_the_analysts_detector_choice(  # type: ignore[no-untyped-def]
    capsys, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, detector: Detector
) -> None:
    chooser = tmp_path / "detector.toml"
    chooser.write_text('layers = "model"\n', encoding="utf-8")
    monkeypatch.setenv("NEWSDESK_DETECTOR", str(chooser))
    code, out, _ = run(capsys, "entities", str(SEED_000), "--raw")
    text = SEED_000.read_text(encoding="utf-8")
    found = [(e["start"], e["end"], e["label"]) for e in map(json.loads, out.splitlines())]
    model_only = [(m.start, m.end, m.label) for m in Detector(rules=False).detect(text)]
    assert code == 0 and found == model_only
    assert found != [(m.start, m.end, m.label) for m in detector.detect(text)]


def test_entities_jsonl_keeps_ids_and_order(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    lines = [{"id": "b", "text": "Putin met Modi in New Delhi."}, {"id": 7, "text": "Nothing."}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "entities", str(path), "--jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == ["b", 7]
    assert ("New Delhi", "GPE") in {(e["text"], e["label"]) for e in rows[0]["entities"]}
    assert rows[1]["entities"] == []
    path.write_text('{"id": 1, "text": "ok"}\n{not json\n', encoding="utf-8")
    code, _, err = run(capsys, "entities", str(path), "--jsonl")
    assert code == 2 and "Line 2 is not valid JSON" in err


def test_ingest_reports_added_duplicates_and_rejected(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "blob.txt").write_bytes(b"\x00\xff" * 100)
    db = tmp_path / "db.json"
    code, out, err = run(capsys, "--db", str(db), "ingest", str(folder))
    assert code == 0
    assert "5 added" in out and "1 duplicates" in out and "1 rejected" in out
    assert "blob.txt" in err and "binary" in err
    with Store(db) as store:
        assert len(store) == 5
        assert all(a.detected_with for a in store.articles())
    code, out, _ = run(capsys, "--db", str(db), "ingest", str(folder))
    assert "0 added, 5 already stored" in out


def test_database_from_environment_and_locked_database(capsys, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "env.json"
    monkeypatch.setenv("NEWSDESK_DB", str(db))
    code, out, _ = run(capsys, "ingest", "--no-detect", str(SEED_000))
    assert code == 0 and db.exists() and str(db) in out
    with Store(db):  # another writer holds it
        code, _, err = run(capsys, "ingest", "--no-detect", str(SEED_000))
    assert code == 2 and "in use" in err and "Traceback" not in err


def test_app_refuses_a_damaged_database_in_one_sentence(tmp_path: Path) -> None:
    db = tmp_path / "db.json"
    db.write_text('{"articles": {"1": {"id": ', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui.main", "--db", str(db)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2
    assert str(db) in result.stderr and "Traceback" not in result.stderr
    assert db.read_text(encoding="utf-8") == '{"articles": {"1": {"id": '


def test_ingest_processes_option(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "db.json"
    with pytest.raises(SystemExit) as exit_:
        run(capsys, "--db", str(db), "ingest", "--processes", "0", str(SEED_000))
    _, err = capsys.readouterr()
    assert exit_.value.code == 2 and "'0' is not a number of processes" in err
    assert not db.exists()
    code, out, _ = run(capsys, "--db", str(db), "ingest", "--processes", "1", str(SEED_000))
    assert code == 0 and "1 added" in out
    with Store(db) as store:
        assert all(a.detected_with for a in store.articles())
