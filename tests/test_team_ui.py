"""Two analysts annotate by keys, a lead compares and adjudicates by keys.

Each analyst works in their own database (their name from the settings, as
`--as` gives it); their jsonl exports come into the lead's database with
`import --as`; the lead's F4 screen shows the agreement, Enter adjudicates.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from annotations.cli import main
from annotations.config import Settings
from annotations.store import Store
from annotations.team.agreement import Span
from annotations.team.documents import ADJUDICATED
from annotations.team.layers import Layers
from tests.test_review_keys import SIZE, TEXT, NoDetector, make_db, open_reader
from tui.app import make_app
from tui.screens.team import AdjudicationScreen, AgreementScreen


async def annotate(path: Path, analyst: str, keys: list[str]) -> None:
    with Store(path) as store:
        settings = Settings.defaults(path, analyst=analyst)
        app = make_app(store, detector=NoDetector(), settings=settings)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            await pilot.press(*keys)
            byline = str(app.screen.query_one("#article-byline").render())
            assert f"annotating as {analyst}" in byline
            status = str(app.screen.query_one("#reader-status").render())
            assert f"by {analyst}" in status  # the entity under the cursor was theirs


async def select_pair(app, pair: str) -> None:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#agreement", DataTable)
    table.move_cursor(row=[r[0] for r in cells(table)].index(next(
        r[0] for r in cells(table) if r[0].startswith(pair))))  # fmt: skip


async def settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the screen's work, done a slice per turn, finish."""
    for _ in range(200):
        await pilot.pause(0.01)
        title = pilot.app.screen.query(Static).first().render()
        if "…" not in str(title):
            return
    raise AssertionError(f"the screen is still working: {title}")


def cells(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(r)] for r in range(table.row_count)]


async def team(tmp_path: Path) -> Path:
    """ana and ben annotate by keys in their own databases; their exports come into
    the lead's as layers. The lead's database."""
    ana, ben, lead = tmp_path / "ana.json", tmp_path / "ben.json", tmp_path / "lead.json"
    make_db(ana)
    shutil.copy(ana, ben)
    shutil.copy(ana, lead)
    # Suggestions in order: Vladimir Putin, Narendra Modi, New Delhi, Friday, India, Russia.
    # ana accepts Putin, Modi and New Delhi; ben relabels Modi as GPE.
    await annotate(ana, "ana", ["tab", "a", "a", "a", "shift+tab"])
    await annotate(ben, "ben", ["tab", "a", "3", "tab", "a", "shift+tab"])
    for who, db in (("ana", ana), ("ben", ben)):
        out = tmp_path / f"{who}.jsonl"
        assert main(["--db", str(db), "export", "--format", "jsonl", "--out", str(out)]) == 0
        assert main(["--db", str(lead), "--as", "lead", "import", "--as", who,
                     "--format", "jsonl", str(out)]) == 0  # fmt: skip
    return lead


async def test_reader_compares_with_each_analyst_in_turn(tmp_path: Path) -> None:
    lead = await team(tmp_path)
    with Store(lead) as store:
        settings = Settings.defaults(lead, analyst="lead")
        app = make_app(store, detector=NoDetector(), settings=settings)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await open_reader(pilot)
            byline = app.screen.query_one("#article-byline")
            await pilot.press("D", "tab")
            assert "comparing with ana (3 differ)" in str(byline.render())
            status = app.screen.query_one("#reader-status")
            assert "ana: 'Vladimir Putin' PERSON" in str(status.render())
            await pilot.press("tab", "D")
            assert "comparing with ben (3 differ)" in str(byline.render())
            assert "ben: 'Narendra Modi' GPE" in str(status.render())
            await pilot.press("shift+tab", "a")  # the lead accepts Putin, as ben did
            assert "comparing with ben (2 differ)" in str(byline.render())
            await pilot.press("D")
            assert "comparing" not in str(byline.render())


async def test_two_analysts_agreement_and_adjudication_by_keys(tmp_path: Path) -> None:
    lead = await team(tmp_path)
    with Store(lead) as store:
        settings = Settings.defaults(lead, analyst="lead")
        app = make_app(store, detector=NoDetector(), settings=settings)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f4")
            assert isinstance(app.screen, AgreementScreen)
            await settled(pilot)
            rows = cells(app.screen.query_one("#agreement", DataTable))
            ana_ben = next(r for r in rows if r[0].startswith("ana vs ben"))
            at = rows.index(ana_ben)
            pair_rows = {r[1]: r[2:] for r in rows[at : at + 3]}
            # By hand: PERSON ana {Putin, Modi} ben {Putin}; GPE ana {New Delhi} ben {Modi,
            # New Delhi}. 28 tokens: P/P 2, P/G 2, G/G 2, O/O 22 -> kappa 228/284.
            assert pair_rows["GPE"] == ["0.667", "1", "0", "1", "0.632"]  # 96/152
            assert pair_rows["PERSON"] == ["0.667", "1", "1", "0", "0.632"]
            assert pair_rows["all labels"] == ["0.667", "2", "1", "1", "0.803"]
            await select_pair(app, "ana vs ben")
            await pilot.press("enter")
            assert isinstance(app.screen, AdjudicationScreen)
            await settled(pilot)
            await pilot.press("2")  # Modi: take ben's GPE
            await pilot.press("u")  # changed my mind
            await pilot.press("1")  # ana's PERSON
            await pilot.press("escape", "escape")
    with Store(lead) as store:  # saved at once, and the decisions survive a restart
        layers = Layers(store, "lead")
        [article_id] = store.article_ids()
        adjudicated = layers.of(ADJUDICATED, article_id)
        assert adjudicated is not None
        assert adjudicated.layer.spans == {
            Span(TEXT.index("Vladimir"), TEXT.index(" met"), "PERSON"),
            Span(TEXT.index("Narendra"), TEXT.index(" in New"), "PERSON"),
            Span(TEXT.index("New Delhi"), TEXT.index(" on Friday"), "GPE"),
        }
        assert all(e.analyst in ("ana", "ben") for e in adjudicated.entities)
        adj = layers.adjudication(article_id, "ana", "ben")
        assert adj is not None and adj.decisions == {0: "a"}
        settings = Settings.defaults(lead, analyst="lead")
        app = make_app(store, detector=NoDetector(), settings=settings)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f4")
            await settled(pilot)
            await select_pair(app, "ana vs ben")
            await pilot.press("enter")
            assert isinstance(app.screen, AdjudicationScreen)
            await settled(pilot)
            await pilot.press("u")  # the undo history survived the restart too
    with Store(lead, read_only=True) as store:
        layers = Layers(store, "lead")
        adjudicated = layers.of(ADJUDICATED, article_id)
        assert adjudicated is not None
        assert Span(TEXT.index("Narendra"), TEXT.index(" in New"), "PERSON") not in (
            adjudicated.layer.spans
        )


@pytest.mark.parametrize("analyst", ["ana"])
async def test_agreement_screen_with_one_analyst_says_how_to_add_one(tmp_path, analyst) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "db.json"
    make_db(path)
    with Store(path) as store:
        settings = Settings.defaults(path, analyst=analyst)
        app = make_app(store, detector=NoDetector(), settings=settings)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f4")
            await settled(pilot)
            status = str(app.screen.query_one("#agreement-status").render())
            assert "import --as NAME" in status


async def test_next_and_previous_disagreement_cross_articles(tmp_path: Path) -> None:
    """`]` past an article's last disagreement goes to the next article's first, `[`
    back to the previous article's last; both stop at the ends."""
    from annotations.models import Entity
    from annotations.team.documents import LAYERS, AnalystLayer, layer_id
    from tests.app_fixtures import article_from_text

    path = tmp_path / "lead.json"
    texts = ["Putin met Modi in Delhi.", "Lavrov met Jaishankar."]
    with Store(path) as store:
        articles = [article_from_text(t, f"t{n}") for n, t in enumerate(texts)]
        store.add_articles(articles)
        for who, label in (("ana", "PERSON"), ("ben", "GPE")):
            for article in articles:  # every name: ana says PERSON, ben GPE
                names = [w.strip(".") for w in article.text.split() if w[0].isupper()]
                ents = [
                    Entity(article_id=article.id, start=(s := article.text.index(w)),
                           end=s + len(w), label=label, text=w, source="analyst",
                           state="accepted")
                    for w in names
                ]  # fmt: skip
                store.put(LAYERS, AnalystLayer(
                    id=layer_id(who, article.id), analyst=who, article_id=article.id,
                    text_hash=article.text_hash, entities=ents,
                ))  # fmt: skip
        settings = Settings.defaults(path, analyst="lead")
        app = make_app(store, detector=NoDetector(), settings=settings)  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            app.push_screen(AdjudicationScreen("ana", "ben"))
            await pilot.pause()
            await settled(pilot)
            screen = app.screen
            assert isinstance(screen, AdjudicationScreen)
            seen = [(screen.place.article, screen.place.item)]
            for key in ["]", "]", "]", "]", "]", "]", "[", "[", "[", "[", "[", "["]:
                await pilot.press(key)
                seen.append((screen.place.article, screen.place.item))
    # article 0: Putin, Modi, Delhi; article 1: Lavrov, Jaishankar
    assert seen == [
        (0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 1), (1, 1),
        (1, 0), (0, 2), (0, 1), (0, 0), (0, 0), (0, 0),
    ]  # fmt: skip
