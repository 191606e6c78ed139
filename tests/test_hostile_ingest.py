"""Hostile and damaged ingest input: only regular files are read, within limits; one bad
file or line is reported and skipped; guessed encodings are reported; nothing raw is
printed; long texts reach the model in pieces."""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from annotations.corpus import Notice, Rejection, load
from annotations.corpus.readers import Unreadable, read_bytes
from annotations.entities import Detector
from annotations.entities import detector as detector_module
from annotations.formats.csv_tables import inert
from annotations.limits import MB, Limits
from annotations.models import Article
from annotations.text import displayable, printable

BODY = (
    "Officials from both countries met on Monday to discuss a new agreement on naval "
    "exercises and port calls, the foreign ministry said in a statement.\n"
)
ESCAPES = ("\x1b", "\x07", "\x9b", "\x9d")


def _split(items: list) -> tuple[list[Article], list[Rejection], list[Notice]]:
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, Rejection)],
        [i for i in items if isinstance(i, Notice)],
    )


def _in_time(target, seconds: float = 5.0):
    """Run `target` in a thread; fail (instead of hanging the suite) if it blocks."""
    found: list = []
    thread = threading.Thread(target=lambda: found.append(target()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "reading blocked"
    return found[0]


def test_a_fifo_named_txt_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (good := tmp_path / "good.txt").write_text(BODY)
    articles, rejected, _ = _in_time(lambda: _split(list(load([tmp_path]))))
    assert [a.origin for a in articles] == [str(good)]
    assert rejected[0].origin == str(fifo) and "named pipe" in rejected[0].reason


def test_a_symlink_to_dev_zero_and_a_socket_are_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    try:
        _, rejected, _ = _in_time(lambda: _split(list(load([tmp_path]))))
    finally:
        server.close()
    reasons = {Path(r.origin).name: r.reason for r in rejected}
    assert "a device, not a regular file" in reasons["zero.txt"]
    assert "a socket, not a regular file" in reasons["sock.txt"]


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * MB)  # 50 MB, sparse: refused before any byte is read
    tracemalloc.start()
    began = time.perf_counter()
    (rejection,) = list(load([big]))
    elapsed = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert isinstance(rejection, Rejection) and "over the limit of 32 MB" in rejection.reason
    assert elapsed < 1 and peak < 10 * MB


def test_one_too_long_line_refuses_the_txt_and_only_that_jsonl_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_line = "word " * (MB // 2)  # 2.5 MB on one line
    (tmp_path / "long.txt").write_text(BODY + long_line)
    lines = [json.dumps({"title": t, "text": x}) for t, x in (("a", long_line), ("b", BODY))]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines))
    monkeypatch.setenv("NEWSDESK_MAX_LINE_MB", "1")
    articles, rejected, _ = _split(list(load([tmp_path])))
    assert [a.meta.title for a in articles] == ["b"]
    origins = sorted(Path(r.origin).name for r in rejected)
    assert origins == ["dump.jsonl:1", "long.txt"]
    assert all("over the limit of 1 MB" in r.reason for r in rejected)


def test_read_bytes_never_reads_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 2048)
    with pytest.raises(Unreadable, match="over the limit"):
        read_bytes(path, Limits(file_bytes=1024, line_bytes=1024))
    assert read_bytes(path, Limits(file_bytes=4096, line_bytes=4096)) == b"x" * 2048


def test_deep_nesting_and_html_lines_are_one_rejected_line_each(tmp_path: Path) -> None:
    lines = [
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"text": {"nested": [[[[[["deep"]]]]]]}}),
        json.dumps({"title": "html", "text": "<html><body><p>" + BODY + "</p></body></html>"}),
        json.dumps({"title": "<" * 5000 + "</", "text": "<" * 5000 + "</x>" * 300}),
        json.dumps({"title": "last", "text": BODY.replace("Monday", "Tuesday")}),
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines))
    articles, rejected, _ = _split(list(load([tmp_path / "dump.jsonl"])))
    assert "last" in [a.meta.title for a in articles] and "html" in [a.meta.title for a in articles]
    assert len(articles) + len(rejected) == len(lines)
    assert rejected[0].origin.endswith(":1") and "nested too deeply" in rejected[0].reason


def test_guessed_encodings_are_reported(tmp_path: Path) -> None:
    (tmp_path / "latin.txt").write_bytes(("Le café naïve était là. " * 20).encode("latin-1"))
    (tmp_path / "utf8.txt").write_text("Le café naïve était là. " * 20, encoding="utf-8")
    _, _, notices = _split(list(load([tmp_path])))
    assert [Path(n.origin).name for n in notices] == ["latin.txt"]
    assert "not UTF-8" in notices[0].message and "a guess" in notices[0].message


def test_jsonl_titles_and_publishers_have_their_controls_neutralised(tmp_path: Path) -> None:
    line = {"title": "\x1b]0;pwned\x07Title", "publisher": "\x1b[2JPaper", "text": BODY}
    (tmp_path / "d.jsonl").write_text(json.dumps(line))
    (article,) = load([tmp_path / "d.jsonl"])
    assert isinstance(article, Article)
    shown = (article.meta.title or "") + (article.meta.publisher or "")
    assert not any(e in shown for e in ESCAPES) and "pwned" in shown and "Paper" in shown


def _newsdesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "annotations", *args], capture_output=True, text=True,
        env={**os.environ, **(env or {})}, timeout=120,
    )  # fmt: skip


def test_ingest_and_clean_print_no_escapes_and_honour_the_limit(tmp_path: Path) -> None:
    hostile = tmp_path / "\x1b]0;pwned\x07\x1b[2J.txt"
    hostile.write_text(BODY)
    (tmp_path / "empty.txt").write_text("")
    run = _newsdesk("--db", str(tmp_path / "db.json"), "ingest", "--no-detect", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert "1 added" in run.stdout and "rejected" in run.stderr
    assert not any(e in run.stdout + run.stderr for e in ESCAPES)
    big = tmp_path / "big.txt"
    big.write_text(BODY * 20_000)  # 3 MB
    run = _newsdesk("clean", str(big), env={"NEWSDESK_MAX_FILE_MB": "1"})
    assert run.returncode == 2 and "over the limit of 1 MB" in run.stderr
    assert "Traceback" not in run.stderr
    run = _newsdesk("clean", str(hostile))
    assert run.returncode == 0 and "Officials" in run.stdout


def test_displayable_is_one_for_one_and_printable_is_one_bounded_line() -> None:
    text = "a\x1b]52;c;SGVsbG8=\x07\tb\u200d\ufe0f\u202ec\r\nd\x9b"
    shown = displayable(text)
    assert len(shown) == len(text) and "\n" in shown
    assert not any(e in shown for e in (*ESCAPES, "\t", "\r", "\u200d", "\u202e", "\ufe0f"))
    line = printable("x" * 3000 + text)
    assert len(line) == 300 and line.endswith("…") and "\n" not in line
    assert printable("[@click=app.quit]CLICKME[/]") == "[@click=app.quit]CLICKME[/]"


def test_csv_cells_that_a_spreadsheet_would_run_are_made_inert(tmp_path: Path) -> None:
    row = inert(['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "plain", -3, 4.5, None])
    assert row[:6] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain"]
    assert row[6:] == [-3, 4.5, None]
    path = tmp_path / "t.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerow(row)
    assert next(csv.reader(path.open()))[0] == '\'=HYPERLINK("x")'


def test_a_text_longer_than_the_model_allows_is_detected_in_pieces(
    detector: Detector, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraph = "Sergei Lavrov met Subrahmanyam Jaishankar in New Delhi on Friday.\n"
    text = paragraph * 400  # 26,800 characters
    whole = detector.detect(text)
    monkeypatch.setattr(detector_module, "PIECE", 1000)
    monkeypatch.setattr(detector.nlp, "max_length", 2000)  # as if the text were 1.2 MB
    pieces = detector.detect(text)
    assert pieces and all(text[m.start : m.end] == m.text for m in pieces)
    assert {(m.start, m.label) for m in pieces} == {(m.start, m.label) for m in whole}
