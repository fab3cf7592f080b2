"""The batched paths give what the one-by-one paths give: pair screening, claim vectors, sentence spans."""

from __future__ import annotations

import itertools

import numpy as np

from storyline.embed import E5Embedder, HashingEmbedder
from storyline.extract.nlp import split_sentences
from storyline.provenance.align import batch_features, load_model, pair_features, read, screen
from storyline.provenance.citations import _Sentences
from storyline.provenance.stage import align_claims
from storyline.records import Article, Claim, Mention

# written for this test: near re-wordings, number changes and unrelated lines
LINES = [
    "The harbour of Dunmar was closed for two days after the storm.",
    "Dunmar's harbour stayed closed for two days after the storm.",
    "The harbour at Dunmar was shut for 3 days following the storm.",
    "Forty fishing boats were damaged in the port, officials said.",
    "Officials said 40 fishing boats had been damaged in the port.",
    "Veldoria will not renounce its claim to the Orla islands.",
    "The council of Norrow approved a new budget on Tuesday.",
    "Prices rose 5.4% in March, the statistics office said.",
    "",
    "Storm storm storm.",
]


def test_screen_rejects_only_pairs_the_pair_by_pair_score_rejects() -> None:
    model = load_model("hashing")
    vecs = HashingEmbedder().embed_queries(LINES)
    pairs = list(itertools.combinations(range(len(LINES)), 2))
    cos = np.array([float(vecs[i] @ vecs[j]) for i, j in pairs])
    reads = [(read(LINES[i]), read(LINES[j])) for i, j in pairs]
    exact = np.array(
        [
            float(model.prob(pair_features(LINES[i], LINES[j], c)[None, :])[0])
            for (i, j), c in zip(pairs, cos, strict=True)
        ]
    )
    np.testing.assert_array_equal(
        batch_features(reads, cos),
        np.vstack([pair_features(LINES[i], LINES[j], c) for (i, j), c in zip(pairs, cos, strict=True)]),
    )
    screened = screen(model, reads, cos)
    assert np.all(screened >= exact - 1e-12)  # a bound from above where the token-set ratio was skipped
    accepted = exact >= model.threshold
    assert accepted.any() and (~accepted).any()  # the lines hold both kinds of pair
    assert not np.any(accepted & (screened < model.threshold - 1e-6))
    near = np.abs(screened - exact) < 1e-9
    assert near[accepted].all()  # pairs that reach the bar are scored exactly


def test_screen_without_a_usable_bar_scores_every_pair() -> None:
    from dataclasses import replace

    model = replace(load_model("hashing"), threshold=1.0)
    reads = [(read(LINES[0]), read(LINES[1])), (read(LINES[0]), read(LINES[6]))]
    cos = np.array([0.9, 0.2])
    np.testing.assert_allclose(
        screen(model, reads, cos), model.prob(batch_features(reads, cos)), rtol=0, atol=1e-15
    )


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        return super().embed_queries(texts)


def _story_claims(story: str, aid: str, lines: list[str]) -> list[Claim]:
    out, pos = [], 0
    for k, line in enumerate(lines):
        out.append(Claim(f"{aid}-{k}", story, line, (Mention(aid, line, pos, pos + len(line)),)))
        pos += len(line) + 1
    return out


def test_claims_of_every_story_are_embedded_in_one_call_with_the_same_pairs() -> None:
    stories = {"s1": LINES[:3], "s2": LINES[3:5], "s3": LINES[5:8]}
    claims, articles = [], {}
    for sid, lines in stories.items():
        for side in ("a", "b"):
            aid = f"{sid}{side}"
            text = "\n".join(lines if side == "a" else reversed(lines))
            articles[aid] = Article(aid, None, f"Outlet {side}", None, "t", None, "en", text, text)
            claims += _story_claims(sid, aid, list(lines if side == "a" else reversed(lines)))
    emb = CountingEmbedder()
    together = align_claims(claims, articles, None, emb)
    assert emb.calls == 1
    one_by_one = []
    for sid in sorted(stories):
        one_by_one += align_claims(
            [c for c in claims if c.story_id == sid], articles, None, HashingEmbedder()
        )
    assert together == one_by_one and len(together) >= 3  # each story's identical lines at least


def test_sentence_spans_split_paragraph_by_paragraph_equal_the_whole_text_split() -> None:
    text = (
        "WASHINGTON (AP) — Sen. J. Smith said the talks would resume. CNN reported it first.\n"
        "\n"
        "A second paragraph. It has two sentences!\n"
        "Last line, no stop"
    )
    spans = split_sentences(text)
    lazy = _Sentences(text)
    for pos in range(len(text)):
        want = next(((s, e) for s, e in spans if s <= pos < e), (pos, pos))
        assert lazy.at(pos) == want, pos


class CountingE5(E5Embedder):
    """The real E5, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.texts = 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return super().embed_queries(texts)


def test_only_stories_in_two_languages_are_embedded_with_e5() -> None:
    # s1: an English report and its Ukrainian translation (written for this test); s2: two English reports
    en = "The harbour of Dunmar was closed for two days after the storm."
    uk = "Гавань Дунмара була закрита два дні після шторму."
    articles = {
        "a": Article("a", None, "Outlet a", None, "t", None, "en", en, en),
        "b": Article("b", None, "Outlet b", None, "t", None, "uk", uk, uk),
        "c": Article("c", None, "Outlet c", None, "t", None, "en", LINES[3], LINES[3]),
        "d": Article("d", None, "Outlet d", None, "t", None, "en", LINES[4], LINES[4]),
    }
    claims = (
        _story_claims("s1", "a", [en])
        + _story_claims("s1", "b", [uk])
        + _story_claims("s2", "c", [LINES[3]])
        + _story_claims("s2", "d", [LINES[4]])
    )
    e5 = CountingE5()
    pairs = align_claims(claims, articles, None, e5, HashingEmbedder())
    assert e5.texts == 2  # the two claims of s1 only
    by_story = {p.a.split("-")[0]: p for p in pairs}
    assert by_story["a"].cross_language and by_story["a"].b == "b-0"
    # the English pair is scored on hashed n-grams with the hashing weights, as hashing alone scores it
    alone = align_claims([c for c in claims if c.story_id == "s2"], articles, None, HashingEmbedder())
    assert [p for p in pairs if not p.cross_language] == alone and len(alone) == 1


def test_stories_aligned_a_group_at_a_time_give_the_same_pairs(monkeypatch) -> None:
    from storyline.provenance import stage

    stories = {"s1": LINES[:3], "s2": LINES[3:5], "s3": LINES[5:8]}
    claims, articles = [], {}
    for sid, lines in stories.items():
        for side in ("a", "b"):
            aid = f"{sid}{side}"
            text = "\n".join(lines)
            articles[aid] = Article(aid, None, f"Outlet {side}", None, "t", None, "en", text, text)
            claims += _story_claims(sid, aid, list(lines))
    whole = align_claims(claims, articles, None, HashingEmbedder())
    monkeypatch.setattr(stage, "GROUP_CLAIMS", 5)  # s1 (6 claims) alone, then s2 (4) + s3 (6)
    emb = CountingEmbedder()
    grouped = align_claims(claims, articles, None, emb)
    assert emb.calls == 2 and grouped == whole and len(whole) >= 7
