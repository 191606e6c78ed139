"""The block classifier: the shipped model, its scores and reasons, and linear time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from annotations.config import MB
from annotations.corpus import blocks
from annotations.corpus.clean import clean_text
from annotations.corpus.repeats import CONTAINED, REPEATED, find_repeats

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


def test_a_page_of_one_short_line_is_never_emptied() -> None:
    assert (
        clean_text("Russia and India signed the deal.").body == "Russia and India signed the deal."
    )


def test_repeats_are_found_by_hashing_exact_and_contained() -> None:
    long = "the agreement is designed to enhance coordination between the two nations armies"
    found = find_repeats([" ".join(long.split()[:9]), long, "something else entirely here", long])
    assert found == {0: CONTAINED, 3: REPEATED}


def _page(size: int) -> str:
    parts, n = [], 0
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(f"{_MENU[n % 7]} {n}" if n % 3 else f"{_PROSE} Paragraph {n}.")
        n += 1
    return "\n".join(parts)


def test_cleaning_time_grows_linearly_with_size() -> None:
    timings = {}
    for size in (500_000, 1_000_000, 2_000_000):
        text = _page(size)
        start = time.perf_counter()
        clean_text(text)
        timings[size] = time.perf_counter() - start
    # linear would be 4x from 0.5 to 2 MB; quadratic 16x. Generous bound: 8x.
    assert timings[2_000_000] / timings[500_000] < 8
    assert timings[1_000_000] / timings[500_000] < 4


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
