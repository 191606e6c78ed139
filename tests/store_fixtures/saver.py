"""Kill-test child: save annotations in a loop, print each acknowledged save.

    python -m tests.store_fixtures.saver DB START [JOURNAL_LIMIT]

Prints `ack <entity id>` (flushed) after each `put_entity` returns, and
`deleting <id>` before and `gone <id>` after each acknowledged delete. A small journal limit
makes compactions (snapshot rewrites) frequent, so kills land inside them too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotations.store import Store
from tests.store_fixtures.factory import entities_for, make_article

ARTICLES = 20


def main() -> None:
    path, start = Path(sys.argv[1]), int(sys.argv[2])
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 16_384
    store = Store(path, journal_limit=limit, inline_text_limit=20_000)
    articles = [make_article(n, words=200) for n in range(ARTICLES)]
    store.add_articles(articles)
    print("ready", flush=True)
    n = start
    while True:
        article = articles[n % ARTICLES]
        span = entities_for(article, 1 + n % 40)[-1]
        entity = span.model_copy(update={"id": f"n{n:09d}"})  # unique per save
        if n % 5 == 4:  # a multi-document transaction: insert two, delete the first
            extra = entity.model_copy(update={"id": entity.id + "-x"})
            with store.transaction():
                store.put_entity(entity)
                store.put_entity(extra)
            print(f"ack {entity.id}\nack {extra.id}", flush=True)
            print(f"deleting {extra.id}", flush=True)
            store.delete_entity(extra.id)
            print(f"gone {extra.id}", flush=True)
        else:
            store.put_entity(entity)
            print(f"ack {entity.id}", flush=True)
        n += 1


if __name__ == "__main__":
    main()
