"""Undo then a new edit ends the redo tail: the undone action can never come back,
not in this editor, and not after a restart (the history table no longer holds it)."""

from __future__ import annotations

from pathlib import Path

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
