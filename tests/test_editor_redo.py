"""Undo then a new edit ends the redo tail: the undone action can never come back,
not in this editor, and not after a restart (the history table no longer holds it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.review.documents import HISTORY, Action
from annotations.review.editor import Editor
from annotations.store import Store
from tests.app_fixtures import article_from_text

TEXT = "Putin met Modi in Delhi on Friday."


def test_a_new_edit_after_undo_drops_the_redo_tail(tmp_path: Path) -> None:
    article = article_from_text(TEXT, "t")
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        editor = Editor(store, article.id)
        editor.add(0, 5, "PERSON")
        modi = editor.add(10, 14, "PERSON")
        assert editor.undo() is not None and editor.can_redo
        delhi = editor.add(18, 23, "GPE")  # the new edit: "add Modi" is gone for good
        assert not editor.can_redo
        assert editor.redo() is None
        assert modi.id not in editor.entities and delhi.id in editor.entities
        history = store.all(HISTORY, Action)
        assert [a.description for a in history] == ["add PERSON 'Putin'", "add GPE 'Delhi'"]
    with Store(tmp_path / "db.json") as store:
        again = Editor(store, article.id)
        assert again.redo() is None
        assert sorted(e.text for e in store.entities(article.id)) == ["Delhi", "Putin"]


def test_actions_are_numbered_per_article_and_the_oldest_fall_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotations.review import editor as editor_module

    monkeypatch.setattr(editor_module, "MAX_HISTORY", 3)
    article, other = article_from_text(TEXT, "t"), article_from_text(TEXT + " Again.", "u")
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article, other])
        editor = Editor(store, article.id)
        for start, end in ((0, 5), (10, 14), (18, 23), (27, 33)):
            editor.add(start, end, "PERSON")
        Editor(store, other.id).add(0, 5, "PERSON")
        mine = [a for a in store.all(HISTORY, Action) if a.article_id == article.id]
        assert [a.seq for a in mine] == [2, 3, 4]  # the first fell off, the rest kept
        assert mine[0].description == "add PERSON 'Modi'"
        [theirs] = [a for a in store.all(HISTORY, Action) if a.article_id == other.id]
        assert theirs.seq == 1
    with Store(tmp_path / "db.json") as store:
        again = Editor(store, article.id)
        for _ in range(3):
            assert again.undo() is not None
        assert again.undo() is None  # "add Putin" can no longer be undone
        assert [e.text for e in store.entities(article.id)] == ["Putin"]


def test_a_span_must_hold_text_and_is_snapped_to_whole_words(tmp_path: Path) -> None:
    article = article_from_text(TEXT, "t")
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        editor = Editor(store, article.id)
        for start, end in ((5, 5), (5, 6), (30, 40)):
            with pytest.raises(ValueError, match=r"^Select some text first\.$"):
                editor.add(start, end, "PERSON", snap_to_tokens=start != 30)
        assert editor.add(12, 13, "PERSON").text == "Modi"  # inside a word: the whole word
        assert editor.add(27, 34, "DATE", snap_to_tokens=False).text == "Friday."  # to the end
        assert editor.add(1, 3, "ORG", snap_to_tokens=False).text == "ut"


def test_relabel_and_resize_are_accepted_and_undone_to_the_entity_before(
    tmp_path: Path,
) -> None:
    article = article_from_text(TEXT, "t")
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        editor = Editor(store, article.id)
        putin = editor.add(0, 5, "PERSON")
        suggested = putin.model_copy(update={"state": "suggested", "source": "model"})
        store.put_entity(suggested)
        editor.reload()
        editor.relabel(putin.id, "ORG")
        assert (editor.entities[putin.id].label, editor.entities[putin.id].state) == (
            "ORG",
            "accepted",
        )
        editor.undo()
        assert store.entities(article.id) == [suggested]
        editor.resize(putin.id, 0, 9)  # "Putin met"
        assert store.entities(article.id)[0].text == "Putin met"
        assert store.entities(article.id)[0].state == "accepted"
        editor.undo()
        assert store.entities(article.id) == [suggested]


def test_a_resize_to_nothing_or_to_the_same_span_is_no_action(tmp_path: Path) -> None:
    article = article_from_text(TEXT, "t")
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        editor = Editor(store, article.id)
        putin = editor.add(0, 5, "PERSON")
        actions = len(store.all(HISTORY, Action))
        editor.resize(putin.id, 1, 4)  # snaps back to "Putin"
        editor.resize(putin.id, 5, 6)  # only a space
        assert len(store.all(HISTORY, Action)) == actions
        assert store.entities(article.id) == [putin]


def test_the_editor_answers_what_is_here_and_what_changed(tmp_path: Path) -> None:
    article = article_from_text(TEXT, "t")  # "Putin met Modi in Delhi on Friday."
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        editor = Editor(store, article.id)
        outer = editor.add(0, 14, "ORG")  # "Putin met Modi"
        inner = editor.add(10, 14, "PERSON")  # "Modi"
        assert [e.id for e in editor.at(11)] == [inner.id, outer.id]  # innermost first
        assert editor.take_changed() == {outer.id, inner.id} and editor.take_changed() == set()
        assert editor.next_entity(0, 1) == inner  # reviewed ones count by default
        assert editor.next_entity(0, 1, suggested=True) is None
        editor.set_note(inner.id, "  the prime minister ")
        assert store.entities(article.id)[1].note == "the prime minister"
        editor.undo()
        assert editor.take_changed() == {inner.id}
        assert [e.note for e in store.entities(article.id)] == [None, None]


def test_the_corpus_editor_tracks_every_event_and_names_its_analyst(tmp_path: Path) -> None:
    from annotations.events import all_events
    from annotations.review.editor import CorpusEditor
    from tests.test_editor_events import setup, visit

    with Store(tmp_path / "db.json") as store:
        one, _ = setup(store, "one")
        two, _ = setup(store, "two")
        a, b = visit(Editor(store, one)), visit(Editor(store, two))
        Editor(store, one).save_event(a)
        Editor(store, two).save_event(b)
        corpus = CorpusEditor(store, analyst="asha")
        group = corpus.group_events([a.id, b.id])
        assert {corpus.events[a.id].group_id, corpus.events[b.id].group_id} == {group}
        assert {e.group_id for e in all_events(store)} == {group}
        [action] = [h for h in store.all(HISTORY, Action) if h.description == "group 2 events"]
        assert action.analyst == "asha"
