"""Hostile and damaged import files: each malformed item is one reported problem, the
valid items of the same file are kept, and no reader ever raises past `import_path`."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import UserError
from annotations.formats import export, import_path
from annotations.formats.importing import new_article
from annotations.store import Store

GOOD = "Lavrov met Jaishankar in New Delhi on Friday."
DEEP = "[" * 100_000 + "]" * 100_000
FIXTURE = HealthCheck.function_scoped_fixture


@contextmanager
def fresh_store() -> Iterator[Store]:
    """A new empty database per hypothesis example."""
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "db.json") as found:
        yield found


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "db.json") as found:
        yield found


def _lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _newsdesk(text: str, **extra: Any) -> dict[str, Any]:
    article = new_article(text, "x")
    line: dict[str, Any] = {"newsdesk": 1, "article": article.model_dump(mode="json")}
    line.update(extra)
    return line


JSONL_BAD = {
    "deep nesting": DEEP,
    "not json": "{oops",
    "entities is a number": json.dumps(_newsdesk("Bad entities here.", entities=5)),
    "events is a number": json.dumps(_newsdesk("Bad events here.", events=5)),
    "meta is a string": json.dumps(
        {"newsdesk": 1, "article": {**_newsdesk("Meta.")["article"], "meta": "str"}}
    ),
    "empty id": json.dumps(
        {"newsdesk": 1, "article": {**_newsdesk("Empty.")["article"], "id": ""}}
    ),
    "raw NUL byte": '{"newsdesk": 1, "article": {"text": "a\x00b"}}',
}


@pytest.mark.parametrize("case", sorted(JSONL_BAD))
def test_one_bad_jsonl_line_is_one_problem(store: Store, tmp_path: Path, case: str) -> None:
    good = json.dumps(_newsdesk(GOOD))
    path = _lines(tmp_path / "in.jsonl", JSONL_BAD[case], good)
    report = import_path(store, "jsonl", path)
    assert report.articles_added == 1, report.problems
    assert len(report.problems) == 1 and "line 1" in report.problems[0], report.problems


DOCCANO_BAD = {
    "deep nesting": DEEP,
    "entities is a number": json.dumps({"text": "x y", "entities": 5}),
    "label is a number": json.dumps({"text": "x y", "label": 5}),
    "bad utf-8": "\udcff",
}


@pytest.mark.parametrize("case", sorted(DOCCANO_BAD))
def test_one_bad_doccano_line_is_one_problem(store: Store, tmp_path: Path, case: str) -> None:
    path = tmp_path / "in.jsonl"
    good = json.dumps({"text": GOOD, "label": [[0, 6, "PERSON"]]})
    data = (DOCCANO_BAD[case] + "\n" + good + "\n").encode("utf-8", "surrogateescape")
    path.write_bytes(data)
    report = import_path(store, "doccano", path)
    assert report.entities_added == 1, report.problems  # the good line's entity is kept
    assert len(report.problems) == 1 and "line 1" in report.problems[0], report.problems


@pytest.mark.parametrize("offsets", [(True, 6), (0, True), (0.0, 6), ("0", 6)])
def test_booleans_and_other_non_integers_are_not_offsets(
    store: Store, tmp_path: Path, offsets: tuple[Any, Any]
) -> None:
    line = {"text": GOOD, "entities": [{"start_offset": offsets[0], "end_offset": offsets[1],
                                        "label": "PERSON"}]}  # fmt: skip
    report = import_path(store, "doccano", _lines(tmp_path / "in.jsonl", json.dumps(line)))
    assert report.entities_added == 0 and len(report.problems) == 1, report.problems
    ours = _newsdesk(GOOD, entities=[{"start": offsets[0], "end": offsets[1], "label": "PERSON"}])
    report = import_path(store, "jsonl", _lines(tmp_path / "n.jsonl", json.dumps(ours)))
    assert report.entities_added == 0 and len(report.problems) == 1, report.problems


LABEL_STUDIO_BAD = {
    "annotations is a number": {"data": {"text": "a b"}, "annotations": 5},
    "predictions is a string": {"data": {"text": "c d"}, "predictions": "x"},
    "result is a number": {"data": {"text": "e f"}, "annotations": [{"result": 5}]},
    "value is a string": {"data": {"text": "g h"}, "annotations": [{"result": [{"value": "v"}]}]},
    "data is a list": {"data": [1]},
}


@pytest.mark.parametrize("case", sorted(LABEL_STUDIO_BAD))
def test_one_bad_label_studio_task_is_one_problem(store: Store, tmp_path: Path, case: str) -> None:
    good = {
        "data": {"text": GOOD},
        "annotations": [
            {
                "result": [
                    {
                        "type": "labels",
                        "id": "r1",
                        "value": {"start": 0, "end": 6, "labels": ["PERSON"]},
                    }
                ]
            }
        ],
    }
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([LABEL_STUDIO_BAD[case], good]), encoding="utf-8")
    report = import_path(store, "labelstudio", path)
    assert report.articles_added >= 1 and report.entities_added == 1, report.problems
    assert 1 <= len(report.problems) <= 2, report.problems  # the item, or the item and its part


def _brat(folder: Path, name: str, text: bytes, ann: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text)
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")


def test_brat_bad_utf8_text_is_one_problem_and_the_rest_is_kept(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "brat"
    _brat(folder, "bad", b"caf\xe9 na\xefve", "T1\tPERSON 0 3\tcaf\n")
    _brat(folder, "good", GOOD.encode(), "T1\tPERSON 0 6\tLavrov\n")
    report = import_path(store, "brat", folder)
    assert report.articles_added == 1 and report.entities_added == 1
    (problem,) = report.problems
    assert "bad" in problem and "UTF-8" in problem


def test_a_repeated_brat_id_is_reported_not_merged(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    ann = "T1\tPERSON 0 6\tLavrov\nT1\tPERSON 10 20\tJaishankar\n#1\tAnnotatorNotes T1\tthe FM\n"
    _brat(folder, "good", GOOD.encode(), ann)
    report = import_path(store, "brat", folder)
    assert report.entities_added == 1
    assert len(report.problems) == 1 and "repeats the id T1" in report.problems[0]
    (entity,) = store.entities(next(iter(store.articles())).id)
    assert (entity.start, entity.text, entity.note) == (0, "Lavrov", "the FM")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
KEYS = ["text", "label", "entities", "relations", "start_offset", "end_offset", "id", "data",
        "annotations", "predictions", "result", "value", "start", "end", "labels", "newsdesk",
        "article", "events", "meta", "raw"]  # fmt: skip
SHAPED = st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE])
@given(items=st.lists(SHAPED, min_size=1, max_size=4))
def test_fuzzed_jsonl_and_doccano_lines_never_raise(tmp_path: Path, items: list[dict]) -> None:
    with fresh_store() as store:
        for fmt in ("jsonl", "doccano"):
            lines = [json.dumps(i) for i in items] + [json.dumps({"text": GOOD})]
            report = import_path(store, fmt, _lines(tmp_path / f"{fmt}.jsonl", *lines))
            assert all(isinstance(p, str) and p for p in report.problems)


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE])
@given(tasks=st.lists(SHAPED | JSON_VALUES, min_size=1, max_size=4))
def test_fuzzed_label_studio_tasks_never_raise(tmp_path: Path, tasks: list[Any]) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([*tasks, {"data": {"text": GOOD}}]), encoding="utf-8")
    with fresh_store() as store:
        report = import_path(store, "labelstudio", path)
        assert report.articles_added >= 1 or any(GOOD in a.text for a in store.articles())


ANN_LINES = st.lists(
    st.sampled_from(["T1", "T2", "E1", "A1", "#1", "N1", "R1", "*"]).flatmap(
        lambda ident: st.builds(
            lambda label, a, b, rest: f"{ident}\t{label} {a} {b}\t{rest}",
            st.sampled_from(["PERSON", "VISIT", "State", "AnnotatorNotes", "Visitor:T1"]),
            st.integers(-3, 60) | st.just(True),
            st.integers(-3, 60),
            st.text(max_size=10),
        )
    ),
    max_size=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE])
@given(lines=ANN_LINES)
def test_fuzzed_brat_files_never_raise(tmp_path: Path, lines: list[str]) -> None:
    folder = tmp_path / "brat"
    _brat(folder, "a", GOOD.encode(), "\n".join(lines))
    with fresh_store() as store:
        report = import_path(store, "brat", folder)
        assert report.articles_added + report.articles_existing == 1


def test_brat_export_keeps_ids_that_differ_only_by_slash_and_long_ids(
    store: Store, tmp_path: Path
) -> None:
    ids = ["a/b", "a_b", "x" * 300, "../up"]
    for n, ident in enumerate(ids):
        text = f"Article {n}: {GOOD}"
        store.add_articles([new_article(text, "x", ident)])
    summary = export(store, "brat", tmp_path / "out")
    assert summary.articles == len(ids)
    assert len(list((tmp_path / "out").glob("*.txt"))) == len(ids)
    assert all(p.parent == tmp_path / "out" for p in (tmp_path / "out").rglob("*.txt"))


def test_a_brat_text_that_is_a_fifo_is_one_problem(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "pipe.ann").write_text("T1\tPERSON 0 3\tabc\n")
    _brat(folder, "good", GOOD.encode(), "T1\tPERSON 0 6\tLavrov\n")
    report = import_path(store, "brat", folder)  # would block forever opening the FIFO
    assert report.articles_added == 1
    (problem,) = report.problems
    assert problem.startswith("pipe.ann") and "not imported" in problem


def test_a_label_studio_file_nested_too_deeply_is_one_sentence(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(DEEP)
    with pytest.raises(UserError, match="nested too deeply"):
        import_path(store, "labelstudio", path)
