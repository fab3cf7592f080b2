"""Who said what: attribution rules over a spaCy dependency parse plus quote marks.

Rules (English cue words come from ``resources/cues_en.txt``):

1. cue verb with a complement: ``X said (that) ...``, ``"...," X said``,
   ``X told Y ...``, ``X wants to ...``, ``X called Y "..."``; the speaker is
   the verb's subject (or its governing verb's, for "..., adding that ...").
2. cue as an aside: ``The plan, he said, failed`` (content = the sentence
   without the aside).
3. colon: ``X said: "..."`` (content = what follows the colon).
4. ``according to X, ...`` (content = the sentence without the phrase).
5. quotes: content inside quote marks is extended to the whole quote even when
   it spans sentences; a quote with no cue of its own continues the speaker of
   the attribution just before it (``"A," he said. "B."``).
6. nested: an attribution inside the content of one whose speaker is an
   outlet gets ``via`` = that outlet ("CNN reports that a source said ...").

Why rules and not a trained model: no attribution model ships offline, and
PolNeAR (the only gold we have) has no licence to train a shipped model on.
This module is longer than 400 lines' budget would like only in its rule list;
each rule is one function.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

from storyline.extract.lexicon import Lexicon
from storyline.extract.quotes import Quote, find_quotes, quoted_share
from storyline.extract.speakers import PriorSpeaker, Resolved, classify
from storyline.records import Attribution, Entity

COMPLEMENTS = {"ccomp", "xcomp", "dobj", "oprd"}
ADDRESSEE_VERBS = {"tell", "inform", "assure", "ask", "urge", "warn", "remind"}
TRIM = " \t\n,;:\u2014\u2013-"
MIN_QUOTE_WORDS = 4


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    cue: str | None
    cue_lemma: str | None
    cue_at: int
    speaker_start: int = -1
    speaker_end: int = -1
    sent_start: int = -1
    sent_end: int = -1
    speaker_from: int = -1  # index into raws for a quote continuing an earlier speaker


def attributions_from_doc(
    article_id: str,
    text: str,
    doc: Any,
    entities: list[Entity],
    lex: Lexicon,
    outlet: str | None,
) -> list[Attribution]:
    """All attributions of a parsed English(-like) article, in text order."""
    quotes = find_quotes(text)
    raws: list[_Raw] = []
    for sent in doc.sents:
        raws.extend(_sentence_rules(sent, lex))
    raws = [_extend_to_quotes(r, quotes, text) for r in raws]
    raws = _dedupe(raws, text)
    raws.extend(_orphan_quotes(raws, quotes, doc, text))
    raws.sort(key=lambda r: (r.start, r.cue_at))
    return _finish(article_id, text, raws, quotes, entities, lex, outlet)


# ----------------------------------------------------------------- rules


def _sentence_rules(sent: Any, lex: Lexicon) -> list[_Raw]:
    out: list[_Raw] = []
    toks = list(sent)
    for i, tok in enumerate(toks):
        low = tok.lower_
        if low == "according" and i + 1 < len(toks) and toks[i + 1].lower_ == "to":
            r = _according(sent, tok, toks[i + 1])
            if r:
                out.append(r)
            continue
        lemma = lex.cue_lemma(low)
        if lemma is None or tok.pos_ not in ("VERB", "AUX"):
            continue
        r = _cue_verb(sent, tok, lemma)
        if r:
            out.append(r)
    return out


def _span_of(tokens: list[Any]) -> tuple[int, int]:
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


def _subtree_span(tok: Any) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)


def _speaker_of(verb: Any) -> Any | None:
    for c in verb.children:
        if c.dep_ == "nsubj":
            return c
    # "..., adding that", "and said": borrow the governing verb's subject
    if verb.dep_ in ("advcl", "conj", "xcomp", "acl") and verb.head is not verb:
        for c in verb.head.children:
            if c.dep_ == "nsubj":
                return c
    return None


def _cue_verb(sent: Any, verb: Any, lemma: str) -> _Raw | None:
    subj = _speaker_of(verb)
    children = list(verb.children)
    comps = [c for c in children if c.dep_ in COMPLEMENTS]
    if lemma in ADDRESSEE_VERBS and any(c.dep_ in ("ccomp", "xcomp") for c in comps):
        comps = [c for c in comps if c.dep_ != "dobj"]
    comps += [c for c in children if c.dep_ == "advcl" and any(m.lower_ in ("if", "whether") for m in c.children)]
    comps += [
        c for c in children if c.dep_ == "prep" and c.lower_ == "for" and lemma in ("call", "ask", "push", "argue")
    ]
    colon = next((c for c in children if c.text == ":" and c.i > verb.i), None)
    start = end = -1
    if colon is not None and colon.i + 1 < sent.end:
        start, end = colon.idx + 1, sent.end_char
    elif comps:
        start, end = _span_of([t for c in comps for t in (c.left_edge, c.right_edge)])
    elif verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i != verb.i and verb.head.i < verb.i:
        # "The plan, he said, failed." / "The plan failed, he said."
        return _raw_excluding(sent, verb, lemma, subj, _subtree_span(verb))
    else:
        return None
    if subj is not None and start <= subj.idx < end:
        # the subject sits inside the complement span (rare parse): drop it from the content
        s_lo, s_hi = _subtree_span(subj)
        if s_hi <= verb.idx:
            start = max(start, s_hi)
    if end <= start:
        return None
    r = _Raw(start, end, verb.text, lemma, verb.idx, sent_start=sent.start_char, sent_end=sent.end_char)
    if subj is not None:
        r.speaker_start, r.speaker_end = _subtree_span(subj)
    return r


def _raw_excluding(sent: Any, verb: Any, lemma: str, subj: Any, hole: tuple[int, int]) -> _Raw:
    """Content of an aside cue: the whole sentence (the aside is cut out when shown)."""
    r = _Raw(sent.start_char, sent.end_char, verb.text, lemma, verb.idx, sent_start=sent.start_char)
    r.sent_end = sent.end_char
    if subj is not None:
        r.speaker_start, r.speaker_end = _subtree_span(subj)
    # keep the longer side of the hole as content
    if hole[0] - sent.start_char >= sent.end_char - hole[1]:
        r.start, r.end = sent.start_char, hole[0]
    else:
        r.start, r.end = hole[1], sent.end_char
    return r


def _according(sent: Any, according: Any, to: Any) -> _Raw | None:
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    lo = according.idx
    hi = pobj.right_edge.idx + len(pobj.right_edge)
    before = (sent.start_char, lo)
    after = (hi, sent.end_char)
    start, end = before if before[1] - before[0] >= after[1] - after[0] else after
    r = _Raw(start, end, "according to", "according to", according.idx)
    r.speaker_start, r.speaker_end = _subtree_span(pobj)
    r.sent_start, r.sent_end = sent.start_char, sent.end_char
    return r


def _extend_to_quotes(r: _Raw, quotes: list[Quote], text: str) -> _Raw:
    """Grow the content to the whole quote it opens or closes (quotes across sentences)."""
    for q in quotes:
        if q.start <= r.start < q.end or q.start < r.end <= q.end or (r.start <= q.start and q.end <= r.end):
            if q.open_at <= r.cue_at <= q.close_at:
                continue  # the cue is itself inside the quote: a quoted report, leave it
            r.start, r.end = min(r.start, q.start), max(r.end, q.end)
    return r


def _dedupe(raws: list[_Raw], text: str) -> list[_Raw]:
    out: list[_Raw] = []
    for r in sorted(raws, key=lambda r: (r.end - r.start), reverse=True):
        s, e = _trim(text, r.start, r.end)
        if e - s < 2:
            continue
        r.start, r.end = s, e
        if any(o.cue_at == r.cue_at or (o.start == r.start and o.end == r.end) for o in out):
            continue
        out.append(r)
    return out


def _orphan_quotes(raws: list[_Raw], quotes: list[Quote], doc: Any, text: str) -> list[_Raw]:
    """Quotes that no rule claimed: continue the speaker of the attribution just before."""
    out: list[_Raw] = []
    ordered = sorted(raws, key=lambda r: r.start)
    for q in quotes:
        if q.words(text) < MIN_QUOTE_WORDS:
            continue
        if any(r.start <= q.start and q.end <= r.end or (q.start <= r.start < q.end) for r in raws):
            continue
        prev = [i for i, r in enumerate(ordered) if r.end <= q.open_at and q.open_at - r.end < 600]
        if not prev:
            continue
        src = ordered[prev[-1]]
        if "\n\n" in text[src.end : q.open_at]:
            continue
        r = _Raw(q.start, q.end, src.cue, src.cue_lemma, src.cue_at, src.speaker_start, src.speaker_end)
        r.sent_start, r.sent_end = q.open_at, min(len(text), q.close_at + 1)
        out.append(r)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


# ---------------------------------------------------------------- finish


def _finish(
    article_id: str,
    text: str,
    raws: list[_Raw],
    quotes: list[Quote],
    entities: list[Entity],
    lex: Lexicon,
    outlet: str | None,
) -> list[Attribution]:
    priors: list[PriorSpeaker] = []
    out: list[Attribution] = []
    for r in sorted(raws, key=lambda r: (min(r.start, r.speaker_start if r.speaker_start >= 0 else r.start))):
        span = text[r.speaker_start : r.speaker_end] if r.speaker_start >= 0 else None
        res: Resolved = classify(span, r.speaker_start, r.speaker_end, entities, priors, lex, outlet, r.cue_lemma)
        if res.speaker and res.kind != "unknown":
            priors.append(PriorSpeaker(res.speaker, res.kind, max(r.speaker_start, 0)))
        kind = "direct" if quoted_share(quotes, r.start, r.end) >= 0.6 else "indirect"
        sent_lo = min(r.sent_start if r.sent_start >= 0 else r.start, r.start)
        sent_hi = max(r.sent_end if r.sent_end >= 0 else r.end, r.end)
        out.append(
            Attribution(
                id=attribution_id(article_id, r.start, r.end, r.cue_at),
                article_id=article_id,
                kind=kind,
                speaker=res.speaker,
                speaker_span=span,
                speaker_kind=res.kind,
                cue=r.cue,
                text=text[r.start : r.end],
                sentence=text[sent_lo:sent_hi],
                start=r.start,
                end=r.end,
                speaker_start=r.speaker_start,
                speaker_end=r.speaker_end,
            )
        )
    return _nest(sorted(out, key=lambda a: (a.start, a.end)))


def _nest(atts: list[Attribution]) -> list[Attribution]:
    """Mark an attribution reported inside an outlet's report with ``via`` = the outlet."""
    out = []
    for a in atts:
        at = a.speaker_start if a.speaker_start >= 0 else a.start
        outer = next(
            (
                o
                for o in atts
                if o is not a and o.speaker_kind == "outlet" and o.start <= at < o.end and o.end - o.start > a.end - a.start
            ),
            None,
        )
        out.append(replace(a, via=outer.speaker) if outer is not None and a.speaker_kind != "outlet" else a)
    return out


def attribution_id(article_id: str, start: int, end: int, cue_at: int) -> str:
    """Stable id: same article and spans give the same id on every run."""
    digest = hashlib.sha1(f"{article_id}:{start}:{end}:{cue_at}".encode()).hexdigest()[:12]
    return "a-" + digest
