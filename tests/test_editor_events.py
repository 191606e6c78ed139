"""Event edits through the Editor: stored at once, undone and redone exactly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from annotations.events import all_events, draft_event, events_of, save_events
from annotations.models import Entity, Event
from annotations.review.editor import HISTORY, Action, CorpusEditor, Editor
from annotations.review.event_edits import date_for
from annotations.store import Store
from annotations.store.schema import tables
from tests.app_fixtures import article_from_text

TEXT = "Vladimir Putin will pay a state visit to India from December 4-5 next month."


def setup(store: Store, title: str = "a") -> tuple[str, dict[str, Entity]]:
    article = article_from_text(TEXT, title)
    article = article.model_copy(
        update={"meta": article.meta.model_copy(update={"date": dt.date(2025, 11, 29)})}
    )
    store.add_articles([article])
    found = {}
    for words, label in (
        ("Vladimir Putin", "PERSON"),
        ("India", "GPE"),
        ("December 4-5 next month", "DATE"),
    ):
        start = TEXT.index(words)
        entity = Entity(
            article_id=article.id, start=start, end=start + len(words), label=label, text=words
        )
        store.put_entity(entity)
        found[words] = entity
    return article.id, found


def visit(editor: Editor) -> Event:
    start = TEXT.index("state visit")
    return draft_event(editor.article, list(editor.entities.values()), "VISIT", start, start + 11)


def test_draft_is_prefilled_and_save_undo_redo_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with Store(path) as store:
        article_id, ents = setup(store)
        editor = Editor(store, article_id)
        draft = visit(editor)
        assert draft.state == "accepted" and draft.status == "planned"
        assert (draft.time_start, draft.time_end) == (dt.date(2025, 12, 4), dt.date(2025, 12, 5))
        assert {a.role: a.entity_id for a in draft.arguments}["Visitor"] == ents[
            "Vladimir Putin"
        ].id
        editor.save_event(draft)
        editor.set_event_note(draft.id, "  first visit since 2021 ")
        assert events_of(store, article_id)[0].note == "first visit since 2021"
        editor.undo()
        assert events_of(store, article_id)[0].note is None
    with Store(path) as store:
        editor = Editor(store, article_id)
        editor.redo()
        assert events_of(store, article_id)[0].note == "first visit since 2021"
        editor.undo(), editor.undo()
        assert events_of(store, article_id) == []
        editor.redo()
        assert events_of(store, article_id, accepted_only=True)[0].id == draft.id


def test_dates_in_words_status_and_clear_errors(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        article_id, _ = setup(store)
        editor = Editor(store, article_id)
        event = visit(editor)
        editor.save_event(event)
        editor.set_event_date(event.id, "next month")
        saved = editor.events[event.id]
        assert (saved.time_start, saved.time_end, saved.time_text) == (
            dt.date(2025, 12, 1), dt.date(2025, 12, 31), "next month",
        )  # fmt: skip
        with pytest.raises(ValueError, match="is not a date newsdesk can read"):
            editor.set_event_date(event.id, "whenever")
        editor.set_event_status(event.id, "negated")
        assert store.get("events", event.id, Event).status == "negated"  # type: ignore[union-attr]


def test_suggestions_accept_reject_and_no_duplicates(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        article_id, _ = setup(store)
        editor = Editor(store, article_id)
        fresh = editor.propose()
        assert fresh and all(e.state == "suggested" for e in events_of(store, article_id))
        assert events_of(store, article_id, accepted_only=True) == []
        editor.accept_event(fresh[0].id)
        assert [e.id for e in events_of(store, article_id, accepted_only=True)] == [fresh[0].id]
        assert editor.propose() == []
        editor.reject_event(fresh[0].id)
        assert editor.events[fresh[0].id].state == "rejected"


def test_grouping_has_its_own_history_and_survives_undo_of_other_edits(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        one, _ = setup(store, "one")
        two, _ = setup(store, "two")
        first, second = Editor(store, one), Editor(store, two)
        a, b = visit(first), visit(second)
        first.save_event(a)
        second.save_event(b)
        first.set_event_note(a.id, "note")
        corpus = CorpusEditor(store)
        group = corpus.group_events([a.id, b.id])
        assert {e.group_id for e in all_events(store)} == {group}
        first.reload()
        first.undo()  # the note goes; the group made since stays
        kept = store.get("events", a.id, Event)
        assert kept is not None and kept.note is None and kept.group_id == group
        corpus.undo()
        assert {e.group_id for e in all_events(store)} == {None}
        corpus.redo()
        corpus.remove_from_group(b.id)
        assert store.get("events", b.id, Event).group_id is None  # type: ignore[union-attr]


def test_actions_stored_before_events_existed_still_load(tmp_path: Path) -> None:
    old = {"article_id": "x", "seq": 1, "description": "add", "changes": []}
    assert Action.model_validate(old).event_changes == []
    with Store(tmp_path / "db.json") as store:
        assert tables()["events"] is Event and tables()[HISTORY] is Action
        assert all_events(store) == []


RATIFY_TEXT = "India ratified the Free Trade Agreement with Russia on Monday."


def _ratify_setup(store: Store) -> Editor:
    article = article_from_text(RATIFY_TEXT, "r")
    store.add_articles([article])
    for words, label in (("India", "GPE"), ("Free Trade Agreement", "LAW"), ("Russia", "GPE")):
        start = RATIFY_TEXT.index(words)
        store.put_entity(
            Entity(article_id=article.id, start=start, end=start + len(words), label=label,
                   text=words)
        )  # fmt: skip
    return Editor(store, article.id)


def _states(store: Store, article_id: str) -> dict[str, tuple[str, str]]:
    return {e.text: (e.state, e.source) for e in store.entities(article_id)}


def test_prefilled_roles_become_accepted_with_the_event_and_undo_with_it(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        editor = _ratify_setup(store)
        start = RATIFY_TEXT.index("ratified")
        draft = draft_event(editor.article, list(editor.entities.values()), "RATIFY", start,
                            start + 8)  # fmt: skip
        assert {a.role for a in draft.arguments} == {"Ratifier", "Agreement"}
        editor.save_event(draft)
        states = _states(store, editor.article_id)
        assert states["India"] == states["Free Trade Agreement"] == ("accepted", "model")
        assert states["Russia"] == ("suggested", "model")  # fills no role
        editor.undo()
        assert {s for s, _ in _states(store, editor.article_id).values()} == {"suggested"}
        editor.redo()
        assert _states(store, editor.article_id)["India"] == ("accepted", "model")


def test_accepting_a_suggested_event_accepts_its_fillers_not_rejected_ones(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "db.json") as store:
        editor = _ratify_setup(store)
        start = RATIFY_TEXT.index("ratified")
        draft = draft_event(editor.article, list(editor.entities.values()), "RATIFY", start,
                            start + 8)  # fmt: skip
        suggested = draft.model_copy(update={"state": "suggested"})
        save_events(store, [suggested])  # as the suggester stores it: no analyst act
        editor.reload()
        assert _states(store, editor.article_id)["India"] == ("suggested", "model")
        by_text = {e.text: e for e in editor.entities.values()}
        editor.reject([by_text["Free Trade Agreement"].id])
        editor.accept_event(suggested.id)
        states = _states(store, editor.article_id)
        assert states["India"] == ("accepted", "model")
        assert states["Free Trade Agreement"] == ("rejected", "model")  # the analyst's say
        editor.undo()
        assert _states(store, editor.article_id)["India"] == ("suggested", "model")


def test_delete_and_ungroup_are_undoable_and_named_in_the_history(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        one, _ = setup(store, "one")
        two, _ = setup(store, "two")
        first, second = Editor(store, one), Editor(store, two)
        a, b = visit(first), visit(second)
        first.save_event(a)
        first.save_event(a.model_copy(update={"note": "again"}))
        second.save_event(b)
        corpus = CorpusEditor(store)
        group = corpus.group_events([a.id, b.id])
        corpus.ungroup_events(group)
        assert {e.group_id for e in all_events(store)} == {None}
        corpus.undo()
        assert {e.group_id for e in all_events(store)} == {group}
        first.reload()
        first.delete_event(a.id)
        assert [e.id for e in all_events(store)] == [b.id] and a.id not in first.events
        first.undo()
        assert {e.id for e in all_events(store)} == {a.id, b.id}
        assert first.events[a.id].note == "again" and first.events[a.id].group_id == group
        descriptions = [h.description for h in store.all(HISTORY, Action)]
        assert "tag VISIT 'state visit'" in descriptions
        assert "edit VISIT 'state visit'" in descriptions
        assert "delete VISIT 'state visit'" in descriptions
        assert {"group 2 events", "ungroup"} <= set(descriptions)


def test_events_at_a_position_put_rejected_last_then_shortest_first(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        article_id, _ = setup(store)
        editor = Editor(store, article_id)
        start = TEXT.index("state visit")
        wide = visit(editor)
        narrow = draft_event(
            editor.article, list(editor.entities.values()), "VISIT", start + 6, start + 11
        )
        rejected = narrow.model_copy(update={"id": "ev-rejected", "state": "rejected"})
        for event in (wide, rejected, narrow):
            editor.save_event(event)
        inside = start + 7
        assert [e.id for e in editor.events_at(inside)] == [narrow.id, wide.id, rejected.id]
        assert [e.id for e in editor.events_at(start)] == [wide.id]  # the start is inside
        assert editor.events_at(start + 11) == []  # the end is not


@pytest.mark.parametrize(
    ("status", "day"),
    [
        ("planned", dt.date(2025, 12, 5)),  # a plan is ahead: the coming Friday
        ("hypothetical", dt.date(2025, 12, 5)),
        ("historical", dt.date(2025, 11, 28)),  # history is behind
        ("asserted", dt.date(2025, 11, 28)),  # otherwise the nearest: yesterday
    ],
)
def test_a_date_in_words_is_read_the_way_the_status_points(status: str, day: dt.date) -> None:
    saturday = dt.date(2025, 11, 29)
    assert date_for(" Friday ", saturday, status) == {  # type: ignore[arg-type]
        "time_start": day,
        "time_end": None,
        "time_text": "Friday",
    }


def test_clearing_the_date_clears_all_three_fields(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        article_id, _ = setup(store)
        editor = Editor(store, article_id)
        event = visit(editor)
        editor.save_event(event)
        editor.set_event_date(event.id, "   ")
        saved = store.get("events", event.id, Event)
        assert saved is not None
        assert (saved.time_start, saved.time_end, saved.time_text) == (None, None, None)


def test_the_corpus_history_survives_a_restart_apart_from_the_articles(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with Store(path) as store:
        one, _ = setup(store, "one")
        two, _ = setup(store, "two")
        first, second = Editor(store, one), Editor(store, two)
        a, b = visit(first), visit(second)
        first.save_event(a)
        second.save_event(b)
        corpus = CorpusEditor(store)
        group = corpus.group_events([a.id, b.id])
        corpus.remove_from_group(b.id)
        first.set_event_note(a.id, "after the grouping")
    with Store(path) as store:
        corpus = CorpusEditor(store)
        assert corpus.events[a.id].group_id == group and set(corpus.events) == {a.id, b.id}
        corpus.undo()  # the last corpus action: b back in the group; the note stays
        assert {e.group_id for e in all_events(store)} == {group}
        assert store.get("events", a.id, Event).note == "after the grouping"  # type: ignore[union-attr]
        corpus.undo()
        assert {e.group_id for e in all_events(store)} == {None}
        assert corpus.undo() is None


def test_an_event_deleted_meanwhile_is_put_back_whole_by_undo_or_redo() -> None:
    from annotations.review.changes import merged

    event = Event(
        article_id="a1", type="VISIT", trigger_start=0, trigger_end=5, trigger_text="visit"
    )
    noted = event.model_copy(update={"note": "n"})
    assert merged(None, event, noted) == noted
    assert merged(event, event, None) is None
    grouped = event.model_copy(update={"group_id": "g1"})
    assert merged(grouped, event, noted) == noted.model_copy(update={"group_id": "g1"})


def test_event_edits_undo_to_the_version_before_and_keep_their_order(tmp_path: Path) -> None:
    with Store(tmp_path / "db.json") as store:
        article_id, _ = setup(store)
        editor = Editor(store, article_id)
        event = visit(editor)
        start = TEXT.index("visit")
        other = draft_event(
            editor.article, list(editor.entities.values()), "MEET", start, start + 5
        )
        editor.save_event(other)
        editor.save_event(event)
        assert [e.id for e in editor.ordered_events()] == [event.id, other.id]  # by trigger
        editor.save_event(event.model_copy(update={"note": "edited"}))
        editor.undo()
        assert store.get("events", event.id, Event) == event
        suggested = event.model_copy(update={"id": "ev-s", "state": "suggested"})
        editor.save_event(suggested)
        editor.accept_event(suggested.id)
        editor.undo()
        assert store.get("events", "ev-s", Event) == suggested
        assert editor.events[event.id].status == "planned"
        editor.set_event_date(event.id, "Friday")  # a plan: the coming Friday
        assert editor.events[event.id].time_start == dt.date(2025, 12, 5)
        editor.set_event_note(event.id, "n")
        descriptions = [h.description for h in store.all(HISTORY, Action)]
        assert {"event note", "date of VISIT"} <= set(descriptions)


def test_an_event_saved_with_new_entities_stores_them_and_a_group_can_be_named(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "db.json") as store:
        one, _ = setup(store, "one")
        two, _ = setup(store, "two")
        editor = Editor(store, one)
        start = TEXT.index("a state")
        visitor = Entity(
            article_id=one, start=start, end=start + 7, label="ORG", text="a state",
            source="analyst", state="accepted",
        )  # fmt: skip
        a = visit(editor)
        editor.save_event(a, new_entities=[visitor])
        assert visitor.id in {e.id for e in store.entities(one)}
        b = visit(Editor(store, two))
        Editor(store, two).save_event(b)
        corpus = CorpusEditor(store)
        assert corpus.group_events([a.id, b.id], group_id="summit") == "summit"
        corpus.remove_from_group(b.id)
        assert "take out of group" in [h.description for h in store.all(HISTORY, Action)]
