"""Layer 3 of the store: the entity annotations repository, spans checked on write.

An entity is saved only if its `text` is exactly the article text at its span
(the stored text an annotation points into never changes silently). Reads by
article go through the `article_id` index the schema declares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from annotations.store.articles import Articles
from annotations.store.errors import StoreError
from annotations.store.tables import Tables
from annotations.store.validation import dump_for_write, validate_read

if TYPE_CHECKING:  # the models are imported on first validation, not with the store
    from annotations.models import Article, Entity

TABLE = "entities"


class Entities:
    """Entity annotations by article."""

    def __init__(self, tables: Tables, articles: Articles) -> None:
        self.tables = tables
        self.articles = articles

    def of(self, article_id: str) -> list[Entity]:
        """The article's entity annotations, validated, ordered by position."""
        from annotations.models import Entity

        path = self.tables.path
        found = [
            validate_read(Entity, self.tables.doc(TABLE, key), path, TABLE, key)
            for key in self.tables.indexed(TABLE, "article_id", article_id)
        ]
        return sorted(found, key=lambda e: (e.start, -e.end, e.label))

    def count(self, article_id: str) -> int:
        return sum(self.tally(article_id).values())

    def tally(self, article_id: str) -> Mapping[tuple[str, str], int]:
        """(label, state) -> how many of the article's entities hold them (from the
        tally `schema.TALLIES` declares: no entity is read)."""
        return self.tables.tally(TABLE, article_id)  # type: ignore[return-value]

    def tallies(self) -> Mapping[str, Mapping[tuple[str, str], int]]:
        """`tally` of every article at once (an article without entities may be absent)."""
        return self.tables.tally_all(TABLE)  # type: ignore[return-value]

    def article_ids(self) -> list[str]:
        """Ids of the articles entities point to (stored or not: doctor reports orphans)."""
        return self.tables.index_values(TABLE, "article_id")

    def put(self, entity: Entity) -> None:
        """Insert or replace one entity annotation."""
        self.put_many([entity])

    def put_many(self, entities: Iterable[Entity], *, against: Article | None = None) -> None:
        """Insert or replace several entities in one save; spans are checked against
        `against` when given (the article as it is being rewritten in the same
        transaction), else against the stored articles."""
        self.tables.writable()
        ops = []
        for entity in entities:
            doc = dump_for_write(entity, TABLE)
            same = against is not None and against.id == entity.article_id
            self.check_span(entity, against if same else None)
            ops.append([TABLE, self.tables.key_for(TABLE, entity.id, create=True), doc])
        if ops:
            self.tables.commit(ops)

    def delete(self, entity_id: str) -> None:
        self.tables.writable()
        key = self.tables.key_for(TABLE, entity_id, create=False)
        if key is None:
            raise StoreError(
                f"No entity with id {entity_id} in {self.tables.path}; nothing was deleted."
            )
        self.tables.commit([[TABLE, key, None]])

    def save_detection(self, article_id: str, found: list[Entity], detector: str) -> None:
        """Replace the article's unreviewed machine suggestions with `found`, in one save.

        Reviewed entities and the analyst's own are kept; a found entity that
        duplicates one of them (same span and label) is skipped.
        """
        self.tables.writable()
        article = self.articles.get(article_id)
        kept, stale = [], []
        for entity in self.of(article_id):
            if entity.source != "analyst" and entity.state == "suggested":
                stale.append(entity.id)
            else:
                kept.append(entity)
        taken = {(e.start, e.end, e.label) for e in kept}
        fresh = [e for e in found if (e.start, e.end, e.label) not in taken]
        with self.tables.transaction():
            self.tables.commit([[TABLE, self.tables.key_of(TABLE, i), None] for i in stale])
            self.put_many(fresh, against=article)
            self.articles.update(article.model_copy(update={"detected_with": detector}))

    def check_span(self, entity: Entity, article: Article | None = None) -> None:
        """Refuse an entity whose text is not the article text at its span."""
        if article is None:
            if entity.article_id not in self.articles:
                raise StoreError(
                    f"Entity {entity.text!r} refers to article {entity.article_id}, which is "
                    f"not in {self.tables.path}; nothing was saved."
                )
            article = self.articles.get(entity.article_id)
        if entity.end > len(article.text):
            raise StoreError(
                f"Entity {entity.text!r} at {entity.start}-{entity.end} lies outside article "
                f"{article.id} ({len(article.text)} characters); nothing was saved."
            )
        if article.text[entity.start : entity.end] != entity.text:
            raise StoreError(
                f"Entity {entity.text!r} at {entity.start}-{entity.end} does not match the text "
                f"of article {article.id}; nothing was saved."
            )
