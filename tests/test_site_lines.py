"""Cleaning across pages of one site: a line the site's other pages carry is furniture."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.cli import main
from annotations.corpus import (
    Record,
    Rejection,
    SiteLines,
    assemble,
    built,
    clean,
    clean_across,
    restore,
    site_lines,
)
from annotations.corpus.clean import HEADLINE, SITE_FURNITURE
from annotations.corpus.repeats import key
from annotations.corpus.site_lines import site_of
from annotations.models import Article, ArticleMeta
from annotations.pipeline import ingest
from annotations.store import Store

FURNITURE = "The Planet Weekend Edition"
APP = "Listen to this story in the Daily Planet app for iPhone and Android"
SIGN_OFF = "Planet Desk."  # a sentence, but too short to be one an article shares
QUOTE = '"We will appeal," she said.'
WRAPPED = ["Both stories were reported by", "our city desk and its readers"]  # hard-wrapped prose
PORT = [
    "Port gets new container terminal",
    "The harbour authority approved a new container terminal on Tuesday after a two-year"
    " review of its environmental impact.",
    "Officials said construction would begin in the spring and employ about 400 workers at"
    " its peak, most of them from the region.",
    FURNITURE,
    QUOTE,
    *WRAPPED,
    APP,
    "Residents who opposed the project said they would appeal the decision to the regional"
    " court before the end of the month.",
    "The terminal is expected to double the port's capacity by 2030, according to the"
    " authority's own projections.",
    SIGN_OFF,
]
BUSES = [
    "Night buses reach three new districts",
    "The city council voted to extend the night bus network to three new districts, ending"
    " a long campaign by shift workers.",
    "The new routes will start running in March and cost about 2 million a year, the"
    " council's transport committee said.",
    FURNITURE,
    QUOTE,
    *WRAPPED,
    APP,
    "Unions welcomed the vote but said the buses should run every fifteen minutes rather"
    " than every half hour as planned.",
    "The transport committee said it would review the timetable after six months of"
    " service and publish passenger numbers.",
    SIGN_OFF,
]


def record(lines: list[str], origin: str, url: str | None = None) -> Record:
    return Record(origin, "\n".join(lines), ArticleMeta(url=url) if url else None)


def page(lines: list[str], origin: str, url: str | None = None) -> Article:
    article = built(record(lines, origin, url))
    assert isinstance(article, Article)
    return article


def across(*articles: Article) -> list[Article]:
    """The articles cleaned with each other as their sites' pages."""
    pages = [
        (a, Record(a.origin, a.raw, ArticleMeta(url=a.meta.url) if a.meta.url else None))
        for a in articles
    ]
    return clean_across(pages, SiteLines())


def test_alone_the_line_stays_it_is_the_site_that_shows_it_is_furniture() -> None:
    alone = page(PORT, "planet/port.txt")
    assert {FURNITURE, APP, SIGN_OFF} <= set(alone.text.split("\n"))
    assert across(alone) == [alone]


def test_a_line_other_pages_of_the_site_carry_goes_with_its_reason_and_comes_back() -> None:
    port, buses = across(page(PORT, "planet/port.txt"), page(BUSES, "planet/buses.txt"))
    for article in (port, buses):
        assert not {FURNITURE, APP, SIGN_OFF} & set(article.text.split("\n"))
        block = next(b for b in article.removed if b.reason == SITE_FURNITURE)
        assert block.text.strip() == FURNITURE
        assert FURNITURE in restore(article.raw, article.removed, block)[0].split("\n")
    assert port.meta.title == PORT[0] and buses.meta.title == BUSES[0]
    assert {b.reason for b in port.removed} == {SITE_FURNITURE}
    # recall first: a short sentence the pages share (a quote) stays, and so do lines of
    # hard-wrapped prose and paragraphs
    assert QUOTE in port.text and all(line in port.text for line in WRAPPED)
    assert PORT[2] in port.text and PORT[-2] in port.text
    # and the body is what cleaning it again with the same evidence gives
    site = frozenset(key(line) for line in (FURNITURE, APP, SIGN_OFF))
    assert clean(port.text, port.meta, site).body == port.text


def test_pages_of_other_sites_are_no_evidence() -> None:
    port, buses = across(
        page(PORT, "scrape/port.txt", "https://www.planet.example/port"),
        page(BUSES, "scrape/buses.txt", "https://globe.example/buses"),
    )
    assert FURNITURE in port.text and FURNITURE in buses.text


def test_pages_of_one_host_are_evidence_wherever_they_were_read_from() -> None:
    port, buses = across(
        page(PORT, "monday/port.txt", "https://www.planet.example/port"),
        page(BUSES, "tuesday/buses.txt", "https://planet.example/buses"),
    )
    assert FURNITURE not in port.text and FURNITURE not in buses.text
    assert port.meta.url == "https://www.planet.example/port"  # the record's metadata stays


def test_the_site_is_the_url_host_else_the_publisher_else_the_folder() -> None:
    def site(origin: str, **meta: str) -> str:
        return site_of(page(PORT, origin).model_copy(update={"meta": ArticleMeta(**meta)}))

    assert site("a/1.txt", url="https://www.planet.example/x") == site(
        "b/2.txt", url="http://planet.example/y?z=1"
    )
    assert site("a/1.txt", url="https://planet.example/x") != site("a/1.txt")
    assert site("a/1.txt", publisher="Planet") == site("b/2.txt", publisher="planet")
    assert site("a/1.txt") == site("a/2.txt") != site("b/1.txt")
    assert site("dump.jsonl:3") == site("dump.jsonl:9") != site("other.jsonl:3")
    assert site("a/1.txt", url="http://[::1") == site("a/2.txt")  # malformed: no host
    assert site("feed.JSON:1") == site("feed.JSON:2") != site("feed.ndjson:1")


def test_a_copy_of_the_same_story_is_not_another_page() -> None:
    first = page(PORT, "planet/port.txt")
    copy = page([*PORT, "Share this story"], "planet/port-again.txt")
    copy.duplicate_of = first.id
    assert across(first, copy) == [first, copy]


def test_the_headline_another_page_lists_as_a_teaser_stays_the_title() -> None:
    teasers = [*PORT, "More from the Planet", BUSES[0], "Harbour seals return to the bay"]
    port, buses = across(page(teasers, "planet/port.txt"), page(BUSES, "planet/buses.txt"))
    assert buses.meta.title == BUSES[0]
    assert BUSES[0] not in port.text  # the teaser went


def test_ingest_uses_stored_pages_and_never_recleans_them(tmp_path: Path) -> None:
    folder = tmp_path / "planet"
    folder.mkdir()
    (folder / "port.txt").write_text("\n".join(PORT), encoding="utf-8")
    with Store(tmp_path / "db.json") as store:
        (first,) = ingest(store, [folder]).added
        assert FURNITURE in first.text  # alone so far
        (folder / "buses.txt").write_text("\n".join(BUSES), encoding="utf-8")
        (folder / "buses-copy.txt").write_text("\n".join([*BUSES, "Share"]), encoding="utf-8")
        report = ingest(store, [folder])
        assert report.already_stored == 1
        copy, buses = report.added  # in the folder's order: the copy is read first
        assert FURNITURE not in buses.text and FURNITURE not in copy.text
        assert buses.duplicate_of == copy.id and report.duplicates == [(buses.id, copy.id)]
        assert store.article(buses.id).duplicate_of == copy.id
        assert store.article(buses.id).text == buses.text
        assert store.article(first.id).text == first.text  # stored work never moves


def test_clean_given_every_line_as_the_sites_removes_only_short_lines_that_are_no_sentence() -> (
    None
):
    unfinished = " ".join(["The harbour board met again"] * 6)  # 30 words, cut off
    lines = [*PORT, unfinished]
    site = frozenset(key(line) for line in lines)
    cleaned = clean("\n".join(lines), None, site)
    body = cleaned.body.split("\n")
    # the first line stays: the page shows no residue, so its title is made from it
    assert [line for line in lines if line not in (FURNITURE, APP, SIGN_OFF)] == body
    assert cleaned.meta.title == PORT[0]
    # on a page with residue, the headline is taken out as the title, not as furniture
    scraped = clean("\n".join(["Share on Facebook", *lines]), None, site)
    assert scraped.meta.title == PORT[0] and PORT[0] not in scraped.body
    assert HEADLINE in {b.reason for b in scraped.removed}


POOL = [*PORT[1:], *BUSES[1:], "Advertisement", "Most read", "Sign in", "Listen", "Weather"]
KEPT = [line for line in POOL if len(line.split()) >= 10 and line != APP] + [QUOTE]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b"]), st.lists(st.sampled_from(POOL), min_size=1)),
        min_size=2,
        max_size=4,
    )
)
def test_across_a_site_only_lines_other_pages_carry_go_and_the_body_is_its_raw_text(
    drawn: list[tuple[str, list[str]]],
) -> None:
    ordered = [page([f"Story {i}", *lines], f"{f}/{i}.txt") for i, (f, lines) in enumerate(drawn)]
    for before, after in zip(ordered, across(*ordered), strict=True):
        assert (after.id, after.raw, after.origin) == (before.id, before.raw, before.origin)
        assert assemble(after.raw, after.removed)[0] == after.text and after.text.strip()
        others = {
            key(line)
            for other in ordered
            if other.origin != before.origin and site_of(other) == site_of(before)
            for line in other.raw.split("\n")
        }
        for block in after.removed:
            if block.reason == SITE_FURNITURE:
                for line in filter(str.strip, block.text.split("\n")):
                    assert key(line) in others and line not in KEPT


def test_ingest_reads_the_lines_of_stored_pages_of_the_batchs_sites_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder, lines in (("globe", PORT), ("planet", BUSES)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("\n".join(lines), encoding="utf-8")
    read: list[str] = []
    real = site_lines._keys

    def keys(text: str) -> set[str]:
        read.append(text)
        return real(text)

    monkeypatch.setattr(site_lines, "_keys", keys)
    with Store(tmp_path / "db.json") as store:
        (globe,) = ingest(store, [tmp_path / "globe"]).added
        read.clear()
        ingest(store, [tmp_path / "planet"])
        assert read and globe.raw not in read


def test_newsdesk_ingest_says_how_many_articles_lost_lines_their_site_repeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "planet"
    folder.mkdir()
    for name, lines in (("port.txt", PORT), ("buses.txt", BUSES)):
        (folder / name).write_text("\n".join(lines), encoding="utf-8")
    db = str(tmp_path / "db.json")
    assert main(["--db", db, "ingest", "--no-detect", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "2 new articles lost lines that other pages of their site repeat" in out
    assert main(["--db", db, "ingest", "--no-detect", str(folder)]) == 0
    assert "lost lines" not in capsys.readouterr().out  # nothing new, nothing said


def test_ingest_again_cleans_no_file_it_already_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "planet"
    folder.mkdir()
    (folder / "port.txt").write_text("\n".join(PORT), encoding="utf-8")
    with Store(tmp_path / "db.json") as store:
        ingest(store, [folder])
        cleaned: list[str] = []

        def counting(record: Record) -> Article | Rejection:
            cleaned.append(record.origin)
            return built(record)

        monkeypatch.setattr("annotations.pipeline.built", counting)
        (folder / "buses.txt").write_text("\n".join(BUSES), encoding="utf-8")
        report = ingest(store, [folder])
        assert report.already_stored == 1 and len(report.added) == 1
        assert cleaned == [str(folder / "buses.txt")]
