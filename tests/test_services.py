"""The app's services: one teaching index per store, right even when the first edit
comes before the index is built."""

from __future__ import annotations

from pathlib import Path

from annotations.config import Settings
from annotations.pipeline import detect
from annotations.store import Store
from tests.app_fixtures import article_from_text
from tests.test_entities_ui import TEXTS, Fake, article_id
from tui.services import Services


def test_an_edit_before_the_index_is_built_is_still_taught(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article_from_text(text, title) for title, text in TEXTS.items()])
        detect(store, Fake(), store.article_ids(), cache=False)
        services = Services(store, Fake(), Settings.defaults(store.path))
        teacher = services.teacher
        assert services.teacher is teacher and not teacher.ready
        a = article_id(store, "a")
        [zorbex] = [e for e in store.entities(a) if e.text == "Zorbex"]
        store.put_entity(zorbex.model_copy(update={"label": "NORP", "state": "accepted"}))
        assert teacher.learn(a, store.entities(a)) == {"Zorbex"}
        assert teacher.ready and teacher.pending == {"Zorbex"}
        assert teacher.learn(a, store.entities(a)) == set()  # nothing new the second time
