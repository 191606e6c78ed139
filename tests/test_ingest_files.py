"""Ingest of .txt, .html and .jsonl files and folders; bad files are rejected, never fatal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from annotations.corpus import Rejection, load
from annotations.models import Article
from annotations.text import content_hash

FIXTURES = Path(__file__).resolve().parent / "corpus_fixtures"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
BODY = (
    "Officials from both countries met on Monday to discuss a new agreement on naval "
    "exercises and port calls, the foreign ministry said in a statement.\n"
)


def _split(items: list[Article | Rejection]) -> tuple[list[Article], list[Rejection]]:
    articles = [a for a in items if isinstance(a, Article)]
    return articles, [r for r in items if isinstance(r, Rejection)]


def test_seed_folder_gives_five_articles_with_hashes() -> None:
    articles, rejected = _split(list(load([SEEDS])))
    assert len(articles) == 5 and not rejected
    for article in articles:
        assert article.id == content_hash(article.raw)
        assert article.text_hash == content_hash(article.text)
        assert article.origin.endswith(".txt")
        assert article.raw == Path(article.origin).read_text(encoding="utf-8")


def test_html_page_uses_trafilatura_text_and_metadata() -> None:
    (article,) = load([FIXTURES / "article.html"])
    assert isinstance(article, Article)
    assert article.meta.title == "Navy commissions new frigate built with foreign help"
    assert article.meta.date == dt.date(2025, 10, 14)
    assert article.meta.publisher == "Harbour Times"
    assert article.meta.url == "https://harbour-times.example/defence/navy-frigate"
    assert article.text.startswith("The navy on Tuesday commissioned a new stealth frigate")
    assert article.text.endswith("according to the shipyard.")
    for residue in ("Home", "Trending", "Markets fall", "All rights reserved", "Privacy"):
        assert residue not in article.text


def test_jsonl_lines_with_common_field_names_and_bad_lines() -> None:
    articles, rejected = _split(list(load([FIXTURES / "dump.jsonl"])))
    assert [a.origin for a in articles] == [f"{FIXTURES / 'dump.jsonl'}:{n}" for n in (1, 2)]
    first, second = articles
    assert first.meta.title == "Ministers meet on trade corridor"
    assert first.meta.date == dt.date(2025, 9, 1)
    assert first.meta.url == "https://example.org/trade"
    assert first.meta.publisher == "example.org"
    assert first.text.startswith("Trade ministers of both countries met on Monday")
    assert second.meta.title == "Talks on fertiliser supply"
    assert second.meta.date == dt.date(2025, 9, 3)
    reasons = {r.origin.rsplit(":", 1)[1]: r.reason for r in rejected}
    assert "not valid JSON" in reasons["3"]
    assert "no article text" in reasons["4"]
    assert "not a JSON object" in reasons["5"]


def test_a_newsdesk_export_says_to_import_it(tmp_path: Path) -> None:
    """Ingest reads scraper dumps; a newsdesk JSONL export is brought in by `import`,
    which keeps its texts and annotations exactly."""
    export = {"newsdesk": 1, "article": {"id": "a1", "text": BODY}, "entities": []}
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(export) + "\n", encoding="utf-8")
    (rejected,) = load([path])
    assert isinstance(rejected, Rejection)
    assert "newsdesk import --format jsonl" in rejected.reason


def test_json_array_file(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(json.dumps([{"headline": "A", "body": BODY.strip()}]), encoding="utf-8")
    (article,) = load([path])
    assert isinstance(article, Article) and article.origin == f"{path}:1"


def test_other_encodings_are_detected(tmp_path: Path) -> None:
    text = "Café owners in Zürich and Köln said the naïve façade was restored. " * 3
    (tmp_path / "latin1.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    articles, rejected = _split(list(load([tmp_path])))
    assert not rejected
    assert len(articles) == 3
    for article in articles:
        assert "Café owners in Zürich and Köln" in article.text


def test_mojibake_is_repaired_before_offsets_exist(tmp_path: Path) -> None:
    garbled = "Russia’s parliament ratified the deal on Tuesday, officials said in Moscow."
    path = tmp_path / "moji.txt"
    path.write_text(garbled.encode("utf-8").decode("cp1252"), encoding="utf-8")
    (article,) = load([path])
    assert isinstance(article, Article)
    assert article.raw == garbled and article.text == garbled


def test_terminal_controls_are_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "esc.txt"
    path.write_text(
        "Officials met in Delhi\x1b[2J on Monday to talk about trade.", encoding="utf-8"
    )
    (article,) = load([path])
    assert isinstance(article, Article)
    assert "\x1b" not in article.raw and "\x1b" not in article.text


def test_bad_files_are_rejected_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_blank.txt").write_text("  \n\n \t\n", encoding="utf-8")
    (tmp_path / "c_binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "d_image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "e_good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    items = list(load([tmp_path, missing]))
    articles, rejected = _split(items)
    assert [Path(a.origin).name for a in articles] == ["e_good.txt"]
    reasons = {Path(r.origin).name: r.reason for r in rejected}
    assert "empty" in reasons["a_empty.txt"]
    assert "empty" in reasons["b_blank.txt"]
    assert "binary" in reasons["c_binary.txt"]
    assert "Unsupported file type .png" in reasons["d_image.png"]
    assert reasons["missing.txt"] == "No such file or folder."
    assert all(r.reason.endswith(".") for r in rejected)


def test_page_with_nothing_but_residue_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "error.txt"
    path.write_text("404\nPage not found\nHome\n", encoding="utf-8")
    (rejection,) = load([path])
    assert isinstance(rejection, Rejection)
    assert "No article text" in rejection.reason
