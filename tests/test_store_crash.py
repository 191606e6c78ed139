"""Crash safety: faults at every write/fsync/replace call, and SIGKILL at random moments."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from annotations.store import Store, StoreError
from tests.store_fixtures.factory import entities_for, make_article
from tests.store_fixtures.killing import kill_trial

ARTICLES = [make_article(n, words=40) for n in range(3)]
ENTITIES = entities_for(ARTICLES[0], 6)


def steps(store: Store) -> list[Callable[[], object]]:
    """Saves of every kind, each one acknowledged or not as a whole."""
    return [
        lambda: store.add_articles(ARTICLES[:2]),
        lambda: store.put_entity(ENTITIES[0]),
        store.compact,
        lambda: store.add_articles(ARTICLES[2:]),  # goes to the texts pack (limit 0)
        lambda: store.save_detection(ARTICLES[0].id, ENTITIES[1:4], "v1"),
        lambda: store.delete_entity(ENTITIES[1].id),
        store.compact,
        lambda: store.set_status(ARTICLES[1].id, "done"),
    ]


def state(path: Path) -> tuple:
    with Store(path, read_only=True) as store:
        return (
            tuple(store.articles()),
            tuple(e for a in store.article_ids() for e in store.entities(a)),
        )


def reference_states(folder: Path) -> list[tuple]:
    """The state after each prefix of acknowledged steps (compactions change nothing)."""
    path = folder / "ref.json"
    store = Store(path, inline_text_limit=0)
    found = [state(path)]
    for step in steps(store):
        step()
        found.append(state(path))
    store.close()
    return found


@pytest.mark.parametrize("name", ["write", "fsync", "replace"])
def test_fault_at_every_call_leaves_old_or_new_state(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    states = reference_states(tmp_path)
    real = getattr(os, name)
    k = 0
    while True:
        k += 1
        path = tmp_path / f"k{k}" / "db.json"
        path.parent.mkdir()
        calls = 0

        def failing(*args: object, _k: int = k) -> object:
            nonlocal calls
            calls += 1
            if calls == _k:
                raise OSError(28, "No space left on device (injected)")
            return real(*args)

        store = Store(path, inline_text_limit=0)
        monkeypatch.setattr(os, name, failing)
        done, failed = 0, False
        for step in steps(store):
            try:
                step()
            except (OSError, StoreError):
                failed = True
                break
            done += 1
        monkeypatch.setattr(os, name, real)
        store._release()  # the process "dies" here: no close, no compaction
        assert state(path) in (states[done], states[min(done + 1, len(states) - 1)])
        assert not [p for p in path.parent.rglob("*.tmp")], "temporary file left behind"
        if not failed and calls < k:
            break
    assert k > 5


def test_sigkill_at_random_moments_loses_no_acknowledged_save(tmp_path: Path) -> None:
    rng = random.Random(7)
    path = tmp_path / "db.json"
    for trial in range(3):
        acked, lost = kill_trial(path, trial * 1_000_000, rng)
        assert acked > 0 and lost == 0
