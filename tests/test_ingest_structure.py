"""What keeps ingest at the model's speed, checked by counting work (not by timing):
the model runs only the components NER reads, and what ingest does around it
(cleaning, duplicate detection, storing) is done once per line, text or batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotations.corpus import load
from annotations.entities.detector import load_model, model_path, ner_upstreams
from annotations.models import Article
from annotations.pipeline import SEEDS_DIR


def _listening(upstream: str) -> dict[str, Any]:
    """A pipeline config whose `ner` reads a shared embedding through a listener."""
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "upstream": upstream}
    return {
        "components": {
            "tok2vec": {"factory": "tok2vec"},
            "trf": {"factory": "transformer"},
            "tagger": {"factory": "tagger"},
            "ner": {"factory": "ner", "model": {"tok2vec": listener}},
        }
    }


def test_ner_reads_a_shared_embedding_only_through_a_listener() -> None:
    own = {"@architectures": "spacy.Tok2Vec.v2", "embed": {"width": 96}}
    alone = {"components": {"tok2vec": {"factory": "tok2vec"}, "ner": {"model": own}}}
    assert ner_upstreams(alone) == set()
    assert ner_upstreams(_listening("tok2vec")) == {"tok2vec"}
    assert ner_upstreams(_listening("*")) == {"tok2vec", "trf"}


def test_the_model_runs_ner_alone_and_finds_what_it_found_with_the_shared_tok2vec() -> None:
    """The small model's `ner` embeds tokens itself: its shared `tok2vec` (a third of the
    model's time) fed only the tagger and parser, so it is not loaded, and the entities
    of the seeds are the same with and without it."""
    import spacy

    nlp = load_model()
    assert nlp.pipe_names == ["ner"]
    path = model_path()
    pipeline = spacy.util.load_config(path / "config.cfg")["nlp"]["pipeline"]
    with_tok2vec = spacy.load(path, exclude=[c for c in pipeline if c not in ("tok2vec", "ner")])
    assert with_tok2vec.pipe_names == ["tok2vec", "ner"]
    texts = [a.text for a in load([SEEDS_DIR]) if isinstance(a, Article)]

    def ents(model: Any) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in model.pipe(texts)]

    found = ents(nlp)
    assert sum(map(len, found)) > 100
    assert found == ents(with_tok2vec)


# -- duplicate detection -------------------------------------------------------
def _pages(count: int) -> list[Article]:
    """Articles sharing many sentences (seed sentences shuffled), as bench_ingest makes."""
    import random

    from annotations.corpus import article_from_text

    sentences = [
        s.strip() + "."
        for a in load([SEEDS_DIR])
        if isinstance(a, Article)
        for s in a.text.split(". ")
        if len(s.split()) >= 6
    ]
    rng = random.Random(3)
    made = [article_from_text(" ".join(rng.sample(sentences, 12)), f"p{i}") for i in range(count)]
    return [a for a in made if isinstance(a, Article)]


def test_shared_shingles_are_counted_as_the_sets_intersect() -> None:
    from annotations.corpus.duplicates import hashed, shared, shingles

    grams = [shingles(a.text) for a in _pages(12)]
    counts = shared(hashed(grams[0]), [hashed(g) for g in grams[1:]])
    assert counts == [len(grams[0] & g) for g in grams[1:]]
    assert any(counts) and not all(n == len(grams[0]) for n in counts)
    assert shared(hashed(set()), [hashed(grams[1])]) == [0]


def test_each_text_is_shingled_once_and_the_lsh_bands_are_worked_out_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datasketch import lsh

    from annotations.corpus import duplicates

    calls = {"shingles": 0, "bands": 0}
    shingles, optimal = duplicates.shingles, lsh._optimal_param

    def counted_shingles(text: str, size: int = duplicates.SHINGLE_WORDS) -> set[str]:
        calls["shingles"] += 1
        return shingles(text, size)

    def counted_optimal(*args: Any) -> Any:
        calls["bands"] += 1
        return optimal(*args)

    monkeypatch.setattr(duplicates, "shingles", counted_shingles)
    monkeypatch.setattr(lsh, "_optimal_param", counted_optimal)
    duplicates._bands.cache_clear()
    pages = _pages(30)
    first = duplicates.mark_duplicates(pages[10:], existing=pages[:10])
    assert calls == {"shingles": 30, "bands": 1}
    for page in pages:
        page.duplicate_of = None
    assert duplicates.mark_duplicates(pages[10:], existing=pages[:10]) == first
    assert calls == {"shingles": 60, "bands": 1}


# -- the rule layer --------------------------------------------------------------
def _random_spans(seed: int, count: int) -> list[Any]:
    import random

    from annotations.entities.rules import Span

    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        start = rng.randrange(0, 200)
        spans.append(Span(start, start + rng.randrange(1, 25), rng.choice("AB")))
    return spans


def test_longest_first_and_overlapping_find_what_comparing_every_pair_finds() -> None:
    """Found by where spans start (bisection), not by comparing each with every other:
    the same spans, in the same order, as the pairwise comparison."""
    from annotations.entities.rules import Overlapping, Span, longest_first

    for seed in range(40):
        spans = _random_spans(seed, 60)
        kept: list[Span] = []
        for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
            if not any(span.overlaps(other) for other in kept):
                kept.append(span)
        assert longest_first(spans) == sorted(kept, key=lambda s: s.start)
        index = Overlapping(spans)
        for probe in _random_spans(seed + 100, 30):
            assert index.of(probe) == [s for s in spans if s.overlaps(probe)]
    empty = [Span(5, 5, "A"), Span(3, 8, "B"), Span(4, 6, "A"), Span(12, 10, "A")]
    assert longest_first(empty) == [Span(3, 8, "B")]
    assert longest_first([Span(5, 5, "A"), Span(9, 2, "B")]) == []  # they name no text


# -- storing -------------------------------------------------------------------
class Places:
    """A detector that finds "India" and "Russia" (the seeds' sentences hold many)."""

    version = "places-1"

    def detect_many(self, texts: Any, batch_size: int = 32) -> Any:
        import re

        from annotations.entities import Mention

        for text in texts:
            yield [
                Mention(m.start(), m.end(), "GPE", m.group())
                for m in re.finditer(r"India|Russia", text)
            ]


def test_ingest_saves_once_for_the_articles_and_once_per_detected_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One journal line (one fsync) for the new articles, one per batch of suggestions,
    and at most one for the corpus linking; each suggestion is built once (never
    copied to set its canonical key)."""
    from annotations.models import Entity
    from annotations.pipeline import detect, ingest
    from annotations.store import Store
    from annotations.store.journal import JournalWriter

    folder = tmp_path / "pages"
    folder.mkdir()
    for i, page in enumerate(_pages(70)):
        (folder / f"{i:03d}.txt").write_text(page.text, encoding="utf-8")
    saves: list[int] = []
    append, copy = JournalWriter.append, Entity.model_copy
    copies = [0]

    def counted_append(writer: JournalWriter, ops: list[Any]) -> None:
        saves.append(len(ops))
        append(writer, ops)

    def counted_copy(entity: Entity, *args: Any, **kwargs: Any) -> Entity:
        copies[0] += 1
        return copy(entity, *args, **kwargs)

    monkeypatch.setattr(JournalWriter, "append", counted_append)
    monkeypatch.setattr(Entity, "model_copy", counted_copy)
    with Store(tmp_path / "db.json") as store:
        report = ingest(store, [folder])
        assert len(report.added) == 70 and len(saves) == 1
        assert detect(store, Places(), [a.id for a in report.added], batch_size=32) == 70
        assert 4 <= len(saves) <= 5  # 70 articles in batches of 32: 3 saves, linking
        assert store.count("entities") > 70
    assert copies == [0]


def test_a_detection_batch_journals_no_article_body_and_a_crash_keeps_it_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving suggestions changes one field of each article (`detected_with`): the
    journal gets that field (a "set" op), not the article's body again; and a store
    killed before its closing snapshot reads back every article, body and detection."""
    from annotations.pipeline import detect, ingest
    from annotations.store import Store
    from annotations.store.journal import SET, JournalWriter

    folder = tmp_path / "pages"
    folder.mkdir()
    for i, page in enumerate(_pages(40)):
        (folder / f"{i:03d}.txt").write_text(page.text, encoding="utf-8")
    ops: list[list[Any]] = []
    append = JournalWriter.append

    def recorded(writer: JournalWriter, batch: list[Any]) -> None:
        ops.extend(batch)
        append(writer, batch)

    monkeypatch.setattr(JournalWriter, "append", recorded)
    store = Store(tmp_path / "db.json")
    report = ingest(store, [folder])
    added = [op for op in ops if op[0] == "articles"]
    assert len(added) == 40 and all("text" in op[2] for op in added)
    del ops[:]
    assert detect(store, Places(), [a.id for a in report.added]) == 40
    changed = [op for op in ops if op[0] == "articles"]
    assert len(changed) == 40
    assert all(op[3:] == [SET] and set(op[2]) == {"detected_with"} for op in changed)
    before = {a.id: (a.text, a.raw, a.detected_with) for a in store.articles()}
    entities = store.count("entities")
    store._release()  # killed: no closing snapshot, the journal holds every save
    with Store(tmp_path / "db.json", read_only=True) as again:
        assert {a.id: (a.text, a.raw, a.detected_with) for a in again.articles()} == before
        assert again.count("entities") == entities > 40
    assert {d for _, _, d in before.values()} == {"places-1"}


# -- reading -------------------------------------------------------------------
MOJIBAKE = [
    "plain ASCII line\n",
    "Ã©tÃ© â€œquotedâ€\x9d\n",  # UTF-8 read as cp1252
    "caf\u00e9 vs cafe\u0301\n",  # NFC joins the accent
    "line\r\nwindows\rmac\u2028sep\n",
    "bell\x07 esc\x1b[31mred\x1b[0m nul\x00 del\x7f ff\x0c vt\x0b\n",
    "\t tabbed &amp; <b>html</b> kept\n",
    "surrogate \ud83d tail\n",
    "\u00c2\u00a0non-breaking",  # no final newline
]


def test_ftfy_runs_only_on_lines_it_may_change_and_repairs_them_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`repaired` gives what ftfy gives the whole text, on lines of every kind shuffled
    together; the plain ASCII lines never reach ftfy."""
    import random

    import ftfy

    from annotations.corpus import readers

    rng = random.Random(5)
    seen: list[str] = []
    fix = ftfy.fix_text

    def counted(text: str, *args: Any, **kwargs: Any) -> str:
        seen.append(text)
        return fix(text, *args, **kwargs)

    for _ in range(200):
        lines = rng.choices(MOJIBAKE, k=rng.randint(0, 12))
        text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
        text = text[: rng.randint(0, len(text))]  # sometimes cut mid-line
        assert readers.repaired(text) == fix(text, readers.FTFY)
        monkeypatch.setattr(ftfy, "fix_text", counted)
        readers.repaired(text)
        monkeypatch.setattr(ftfy, "fix_text", fix)
    assert seen and not any(line == MOJIBAKE[0] for line in seen)
    assert all(readers._FTFY_MAY_CHANGE.search(line) for line in seen)


def test_a_detection_folds_the_journal_once_at_the_close_not_each_time_it_outgrows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folding the journal writes the whole database: during a detection the journal
    grows past its limit and is folded by the close alone, so a large ingest writes
    its snapshot once, not once per limit's worth of suggestions."""
    from annotations.pipeline import detect, ingest
    from annotations.store import Store
    from annotations.store.tables import Tables

    folder = tmp_path / "pages"
    folder.mkdir()
    for i, page in enumerate(_pages(40)):
        (folder / f"{i:03d}.txt").write_text(page.text, encoding="utf-8")
    folds: list[int] = []
    snapshot = Tables.snapshot

    def counted(tables: Tables) -> None:
        folds.append(tables.log.journal_path.stat().st_size)
        snapshot(tables)

    db = tmp_path / "db.json"
    with Store(db, journal_limit=20_000) as store:
        report = ingest(store, [folder])
        monkeypatch.setattr(Tables, "snapshot", counted)
        assert detect(store, Places(), [a.id for a in report.added], batch_size=8) == 40
        assert folds == [] and store.compaction_due and store.compact_on_save
    assert len(folds) == 1 and folds[0] > 5 * 20_000  # the close folded it all
    with Store(db, read_only=True) as again:
        assert all(a.detected_with == "places-1" for a in again.article_heads())
