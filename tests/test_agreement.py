"""Agreement figures: a hand-computed case, and kappa against scikit-learn's."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotations.team.agreement import Compared, Counts, EventMark, Layer, Span, compare, kappa

TEXT = "Putin met Modi in New Delhi ."
PUTIN, MODI, DELHI = (0, 5), (10, 14), (18, 27)


def layer(*spans: tuple[tuple[int, int], str], events: frozenset[EventMark] = frozenset()) -> Layer:
    return Layer(frozenset(Span(s, e, label) for (s, e), label in spans), events)


def test_hand_computed_pair() -> None:
    a = layer((PUTIN, "PERSON"), (MODI, "PERSON"), (DELHI, "GPE"))
    b = layer((PUTIN, "PERSON"), (MODI, "GPE"), (DELHI, "GPE"))
    report = compare("ana", "ben", [Compared("x", TEXT, a, b)])
    # Tokens: Putin met Modi in New Delhi . -> A: P O P O G G O, B: P O G O G G O.
    # observed 6/7; chance (2*1 + 3*3 + 2*3) / 49 = 17/49; kappa = 25/32.
    assert report.tokens == 7
    assert report.kappa == pytest.approx(25 / 32)
    assert (report.spans.both, report.spans.only_a, report.spans.only_b) == (2, 1, 1)
    assert report.spans.f1 == pytest.approx(2 / 3)
    assert report.by_label["PERSON"].f1 == pytest.approx(2 / 3)
    assert (report.by_label["GPE"].only_a, report.by_label["GPE"].only_b) == (0, 1)
    # PERSON or not: A yes 2 / no 5, B yes 1 / no 6; observed 6/7, chance (2*1 + 5*6) / 49;
    # kappa = (42 - 32) / (49 - 32) = 10/17.
    assert report.label_kappa("PERSON") == pytest.approx(10 / 17)


def test_label_filter_and_worst_article_first() -> None:
    same = layer((PUTIN, "PERSON"))
    good = Compared("good", TEXT, same, same)
    bad = Compared("bad", TEXT, layer((MODI, "PERSON")), layer((DELHI, "GPE")))
    report = compare("ana", "ben", [good, bad])
    assert [row.article_id for row in report.worst_first()] == ["bad", "good"]
    only_gpe = compare("ana", "ben", [good, bad], label="GPE")
    assert only_gpe.labels() == ["GPE"]
    assert (only_gpe.spans.both, only_gpe.spans.only_b) == (0, 1)


def test_events_and_roles() -> None:
    visit = EventMark("VISIT", (6, 9), frozenset({("visitor", *PUTIN), ("host", *MODI)}))
    partial = EventMark("VISIT", (6, 9), frozenset({("visitor", *PUTIN)}))
    other = EventMark("MEETING", (6, 9))
    a = layer(events=frozenset({visit}))
    b = layer(events=frozenset({partial, other}))
    report = compare("ana", "ben", [Compared("x", TEXT, a, b)])
    assert (report.events.both, report.events.only_a, report.events.only_b) == (1, 0, 1)
    assert (report.roles.both, report.roles.only_a, report.roles.only_b) == (1, 1, 0)


def test_undefined_figures_are_none_not_a_number() -> None:
    report = compare("ana", "ben", [Compared("x", TEXT, Layer(), Layer())])
    assert report.spans.f1 is None
    assert report.kappa is None  # every token "O" for both: chance agreement is total
    assert Counts().f1 is None
    assert kappa(__import__("collections").Counter()) is None


# --- against scikit-learn, on token labels computed independently ----------

WORDS = ["Putin", "met", "Modi", "in", "New", "Delhi", "and", "signed", "the", "deal", "."]
LABELS = ["PERSON", "GPE", "ORG"]


def naive_labels(text: str, spans: set[Span], cuts: set[int]) -> list[str]:
    """Per token, the label of the longest span containing it (written without
    the module's code: regex words, split at cuts, then a scan of every span)."""
    pieces: list[tuple[int, int]] = []
    for m in re.finditer(r"\w+(?:[-'’.&]\w+)*|[^\w\s]", text):
        edges = [m.start(), *sorted(c for c in cuts if m.start() < c < m.end()), m.end()]
        pieces.extend(itertools.pairwise(edges))
    labels = []
    for start, end in pieces:
        covering = [s for s in spans if s.start <= start and end <= s.end]
        best = max(covering, key=lambda s: (s.end - s.start, s), default=None)
        labels.append(best.label if best else "O")
    return labels


@st.composite
def articles(draw: st.DrawFn) -> tuple[str, set[Span], set[Span]]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=30))
    text = " ".join(words)
    bounds = [m.span() for m in re.finditer(r"\S+", text)]

    def spans() -> set[Span]:
        out = set()
        for _ in range(draw(st.integers(0, 5))):
            i = draw(st.integers(0, len(bounds) - 1))
            j = draw(st.integers(i, min(len(bounds) - 1, i + 2)))
            out.add(Span(bounds[i][0], bounds[j][1], draw(st.sampled_from(LABELS))))
        return out

    return text, spans(), spans()


@settings(max_examples=150, deadline=None)
@given(st.lists(articles(), min_size=1, max_size=4))
def test_kappa_matches_scikit_learn(items: list[tuple[str, set[Span], set[Span]]]) -> None:
    compared, all_a, all_b = [], [], []
    for n, (text, a, b) in enumerate(items):
        compared.append(Compared(str(n), text, Layer(frozenset(a)), Layer(frozenset(b))))
        cuts = {o for s in a | b for o in (s.start, s.end)}
        all_a += naive_labels(text, a, cuts)
        all_b += naive_labels(text, b, cuts)
    report = compare("ana", "ben", compared)
    assert report.tokens == len(all_a)
    if len(set(all_a) | set(all_b)) == 1:
        assert report.kappa is None
    else:
        assert report.kappa == pytest.approx(cohen_kappa_score(all_a, all_b))
    for label in LABELS:
        bin_a = [x == label for x in all_a]
        bin_b = [x == label for x in all_b]
        if len(set(bin_a) | set(bin_b)) == 1:
            assert report.label_kappa(label) is None
        else:
            assert report.label_kappa(label) == pytest.approx(cohen_kappa_score(bin_a, bin_b))
