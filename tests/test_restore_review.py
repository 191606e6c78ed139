"""Restoring a removed block, or cutting a kept line, keeps every entity and event on the
same words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.corpus.restore import assemble
from annotations.models import Argument, Article, ArticleMeta, Entity, Event, RemovedBlock
from annotations.review.editor import HISTORY, Action, Editor
from annotations.review.restore import (
    CUT,
    block_at,
    body_to_raw,
    cut_line,
    kept_line,
    plan_cut,
    plan_restore,
    raw_to_body,
    restore_block,
)
from annotations.store import Store
from annotations.text import content_hash

RAW = (
    "Advertisement\n"
    "Moscow, Dec 4 (TASS) - Vladimir Putin met Narendra Modi.\n"
    "Read more: Putin arrives\n"
    "The leaders signed a deal on S-400 deliveries.\n"
)


def _article(raw: str, removed: list[RemovedBlock]) -> Article:
    body, _ = assemble(raw, removed)
    return Article(
        id="a1",
        origin="test",
        raw=raw,
        text=body,
        text_hash=content_hash(body),
        meta=ArticleMeta(title="t"),
        removed=removed,
    )


def _block(raw: str, text: str, reason: str) -> RemovedBlock:
    start = raw.index(text)
    return RemovedBlock(start=start, end=start + len(text), reason=reason, text=text)


def _entity(article: Article, words: str, label: str = "PERSON") -> Entity:
    start = article.text.index(words)
    return Entity(
        article_id=article.id, start=start, end=start + len(words), label=label, text=words
    )


@pytest.fixture
def article() -> Article:
    blocks = [
        _block(RAW, "Advertisement", "advertising"),
        _block(RAW, "Read more: Putin arrives", "link to another story"),
    ]
    return _article(RAW, blocks)


def test_restore_moves_entities_and_events_onto_the_same_words(article: Article) -> None:
    putin, s400 = _entity(article, "Vladimir Putin"), _entity(article, "S-400", "WEAPON")
    start = article.text.index("signed")
    event = Event(
        article_id=article.id,
        type="SIGN_AGREEMENT",
        trigger_start=start,
        trigger_end=start + 6,
        trigger_text="signed",
        arguments=[Argument(role="Signatories", entity_id=putin.id)],
    )
    plan = plan_restore(article, article.removed[0], [putin, s400], [event])
    body = plan.article.text
    assert body.startswith("Advertisement\nMoscow")
    assert plan.article.text_hash == content_hash(body)
    assert [b.reason for b in plan.article.removed] == ["link to another story"]
    assert [body[e.start : e.end] for e in plan.entities] == ["Vladimir Putin", "S-400"]
    (moved,) = plan.events
    assert body[moved.trigger_start : moved.trigger_end] == "signed"
    assert moved.arguments == event.arguments and plan.losses == 0


def test_an_entity_the_block_lands_inside_is_dropped_with_its_arguments() -> None:
    raw = "Vladimir [photo] Putin spoke.\n"
    article = _article(raw, [_block(raw, "[photo] ", "photo credit")])
    assert article.text == "Vladimir Putin spoke."
    putin = _entity(article, "Vladimir Putin")
    spoke = Event(
        article_id="a1",
        type="STATEMENT",
        trigger_start=15,
        trigger_end=20,
        trigger_text="spoke",
        arguments=[Argument(role="Speaker", entity_id=putin.id)],
    )
    plan = plan_restore(article, article.removed[0], [putin], [spoke])
    assert plan.dropped_entities == [putin] and plan.entities == []
    assert plan.events[0].arguments == [] and plan.detached_arguments == 1


def test_offsets_map_between_raw_and_body(article: Article) -> None:
    at = article.text.index("Putin")
    raw = body_to_raw(article, at)
    assert article.raw[raw : raw + 5] == "Putin"
    assert raw_to_body(article, raw) == at
    assert block_at(article, 0) == article.removed[0]
    assert block_at(article, raw) is None
    assert raw_to_body(article, article.removed[1].start) == article.text.index("The leaders")


def test_restore_block_saves_everything_in_one_transaction(
    tmp_path: Path, article: Article
) -> None:
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        editor = Editor(store, article.id)
        added = editor.add(*_span(article, "Narendra Modi"), "PERSON")
        store.put("events", _sign(article, added.id))
        before = store.path.with_name("db.json.journal").read_text().count("\n")
        plan = restore_block(store, article.id, article.removed[1])
        after = store.path.with_name("db.json.journal").read_text().count("\n")
        assert after - before == 1  # one journal line: one atomic save
        assert plan.article.text == store.article(article.id).text
        assert "Read more: Putin arrives" in store.article(article.id).text
        (entity,) = store.entities(article.id)
        text = store.article(article.id).text
        assert text[entity.start : entity.end] == "Narendra Modi"
        (event,) = store.all("events", Event)
        assert text[event.trigger_start : event.trigger_end] == "signed"
        assert [a for a in store.all(HISTORY, Action) if a.article_id == article.id] == []


def _span(article: Article, words: str) -> tuple[int, int]:
    start = article.text.index(words)
    return start, start + len(words)


def _sign(article: Article, entity_id: str) -> Event:
    start, end = _span(article, "signed")
    return Event(
        article_id=article.id,
        type="SIGN_AGREEMENT",
        trigger_start=start,
        trigger_end=end,
        trigger_text="signed",
        arguments=[Argument(role="Signatories", entity_id=entity_id)],
    )


# -- property: any restore keeps every kept annotation on identical text ---------
WORDS = st.sampled_from(["Putin", "Modi", "S-400", "deal", "é", "“x”", "🙂", "a"])
SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " \n"])


@st.composite
def documents(draw: st.DrawFn) -> tuple[Article, list[Entity], RemovedBlock]:
    parts = draw(st.lists(st.tuples(WORDS, SEPARATORS), min_size=2, max_size=25))
    raw = "".join(w + s for w, s in parts)
    cuts = sorted(draw(st.sets(st.integers(0, len(raw)), min_size=2, max_size=8)))
    pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=False) if b > a]
    if not pairs:
        pairs = [(0, 1)]
    removed = [RemovedBlock(start=a, end=b, reason="r", text=raw[a:b]) for a, b in pairs]
    article = _article(raw, removed)
    text = article.text
    entities = []
    for _ in range(draw(st.integers(0, 6))):
        if len(text) < 1:
            break
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 20)))
        entities.append(
            Entity(article_id="a1", start=start, end=end, label="X", text=text[start:end])
        )
    return article, entities, draw(st.sampled_from(removed))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_property_restore_keeps_annotations_on_identical_text(
    doc: tuple[Article, list[Entity], RemovedBlock],
) -> None:
    article, entities, block = doc
    plan = plan_restore(article, block, entities)
    body = plan.article.text
    assert body == assemble(article.raw, plan.article.removed)[0]
    assert block not in plan.article.removed
    assert len(plan.entities) + len(plan.dropped_entities) == len(entities)
    for entity in plan.entities:
        assert body[entity.start : entity.end] == entity.text
    _, old_map = assemble(article.raw, article.removed, with_map=True)
    for entity in plan.dropped_entities:  # only a span the block lands inside may be lost
        raws = [r for r in old_map[entity.start : entity.end] if r >= 0]
        trimmed = entity.text.strip() == entity.text
        if raws and trimmed and (block.end <= raws[0] or block.start > raws[-1]):
            pytest.fail(f"{entity.text!r} was dropped though the block lies outside it")


def test_a_block_the_article_does_not_hold_is_refused() -> None:
    raw = "Vladimir [photo] Putin spoke.\n"
    article = _article(raw, [_block(raw, "[photo] ", "photo credit")])
    other = RemovedBlock(start=0, end=8, reason="photo credit", text="Vladimir")
    with pytest.raises(
        ValueError, match=r"^That block is not among the article's removed blocks\.$"
    ):
        plan_restore(article, other, [])


def test_arguments_lost_with_dropped_entities_are_counted_over_every_event(
    tmp_path: Path,
) -> None:
    raw = "Vladimir [photo] Putin spoke. Vladimir Putin said.\n"
    article = _article(raw, [_block(raw, "[photo] ", "photo credit")])
    first = _entity(article, "Vladimir Putin")  # the block lands inside it
    at = article.text.rindex("Vladimir Putin")
    second = first.model_copy(update={"id": "e-2", "start": at, "end": at + 14})
    spoke = Event(
        id="ev-1", article_id="a1", type="STATEMENT", trigger_start=15, trigger_end=20,
        trigger_text="spoke",
        arguments=[Argument(role="Speaker", entity_id=first.id),
                   Argument(role="Listener", entity_id=first.id)],
    )  # fmt: skip
    said_at = article.text.index("said")
    said = spoke.model_copy(
        update={"id": "ev-2", "trigger_start": said_at, "trigger_end": said_at + 4,
                "trigger_text": "said",
                "arguments": [Argument(role="Speaker", entity_id=second.id),
                              Argument(role="Listener", entity_id=first.id)]}
    )  # fmt: skip
    named = spoke.model_copy(  # its trigger is the words the block lands inside
        update={"id": "ev-3", "trigger_start": 0, "trigger_end": 14,
                "trigger_text": "Vladimir Putin", "arguments": []}
    )  # fmt: skip
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        store.put_entities([first, second])
        store.put("events", spoke)
        store.put("events", said)
        store.put("events", named)
        plan = restore_block(store, article.id, article.removed[0])
        assert plan.block == article.removed[0]
        assert plan.dropped_entities == [first] and plan.detached_arguments == 3
        assert plan.dropped_events == [named]
        assert [e.id for e in store.entities(article.id)] == [second.id]
        events = {e.id: e for e in store.all("events", Event)}
        assert events["ev-1"].arguments == []
        assert [a.entity_id for a in events["ev-2"].arguments] == [second.id]
        assert set(events) == {"ev-1", "ev-2"}  # the dropped event is deleted


def test_offsets_at_the_edges_of_the_text_and_of_a_block() -> None:
    raw = "Vladimir [photo] Putin spoke.\n"
    article = _article(raw, [_block(raw, "[photo] ", "photo credit")])
    assert body_to_raw(article, 0) == 0  # the first character is kept
    assert raw_to_body(article, len(raw)) == len(article.text)  # past the last: the end
    block = article.removed[0]
    assert block_at(article, block.start) == block and block_at(article, block.end - 1) == block
    assert block_at(article, block.end) is None  # the end is outside


# -- cutting a line that cleaning kept -------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_property_a_cut_line_goes_and_restoring_it_gives_the_body_back(
    doc: tuple[Article, list[Entity], RemovedBlock], data: st.DataObject
) -> None:
    article, entities, _ = doc
    offset = data.draw(st.integers(0, len(article.raw) - 1))
    plan = plan_cut(article, offset, entities)
    if plan is None:  # nothing kept on that line: the cursor is on removed text or a blank
        line_start = article.raw.rfind("\n", 0, offset) + 1
        line_end = article.raw.find("\n", offset) % (len(article.raw) + 1)
        _, mapping = assemble(article.raw, article.removed, with_map=True)
        assert not any(line_start <= r < line_end for r in mapping if r >= 0)
        return
    cut = plan.block
    assert cut.reason == CUT and cut.text == article.raw[cut.start : cut.end] == cut.text.strip()
    assert "\n" not in cut.text
    body = plan.article.text
    assert body == assemble(article.raw, plan.article.removed)[0]
    assert plan.article.text_hash == content_hash(body)
    assert len(plan.entities) + len(plan.dropped_entities) == len(entities)
    for entity in plan.entities:
        assert body[entity.start : entity.end] == entity.text
    back = plan_restore(plan.article, cut, plan.entities)
    assert back.article.text == article.text and back.article.removed == article.removed
    assert back.entities == [e for e in entities if e not in plan.dropped_entities]


def test_the_kept_part_of_a_line_is_cut_and_its_annotations_go_with_it(
    article: Article,
) -> None:
    putin, s400 = _entity(article, "Vladimir Putin"), _entity(article, "S-400", "WEAPON")
    event = _sign(article, s400.id)
    plan = plan_cut(article, RAW.index("S-400"), [putin, s400], [event])
    assert plan is not None and not plan.restoring
    assert plan.block.text == "The leaders signed a deal on S-400 deliveries."
    assert plan.article.text == "Moscow, Dec 4 (TASS) - Vladimir Putin met Narendra Modi."
    assert plan.entities == [putin] and plan.dropped_entities == [s400]
    assert plan.dropped_events == [event] and plan.losses == 2
    assert [b.start for b in plan.article.removed] == sorted(b.start for b in plan.article.removed)


def test_only_kept_text_of_a_line_is_cut() -> None:
    raw = "Advertisement  Putin spoke.\nMore\n"
    article = _article(raw, [_block(raw, "Advertisement", "advertising")])
    assert kept_line(article, 0) == (raw.index("Putin"), raw.index("\n"))  # on the removed part
    assert kept_line(article, raw.index("More")) == (raw.index("More"), raw.rindex("\n"))
    assert kept_line(article, len(raw)) is None  # past the last line
    gone = _article(raw, [_block(raw, "Advertisement  Putin spoke.", "advertising")])
    assert kept_line(gone, 3) is None and plan_cut(gone, 3, []) is None


def test_cut_line_saves_the_article_and_clears_its_undo_history(
    tmp_path: Path, article: Article
) -> None:
    s400 = _entity(article, "S-400", "WEAPON")
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article])
        store.put_entities([s400])
        store.put(HISTORY, Action(id="h1", article_id=article.id, seq=1, description="a"))
        assert cut_line(store, article.id, RAW.index("Advertisement")) is None  # removed already
        assert store.article(article.id) == article
        plan = cut_line(store, article.id, RAW.index("S-400"))
        assert plan is not None
    with Store(tmp_path / "db.json", read_only=True) as reopened:
        saved = reopened.article(article.id)
        assert "S-400" not in saved.text and CUT in [b.reason for b in saved.removed]
        assert reopened.entities(article.id) == []
        assert [a for a in reopened.all(HISTORY, Action) if a.article_id == article.id] == []
