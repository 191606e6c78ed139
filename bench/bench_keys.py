"""Key press to repaint in a long article, and the time to open it from the library.

Usage: python bench/bench_keys.py [--words 5000] [--entities 500] [--rounds 3]
                                  [--only KIND] [--profile FILE]

Builds an article of N words with M suggested entities in a temporary
database, opens it with the Pilot and times each key press until the app has
processed it and repainted (Pilot.press waits for the screen to settle).
Movement, jumps, selection, review and undo keys are mixed. Prints the median
and 95th percentile per key kind and overall (raw: the Pilot's own cost is printed
as its own row, never subtracted), and the median time from Enter in the library
to the reader's first paint (the article's lines drawn) and to a settled reader
(the Pilot idle: footer, the rest of the wrapping, workers done), beside the same
Pilot steps opening a bare Textual screen of the same widgets (Header, four
Statics, the first screen of the text in a scrolling Static, two empty DataTables,
Footer), alternated in the same run.

Notices are shown as in the app (the Pilot hides them unless asked): a key that
shows a toast pays for mounting and laying it out.

`--only KIND` still presses every key (a review needs the movement before it to
reach an entity) but reports only KIND beside the baseline; `--profile FILE`
writes cProfile statistics of the reported presses alone (read them with
`python -m pstats FILE`).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from annotations.models import Article, ArticleMeta, Entity
from annotations.store import Store
from annotations.text import content_hash
from bench.vocabulary import NEWS_WORDS
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.article_view import ArticleView

KEYS = {
    "baseline": ["f12"],  # an unbound key: the Pilot's own cost of a press and a repaint check
    "char": ["right", "left"],
    "word": ["w", "b"],
    "line": ["down", "up"],
    "entity": ["tab", "shift+tab"],
    "suggestion": ["full_stop"],
    "select": ["shift+right"],
    "review": ["a", "x"],
    "undo": ["u", "U"],
}


class NoDetector:
    version = "bench"

    def detect_many(self, texts, batch_size=32):  # type: ignore[no-untyped-def]
        raise AssertionError("stored entities are used")


class BareReader(Screen[None]):
    """The baseline: the reader's widgets from stock Textual, showing what fits on screen
    (the first 3,000 characters of the text in one Static: Rich wraps all it is given)."""

    BINDINGS = [Binding(k, "app.bell", f"Key {k}") for k in "abcdefghijkl"]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text[:3000]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical():
                yield Static("Long article")
                yield Static("byline")
                with VerticalScroll():
                    yield Static(self.text, markup=False)
                yield Static("status")
                yield Static("legend")
            with Vertical(classes="side"):
                yield Static("Entities")
                yield DataTable()
                yield Static("Events")
                yield DataTable()
        yield Footer(compact=True)


class FirstPaint:
    """When the article view first draws lines after `arm` (time.perf_counter)."""

    def __init__(self) -> None:
        self.at: float | None = None
        self._armed = False
        real = ArticleView.render_lines

        def render_lines(view, crop):  # type: ignore[no-untyped-def]
            lines = real(view, crop)
            if self._armed:
                self.at, self._armed = time.perf_counter(), False
            return lines

        ArticleView.render_lines = render_lines  # type: ignore[method-assign]

    def arm(self) -> None:
        self.at, self._armed = None, True


def build(path: Path, words: int, entities: int) -> None:
    rng = random.Random(7)
    tokens = [rng.choice(NEWS_WORDS) for _ in range(words)]
    for i in range(0, words, 60):
        tokens[i] = tokens[i].capitalize()
        tokens[i + 59 if i + 59 < words else words - 1] += ".\n\n" if i % 300 == 0 else "."
    text = " ".join(tokens)
    article = Article(
        id=content_hash(text), origin="bench", raw=text, text=text, text_hash=content_hash(text),
        meta=ArticleMeta(title="Long article"), detected_with="bench",
    )  # fmt: skip
    offsets, pos = [], 0
    for token in tokens:
        offsets.append((pos, pos + len(token.rstrip(".\n"))))
        pos += len(token) + 1
    chosen = sorted(rng.sample(range(words), entities))
    with Store(path) as store:
        store.add_articles([article])
        with store.transaction():
            for index in chosen:
                start, end = offsets[index]
                store.put_entity(
                    Entity(article_id=article.id, start=start, end=end, label="ORG",
                           text=text[start:end])
                )  # fmt: skip


Opens = dict[str, list[float]]


async def run(
    path: Path, rounds: int, only: str | None = None, profile: cProfile.Profile | None = None
) -> tuple[dict[str, list[float]], dict[str, list[float]], Opens]:
    reported = [kind for kind in KEYS if only is None or kind in ("baseline", only)]
    timings: dict[str, list[float]] = {kind: [] for kind in KEYS}
    cpu: dict[str, list[float]] = {kind: [] for kind in KEYS}
    opens: Opens = {"painted": [], "settled": [], "cpu": [], "bare": [], "bare cpu": []}
    painted = FirstPaint()
    with Store(path) as store:
        text = store.article(store.article_ids()[0]).text
        app = make_app(store, detector=NoDetector())  # type: ignore[arg-type]
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            for _ in range(rounds):
                t, c = time.perf_counter(), time.process_time()
                app.push_screen(BareReader(text))
                await pilot.pause()
                await pilot.pause()  # as many idle waits as `press` and `pause` below
                opens["bare"].append(time.perf_counter() - t)
                opens["bare cpu"].append(time.process_time() - c)
                app.pop_screen()
                await pilot.pause()
                painted.arm()
                t, c = time.perf_counter(), time.process_time()
                await pilot.press("enter")
                assert isinstance(app.screen, ReaderScreen)
                await pilot.pause()
                opens["settled"].append(time.perf_counter() - t)
                opens["cpu"].append(time.process_time() - c)
                assert painted.at is not None
                opens["painted"].append(painted.at - t)
                for _ in range(25):
                    for kind, keys in KEYS.items():
                        for key in keys:
                            if kind not in reported:
                                await pilot.press(key)
                                continue
                            if profile is not None and kind != "baseline":
                                profile.enable()
                            t, c = time.perf_counter(), time.process_time()
                            await pilot.press(key)
                            timings[kind].append(time.perf_counter() - t)
                            cpu[kind].append(time.process_time() - c)
                            if profile is not None:
                                profile.disable()
                await pilot.press("escape", "escape")
    return (
        {kind: timings[kind] for kind in reported},
        {kind: cpu[kind] for kind in reported},
        opens,
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=list(KEYS), help="report only this key kind")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of reported presses")
    args = parser.parse_args()
    profile = cProfile.Profile() if args.profile else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "db.json"
        build(path, args.words, args.entities)
        timings, cpu, opens = asyncio.run(run(path, args.rounds, args.only, profile))
    if profile is not None:
        profile.dump_stats(args.profile)
    print(f"article: {args.words} words, {args.entities} entities, terminal 120x40")
    print("raw figures per key kind; nothing is subtracted. The 'baseline' row is an unbound key:")
    print("the Pilot's own cost of a press and a repaint check, printed beside the others.")
    for kind in timings:
        wall, work = timings[kind], cpu[kind]
        print(
            f"  {kind:<10} wall median {statistics.median(wall) * 1000:6.1f} ms"
            f"  p95 {p95(wall) * 1000:6.1f} ms   cpu median {statistics.median(work) * 1000:6.1f}"
            f" ms  p95 {p95(work) * 1000:6.1f} ms  ({len(wall)} presses)"
        )
    every = [t for kind, values in cpu.items() if kind != "baseline" for t in values]
    print(
        f"all bound keys, cpu: median {statistics.median(every) * 1000:.1f} ms, "
        f"p95 {p95(every) * 1000:.1f} ms over {len(every)} presses"
    )
    ms = {name: statistics.median(values) * 1000 for name, values in opens.items()}
    print(
        f"open from library ({len(opens['settled'])} opens, medians): first paint "
        f"{ms['painted']:.0f} ms, settled {ms['settled']:.0f} ms wall / {ms['cpu']:.0f} ms cpu;"
        f" bare Textual screen of the same widgets: {ms['bare']:.0f} ms wall / "
        f"{ms['bare cpu']:.0f} ms cpu (settled {ms['settled'] / ms['bare']:.2f}x)"
    )


if __name__ == "__main__":
    main()
