"""What every screen works with, typed: the store, the detector, the settings, and
the state kept per store between screens (the teaching index, the corpus links).

The app builds one `Services` (`make_app`) and screens reach it as
`self.services` (`UsesServices`). The app tells it what changed
(`Services.changed`), so the cached state never needs a watcher of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from annotations.config import Settings
from annotations.store import Store

if TYPE_CHECKING:  # the models, the pipeline, teaching, the corpus links: imported when used
    from annotations.labels import LabelSpec
    from annotations.models import Entity
    from annotations.pipeline import Detects
    from annotations.review.links import CorpusLinks
    from annotations.review.teaching import TeachingIndex

INDEX_CHUNK = 25  # articles indexed per turn while the teaching index is first built


@dataclass
class Teacher:
    """Teaching state of one store: the index, the texts, texts not yet propagated.

    The index is built a few articles per turn (`build_step`) so that opening
    the first article never freezes the screen; `finish` completes it at once."""

    store: Store
    index: TeachingIndex
    todo: list[str] = field(default_factory=list)
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, store: Store) -> Teacher:
        """The teaching state of `store`, its index still to be built."""
        from annotations.review.teaching import TeachingIndex, switched_off

        return cls(store, TeachingIndex(off=switched_off(store)), todo=store.article_ids())

    @property
    def ready(self) -> bool:
        return not self.todo

    def build_step(self, count: int = INDEX_CHUNK) -> bool:
        """Index the next `count` articles; True once the index is complete."""
        step, self.todo = self.todo[:count], self.todo[count:]
        for article_id in step:
            if article_id in self.store:
                self.index.update(article_id, self.store.entities(article_id), report=False)
                article = self.store.article(article_id)
                self.texts[article_id] = (article.text_hash, article.text)
        return self.ready

    def finish(self) -> TeachingIndex:
        while not self.build_step(len(self.todo)):
            pass
        return self.index

    def learn(self, article_id: str, entities: Iterable[Entity]) -> set[str]:
        """Take an edited article's `entities` into the index; the texts whose teaching
        changed are added to `pending` and returned. An article edited before the index
        reached it is never indexed from the store (which already holds the edit), so
        the edit is compared with the corpus without it."""
        if article_id in self.todo:
            self.todo.remove(article_id)
        changed = self.finish().update(article_id, entities)
        self.pending |= changed
        return changed


class Services:
    """The store, the detector and the settings of one app, and their shared state."""

    def __init__(self, store: Store, detector: Detects | None, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        if detector is not None:
            self.__dict__["detector"] = detector

    @cached_property
    def labels(self) -> dict[str, LabelSpec]:
        """The analyst's labels by name, in their order (built when first read: the
        library's first frame shows none)."""
        from annotations.labels import label_map

        return label_map(self.settings.labels)

    @cached_property
    def detector(self) -> Detects:
        """The detector given, else the one the settings choose (built on first use:
        the detection modules are not imported before the library shows)."""
        return self.settings.make_detector()

    @cached_property
    def teacher(self) -> Teacher:
        """The store's teaching state (its index is built on demand)."""
        return Teacher.of(self.store)

    @cached_property
    def corpus_links(self) -> CorpusLinks:
        """The corpus's canonical entities, kept between visits of the entities screen."""
        from annotations.review.links import CorpusLinks

        return CorpusLinks(self.store)

    def changed(self, article_ids: Iterable[str]) -> None:
        """The store changed (for these articles; none named: for any)."""
        if "corpus_links" in self.__dict__:
            self.corpus_links.changed(article_ids)


def services_of(node: DOMNode) -> Services:
    """The services of the app `node` belongs to."""
    found = getattr(node.app, "services", None)
    if not isinstance(found, Services):
        raise RuntimeError("This screen runs outside a newsdesk app (no services).")
    return found


class UsesServices:
    """Mixed into a screen: `self.services`, typed."""

    @property
    def services(self) -> Services:
        assert isinstance(self, DOMNode)
        return services_of(self)
