"""`newsdesk agreement` on two analysts' jsonl exports written by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.models import Article, ArticleMeta, Entity
from annotations.text import content_hash

TEXTS = ["Putin met Modi in New Delhi .", "Rosatom will build a plant in Kudankulam ."]


def article(text: str, title: str) -> Article:
    return Article(
        id=content_hash(text), origin="t", raw=text, text=text, text_hash=content_hash(text),
        meta=ArticleMeta(title=title),
    )  # fmt: skip


def export(path: Path, marks: list[list[tuple[str, str, str]]], order: list[int]) -> None:
    """One jsonl line per article; marks[i] = (word, label, state) in TEXTS[i]."""
    lines = []
    for i in order:
        text = TEXTS[i]
        a = article(text, f"story {i}")
        entities = []
        for word, label, state in marks[i]:
            start = text.index(word)
            entities.append(
                Entity(article_id=a.id, start=start, end=start + len(word), label=label,
                       text=word, state=state,  # a suggestion is the model's
                       source="model" if state == "suggested" else "analyst",
                       ).model_dump(mode="json")
            )  # fmt: skip
        lines.append(
            json.dumps({"newsdesk": 1, "article": a.model_dump(mode="json"),
                        "entities": entities, "events": []})
        )  # fmt: skip
    path.write_text("\n".join(lines) + "\n")


def test_two_exports_in_different_orders(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    ana, ben = tmp_path / "ana.jsonl", tmp_path / "ben.jsonl"
    export(
        ana,
        [[("Putin", "PERSON", "accepted"), ("Modi", "PERSON", "accepted"),
          ("New Delhi", "GPE", "accepted")],
         [("Rosatom", "ORG", "accepted"), ("Kudankulam", "GPE", "suggested")]],
        [0, 1],
    )  # fmt: skip
    export(
        ben,
        [[("Putin", "PERSON", "accepted"), ("Modi", "GPE", "accepted"),
          ("New Delhi", "GPE", "accepted")],
         [("Rosatom", "ORG", "accepted"), ("Kudankulam", "GPE", "rejected")]],
        [1, 0],
    )  # fmt: skip
    assert main(["agreement", str(ana), str(ben)]) == 0
    out = capsys.readouterr().out
    assert "ana vs ben: 2 articles both hold (0 only in ana, 0 only in ben), 15 tokens" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith("  ")}
    # PERSON: ana {Putin, Modi}, ben {Putin}: F1 2/3, 1 both, 1 only ana, 0 only ben.
    assert rows["PERSON"][:4] == ["0.667", "1", "1", "0"]
    # Suggested and rejected entities are not an analyst's annotation: Kudankulam counts nowhere.
    assert rows["GPE"][:4] == ["0.667", "1", "0", "1"]
    assert rows["ORG"][:4] == ["1.000", "1", "0", "0"]
    assert "story 0" in out.split("least agreement first")[1]
    assert "story 1" not in out.split("least agreement first")[1]


def test_one_file_or_clashing_names_is_one_sentence(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    ana = tmp_path / "ana.jsonl"
    export(ana, [[], []], [0, 1])
    assert main(["agreement", str(ana)]) == 2
    assert (
        capsys.readouterr().err.strip()
        == "newsdesk: Agreement needs at least two exports to compare."
    )
    assert main(["agreement", str(ana), str(ana)]) == 2
    assert "different, non-empty name" in capsys.readouterr().err
    assert main(["agreement", str(ana), str(tmp_path / "missing.jsonl")]) == 2
    assert "does not exist" in capsys.readouterr().err
