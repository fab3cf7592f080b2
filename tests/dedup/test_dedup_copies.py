"""Near copies, reused paragraphs and their direction, through the dedup stage's run()."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyline.config import Config
from storyline.dedup import run
from storyline.dedup.minhash import DedupParams, normalise, shingles
from storyline.dedup.stage import read_options
from storyline.errors import ConfigError
from storyline.pipeline import StageContext, stream_order
from storyline.records import Analysis, Article, ProvenanceEdge
from storyline.store import Store

BODY = (
    "The council of Marrowby voted on Tuesday to close the old ferry crossing after a survey found "
    "rust in the landing stage and the hull of the only boat.\n"
    "Residents who use the ferry to reach the market on the far bank said the decision left them "
    "with a forty minute drive around the estuary every morning.\n"
    "The council said a replacement service could begin next spring if a grant from the regional "
    "fund is approved by the transport board in the coming months."
)
OTHER = (
    "A late frost damaged apple blossom across the valley farms this week, and growers warned that "
    "the autumn harvest could be half of last year's if the cold returns.\n"
    "Orchard owners lit braziers between the rows through the night to keep the temperature up."
)


def art(aid: str, text: str, title: str = "", published: str | None = None) -> Article:
    return Article(id=aid, url=None, outlet=None, outlet_domain=None, title=title, published=published,
                   language="en", text=text, original_text=text)


def analyse(articles, store=None, **opts) -> Analysis:
    cfg = Config(stages={"dedup": opts} if opts else {})
    ctx = StageContext(articles=stream_order(articles), config=cfg, store=store)
    prior = Analysis(provenance=(ProvenanceEdge(article_id="z", source="Wire", relation="cites"),))
    return run(ctx, prior)


def test_near_copy_points_at_the_earlier_article_by_date():
    copy = BODY.replace("on Tuesday", "on Tuesday evening").replace("every morning", "each morning")
    result = analyse([
        art("late", copy, "Ferry to close", "2026-03-05"),
        art("early", BODY, "Marrowby ferry to close", "2026-03-04"),
        art("other", OTHER, "Frost hits orchards", "2026-03-04"),
    ])
    assert result.duplicate_of == {"late": "early"}
    copies = [e for e in result.provenance if e.relation == "copies"]
    assert len(copies) == 1
    edge = copies[0]
    assert (edge.article_id, edge.source, edge.directed_by) == ("late", "early", "date")
    assert 0.8 <= edge.score < 1.0
    assert result.provenance[0].relation == "cites"  # what came before is kept


def test_undated_copies_are_directed_by_stream_order_and_chain_to_the_root():
    result = analyse([art("a", BODY), art("b", BODY), art("c", BODY + "\nEnds.")])
    assert result.duplicate_of == {"b": "a", "c": "a"}
    assert {e.directed_by for e in result.provenance if e.relation == "copies"} == {"order"}


def test_a_reused_paragraph_gives_a_copies_edge_but_no_duplicate():
    borrowed = BODY.split("\n")[1]
    text = OTHER + "\n" + borrowed
    result = analyse([art("src", BODY, "Ferry"), art("reuser", text, "Frost and ferry")])
    assert result.duplicate_of == {}
    copies = [e for e in result.provenance if e.relation == "copies"]
    assert [(e.article_id, e.source) for e in copies] == [("reuser", "src")]
    assert copies[0].evidence.startswith("Residents who use the ferry")


def test_different_articles_are_left_alone():
    result = analyse([art("a", BODY), art("b", OTHER), art("empty", "")])
    assert result.duplicate_of == {}
    assert [e for e in result.provenance if e.relation == "copies"] == []


def test_signatures_are_cached_and_reused(tmp_path):
    arts = [art("a", BODY), art("b", BODY)]
    with Store(tmp_path / "d.db") as store:
        first = analyse(arts, store)
        cached = store.get_features("minhash", DedupParams().version, ["a", "b"])
        assert set(cached) == {"a", "b"}
        assert analyse(arts, store).duplicate_of == first.duplicate_of == {"b": "a"}


def test_bad_options_are_refused_with_the_name():
    with pytest.raises(ConfigError, match="threshold"):
        read_options({"threshold": 1.5})
    with pytest.raises(ConfigError, match="unknown option"):
        read_options({"thresh": 0.5})


@given(st.text(max_size=300))
def test_normalise_is_idempotent_on_its_own_output(text):
    toks = normalise(text)
    assert normalise(" ".join(toks)) == toks
    assert all(t == t.casefold() for t in toks)


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=20), st.integers(1, 5))
def test_shingles_cover_the_text(tokens, k):
    sh = shingles(tokens, k)
    assert bool(sh) == bool(tokens)
    assert all(len(s.split(" ")) == min(k, len(tokens)) for s in sh)
