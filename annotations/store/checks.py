"""The checks of every document of an open store, shared by `doctor` and the writer.

Every table goes through the schema (`annotations.store.schema`, imported here);
articles are read with their bodies, entities checked against their spans.
Damage that repeats (one missing texts pack costs every article in it) is
reported once, with its count.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from annotations.store.errors import StoreError
from annotations.store.schema import model_of

if TYPE_CHECKING:
    from annotations.models import Entity
    from annotations.store.store import Store

SHOWN = 3  # problems of one kind spelled out before they are only counted


def check_documents(store: Store) -> tuple[list[str], list[str]]:
    """Problems (one sentence each) and notes after validating every document."""
    problems: list[str] = []
    texts: dict[str, str] = {}
    broken_texts: list[str] = []
    for article_id in store.article_ids():
        try:
            texts[article_id] = store.article(article_id).text
        except StoreError as exc:
            broken_texts.append(str(exc))
    problems += broken_texts[:SHOWN]
    if len(broken_texts) > SHOWN:
        problems.append(
            f"{len(broken_texts)} of {len(store)} articles in {store.path} cannot be read "
            f"(the first {SHOWN} are above)."
        )
    entities = 0
    for article_id in store.annotated_article_ids():
        try:
            listed = store.entities(article_id)
        except StoreError as exc:
            problems.append(str(exc))
            continue
        entities += len(listed)
        for entity in listed:
            problems += _span_problems(store, entity, texts.get(article_id))
    for table in store.tables():
        model = model_of(table)
        if model is None:
            problems.append(
                f"The database {store.path} holds a table '{table}' that is not in the "
                "newsdesk schema."
            )
        elif table not in ("articles", "entities"):
            try:
                store.all(table, model)
            except StoreError as exc:
                problems.append(str(exc))
    notes = [f"{len(texts)} articles and {entities} entity annotations checked."]
    return problems, notes


def texts_reach(store: Store) -> str | None:
    """The cheap check at every open: the texts pack reaches every reference (the
    furthest one's end, from the listing index; the references are read only to say
    how many fall short)."""
    furthest = store.texts_end()
    if furthest is None:
        return None
    pack = store.texts_path
    try:
        size = os.stat(pack).st_size
    except FileNotFoundError:
        size = -1
    if furthest <= size:
        return None
    ends = [offset + length for offset, length, _ in store.body_refs()]
    short = sum(end > size for end in ends)
    if not short:
        return None
    state = "missing" if size < 0 else f"cut short at {size:,} bytes"
    return (
        f"The article texts {pack} are {state}: {short} of {len(ends)} articles kept there "
        "cannot be read."
    )


def _span_problems(store: Store, entity: Entity, text: str | None) -> list[str]:
    if text is None:
        if entity.article_id not in store:
            return [
                f"Entity {entity.id} in {store.path} refers to article {entity.article_id}, "
                "which is not stored."
            ]
    elif text[entity.start : entity.end] != entity.text:
        return [
            f"Entity {entity.id} in {store.path}, field 'text': {entity.text!r} does not match "
            f"the article text at {entity.start}-{entity.end}."
        ]
    return []
