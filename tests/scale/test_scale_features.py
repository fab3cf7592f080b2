"""Features computed apart (as a Ray worker does) are the ones the stages would compute and use.

No Ray needed: this is the contract the Ray engine rests on, checked in-process.
"""

from __future__ import annotations

from storyline.config import load_config
from storyline.pipeline import analyze_articles
from storyline.records import Article
from storyline.scale.features import FEATURES, MemoryFeatures, compute, missing
from storyline.store import Store
from storyline.store.sqlite import content_hash


def article(aid: str, title: str, text: str, published: str) -> Article:
    return Article(
        id=aid,
        url=None,
        outlet=None,
        outlet_domain=None,
        title=title,
        published=published,
        language="en",
        text=text,
        original_text=text,
        content_hash=content_hash(title, text),
    )


ARTICLES = [
    article(
        "a1",
        "Ferry service to Marrow Island halted after engine fire",
        "The harbour authority suspended the Marrow Island ferry on Tuesday after a fire in the engine room.\n"
        '"Nobody was hurt," harbour master Ilse Varga said. The authority said repairs would take a week.',
        "2026-03-03T08:00:00Z",
    ),
    article(
        "a2",
        "Engine fire stops Marrow Island ferry",
        "A fire in the engine room stopped the Marrow Island ferry on Tuesday, the harbour authority said.\n"
        "Harbour master Ilse Varga said nobody was hurt and that repairs would take about a week.",
        "2026-03-03T11:00:00Z",
    ),
    article(
        "a3",
        "City council approves new library budget",
        "The city council approved a budget of 4 million for the new central library on Wednesday.\n"
        "Council member Tomas Brenner said construction would start in the autumn.",
        "2026-03-04T09:00:00Z",
    ),
]


def test_missing_and_compute_cover_every_feature_once():
    cfg = load_config(env={}, embedder="hashing")
    cache = MemoryFeatures()
    need = missing(ARTICLES, cfg, cache)
    assert need == {a.id: [s.name for s in FEATURES] for a in ARTICLES}
    rows = compute(ARTICLES, [need[a.id] for a in ARTICLES], cfg)
    assert len(rows) == len(ARTICLES) * len(FEATURES)
    for aid, kind, version, data in rows.rows():
        cache.put_features(kind, version, [(aid, data)])
    assert missing(ARTICLES, cfg, cache) == {}
    partial = compute(ARTICLES[:1], [["minhash"]], cfg)  # only what is asked for
    assert [kind for _, kind, _, _ in partial.rows()] == ["minhash"]


def test_prefilled_store_gives_the_same_analysis(tmp_path):
    cfg = load_config(env={}, embedder="hashing")
    with Store(tmp_path / "plain.db") as store:
        plain = analyze_articles(ARTICLES, cfg, store=store)
    with Store(tmp_path / "prefilled.db") as store:
        need = missing(ARTICLES, cfg, store)
        for aid, kind, version, data in compute(ARTICLES, [need[a.id] for a in ARTICLES], cfg).rows():
            store.put_features(kind, version, [(aid, data)])
        assert missing(ARTICLES, cfg, store) == {}
        prefilled = analyze_articles(ARTICLES, cfg, store=store)
    assert [s.article_ids for s in plain.stories] == [s.article_ids for s in prefilled.stories]
    assert any(len(s.article_ids) == 2 for s in plain.stories)
    assert plain.attributions and plain == prefilled


def test_have_features_names_the_cached_articles_without_reading_them(tmp_path) -> None:
    mem = MemoryFeatures()
    with Store(tmp_path / "h.db") as store:
        for cache in (store, mem):
            cache.put_features("k", "v1", [("a1", b"x"), ("a2", b"y")])
            assert cache.have_features("k", "v1", ["a1", "a2", "a3"]) == {"a1", "a2"}
            assert cache.have_features("k", "v2", ["a1"]) == set()
            assert cache.have_features("k", "v1", []) == set()
