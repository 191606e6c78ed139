"""The block classifier: the shipped model, its scores and reasons, and linear time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from annotations.corpus import blocks
from annotations.corpus.clean import clean_text
from annotations.corpus.repeats import CONTAINED, REPEATED, find_repeats
from annotations.limits import MB

_PROSE = (
    "Officials from both countries met on Monday to discuss a new agreement on trade, "
    "and the minister said that the talks had been useful for both of the delegations."
)
_MENU = ["Home", "World", "Business", "Sport", "Opinion", "Culture", "Contact Us"]


def test_the_shipped_model_is_small_plain_json_of_the_current_features() -> None:
    assert blocks.MODEL.stat().st_size < 100_000
    data = json.loads(blocks.MODEL.read_text(encoding="utf-8"))
    assert tuple(data["names"]) == blocks.NAMES
    assert len(data["weights"]) == len(data["mean"]) == len(blocks.NAMES)


def test_prose_scores_above_a_menu_and_removed_lines_have_a_reason() -> None:
    lines = [*_MENU, _PROSE, _PROSE.replace("Monday", "Tuesday"), *_MENU[:3]]
    scored = blocks.scores(lines)
    p = scored.probabilities
    assert min(p[7:9]) > max(p[:7])
    assert all(scored.reason(i) in {*blocks.REASONS.values(), blocks.OUTSIDE} for i in range(10))


def test_the_article_region_is_the_best_run_of_likely_lines() -> None:
    assert blocks.region([0.1, 0.9, 0.4, 0.9, 0.1], [3, 30, 2, 30, 3]) == (1, 3)
    assert blocks.region([0.1, 0.2], [5, 5]) is None


def test_a_run_of_short_unlikely_lines_ends_the_region_when_each_weighs_enough() -> None:
    # an article paragraph, ten short menu lines, then a teaser paragraph
    p, w = [0.9, *[0.3] * 10, 0.7], [30, *[2] * 10, 30]
    assert blocks.region(p, w) == (0, 11)  # by words alone the menu costs 4, the teaser adds 6
    assert blocks.region(p, w, min_weight=8) == (0, 0)
    assert blocks.region(p, w, offset=0.75) == (0, 0)


def test_chinese_and_japanese_lines_weigh_about_two_characters_a_word() -> None:
    line = "一波波接續性低溫寒流報到 已將新竹尖石鄉後山一帶層層山巒披上嫣紅的彩衣"  # 34 characters
    assert blocks.weight(line) == 2 + 34 // 2
    assert blocks.weight("Officials met on Monday") == 4


def test_a_page_of_one_short_line_is_never_emptied() -> None:
    assert (
        clean_text("Russia and India signed the deal.").body == "Russia and India signed the deal."
    )


def test_the_classifier_never_removes_all_the_text_the_rules_left() -> None:
    # a lone paragraph scores low (no prose around it); only the share widget may go
    page = f"{_PROSE}\n\nShare this article"
    assert clean_text(page).body == _PROSE


def test_repeats_are_found_by_hashing_exact_and_contained() -> None:
    long = (
        "the agreement is designed to enhance coordination between the two nations armies "
        "simplifying joint exercises rescue missions and humanitarian operations"
    )
    standfirst = " ".join(long.split()[:16])
    short = "We will meet again."
    found = find_repeats([standfirst, long, short, "something else", long, short, short, long])
    # the standfirst before its paragraph; later copies of the long paragraph, and the short
    # line only where it sits next to a removed copy; never the first copy
    assert found == {0: CONTAINED, 4: REPEATED, 5: REPEATED, 6: REPEATED, 7: REPEATED}
    assert find_repeats([long, standfirst, short, short]) == {}  # quoted after: it stays


def _page(size: int, first: int = 0) -> str:
    """A page of about `size` characters: prose, menu lines, exact repeats and standfirsts
    repeated inside a later paragraph. Lines are numbered from `first`, so pages made with
    different `first` share no line (the cleaner caches per-line work)."""
    parts: list[str] = []
    n = first
    while len(parts) * 60 < size:
        prose = f"{_PROSE} Paragraph {n}."
        parts += [f"{_MENU[n % 7]} {n}", prose, f"Standfirst {n} of the talks on trade"]
        parts += [f"Standfirst {n} of the talks on trade, and {prose}", parts[-2 - 4 * (n % 5)]]
        n += 1
    return "\n".join(parts)[:size]


def _work(fn: Callable[[], object]) -> int:
    """How many Python calls and lines `fn()` runs: a measure of work that, unlike time,
    does not depend on the machine or its load."""
    count = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def test_cleaning_work_grows_linearly_with_size() -> None:
    # Work per line stays the same when the page is 4x longer; a pairwise scan over the
    # long paragraphs (a third of the lines) makes it 1.4x at these sizes, 4x at 2 MB.
    small, large = _page(50_000), _page(200_000, first=10**6)
    lines = large.count("\n") / small.count("\n")
    assert _work(lambda: clean_text(large)) / _work(lambda: clean_text(small)) / lines < 1.2


def test_the_repeat_finder_works_linearly_even_when_paragraphs_share_openings() -> None:
    def paragraphs(n: int, first: int) -> list[str]:
        opening = "the agreement is designed to enhance coordination between"
        out = []
        for i in range(first, first + n):
            out += [f"{opening} armies {i}", f"{opening} armies {i} and navies {i}", _MENU[i % 7]]
            out.append(out[-3 * (i % 4) - 1])
        return out

    small, large = paragraphs(500, 0), paragraphs(2000, 10**6)
    assert _work(lambda: find_repeats(large)) / _work(lambda: find_repeats(small)) < 5.5


def test_cleaning_time_grows_linearly_with_size() -> None:
    def cpu(text: str) -> float:
        best = float("inf")
        for _ in range(2):
            start = time.process_time()
            clean_text(text)
            best = min(best, time.process_time() - start)
        return best

    small, large = cpu(_page(80_000, first=2 * 10**6)), cpu(_page(320_000, first=3 * 10**6))
    assert large / small < 8  # linear would be 4x, quadratic 16x: a generous bound


def test_a_50_mb_file_is_refused_by_the_size_limit_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * MB)  # sparse: nothing is written, the size is what counts
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_MAX")}
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "annotations", "clean", str(big)],
                         capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert run.returncode == 2 and "over the limit of 32 MB" in run.stderr
    assert "Traceback" not in run.stderr and time.perf_counter() - start < 30


_WRAPPED = """The two governments signed a new trade agreement on Monday, and
the ministers said that the talks had been useful for both of the
delegations, which had met in the capital for three days of talks.
Officials from both countries said that the agreement would cut tariffs
on farm goods and machinery, and that it would take effect next year.
The opposition said that it had not been consulted about the terms."""


def test_a_comments_link_above_the_article_does_not_take_the_article_with_it() -> None:
    # hard-wrapped prose (no line is a full paragraph) after a "Comments" counter link in
    # the header: the section it opens is position evidence the classifier overrules;
    # the real comment thread after the article still goes
    article = f"{_WRAPPED}\n{_WRAPPED.replace('Monday', 'Tuesday')}"
    thread = "Comments\nThis is a great article, thanks for writing it."
    body = clean_text(f"World News\nComments\n{article}\n\n{thread}\n").body
    assert article in body
    assert "great article" not in body
