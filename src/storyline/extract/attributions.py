"""Who said what: attribution rules over a spaCy dependency parse plus quote marks.

Rules (English cue words come from ``resources/cues_en.txt``):

1. quote next to its cue: ``"...," X said`` and ``X said, "..."`` (content =
   the whole quote, even across sentences); a quote continued after the cue
   (``"A," he said. "B."``) is one attribution spanning both parts.
2. cue verb with a complement: ``X said (that) ...``, ``X told Y ...``,
   ``X wants to ...`` (``@to`` cues), ``X called Y "..."`` (``@obj`` cues);
   the speaker is the verb's subject (or its governing verb's, for
   "..., adding that ...").
3. cue as an aside: ``The plan, he said, failed`` (content = the longer side).
4. colon: ``X said: ...`` and a line ``Name: headline`` (content = after the colon).
5. ``according to X, ...`` (content = the sentence without the phrase).
6. a quote with no cue of its own continues the speaker just before it.
7. nested: an attribution inside the content of one whose speaker is an
   outlet gets ``via`` = that outlet ("CNN reports that a source said ...").

Cue words inside a quotation are not cues (the quote is already someone's words).
Why rules and not a trained model: no attribution model ships offline, and
PolNeAR (our only gold) has no licence to train a shipped model on.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from storyline.extract.layout import Raw, continue_quotes, extend_to_quotes, headlines, signed_quotes, trim
from storyline.extract.lexicon import Lexicon
from storyline.extract.nlp import is_nominal, is_verb
from storyline.extract.quotes import Quote, find_quotes, quoted_share
from storyline.extract.speakers import PriorSpeaker, Resolved, classify, person_genders
from storyline.records import Attribution, Entity

ADDRESSEE_VERBS = {"tell", "inform", "assure", "ask", "urge", "warn", "remind"}
MAX_TITLE_WORDS = 6  # a quote this short after "of"/"on"/"called" is a name ("Face the Nation")
PARTIAL_QUOTE_LEAD = 2
TITLE_CASE_SHARE = 0.8  # a first line with this share of its longer words capitalised is Title Case
MAX_IN_DOC_WORDS = 6  # "In a new CNN/ORC poll, ...": the document noun within this many words of "In"  # words before a quote that make it part of the content
_QUOTE_MARKS = re.compile("[\"\u201c\u201d\u00ab\u00bb\u201e]|''|``")
_GAP = re.compile(r"^['\s,.;:\u2014\u2013-]*$")


def attributions_from_doc(
    article_id: str,
    text: str,
    doc: Any,
    entities: list[Entity],
    lex: Lexicon,
    outlet: str | None,
    registry: Any = None,
) -> list[Attribution]:
    """All attributions of a parsed English(-like) article, in text order."""
    quotes = find_quotes(text)
    heads = headlines(text, entities, lex)
    raws: list[Raw] = []
    for sent in doc.sents:
        # cue words inside a "NAME: what they said" line are part of what was said
        raws.extend(
            r
            for r in _sentence_rules(sent, lex, quotes, text)
            if not any(h.start <= r.cue_at < h.end for h in heads)
        )
    title = _title_case_rules(text, lex, quotes, doc.lang_ if hasattr(doc, "lang_") else "en")
    if title is not None:
        end, found = title
        raws = [r for r in raws if r.cue_at >= end] + found
    raws.extend(heads)
    raws.extend(signed_quotes(text, quotes, raws))
    raws = [extend_to_quotes(r, quotes) for r in raws]
    raws = _dedupe(raws, text, lex, entities, quotes)
    raws = continue_quotes(raws, quotes, text, lex.cue_forms)
    raws.sort(key=lambda r: (r.start, r.cue_at))
    return _finish(article_id, text, raws, quotes, entities, lex, outlet, registry)


# ----------------------------------------------------------------- rules

_WORDS = re.compile(r"[A-Za-z][\w'\u2019-]*")


def _title_case_rules(
    text: str, lex: Lexicon, quotes: list[Quote], lang: str
) -> tuple[int, list[Raw]] | None:
    """A Title Case first line ("Ted Cruz Refuses To Disavow Graham Endorsement"): the tagger
    reads its capitalised verbs as names, so it is parsed again with the cue words (and "to")
    in lower case; offsets are unchanged, as the line starts the text.

    Returns the line's end and its attributions, or None when the line is not Title Case or
    has no cue word.
    """
    end = text.find("\n")
    if end <= 0:
        return None
    line = text[:end]
    words = _WORDS.findall(line)
    long = [w for w in words if len(w) > 3]
    if len(long) < 3 or sum(w[0].isupper() for w in long) < TITLE_CASE_SHARE * len(long):
        return None

    def lower(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        return low if low in lex.cue_forms or low in lex.prep_heads or low == "to" else w

    fixed = _WORDS.sub(lower, line)
    if fixed == line:
        return None
    from storyline.extract.nlp import load_model

    nlp = load_model(lang)
    if nlp is None:
        return None
    mini = nlp(fixed, disable=[n for n in nlp.pipe_names if n == "ner"])  # names come from the main doc
    found: list[Raw] = []
    for sent in mini.sents:
        found.extend(_sentence_rules(sent, lex, quotes, text))
    return end, found


def _inside_quote(at: int, quotes: list[Quote]) -> bool:
    """Whether offset ``at`` lies inside a quote (quotes are in text order and never overlap)."""
    i = bisect.bisect_right(quotes, at, key=lambda q: q.start) - 1
    return i >= 0 and at < quotes[i].end


def _is_trigger(toks: list[Any], i: int, lex: Lexicon) -> bool:
    """Whether token ``i`` can start a rule of :func:`_sentence_rules` (quotes aside)."""
    tok = toks[i]
    low = tok.lower_
    if low == "according":
        return i + 1 < len(toks) and toks[i + 1].lower_ == "to"
    if low == "in" and i == 0:
        return any(t.lower_ in lex.doc_nouns for t in toks[1:MAX_IN_DOC_WORDS])
    return (
        (lex.cue_lemma(low) is not None and is_verb(tok))
        or low in lex.prep_heads
        or (low in lex.that_nouns and is_nominal(tok))
    )


def parse_filter(text: str, lex: Lexicon | None) -> Callable[[Any], bool]:
    """Which tagged sentences the dependency parser must see: those where a rule can fire.

    Mirrors the triggers of :func:`_sentence_rules` (a cue verb, a preposition cue or
    "according to" outside quotes), so skipping the parse elsewhere loses no attribution.
    """
    quotes = find_quotes(text)

    def needs(sent: Any) -> bool:
        if lex is None:
            return False
        toks = list(sent)
        return any(not _inside_quote(t.idx, quotes) and _is_trigger(toks, i, lex) for i, t in enumerate(toks))

    return needs


def _sentence_rules(sent: Any, lex: Lexicon, quotes: list[Quote], text: str) -> list[Raw]:
    out: list[Raw] = []
    toks = list(sent)
    for i, tok in enumerate(toks):
        if _inside_quote(tok.idx, quotes):
            continue
        low = tok.lower_
        if low == "according" and i + 1 < len(toks) and toks[i + 1].lower_ == "to":
            r = _according(sent, tok, toks[i + 1])
            if r:
                out.append(r)
            continue
        lemma = lex.cue_lemma(low)
        r = None
        if lemma is not None and is_verb(tok):
            r = _quote_next_to(sent, tok, lemma, quotes, text, lex) or _cue_verb(sent, tok, lemma, lex, text)
        if r is not None and lex.cite_forms:
            _relayed(r, tok, lex)
        if r is None and low in lex.prep_heads:
            r = _prep_cue(sent, tok, lex.prep_heads[low])
        if r is None and low in lex.that_nouns and is_nominal(tok):
            r = _noun_cue(sent, tok)
        if r is None and low == "in" and i == 0:
            r = _in_document(sent, tok, lex, text)
        if r:
            out.append(r)
    return out


def _second_complement(verb: Any, objects: list[Any], text: str) -> bool:
    """'called the plan a disaster', 'called him "Miss Piggy"', 'called people "losers"'."""
    if any(c.dep_ in ("oprd", "xcomp", "ccomp") for c in verb.children):
        return True
    if any(c.dep_ == "appos" for o in objects for c in o.children):
        return True
    lo = min(o.left_edge.idx for o in objects)
    return _has_quote(text[lo : verb.right_edge.idx + len(verb.right_edge)])


def _noun_cue(sent: Any, noun: Any) -> Raw | None:
    """``the claim that ...`` / ``her statement that ...``: the that-clause is the content; the
    speaker is the noun's possessor, else the subject of the verb it is the object of."""
    clause = next(
        (
            c
            for c in noun.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > noun.i
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    start, end = _subtree_span(clause)
    subj = next((c for c in noun.children if c.dep_ == "poss"), None)
    if subj is None and noun.dep_ in ("dobj", "pobj") and is_verb(noun.head):
        subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    r = Raw(start, end, noun.text, noun.lower_, noun.idx, sent_start=sent.start_char, sent_end=sent.end_char)
    if subj is not None:
        r.speaker_start, r.speaker_end = _speaker_span(subj, noun)
    return r


def _in_document(sent: Any, prep: Any, lex: Lexicon, text: str) -> Raw | None:
    """``In a new poll by X, Ruiz leads ...``: the clause after the document is what it says."""
    doc = next((c for c in prep.children if c.dep_ == "pobj" and c.lower_ in lex.doc_nouns), None)
    if doc is None or prep.head.i == prep.i or not is_verb(prep.head) or lex.cue_lemma(prep.head.lower_):
        return None  # "In a statement, X said ...": the cue verb's own rule reads it
    lo, hi = _subtree_span(doc)
    after = text[hi : sent.end_char]
    if not after.lstrip().startswith(","):
        return None
    r = Raw(hi, sent.end_char, prep.text, "in", prep.idx, sent_start=sent.start_char, sent_end=sent.end_char)
    r.speaker_start, r.speaker_end = lo, hi
    return r


def _relayed(r: Raw, verb: Any, lex: Lexicon) -> None:
    """``the Post reported ..., citing a senior official``: note the cited source, and end the
    content before the "citing" clause (the parser may hang it on the reported clause's verb)."""
    heads = [verb] + [c for c in verb.children if c.dep_ == "ccomp"]
    for head in heads:
        cite = next((c for c in head.children if c.dep_ == "advcl" and c.lower_ in lex.cite_forms), None)
        if cite is None:
            continue
        obj = next((c for c in cite.children if c.dep_ == "dobj"), None)
        if obj is None:
            return
        r.cited = _subtree_span(obj)
        lo = cite.left_edge.idx
        if r.start < lo < r.end and r.cue_at < lo:
            r.end = lo
        return


def _prep_cue(sent: Any, head: Any, preps: frozenset[str]) -> Raw | None:
    """``called for X`` / ``his support for X`` / ``critical of X``: the object of the preposition."""
    prep = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in preps and c.i > head.i), None)
    if prep is None:
        return None
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
    if obj is None:
        return None
    start, end = _subtree_span(obj)
    if is_verb(head):
        subj = _speaker_of(head)
    else:
        subj = next((c for c in head.children if c.dep_ == "poss"), None)
        up = head.head
        while subj is None and up.i != up.head.i and up.dep_ in ("dobj", "pobj", "prep", "acomp", "attr"):
            up = up.head
        if subj is None:
            subj = next((c for c in up.children if c.dep_ == "nsubj"), None)
    r = Raw(start, end, f"{head.text} {prep.text}", head.lower_, head.idx, sent_start=sent.start_char)
    r.sent_end = sent.end_char
    if subj is not None:
        r.speaker_start, r.speaker_end = _speaker_span(subj, head)
    return r


def _span_of(tokens: list[Any]) -> tuple[int, int]:
    return min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


def _subtree_span(tok: Any) -> tuple[int, int]:
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)


def _aside_span(verb: Any) -> tuple[int, int]:
    """The aside's words ("Mr. X said"), without the commas or dashes the parser hangs on it."""
    toks = [t for t in verb.subtree if not t.is_punct]
    return _span_of(toks) if toks else _subtree_span(verb)


def _speaker_of(verb: Any) -> Any | None:
    """The subject of a cue, climbing through participles and coordinations.

    "Romney, calling X ..." (acl) gives the noun; "the group that said" (relcl
    with a relative pronoun) gives the noun the clause hangs on; "..., adding
    that" / "and said" / "likely to say" borrow the governing verb's subject.
    """
    tok = verb
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if len(subjects) > 1:
            # '"... Full panic mode," said Leslie Wimes': the parser may take a quoted noun as a
            # second subject; a name or pronoun is the speaker
            named = [c for c in subjects if c.tag_ in ("NNP", "NNPS", "PRP")]
            return (named or subjects)[-1]
        if subjects:
            return subjects[0]
        for c in tok.children:
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if tok.dep_ == "acl" and is_nominal(tok.head):
            noun = tok.head
            # "She issued a statement saying ...": the statement's author speaks
            if noun.tag_ in ("NN", "NNS") and noun.dep_ in ("dobj", "pobj") and is_verb(noun.head):
                owner = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
                if owner is not None:
                    return owner
            return noun
        if tok.dep_ not in ("advcl", "conj", "xcomp", "acomp", "relcl") or tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _speaker_span(subj: Any, cue: Any) -> tuple[int, int]:
    """The subject's words; a noun the cue's clause hangs on stops before that clause."""
    lo, hi = _subtree_span(subj)
    if subj.left_edge.i <= cue.i <= subj.right_edge.i:
        clause = next((c for c in subj.children if c.left_edge.i <= cue.i <= c.right_edge.i), None)
        if clause is not None and clause.left_edge.i > subj.left_edge.i:
            end_tok = subj.doc[clause.left_edge.i - 1]
            hi = end_tok.idx + len(end_tok)
        else:
            hi = subj.idx + len(subj)
    return lo, hi


def _new(sent: Any, verb: Any, lemma: str, start: int, end: int, subj: Any) -> Raw:
    r = Raw(start, end, verb.text, lemma, verb.idx, sent_start=sent.start_char, sent_end=sent.end_char)
    if subj is not None:
        r.speaker_start, r.speaker_end = _speaker_span(subj, verb)
        r.antecedent = _antecedent(subj)
    return r


def _antecedent(subj: Any) -> tuple[int, int] | None:
    """For "who"/"that" heading a relative clause, the noun phrase it stands for."""
    if subj.tag_ not in ("WP", "WDT"):
        return None
    clause = subj.head
    while clause.dep_ != "relcl" and clause.i != clause.head.i:
        clause = clause.head
    if clause.dep_ != "relcl":
        return None
    return _speaker_span(clause.head, subj)


def _has_quote(text: str) -> bool:
    return _QUOTE_MARKS.search(text) is not None


def _names_a_title(text: str, q: Quote, lex: Lexicon) -> bool:
    """A short quote right after "of", "on", "called" ...: a show's or a bill's name, not speech."""
    before = text[max(0, q.open_at - 30) : q.open_at].split()
    if not before or q.words(text) > MAX_TITLE_WORDS:
        return False
    last = before[-1].lower()
    # "on CBS's “Face the Nation”": a possessive before the quote names its owner
    return last in lex.name_leads or last.endswith(("'s", "’s"))


def _quote_next_to(
    sent: Any, verb: Any, lemma: str, quotes: list[Quote], text: str, lex: Lexicon
) -> Raw | None:
    """``"...," X said`` / ``X said, "..."``: the quote touching the cue clause is the content."""
    subj = _speaker_of(verb)
    parts = [verb] + ([subj.left_edge, subj.right_edge] if subj is not None else [])
    lo, hi = _span_of(parts)
    # ', she said, emphasizing it was time': the participle's content is its own clause, not the quote
    dependent = verb.dep_ in ("advcl", "conj", "xcomp") and verb.head.i < verb.i and is_verb(verb.head)
    for q in quotes:
        if q.close_at <= lo and (dependent or _names_a_title(text, q, lex)):
            continue
        if q.close_at <= lo and q.close_at >= sent.start_char - 1 and _GAP.match(text[q.close_at + 1 : lo]):
            lead = text[sent.start_char : q.open_at]
            if (
                q.open_at > sent.start_char
                and len(lead.split()) >= PARTIAL_QUOTE_LEAD
                and not _has_quote(lead)
            ):
                # 'Using the tax ''is a misguided approach,'' X said': the quote ends a sentence that is all X's
                return _new(sent, verb, lemma, sent.start_char, q.end, subj)
            return _new(sent, verb, lemma, q.start, q.end, subj)
        if q.open_at >= hi and _GAP.match(text[hi : q.open_at]) and q.words(text) >= 2:
            if len(text[q.close_at + 1 : sent.end_char].split()) >= 3:
                return None  # 'said "it hurts" every time ...': the quote is only part of the content
            return _new(sent, verb, lemma, q.start, q.end, subj)
    return None


def _names_a_source(obj: Any, lex: Lexicon) -> bool:
    """An object that is a speaker (a person, an unnamed source, an outlet), not content."""
    return bool(
        obj.ent_type_ == "PERSON"
        or obj.lower_ in lex.anonymous_heads
        or obj.lemma_.lower() in lex.anonymous_heads
        or obj.lower_ in lex.outlet_nouns
    )


def _cue_verb(sent: Any, verb: Any, lemma: str, lex: Lexicon, text: str) -> Raw | None:
    subj = _speaker_of(verb)
    children = list(verb.children)
    comps = [c for c in children if c.dep_ == "ccomp"]
    if not comps and lemma in ADDRESSEE_VERBS:
        # "told a meeting of leaders that few understood ...": the parser may hang the that-clause
        # on the addressee as a relative clause; a "that" marking it (not its subject) says otherwise
        comps = [
            rc
            for o in children
            if o.dep_ == "dobj"
            for rc in o.children
            if rc.dep_ == "relcl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in rc.children)
        ]
    if lemma in lex.to_lemmas:
        comps += [c for c in children if c.dep_ == "xcomp"]
    if lemma in lex.object_lemmas or (lemma not in ADDRESSEE_VERBS and not comps and lemma in lex.to_lemmas):
        objects = [c for c in children if c.dep_ in ("dobj", "oprd")]
        citing = verb.lower_ in lex.cite_forms or any(lex.cue_lemma(f) == lemma for f in lex.cite_forms)
        if objects and not comps and citing and all(_names_a_source(o, lex) for o in objects):
            return None  # "..., citing a senior official": the object is who said it, not what was said
        if objects and not comps and lemma in lex.pair_lemmas and not _second_complement(verb, objects, text):
            return None  # "called an emergency meeting": no speech without "a disaster" after it
        comps += objects
    comps += [
        c for c in children if c.dep_ == "advcl" and any(m.lower_ in ("if", "whether") for m in c.children)
    ]
    comps += [
        c for c in children if c.dep_ == "prep" and c.lower_ == "for" and lemma in ("call", "ask", "push")
    ]
    if objects_used(comps) and lemma in lex.object_lemmas:
        # "described the plan as a disaster": the as-phrase belongs to what was said
        comps += [c for c in children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i]
    colon = next((c for c in children if c.text == ":" and c.i > verb.i), None)
    if colon is not None and colon.i + 1 < sent.end:
        start, end = colon.idx + 1, sent.end_char
    elif comps:
        start, end = _span_of([t for c in comps for t in (c.left_edge, c.right_edge)])
    elif verb.dep_ in ("parataxis", "ccomp", "advcl") and verb.head.i < verb.i or verb.dep_ == "parataxis":
        # "The plan, he said, failed." / "The plan failed, he said."
        lo, hi = _aside_span(verb)
        if subj is None or not text[max(0, lo - 20) : lo].rstrip().endswith(
            (",", "\u2014", "\u2013", "\u201d", '"')
        ):
            return None  # an aside is set off by a comma or dash and has its own subject
        if verb.head.i > verb.i and len(text[sent.start_char : lo].split()) >= 2:
            # "The plan, she said, failed": the clause is on both sides of the aside
            return _new(sent, verb, lemma, sent.start_char, sent.end_char, subj)
        elif lo - sent.start_char >= sent.end_char - hi:
            start, end = sent.start_char, lo
        else:
            start, end = hi, sent.end_char
    else:
        return None
    if subj is not None and start <= subj.idx < end:
        s_hi = _subtree_span(subj)[1]
        if s_hi <= verb.idx:
            start = max(start, s_hi)
    if end <= start:
        return None
    if start > verb.idx and text[end : sent.end_char].lstrip().startswith(":"):
        end = sent.end_char  # "noted that three things happen at once: A, B and C": the list too
    return _new(sent, verb, lemma, start, end, subj)


def objects_used(comps: list[Any]) -> bool:
    """Whether the content is the cue's direct object (not a clause)."""
    return any(c.dep_ in ("dobj", "oprd") for c in comps) and not any(c.dep_ == "ccomp" for c in comps)


def _according(sent: Any, according: Any, to: Any) -> Raw | None:
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    lo = according.idx
    hi = pobj.right_edge.idx + len(pobj.right_edge)
    before = (sent.start_char, lo)
    after = (hi, sent.end_char)
    start, end = before if before[1] - before[0] >= after[1] - after[0] else after
    r = Raw(start, end, "according to", "according to", according.idx)
    r.speaker_start, r.speaker_end = _subtree_span(pobj)
    r.sent_start, r.sent_end = sent.start_char, sent.end_char
    return r


def _one_name(r: Raw, words: list[str], lex: Lexicon, names: list[tuple[int, int]], at: int) -> bool:
    """A one-word content that is a name, as the object of a stance cue ("endorsed Cruz",
    "voted for Sanders"): who someone backs or opposes is what they said."""
    if len(words) != 1 or not words[0][:1].isupper() or not words[0].replace("’", "'").isalpha():
        return False
    has_speaker = r.speaker_start >= 0 and r.speaker_end > r.speaker_start
    if not any(lo <= at < hi for lo, hi in names):
        return False  # "called on Friday": a date, not a name
    return has_speaker and (r.cue_lemma in lex.object_lemmas or " " in (r.cue or ""))


def _dedupe(
    raws: list[Raw], text: str, lex: Lexicon, entities: list[Entity], quotes: list[Quote]
) -> list[Raw]:
    opens = {q.open_at: q for q in quotes}
    names = [(e.start, e.end) for e in entities if e.label in ("PERSON", "ORG", "NORP", "GPE")]
    out: list[Raw] = []
    for r in sorted(raws, key=lambda r: r.end - r.start, reverse=True):
        s, e = trim(text, r.start, r.end)
        if s == r.cue_at and r.cue:
            s, e = trim(text, s + len(r.cue), e)  # "called X" inside "what he called X": X was said
        q = opens.get(s)
        if q is not None and e <= q.close_at + 2:
            s, e = trim(text, q.start, min(e, q.end))  # a whole quote: its words, not its marks
        words = text[s:e].split()
        if len(words) < 2 and not _one_name(r, words, lex, names, s):
            continue
        r.start, r.end = s, e
        if any(o.cue_at == r.cue_at or (o.start == r.start and o.end == r.end) for o in out):
            continue
        out.append(r)
    return out


# ---------------------------------------------------------------- finish


def _finish(
    article_id: str,
    text: str,
    raws: list[Raw],
    quotes: list[Quote],
    entities: list[Entity],
    lex: Lexicon,
    outlet: str | None,
    registry: Any = None,
) -> list[Attribution]:
    priors: list[PriorSpeaker] = []
    genders = person_genders(text, entities, lex.lang)  # surname -> f/m; pronouns bind compatibly
    out: list[Attribution] = []
    for r in sorted(raws, key=lambda r: min(r.start, r.speaker_start if r.speaker_start >= 0 else r.start)):
        span = text[r.speaker_start : r.speaker_end] if r.speaker_start >= 0 else None
        ref_lo, ref_hi = r.antecedent or (r.speaker_start, r.speaker_end)
        ref = text[ref_lo:ref_hi] if ref_lo >= 0 else None
        res: Resolved = classify(
            ref, ref_lo, ref_hi, entities, priors, lex, outlet, r.cue_lemma, registry, genders, lex.lang
        )
        via = None
        if r.cited is not None and res.kind == "outlet":
            # the outlet relays a source it cites: that source said it, by way of the outlet
            c_lo, c_hi = r.cited
            cited = classify(text[c_lo:c_hi], c_lo, c_hi, entities, priors, lex, outlet, None, registry)
            if cited.kind in ("anonymous", "person"):
                via, res = res.speaker, cited
                span, r.speaker_start, r.speaker_end = text[c_lo:c_hi], c_lo, c_hi
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
                via=via,
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
                if o is not a
                and o.speaker_kind == "outlet"
                and o.start <= at < o.end
                and o.end - o.start > a.end - a.start
            ),
            None,
        )
        nested = outer is not None and a.speaker_kind != "outlet" and a.via is None
        out.append(replace(a, via=outer.speaker) if nested and outer is not None else a)
    return out


def attribution_id(article_id: str, start: int, end: int, cue_at: int) -> str:
    """Stable id: same article and spans give the same id on every run."""
    digest = hashlib.sha1(f"{article_id}:{start}:{end}:{cue_at}".encode()).hexdigest()[:12]
    return "a-" + digest
