"""The stage seam: Analysis in -> entities, attributions, claims, time expressions out."""

from __future__ import annotations

import dataclasses

from storyline.config import Config
from storyline.extract import extract_article, run
from storyline.extract.canonical import canonicalise, person_canon
from storyline.pipeline import StageContext
from storyline.records import Analysis, Article, Entity, Story
from storyline.store import Store

T1 = (
    "Novaran President Ilya Varenko said on Thursday that the ceasefire talks would resume next week. "
    "\u201cWe are ready,\u201d he told reporters.\n"
    "Foreign Minister Dana Kell said the plan had 28 points."
)
T2 = (
    "Varenkko insisted the army would hold the line, the Kestrel Herald reported. "
    "The Novaran president told lawmakers that aid worth 40 million euros was needed."
)


def articles() -> tuple[Article, Article]:
    a1 = Article("a1", None, "Daily Lantern", None, "t", "2025-11-20", "en", T1, T1, content_hash="h1")
    a2 = Article("a2", None, "Morning Bell", None, "t", "2025-11-21", "en", T2, T2, content_hash="h2")
    return a1, a2


def test_role_kept_and_split_from_name():
    ex = extract_article(articles()[0])
    kell = next(e for e in ex.entities if e.text == "Dana Kell")
    assert kell.label == "PERSON" and kell.role == "Foreign Minister"
    assert not any(e.label == "ORG" and e.text == "Foreign" for e in ex.entities)


def test_names_canonical_within_story(tmp_path):
    a1, a2 = articles()
    prior = Analysis(stories=(Story("s1", "talks", None, ("a1", "a2"), None, None),))
    with Store(str(tmp_path / "x.db")) as store:
        ctx = StageContext(articles=(a1, a2), config=Config(), store=store)
        out = run(ctx, prior)
        again = run(ctx, prior)  # second run reads the store cache
    assert again.attributions == out.attributions and again.claims == out.claims
    canon = {e.text: e.canonical for e in out.entities if e.label == "PERSON"}
    assert canon["Ilya Varenko"] == "Ilya Varenko"
    assert canon["Varenkko"] == "Ilya Varenko"  # spelling variant in another article
    assert canon["The Novaran president"] == "Ilya Varenko"  # role descriptor
    told = next(a for a in out.attributions if "aid worth" in a.text)
    assert told.speaker == "Ilya Varenko" and told.speaker_kind == "person"
    # claims: story id from the clustering stage, one mention at the article span
    assert out.claims and all(c.story_id == "s1" for c in out.claims)
    for c in out.claims:
        (m,) = c.mentions
        text = T1 if m.article_id == "a1" else T2
        assert text[m.start : m.end] == c.text
    assert len({c.id for c in out.claims}) == len(out.claims)
    # the stage fills only its own fields
    assert out.stories == prior.stories and out.provenance == ()


def test_claims_without_stories_have_no_story_id():
    a1, _ = articles()
    out = run(StageContext(articles=(a1,), config=Config()), Analysis())
    assert out.claims and all(c.story_id is None for c in out.claims)
    assert {t.value for t in out.time_expressions} >= {"2025-11-20", "2025-11-24/2025-11-30"}


def test_unattributed_anchored_sentence_is_a_claim():
    text = "The river rose two metres overnight in Vell. It was a grey day."
    ex = extract_article(Article("r", None, None, None, "", "2025-01-02", "en", text, text))
    assert [c.text for c in ex.claims] == ["The river rose two metres overnight in Vell."]
    assert ex.claims[0].speaker is None


def test_person_canon_keeps_different_people_apart():
    canon = person_canon(["Anna Berg", "Berg", "Tom Berger", "Lena Berg"])
    assert canon["Tom Berger"] == "Tom Berger"
    assert canon["Lena Berg"] == "Lena Berg"
    assert canon["Anna Berg"] == "Anna Berg"


def test_ambiguous_descriptor_stays_unresolved():
    ents = [
        Entity("a", "Ana Ruiz", "PERSON", 0, 8, role="President"),
        Entity("a", "Ben Cole", "PERSON", 20, 28, role="President"),
        Entity("a", "the president", "PERSON", 40, 53, role="president"),
    ]
    out, _ = canonicalise(ents)
    assert out[2].canonical == ""


def test_bad_article_gives_one_line_error_and_batch_goes_on():
    empty = Article("e1", None, None, None, "", None, "en", "   ", "   ")
    good = articles()[0]
    out = run(StageContext(articles=(empty, good), config=Config()), Analysis())
    errors = out.extras["extract"]["errors"]
    assert len(errors) == 1 and "e1" in errors[0] and "\n" not in errors[0]
    assert any(a.article_id == "a1" for a in out.attributions)


def test_input_not_mutated():
    a1, _ = articles()
    before = dataclasses.asdict(a1)
    extract_article(a1, Config())
    assert dataclasses.asdict(a1) == before


def test_language_without_parser_uses_fallback():
    text = "\u00abNous resterons ici jusqu'au bout\u00bb, a d\u00e9clar\u00e9 Claire Dubois \u00e0 Lyon."
    ex = extract_article(Article("f", None, None, None, "", None, "fr", text, text))
    assert ex.error is None and ex.language == "fr"
    assert any(e.text.startswith("Claire Dubois") for e in ex.entities)
    assert ex.attributions == ()  # no French cue file yet: no attributions rather than wrong ones


def test_russian_quote_with_cue_is_attributed_without_a_parser():
    text = "\u00abМы останемся здесь до конца\u00bb, \u2014 заявил Иван Петров журналистам в Вельске."
    ex = extract_article(Article("r", None, None, None, "", "2025-11-20", "ru", text, text))
    (a,) = ex.attributions
    assert a.text == "Мы останемся здесь до конца"
    assert a.kind == "direct" and a.cue == "заявил"
    assert a.speaker_span == "Иван Петров"
