"""Every export format of the annotated seeds, read back by the tool that consumes it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.formats import export, import_path
from annotations.formats.records import is_confirmed, non_overlapping, records
from annotations.store import Store
from tests.test_formats_support import UNICODE_TEXT, build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, detector) -> Store:
    return build_store(tmp_path_factory.mktemp("seeded") / "db.json", detector)


@pytest.fixture(scope="module")
def expected(store: Store) -> dict[str, tuple[str, list]]:
    """article id -> (text, entities) as stored."""
    return {r.article.id: (r.article.text, list(r.entities)) for r in records(store)}


def _visible(entities: list) -> list:
    return [e for e in entities if e.state != "rejected"]


def _trimmed(text: str, entities: list) -> set[tuple[int, int, str]]:
    """Entity spans without edge whitespace, as token-based formats hold them."""
    found = set()
    for e in entities:
        core = text[e.start : e.end]
        start = e.start + len(core) - len(core.lstrip())
        found.add((start, start + len(core.strip()), e.label))
    return found


def test_unicode_article_is_in_the_seeds(expected: dict) -> None:
    texts = [text for text, _ in expected.values()]
    assert UNICODE_TEXT in texts
    assert any("’" in t for t in texts)


def test_jsonl_round_trip_is_exact(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    export(store, "jsonl", first)
    with Store(tmp_path / "copy.json") as copy:
        report = import_path(copy, "jsonl", first)
        assert report.problems == []
        assert report.articles_added == len(store)
        export(copy, "jsonl", tmp_path / "second.jsonl")
        again = import_path(copy, "jsonl", first)  # importing twice adds nothing
    assert (tmp_path / "second.jsonl").read_bytes() == first.read_bytes()
    assert again.articles_added == again.entities_added == 0 and again.problems == []


def test_csv_reads_back(store: Store, expected: dict, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    summary = export(store, "csv", out)
    with (out / "entities.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == summary.entities == sum(len(e) for _, e in expected.values())
    for row in rows:
        text, _ = expected[row["article_id"]]
        assert text[int(row["start"]) : int(row["end"])] == row["text"]
    with (out / "events.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle))[:3] == ["article_id", "event_id", "type"]
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(out / "entities.csv", keep_default_na=False)
    assert list(frame["text"]) == [r["text"] for r in rows]


def test_brat_every_line_parses_with_bratly(store: Store, expected: dict, tmp_path: Path) -> None:
    from bratly import (
        AnnotationCollection,
        AttributeAnnotation,
        Document,
        EntityAnnotation,
        NormalizationAnnotation,
        NoteAnnotation,
    )

    out = tmp_path / "brat"
    export(store, "brat", out)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]" in conf and "\nWEAPON\n" in conf and "State Arg:<ENTITY>" in conf
    for article_id, (_, entities) in expected.items():
        lines = (out / f"{article_id}.ann").read_text(encoding="utf-8").splitlines()
        found: dict = {}
        parsed = []
        for line in lines:
            kind = {"T": EntityAnnotation, "A": AttributeAnnotation, "N": NormalizationAnnotation}
            if line[0] == "T":
                ann = EntityAnnotation.from_line(line)
                found[ann.id] = ann
            elif line[0] == "#":
                ann = NoteAnnotation.from_line(line, found)
            else:
                ann = kind[line[0]].from_line(line, found)
            parsed.append(ann)
        assert len(parsed) == len(lines)
        assert len(found) == len(_visible(entities))
        doc = Document(fullpath=str(out / f"{article_id}.txt"))
        doc.add_annotation_collection(AnnotationCollection(annotations=parsed))
        assert doc.check_ann_compatibility_with_txt()


def test_conll_is_accepted_by_spacy_convert(store: Store, expected: dict, tmp_path: Path) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    path = tmp_path / "seeds.conll"
    export(store, "conll", path)
    done = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(path), str(tmp_path), "-c", "ner"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr + done.stdout
    docs = list(DocBin().from_disk(tmp_path / "seeds.spacy").get_docs(Vocab()))
    assert len(docs) == len(expected)
    for doc, (text, entities) in zip(docs, expected.values(), strict=True):
        kept = non_overlapping(_visible(entities))
        assert [e.label_ for e in doc.ents] == [e.label for e in kept]
        assert ["".join(e.text.split()) for e in doc.ents] == [
            "".join(text[e.start : e.end].split()) for e in kept
        ]


def test_spacy_docbin_reads_back(store: Store, expected: dict, tmp_path: Path) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    path = tmp_path / "seeds.spacy"
    export(store, "spacy", path)
    docs = list(DocBin().from_disk(path).get_docs(Vocab()))
    assert len(docs) == len(expected)
    for doc in docs:
        text, entities = expected[doc.user_data["newsdesk_id"]]
        assert doc.text == text
        visible = _visible(entities)
        spans = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
        assert spans == _trimmed(text, visible)
        ents = {(s.start_char, s.end_char, s.label_) for s in doc.ents}
        assert ents == _trimmed(text, non_overlapping(visible))


def test_labelstudio_sdk_accepts_config_and_tasks(
    store: Store, expected: dict, tmp_path: Path
) -> None:
    from label_studio_sdk.converter import Converter
    from label_studio_sdk.label_interface import LabelInterface

    out = tmp_path / "ls"
    export(store, "labelstudio", out)
    config = (out / "labeling_config.xml").read_text(encoding="utf-8")
    interface = LabelInterface(config)
    interface.validate()
    tasks = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert len(tasks) == len(expected)
    for task in tasks:
        # validate_task() itself is broken in SDK 2.1.2 (calls validate_annotation()
        # without its argument), so check the data key and each result block directly.
        assert isinstance(task["data"][next(iter(interface.objects)).value_name], str)
        for block in task.get("annotations", []) + task.get("predictions", []):
            assert interface.validate_prediction(block, return_errors=True) == []
    converter = Converter(config=config, project_dir=str(tmp_path), download_resources=False)
    converter.convert(str(out / "tasks.json"), str(tmp_path / "min"), "JSON_MIN", is_dir=False)
    converted = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    for item in converted:
        text, entities = expected[item["article_id"]]
        confirmed = {(e.start, e.end, e.label) for e in entities if is_confirmed(e)}
        regions = {(r["start"], r["end"], r["labels"][0]) for r in item.get("label", [])}
        assert regions == confirmed
        assert all(text[r["start"] : r["end"]] == r["text"] for r in item.get("label", []))


def test_doccano_lines_have_the_documented_shape(
    store: Store, expected: dict, tmp_path: Path
) -> None:
    path = tmp_path / "doccano.jsonl"
    export(store, "doccano", path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    for line in lines[:-1]:
        record = json.loads(line)
        text, entities = expected[record["article_id"]]
        assert record["text"] == text
        assert all(
            isinstance(s, int) and isinstance(e, int) and isinstance(label, str)
            for s, e, label in record["label"]
        )
        assert sorted(map(tuple, record["label"])) == sorted(
            (e.start, e.end, e.label) for e in _visible(entities)
        )
