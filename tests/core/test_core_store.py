"""The SQLite store: idempotent ingestion, migrations, cached features, analysis round trip."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from storyline.errors import StoreError
from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Briefing,
    BriefSentence,
    Citation,
    Cite,
    Claim,
    Failure,
    Mention,
    ProvenanceEdge,
    Story,
)
from storyline.store import Store, content_hash, normalise_url
from storyline.store.sqlite import MIGRATIONS


def make_article(aid: str = "a1", url: str | None = "https://www.example.org/news/1", text: str = "Body text.") -> Article:
    return Article(
        id=aid, url=url, outlet="Example", outlet_domain="example.org", title="A title",
        published="2026-01-02", language="en", text=text, original_text=text,
    )


def test_same_url_is_stored_once(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_article(make_article("a1"))[0] == "added"
        status, stored = store.add_article(make_article("other-id", url="http://example.org/news/1/?utm_source=x"))
        assert status == "exists"
        assert stored.id == "a1"
        assert store.count_articles() == 1


def test_without_url_the_content_hash_decides(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.add_article(make_article("a", url=None, text="Same  body."))[0] == "added"
        assert store.add_article(make_article("b", url=None, text="same body."))[0] == "exists"
        assert store.add_article(make_article("c", url=None, text="Different body."))[0] == "added"
        assert store.count_articles() == 2


def test_reused_id_for_different_article_gets_suffix(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_article(make_article("dup", url="https://a.example/1"))
        status, stored = store.add_article(make_article("dup", url="https://b.example/2"))
        assert status == "added"
        assert stored.id.startswith("dup-") and stored.id != "dup"
        assert [a.id for a in store.articles()] == ["dup", stored.id]


def test_store_survives_reopen_and_is_wal_and_versioned(tmp_path):
    path = tmp_path / "s.db"
    with Store(path) as store:
        store.add_article(make_article())
    with Store(path) as store:
        assert store.count_articles() == 1
        assert store.schema_version == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.integrity_ok()


def test_newer_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={len(MIGRATIONS) + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this Storyline"):
        Store(path)


def test_features_cache_round_trip(tmp_path):
    with Store(tmp_path / "s.db") as store:
        vec = np.arange(4, dtype=np.float32)
        store.put_vectors("e5", "v1", {"a1": vec})
        got = store.get_vectors("e5", "v1", ["a1", "missing"])
        assert set(got) == {"a1"}
        np.testing.assert_array_equal(got["a1"], vec)
        assert store.get_vectors("e5", "v2", ["a1"]) == {}


def test_analysis_round_trip_keeps_nested_records(tmp_path):
    analysis = Analysis(
        duplicate_of={"b": "a"},
        cites={"b": (Cite(outlet="Wire", evidence="Wire reported it."),)},
        stories=(Story(id="s1", title="T", storyline_id="l1", article_ids=("a", "b"), first_seen=None, last_seen=None, languages=("en",)),),
        attributions=(Attribution(id="at1", article_id="a", kind="direct", speaker="X", speaker_span="X", speaker_kind="person", cue="said", text="hi", sentence="X said hi."),),
        claims=(Claim(id="c1", story_id="s1", text="hi", mentions=(Mention(article_id="a", text="hi", start=0, end=2),), outlets=("Wire",)),),
        provenance=(ProvenanceEdge(article_id="b", source="a", relation="copies", score=0.9),),
        briefings=(Briefing(id="b1", story_id="s1", storyline_id=None, sentences=(BriefSentence(text="hi", citations=(Citation("a", "Wire", "X said hi."),)),)),),
        extras={"omissions": [{"story_id": "s1"}]},
    )
    with Store(tmp_path / "s.db") as store:
        store.save_analysis(analysis)
        store.save_analysis(analysis)  # replacing, not appending
        loaded = store.load_analysis()
    assert loaded == analysis


def test_failures_are_recorded_once_per_source_and_code(tmp_path):
    with Store(tmp_path / "s.db") as store:
        store.add_failure(Failure("f.bin", "binary", "binary file"))
        store.add_failure(Failure("f.bin", "binary", "binary file"))
        assert store.failures() == [Failure("f.bin", "binary", "binary file", "ingest")]


def test_source_done_tracks_size_and_mtime(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert not store.source_done("x.txt", 10, 1.0)
        store.mark_source_done("x.txt", 10, 1.0)
        assert store.source_done("x.txt", 10, 1.0)
        assert not store.source_done("x.txt", 11, 1.0)


def test_normalise_url_and_hash():
    assert normalise_url("https://WWW.Example.com/a/?utm_medium=x#frag") == "example.com/a"
    assert normalise_url("not a url") is None
    assert normalise_url(None) is None
    assert content_hash("T", "a  b") == content_hash("t", "A b")


def test_counts_of_articles_and_outlets(tmp_path):
    from dataclasses import replace

    with Store(tmp_path / "s.db") as store:
        for i, outlet in enumerate(["Harbor Ledger", "Harbor Ledger", None, "Meridian Press"]):
            store.add_article(replace(make_article(f"a{i}", url=f"https://example.org/{i}"), outlet=outlet))
        assert store.count_articles() == 4
        assert store.count_outlets() == 2  # an article without an outlet names none
