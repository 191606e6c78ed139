"""The mutation score of one or more mutmut scratch folders (bench/mutation.sh's
/tmp/mutation-<package>[-<file>]), taken together: one package run per file adds up.

    python bench/mutation_score.py NAME FOLDER... [--list]

Prints killed / mutants a test reached (mutmut's own count), killed / every mutant
(reached or not), and the same without the mutants explained as equivalent in
bench/mutation_survivors.md (their names, one a line, in bench/mutation_equivalent.txt).
A mutant named in two folders (the same file run twice) counts once, from the last.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

EQUIVALENT = Path(__file__).with_name("mutation_equivalent.txt")
REACHED = ("killed", "survived", "timeout", "suspicious")


def statuses(folders: list[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in folders:
        for line in (folder / "mutmut-results.txt").read_text(encoding="utf-8").splitlines():
            if m := re.match(r"\s*(\S+): (.+)$", line):
                found[m[1]] = m[2].strip()
    return found


def equivalent() -> set[str]:
    if not EQUIVALENT.exists():
        return set()
    lines = EQUIVALENT.read_text(encoding="utf-8").splitlines()
    return {name for line in lines if (name := line.split("#", 1)[0].strip())}


def main(argv: list[str]) -> int:
    listing = "--list" in argv
    args = [a for a in argv if a != "--list"]
    if len(args) < 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    name, folders = args[0], [Path(a) for a in args[1:]]
    found = statuses(folders)
    counts = Counter(found.values())
    explained = equivalent()
    reached = sum(counts[s] for s in REACHED)
    killed = counts["killed"] + counts["timeout"]
    every = reached + counts["no tests"]
    open_ = [m for m, s in found.items() if s in ("survived", "no tests", "suspicious")]
    excused = sum(m in explained for m in open_)

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}%" if b else "-"

    print(f"{name}: {killed}/{reached} reached mutants killed = {pct(killed, reached)}; "
          f"raw {killed}/{every} = {pct(killed, every)} of every mutant; without the "
          f"{excused} explained as equivalent {killed}/{every - excused} = "
          f"{pct(killed, every - excused)} ({dict(counts)})")  # fmt: skip
    if listing:
        for mutant in open_:
            mark = " (equivalent)" if mutant in explained else ""
            print(f"  {found[mutant]}: {mutant}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
