"""What keeps ingest at the model's speed, checked by counting work (not by timing):
the model runs only the components NER reads, and what ingest does around it
(cleaning, duplicate detection, storing) is done once per line, text or batch."""

from __future__ import annotations

from typing import Any

from annotations.corpus import load
from annotations.entities.detector import load_model, model_path, ner_upstreams
from annotations.models import Article
from annotations.pipeline import SEEDS_DIR


def _listening(upstream: str) -> dict[str, Any]:
    """A pipeline config whose `ner` reads a shared embedding through a listener."""
    listener = {"@architectures": "spacy.Tok2VecListener.v1", "upstream": upstream}
    return {
        "components": {
            "tok2vec": {"factory": "tok2vec"},
            "trf": {"factory": "transformer"},
            "tagger": {"factory": "tagger"},
            "ner": {"factory": "ner", "model": {"tok2vec": listener}},
        }
    }


def test_ner_reads_a_shared_embedding_only_through_a_listener() -> None:
    own = {"@architectures": "spacy.Tok2Vec.v2", "embed": {"width": 96}}
    alone = {"components": {"tok2vec": {"factory": "tok2vec"}, "ner": {"model": own}}}
    assert ner_upstreams(alone) == set()
    assert ner_upstreams(_listening("tok2vec")) == {"tok2vec"}
    assert ner_upstreams(_listening("*")) == {"tok2vec", "trf"}


def test_the_model_runs_ner_alone_and_finds_what_it_found_with_the_shared_tok2vec() -> None:
    """The small model's `ner` embeds tokens itself: its shared `tok2vec` (a third of the
    model's time) fed only the tagger and parser, so it is not loaded, and the entities
    of the seeds are the same with and without it."""
    import spacy

    nlp = load_model()
    assert nlp.pipe_names == ["ner"]
    path = model_path()
    pipeline = spacy.util.load_config(path / "config.cfg")["nlp"]["pipeline"]
    with_tok2vec = spacy.load(path, exclude=[c for c in pipeline if c not in ("tok2vec", "ner")])
    assert with_tok2vec.pipe_names == ["tok2vec", "ner"]
    texts = [a.text for a in load([SEEDS_DIR]) if isinstance(a, Article)]

    def ents(model: Any) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in model.pipe(texts)]

    found = ents(nlp)
    assert sum(map(len, found)) > 100
    assert found == ents(with_tok2vec)
