"""The hostile matrix: hostile payloads through every entry path and every screen, plus
the bounded-ingest figures.

Prints: payloads x places tried, escapes (and other raw controls) reaching the rendered
screen or the command output, tracebacks, and the time and peak memory of ingesting a
50 MB file and a 20 M-character line (each must be refused in under a second and under
200 MB). Run from the worktree root:

    nice python bench/hostile_matrix.py [--long]

With --long it also detects entities in a 1.2 MB article (about a minute), which
spaCy alone refuses (E088, over its 1,000,000-character limit).
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.limits import MB  # noqa: E402
from tests.hostile_fixtures import (  # noqa: E402
    ENTRY_PATHS,
    PAYLOADS,
    RAW,
    build_hostile_db,
    write_inputs,
)

INGEST_PROBE = """
import resource, sys, time, tracemalloc
from pathlib import Path
from annotations.corpus import load
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # MB (Linux: KiB)
tracemalloc.start()
began = time.perf_counter()
items = list(load([Path(sys.argv[1])]))
elapsed = time.perf_counter() - began
traced = tracemalloc.get_traced_memory()[1] / 2**20
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before
print(f"{elapsed:.3f} {max(traced, grown):.1f} {type(items[0]).__name__}: "
      f"{getattr(items[0], 'reason', '')}")
"""


LONG_PROBE = """
import random, resource, time
from annotations.entities import Detector
random.seed(1)
names = ["Sergei Lavrov", "Rajnath Singh", "New Delhi", "Moscow", "the Indian Navy", "S-400"]
lines, n = [], 0
while sum(map(len, lines)) < 1_200_000:
    n += 1
    pick = lambda: random.choice(names)
    lines.append(f"On day {n}, {pick()} met {pick()} in {pick()} on the {pick()} deal.\\n")
text = "".join(lines)
detector = Detector()
detector.nlp
began = time.perf_counter()
found = detector.detect(text)
seconds = time.perf_counter() - began
print(f"{len(text):,} characters: {len(found):,} mentions in {seconds:.1f} s, peak "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB resident")
"""


def ingest_figure(path: Path) -> tuple[float, float, str]:
    """Seconds, the memory ingesting `path` alone added (MB: the larger of the traced
    Python peak and the growth of the peak resident size of a fresh process), and what
    came out."""
    out = subprocess.run(
        [sys.executable, "-c", INGEST_PROBE, str(path)], capture_output=True, text=True,
        cwd=ROOT, timeout=600,
    )  # fmt: skip
    if out.returncode:
        return float("nan"), float("nan"), f"TRACEBACK {out.stderr.strip().splitlines()[-1]}"
    seconds, peak, outcome = out.stdout.strip().split(" ", 2)
    return float(seconds), float(peak), outcome


async def walk_screens(db: Path, labels, schema) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """The Pilot walk of tests/test_hostile_screens.py: places tried and leaks."""
    from annotations.config import Settings
    from annotations.entities import Detector
    from annotations.store import Store
    from tests.hostile_fixtures import walk_every_screen
    from tui.app import make_app

    with Store(db) as store:
        app = make_app(
            store, Detector(), Settings.defaults(store.path, labels=labels, event_schema=schema)
        )
        async with app.run_test(size=(120, 36)) as pilot:
            walk = await walk_every_screen(pilot)
    return len(walk.places), walk.leaks


def cli_leaks(folder: Path, paths: dict[str, Path]) -> tuple[int, list[str], int]:
    """Commands over the hostile inputs: places tried, raw controls printed, tracebacks."""
    db = folder / "cli.json"
    runs = [
        ["ingest", "--no-detect", str(paths["txt"].parent)],
        ["import", "--format", "jsonl", str(paths["jsonl import"])],
        ["import", "--format", "brat", str(paths["brat"])],
        ["import", "--format", "labelstudio", str(paths["labelstudio"])],
        ["import", "--format", "doccano", str(paths["doccano"])],
        ["clean", str(paths["txt"])],
        ["export", "--format", "csv", "--out", str(folder / "csv")],
        ["doctor"],
        ["ingest", str(folder / f"missing{PAYLOADS['osc title']}.txt")],
    ]
    leaks: list[str] = []
    tracebacks = 0
    for args in runs:
        out = subprocess.run(
            [sys.executable, "-m", "annotations", "--db", str(db), *args],
            capture_output=True, text=True, cwd=ROOT, timeout=600,
        )  # fmt: skip
        printed = out.stderr + out.stdout
        tracebacks += "Traceback" in out.stderr
        leaks.extend(f"{args[0]}: {r!r}" for r in RAW[:6] if r in printed)
    return len(runs), leaks, tracebacks


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        labels, schema, problems = build_hostile_db(folder / "db.json", folder / "in")
        places, leaks = asyncio.run(walk_screens(folder / "db.json", labels, schema))
        commands, printed, tracebacks = cli_leaks(folder, write_inputs(folder / "in"))

        big = folder / "big.txt"
        with big.open("wb") as handle:  # 50 MB of real text, not a sparse file
            line = b"Officials met on Monday to discuss a new naval agreement.\n"
            handle.write(line * (50 * MB // len(line) + 1))
        long_line = folder / "line.txt"
        long_line.write_bytes(b"word " * (4 * MB) + b"\n")  # 20 M characters on one line
        long_jsonl = folder / "line.jsonl"
        long_jsonl.write_bytes(b'{"text": "' + b"word " * (4 * MB) + b'"}\n')
        figures = {name: ingest_figure(p) for name, p in
                   (("50 MB file", big), ("20 M-char line (.txt)", long_line),
                    ("20 M-char line (.jsonl)", long_jsonl))}  # fmt: skip

    print(f"payloads x entry paths: {len(PAYLOADS)} x {len(ENTRY_PATHS)}; reported problems "
          f"on the way in: {len(problems)}")  # fmt: skip
    print(f"places tried: {places} screens/steps, {commands} commands "
          f"({len(PAYLOADS) * (places + commands)} payload x place pairs)")  # fmt: skip
    print(f"escapes or raw controls reaching the screen: {len(leaks)}")
    print(f"escapes or raw controls printed by commands: {len(printed)}")
    print(f"tracebacks: {tracebacks}")
    for leak in (leaks + printed)[:10]:
        print(f"  leak: {leak}")
    for name, (seconds, peak, outcome) in figures.items():
        print(f"{name}: {seconds:.3f} s, {peak:.1f} MB added at peak -> {outcome[:100]}")
    bounded = all(s < 1 and p < 200 for s, p, _ in figures.values())
    print(f"bounded (refused in < 1 s and < 200 MB): {'yes' if bounded else 'NO'}")
    if "--long" in sys.argv:
        out = subprocess.run([sys.executable, "-c", LONG_PROBE], capture_output=True,
                             text=True, cwd=ROOT, timeout=1800)  # fmt: skip
        result = out.stdout.strip() or f"TRACEBACK {out.stderr.strip().splitlines()[-1]}"
        print(f"detection of a long article: {result}")


if __name__ == "__main__":
    main()
