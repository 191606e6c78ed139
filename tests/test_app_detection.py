"""The app's detection worker takes the one detection path: what the analyst taught
is applied before anything is stored, and suggestions for a text that changed while
the worker ran are never stored."""

from __future__ import annotations

from pathlib import Path

from annotations.models import Entity
from annotations.pipeline import Suggestions, ToDetect, compute_suggestions
from annotations.store import Store
from annotations.text import content_hash
from tests.app_fixtures import article_from_text
from tests.test_entities_ui import SIZE, TEXTS, Fake, article_id, found
from tui.app import make_app
from tui.messages import SuggestionsFound


def taught_store(path: Path) -> Store:
    """Every article detected by `Fake`, then Pune rejected and Zorbex relabelled FAC
    in article a, and article d's suggestions forgotten (as if newly ingested)."""
    from annotations.pipeline import detect

    store = Store(path)
    store.add_articles([article_from_text(text, title) for title, text in TEXTS.items()])
    detect(store, Fake(), store.article_ids(), cache=False)
    a, d = article_id(store, "a"), article_id(store, "d")
    [pune] = [e for e in store.entities(a) if e.text == "Pune"]
    store.put_entity(pune.model_copy(update={"state": "rejected"}))
    [zorbex] = [e for e in store.entities(a) if e.text == "Zorbex"]
    store.put_entity(zorbex.model_copy(update={"label": "FAC", "state": "accepted"}))
    store.save_detection(d, [], "none")
    store.update_article(store.article(d).model_copy(update={"detected_with": None}))
    return store


async def test_the_worker_applies_what_was_taught_before_storing(tmp_path: Path) -> None:
    with taught_store(tmp_path / "db.json") as store:
        app = make_app(store, detector=Fake())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert store.article(article_id(store, "d")).detected_with == Fake.version
            assert found(store, "d", "Pune") == set()  # rejected in a: never suggested
            assert found(store, "d", "Zorbex") == {("FAC", "taught", "suggested")}
            putin = [e for e in store.entities(article_id(store, "d")) if e.text == "Putin"]
            assert [e.canonical_id for e in putin] == ["PERSON:vladimir putin"]  # linked


async def test_suggestions_for_a_changed_text_are_not_stored(tmp_path: Path) -> None:
    old = "Putin met Modi."
    with Store(tmp_path / "db.json") as store:
        store.add_articles([article_from_text(old, "t")])
        [ident] = store.article_ids()
        app = make_app(store, detector=Fake())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            before = [e.id for e in store.entities(ident)]
            assert len(before) == 1
            # the analyst's text changes while the worker computes on the old one;
            # the old offsets still fit the new text, so only the hash can tell
            new = old + " Later, Putin left."
            article = store.article(ident)
            store.update_article(
                article.model_copy(update={"text": new, "text_hash": content_hash(new)})
            )
            putin = Entity(article_id=ident, start=0, end=5, label="PERSON", text="Putin")
            stale = Suggestions(ident, content_hash(old), [putin], "fake-ui-1")
            app.post_message(SuggestionsFound([stale], last=True))
            await pilot.pause()
            assert [e.id for e in store.entities(ident)] == before
            [fresh] = compute_suggestions([ToDetect.of(store.article(ident))], Fake())
            app.post_message(SuggestionsFound([fresh], last=True))
            await pilot.pause()
            assert [e.text for e in store.entities(ident)] == ["Putin", "Putin"]


async def test_the_worker_stores_detected_articles_in_batches(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """40 newly ingested articles are stored in a transaction per batch, not one
    (with its fsync) per article; every one of them is stored."""
    import tui.app as app_module

    with Store(tmp_path / "db.json") as store:
        store.add_articles(
            [article_from_text(f"Putin met Modi in Pune, day {n}.", f"t{n}") for n in range(40)]
        )
        transactions = 0
        real = Store.transaction

        def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal transactions
            transactions += 1
            return real(self, *args, **kwargs)

        monkeypatch.setattr(app_module, "SAVE_EVERY", 60.0)  # batches by size only
        monkeypatch.setattr(Store, "transaction", counted)
        app = make_app(store, detector=Fake())  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            monkeypatch.setattr(Store, "transaction", real)
        assert all(store.article(i).detected_with == Fake.version for i in store.article_ids())
        assert transactions == 2  # 32 + 8
