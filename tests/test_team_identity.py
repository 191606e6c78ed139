"""Every analyst act records its analyst: entities, events, roles, notes, status."""

from __future__ import annotations

from pathlib import Path

from annotations.events import events_of
from annotations.review.editor import HISTORY, Action, Editor
from annotations.store import Store
from tests.test_editor_events import TEXT, setup, visit


def test_acts_are_stamped_with_their_analyst(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        article_id, ents = setup(store)
        assert all(e.analyst is None for e in store.entities(article_id))  # the model's
        ana = Editor(store, article_id, analyst="ana")
        ana.accept([ents["India"].id])
        added = ana.add(TEXT.index("Putin"), TEXT.index("Putin") + 5, "PERSON")
        ana.set_status("in_progress")
        ben = Editor(store, article_id, analyst="ben")
        ben.set_note(ents["Vladimir Putin"].id, "the president")
        draft = visit(ben)
        ben.save_event(draft)
        stored = {e.id: e for e in store.entities(article_id)}
        assert stored[ents["India"].id].analyst == "ana"
        assert stored[added.id].analyst == "ana"
        assert stored[ents["Vladimir Putin"].id].analyst == "ben"
        # Filling the event's time role accepted the date: that was ben's act too.
        assert stored[ents["December 4-5 next month"].id].analyst == "ben"
        assert store.article(article_id).status_by == "ana"
        [event] = events_of(store, article_id)
        assert event.analyst == "ben"
        history = sorted(store.all(HISTORY, Action), key=lambda a: a.seq)
        assert [a.analyst for a in history] == ["ana", "ana", "ana", "ben", "ben"]
        # Undo by another analyst puts back what was there, stamp included.
        ana.reload()
        ana.undo()
        assert events_of(store, article_id) == []


def test_suggested_events_stay_the_models(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        article_id, _ = setup(store)
        editor = Editor(store, article_id, analyst="ana")
        editor.propose()
        suggested = events_of(store, article_id)
        assert suggested and all(e.analyst is None for e in suggested)
        editor.accept_event(suggested[0].id)
        assert events_of(store, article_id)[0].analyst == "ana"


def test_label_studio_completed_by_is_the_analysts_email_and_reads_back(tmp_path: Path) -> None:
    from annotations.formats import labelstudio
    from annotations.formats.records import ExportRecord
    from annotations.models import Entity
    from tests.app_fixtures import article_from_text

    article = article_from_text(TEXT, "a")

    def entity(word: str, analyst: str | None) -> Entity:
        start = TEXT.index(word)
        return Entity(article_id=article.id, start=start, end=start + len(word), label="GPE",
                      text=word, state="accepted", analyst=analyst)  # fmt: skip

    for who, expected in (("ana@example.org", {"email": "ana@example.org"}), ("ana", None)):
        record = ExportRecord(article, (entity("India", who), entity("Putin", who)))
        block = labelstudio.task(1, record)["annotations"][0]
        assert block.get("completed_by") == expected  # Label Studio resolves annotators by e-mail
    record = ExportRecord(article, (entity("India", "ana@example.org"), entity("Putin", None)))
    path = tmp_path / "ls.json"
    labelstudio.write([record], path)
    [item] = list(labelstudio.read(path))
    assert {s.analyst for s in item.spans} == {"ana@example.org"}  # the block's annotator
