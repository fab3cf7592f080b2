"""Checkable statements of one article: what sources said, and anchored facts.

A claim is (a) the content of every attribution, with its speaker, and (b)
every other sentence that has a verb and a concrete anchor (a number, a named
entity or a time expression) and is not a question. Each claim carries one
:class:`Mention` pointing at its span; ids depend only on the article and the
span, so a rerun gives the same ids and provenance can merge claims later.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from storyline.extract.nlp import is_verb
from storyline.records import Attribution, Claim, Entity, Mention, TimeExpression

_NUMBER = re.compile(r"\d")
_MIN_WORDS = 5
_MIN_CONTENT_WORDS = 3


def claim_id(article_id: str, start: int, end: int) -> str:
    """Stable id of the claim at ``[start, end)`` of an article."""
    return "c-" + hashlib.sha1(f"{article_id}:{start}:{end}".encode()).hexdigest()[:12]


def build_claims(
    article_id: str,
    text: str,
    outlet: str | None,
    sentences: list[tuple[int, int]],
    attributions: list[Attribution],
    entities: list[Entity],
    times: list[TimeExpression],
    doc: Any | None = None,
) -> list[Claim]:
    """The claims of one article, in text order (story_id is set by the stage)."""
    claims: list[Claim] = []
    seen: set[tuple[int, int]] = set()
    for a in attributions:
        # two words ('the report', 'the plan') name a thing, they state nothing to check
        if (a.start, a.end) in seen or len(a.text.split()) < _MIN_CONTENT_WORDS:
            continue
        seen.add((a.start, a.end))
        m = Mention(article_id, a.text, a.start, a.end, attribution_id=a.id, outlet=outlet)
        claims.append(
            Claim(claim_id(article_id, a.start, a.end), None, a.text, (m,), a.speaker, a.speaker_kind)
        )
    covered = [(a.start, a.end) for a in attributions] + [
        (a.speaker_start, a.speaker_end) for a in attributions if a.speaker_start >= 0
    ]
    verbs = _verb_sentences(doc) if doc is not None else None
    for s, e in sentences:
        sent = text[s:e]
        if sent.rstrip().endswith("?") or len(sent.split()) < _MIN_WORDS:
            continue
        if any(lo < e and s < hi for lo, hi in covered):
            continue
        if verbs is not None and s not in verbs:
            continue
        anchored = (
            _NUMBER.search(sent) is not None
            or any(s <= x.start < e for x in entities)
            or any(s <= t.start < e for t in times)
        )
        if not anchored:
            continue
        m = Mention(article_id, sent, s, e, outlet=outlet)
        claims.append(Claim(claim_id(article_id, s, e), None, sent, (m,), None, None))
    claims.sort(key=lambda c: c.mentions[0].start)
    return claims


def _verb_sentences(doc: Any) -> set[int]:
    """Start offsets of the parsed sentences that contain a finite or main verb."""
    out = set()
    for sent in doc.sents:
        if any(is_verb(t) for t in sent):
            out.add(sent[0].idx if sent[0].is_space is False else sent.start_char)
    return out
