"""Build `seeds_entities.jsonl` from the hand-written entity lists below.

Each seed's list names every entity string in the RAW seed file with its label,
written by reading the file (page residue included). Every case-sensitive,
word-bounded occurrence is marked, longer strings first, without overlaps;
`--review` prints each span in context for checking. Run from the repo root:

    python tests/gold/build_gold.py [--review]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "seeds_entities.jsonl"

COMMON = {
    "GPE": ["India", "Russia", "New Delhi", "China", "Moscow", "Tianjin"],
    "NORP": ["Russian", "Indian"],
    "PERSON": ["Vladimir Putin", "Putin", "Narendra Modi", "Modi"],
    "ROLE": ["President", "Prime Minister"],
}
GOLD: dict[str, dict[str, list[str]]] = {
    "000": {
        "DATE": [
            "Friday, March 20, 2026",
            "November 29, 2025",
            "November 26 to 28",
            "December 4-5 next month",
            "Friday",
            "2021",
            "September 1 this year",
        ],
        "ORG": [
            "Russian Land Forces",
            "Indian Army",
            "Army",
            "Ministry of External Affairs",
            "MEA",
            "Kremlin",
            "TASS",
            "ANI",
            "X",
            "IRGC",
            "AGP",
            "CPRI",
            "Ministry of Health & Family Welfare",
        ],
        "GPE": ["Iran", "US", "Assam", "Delhi"],
        "NORP": ["French", "Saudi", "Druze"],
        "PERSON": ["Pijush Hazarika", "Bhajanlal Sharma", "Rishabh Pant", "Bharat Arun"],
        "ROLE": ["PM", "Foreign Minister", "Minister", "CM", "LG"],
        "EVENT": ["India-Russia Annual Summit", "SCO Summit", "AI Summit"],
        "LAW": ["Special and Privileged Strategic Partnership"],
        "LOC": ["West Asia", "Africa"],
    },
    "001": {
        "DATE": [
            "2025-11-29",
            "November 29",
            "November 26 to 28",
            "26-28 Nov 2025",
            "December 4-5 next month",
            "Friday",
            "2021",
            "September 1 this year",
            "yesterday",
            "December",
            "last week",
            "today",
            "Earlier this month",
            "end of the year",
            "2000",
            "2010",
        ],
        "ORG": [
            "Defence Ministry",
            "FSMTC",
            "Federal Service for Military-Technical Cooperation",
            "Russian Land Forces",
            "Indian Army",
            "Army",
            "Ministry of External Affairs",
            "MEA",
            "Kremlin",
            "TASS",
            "X",
        ],
        "ROLE": [
            "Joint Secretary (International Cooperation)",
            "JS (International Cooperation)",
            "Deputy Chief",
            "PM",
            "spokesperson",
            "External Affairs Minister",
        ],
        "PERSON": [
            "Amitabh Prasad",
            "Yashin Sergey Borisovich",
            "Randhir Jaiswal",
            "S Jaishankar",
            "Jaishankar",
        ],
        "EVENT": [
            "India-Russia Annual Summit",
            "SCO Summit",
            "Annual India-Russia Summit",
            "India-Russia Expert Panel Meeting",
        ],
        "LAW": [
            "Special and Privileged Strategic Partnership",
            "Special & Privileged Strategic Partnership",
            "Declaration on Strategic Partnership",
        ],
    },
    "002": {
        "DATE": ["2025-12-04", "today", "2000", "last month"],
        "EVENT": ["India-Russia Annual Summit", "Leaders' Summit"],
        "ORG": [
            "India-Russia Inter-Governmental Commission on Military & Military Technical "
            "Cooperation",
            "India-Russia Working Group on Trade and Economic Cooperation",
            "Eurasian Economic Union",
            "Armed Forces",
        ],
        "ROLE": ["Defence Minister"],
        "PERSON": ["Rajnath Singh", "Singh", "Andrei Belousov"],
        "GPE": ["Russian Federation"],
        "LAW": [
            "Declaration of the India-Russia Strategic Partnership",
            "Free Trade Agreement",
            "Special and Privileged Partnership",
        ],
    },
    "003": {
        "ORG": [
            "MENAFN",
            "State Duma",
            "Kremlin",
            "Shanghai Cooperation Organization",
            "Defense Ministry",
        ],
        "GPE": ["Pakistan"],
        "DATE": ["Tuesday", "December 4–5", "2021", "early 1960s", "last week", "September", "May"],
        "WEAPON": ["S-400"],
        "LAW": ["Make in India"],
    },
    "004": {
        "PERSON": [
            "Rajnath Singh",
            "Singh",
            "Andrei Belousov",
            "Belousov",
            "Sanjay Seth",
            "Anil Chauhan",
        ],
        "ROLE": ["Defence Minister", "MoS Defence", "CDS", "General"],
        "ORG": [
            "IRIGC-M&MTC",
            "India-Russia Inter-Governmental Commission on Military and "
            "Military Technical Cooperation",
            "India-Russia Working Group",
            "Eurasian Economic Union",
            "ANI",
        ],
        "EVENT": ["SCO Summit", "Annual Summit", "Leaders’ Summit", "Annual India-Russia Summit"],
        "DATE": [
            "Dec 4, 2025",
            "Thursday",
            "June 2025",
            "last month",
            "two-day",
            "2021",
            "2022",
            "Friday",
        ],
        "GPE": ["Ukraine"],
        "FAC": ["Manekshaw Centre", "National War Memorial", "Palam"],
        "LAW": ["Special and Privileged Partnership", "Free Trade Agreement"],
    },
}


def annotate(text: str, entries: dict[str, list[str]]) -> list[dict[str, object]]:
    """All word-bounded occurrences of the listed strings, longest first, no overlaps."""
    pairs = {(s, label) for label, strings in entries.items() for s in strings}
    taken: list[tuple[int, int]] = []
    found = []
    for surface, label in sorted(pairs, key=lambda p: (-len(p[0]), p[0])):
        pattern = re.compile(r"(?<![\w@])" + re.escape(surface) + r"(?!\w)")
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append({"start": m.start(), "end": m.end(), "label": label, "text": surface})
    return sorted(found, key=lambda e: e["start"])


def build(review: bool = False) -> None:
    lines = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        entries = {k: list(v) for k, v in COMMON.items()}
        for label, strings in GOLD[path.name[:3]].items():
            entries.setdefault(label, []).extend(strings)
        entities = annotate(text, entries)
        digest = hashlib.sha256(text.encode()).hexdigest()
        lines.append(json.dumps({"file": path.name, "sha256": digest, "entities": entities}))
        if review:
            print(f"== {path.name}: {len(entities)}")
            for e in entities:
                s, t = int(e["start"]), int(e["end"])  # type: ignore[call-overload]
                ctx = text[max(0, s - 25) : s] + "[" + text[s:t] + "]" + text[t : t + 25]
                print(f"  {e['label']:7} {ctx!r}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build(review="--review" in sys.argv)
