"""Who a speaker phrase names: its kind, and its referent within the article.

Kinds: person | organization | outlet | anonymous | unknown. Resolution stays
inside one article (story-wide name merging is :mod:`canonical`'s job):
a pronoun goes to the nearest preceding compatible speaker or PERSON entity;
"the newspaper" / "the outlet" to the outlet named earlier; a surname to the
fullest form of that name written in the article.

Gender: "she" must not become a man named earlier. :func:`person_genders`
reads what the article says about each person (a title "Ms."/"Mr.", a
gendered noun "spokeswoman", a he/she or subject "his"/"her" right after
the name) into a per-article record keyed by surname; a pronoun only binds a
person of its gender or of unknown gender, and binding one of unknown gender
records it. Gendered words live in ``resources/gender_words_<lang>.txt``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.extract.lexicon import Lexicon
from storyline.extract.quotes import find_quotes
from storyline.records import Entity

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}  # "his" as a possessor speaks: "his claim that"
FIRST_PERSON = {"i", "me"}  # outside a quote: the writer, never resolved to someone named earlier
GROUP_PRONOUNS = {"they", "them", "we", "us", "their"}
THING_PRONOUNS = {"it", "its"}
_DET = re.compile(
    r"^(?:the|a|an|this|that|these|those|another|one|two|three|several|some|many|other)\s+", re.I
)
_PROPER = re.compile(r"(?:[A-Z][a-z][\w'\u2019-]*)(?:\s+[A-Z][a-z][\w'\u2019-]*){0,2}")
_WORD = re.compile(r"[\w.'\u2019-]+")
_POSS = re.compile(r"['\u2019]s$")
_NON_PERSON = ("GPE", "LOC", "NORP", "ORG", "FAC")
# words before a possessive his/her that make it the subject's ("... said that her country would")
_CLAUSE_OPENERS = {"that", "and", "but", "because", "while", "when", "as", "since", "after", "if", "so"}
PRONOUN_WINDOW = 300  # characters back from a pronoun within which the name it follows must lie


@dataclass(frozen=True, slots=True)
class GenderWords:
    """Gendered words of one language, each mapped to "f" or "m"."""

    subject: dict[str, str] = field(default_factory=dict)
    object: dict[str, str] = field(default_factory=dict)
    possessive: dict[str, str] = field(default_factory=dict)
    title: dict[str, str] = field(default_factory=dict)
    noun: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=8)
def load_gender_words(lang: str = "en") -> GenderWords:
    """``resources/gender_words_<lang>.txt``; empty (no gender checks) when the file is absent."""
    try:
        raw = resources.files("storyline.resources").joinpath(f"gender_words_{lang}.txt").read_text("utf-8")
    except (FileNotFoundError, OSError):
        return GenderWords()
    tables: dict[str, dict[str, str]] = {
        "subject": {},
        "object": {},
        "possessive": {},
        "title": {},
        "noun": {},
    }
    for line in raw.splitlines():
        parts = line.split()
        if len(parts) < 3 or line.lstrip().startswith("#") or parts[0] not in tables:
            continue
        for w in parts[2:]:
            tables[parts[0]][w.lower()] = parts[1]
    return GenderWords(**tables)


def pronoun_gender(word: str, words: GenderWords) -> str | None:
    """The gender ("f", "m") of a pronoun as written, or None."""
    low = word.lower()
    return words.subject.get(low) or words.object.get(low) or words.possessive.get(low)


def placeish(name: str, entities: list[Entity]) -> bool:
    """A one-word name the NER tags as a place or organisation at least as often as a person in
    this article, with no full personal name ending in it ("Veldoria" PERSON twice, GPE and ORG
    three times): not a person.

    Why: the small NER model tags unfamiliar place names as people now and then; the article's
    other mentions of the same word are the cheapest second opinion.
    """
    clean = _POSS.sub("", _DET.sub("", name.strip()))
    if len(clean.split()) != 1 or known_person(clean, entities):
        return False
    low = clean.lower()
    same = [e.label for e in entities if _POSS.sub("", e.text).lower() == low]
    other = sum(1 for label in same if label in _NON_PERSON)
    return other > 0 and other >= same.count("PERSON")  # the article mostly calls it something else


def known_person(name: str, entities: list[Entity]) -> str | None:
    """The full name when ``name`` is a one-word capitalised name that ends a multi-word PERSON
    name of the article ("Varga" after "Ilse Varga"), else None: the article's full name
    decides the kind, whatever the NER called the lone surname."""
    clean = _POSS.sub("", _DET.sub("", name.strip()))
    if len(clean.split()) != 1 or not _PROPER.fullmatch(clean):
        return None
    full = fullest_name(clean, entities)
    return full if len(full.split()) > 1 else None


def _is_person(e: Entity, entities: list[Entity]) -> bool:
    return e.label == "PERSON" and not e.text.lower().startswith("the ") and not placeish(e.text, entities)


def person_genders(text: str, entities: list[Entity], lang: str = "en") -> dict[str, str]:
    """Surname -> "f"/"m" from what the article writes next to each person's name.

    Strong evidence (a title or gendered noun touching the name) beats weak evidence (a
    subject pronoun, or a clause-opening possessive, whose nearest preceding name within
    :data:`PRONOUN_WINDOW` characters is that person's); contradictory evidence of one
    strength leaves the person's gender unknown.
    """
    words = load_gender_words(lang)
    if not words.subject:
        return {}
    people = sorted((e for e in entities if _is_person(e, entities)), key=lambda e: e.start)
    strong: dict[str, str] = {}
    weak: dict[str, str] = {}
    mixed: set[str] = set()
    for e in people:
        g = _gender_next_to(text, e, words)
        if g:
            _note(strong, mixed, _surname(e.text), g)
    strong_mixed = set(mixed)
    quotes = find_quotes(text)
    forms = sorted(set(words.subject) | set(words.possessive), key=len, reverse=True)
    rx = re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b", re.IGNORECASE)
    ends = [e.end for e in people]  # sorted by start; names do not overlap, so ends are sorted too
    for m in rx.finditer(text):
        if any(q.start <= m.start() < q.end for q in quotes):
            continue
        low = m.group(0).lower()
        g = words.subject.get(low)
        if g is None:
            before = text[max(0, m.start() - 20) : m.start()].rstrip()
            prev = before.split()[-1].lower() if before.split() else ""
            if not (before == "" or before[-1] in ",;.!?:\u2014" or prev in _CLAUSE_OPENERS):
                continue
            g = words.possessive[low]
        i = bisect.bisect_right(ends, m.start()) - 1  # the last name ending before the pronoun
        if i < 0 or m.start() - people[i].end > PRONOUN_WINDOW:
            continue
        key = _surname(people[i].text)
        if strong.get(key, g) == g:
            _note(weak, mixed, key, g)
    out = {k: g for k, g in weak.items() if k not in mixed}
    out.update({k: g for k, g in strong.items() if k not in strong_mixed})
    return out


def _note(table: dict[str, str], mixed: set[str], key: str, g: str) -> None:
    if table.get(key, g) != g:
        mixed.add(key)
    table[key] = g


def _gender_next_to(text: str, e: Entity, words: GenderWords) -> str | None:
    """A title or gendered noun written against the name: "Ms. Ruiz", "spokeswoman Ana Ruiz",
    "Ruiz, a spokeswoman for ...", or in the entity's role."""
    own = [w.lower().rstrip(".") for w in e.text.split()[:-1]]
    before = [w.lower().strip(".,") for w in text[max(0, e.start - 40) : e.start].split()[-3:]]
    after = [w.lower().strip(".,") for w in text[e.end : e.end + 40].split()[:4]]
    role = (e.role or "").lower().split()
    for w in own + before[-1:] + role:
        if w in words.title:
            return words.title[w]
    # "spokeswoman Ana Ruiz", but not "the son of Ana Ruiz" (the noun is someone else)
    near = [w for k, w in enumerate(before) if before[k + 1 : k + 2] not in (["of"], ["to"])]
    for w in own + near + role:
        if w in words.noun:
            return words.noun[w]
    if text[e.end : e.end + 1] == "," and after[:1] and after[0] in ("a", "an", "the"):
        for w in after[1:]:
            if w in words.noun:
                return words.noun[w]
    return None


@dataclass(frozen=True, slots=True)
class Resolved:
    speaker: str | None
    kind: str
    start: int = -1  # where the referent is written (for resolved pronouns, its earlier mention)


@dataclass(frozen=True, slots=True)
class PriorSpeaker:
    """A speaker already resolved earlier in the article (for pronoun resolution)."""

    name: str
    kind: str
    at: int


def looks_like_outlet(name: str, lex: Lexicon, outlet: str | None, registry: Any = None) -> bool:
    """An outlet's name: the article's own outlet, one the outlet registry knows, or a name
    with an outlet word ("Post")."""
    clean = _DET.sub("", name.strip())
    if outlet and clean.lower() == outlet.strip().lower():
        return True
    if registry is not None and clean and registry.by_exact_name(clean) is not None:
        return True
    words = _WORD.findall(clean)
    return bool(words) and any(w in lex.outlet_name_words for w in words) and clean[:1].isupper()


def classify(
    span_text: str | None,
    span_start: int,
    span_end: int,
    entities: list[Entity],
    priors: list[PriorSpeaker],
    lex: Lexicon,
    outlet: str | None,
    cue_lemma: str | None = None,
    registry: Any = None,
    genders: dict[str, str] | None = None,
    lang: str = "en",
) -> Resolved:
    """Kind and in-article referent of the speaker phrase ``span_text``.

    ``genders`` is the article's surname -> "f"/"m" record (:func:`person_genders`); a
    he/she speaker binds only a compatible person, and binding one records its gender.
    """
    if not span_text or not span_text.strip():
        return Resolved(None, "unknown")
    low = span_text.strip().lower()
    words = [w.lower() for w in _WORD.findall(span_text)]
    inside = [e for e in entities if e.start >= span_start and e.end <= span_end]
    # "Veldoria" alone may be a mis-tagged place; "Mr. Trump" (a title with it) is a person
    bare_span = _POSS.sub("", _DET.sub("", span_text.strip()))
    persons = [
        e
        for e in inside
        if e.label == "PERSON"
        and not e.text.lower().startswith("the ")
        and (len(bare_span.split()) > 1 or not placeish(e.text, entities))
    ]
    # pronouns
    if low in FIRST_PERSON:
        return Resolved(span_text.strip(), "person")
    if low in PERSON_PRONOUNS:
        gender = pronoun_gender(low, load_gender_words(lang))
        hit = _nearest(span_start, priors, entities, want="person", gender=gender, genders=genders)
        if hit.speaker and gender and genders is not None:
            genders.setdefault(_surname(hit.speaker), gender)  # the per-article record of this binding
        return hit
    if low in GROUP_PRONOUNS:
        hit = _nearest(span_start, priors, entities, want="group")
        return hit if hit.speaker else Resolved(None, "unknown")
    if low in THING_PRONOUNS:
        return _nearest(span_start, priors, entities, want="org")
    # "the newspaper", "the outlet"
    bare = _DET.sub("", low)
    if bare in lex.outlet_nouns and len(words) <= 3:
        for p in reversed(priors):
            if p.kind == "outlet" and p.at < span_start:
                return Resolved(p.name, "outlet", p.at)
        for e in reversed(entities):
            if e.end <= span_start and e.label == "ORG" and looks_like_outlet(e.text, lex, outlet, registry):
                return Resolved(e.text, "outlet", e.start)
        return Resolved(outlet, "outlet") if outlet else Resolved(None, "outlet")
    if persons:
        # "Veldor's top diplomat, Foreign Minister Ana Ruiz": the named person with a role or the
        # longest name is the speaker, not a possessor that the NER also called a person
        best = max(persons, key=lambda e: (e.role is not None, len(e.text.split()), e.start))
        name = fullest_name(best.text, entities, span_start)
        return Resolved(name, "person", best.start)
    full = known_person(span_text, entities)
    if full is not None:
        # "Varga" after "Ilse Varga": a person, even where the NER called the surname an ORG
        return Resolved(full, "person", span_start)
    role = next((r for r in lex.roles if bare == r or bare.endswith(" " + r)), None)
    if role is not None and len(bare.split()) <= len(role.split()) + 2 and low != bare:
        # "the (Ukrainian) president": the role holder named earlier, else the phrase itself
        holder = _role_holder(bare, entities, span_start)
        return Resolved(holder or span_text.strip(), "person")
    if any(p in low for p in lex.anonymous_phrases):
        return Resolved(span_text.strip(), "anonymous")
    orgs = [e for e in inside if e.label in ("ORG", "GPE", "NORP")]
    head = _head_word(words, lex)
    named_head = orgs and orgs[-1].end >= span_end - 1
    if head in lex.anonymous_heads and not named_head:
        return Resolved(span_text.strip(), "anonymous")
    if orgs:
        # an organisation's name beats a nationality or place written before it ("the Lumerian daily X")
        head_org = max(orgs, key=lambda e: (e.label == "ORG", e.start))
        org = head_org.text
        if (
            looks_like_outlet(org, lex, outlet, registry)
            or (cue_lemma in ("report", "write") and head_org.label == "ORG")
            or (head_org.label == "ORG" and any(w in lex.outlet_nouns for w in words))
        ):
            return Resolved(org, "outlet", head_org.start)
        return Resolved(org, "organization", head_org.start)
    if looks_like_outlet(span_text, lex, outlet, registry):
        return Resolved(span_text.strip(), "outlet")
    if head in lex.organization_heads:
        return Resolved(span_text.strip(), "organization")
    if placeish(span_text, entities):
        # "Veldoria" tagged PERSON here but a place elsewhere in the article: a country speaks
        return Resolved(_POSS.sub("", span_text.strip()), "organization", span_start)
    if _PROPER.fullmatch(span_text.strip()):
        # a capitalised name the NER missed, as the subject of a speech verb: most often a person
        return Resolved(fullest_name(span_text.strip(), entities), "person", span_start)
    return Resolved(span_text.strip(), "unknown")


def _head_word(words: list[str], lex: Lexicon) -> str:
    """The head noun of a speaker phrase: the word before its first post-modifier ("a senior
    official close to the talks" -> "official"), else its last word."""
    for k, w in enumerate(words):
        if k > 0 and w in lex.modifier_starts:
            return words[k - 1]
    return words[-1] if words else ""


def fullest_name(name: str, entities: list[Entity], before: int | None = None) -> str:
    """The longest PERSON name in the article ending with ``name``'s last word, written
    without a possessive ("Tom Clarke", not "Tom Clarke's": a speaker is a person, not a
    possession). Where the article names two people of that surname ("Barack Obama",
    "Michelle Obama"), a name without a matching first name stays as written."""
    last = _surname(name)
    own = _clean_name(name)
    fulls: dict[str, str] = {}
    for e in entities:
        if e.label != "PERSON" or e.text.lower().startswith("the "):
            continue
        text = _clean_name(e.text)
        if text and _surname(text) == last and len(text.split()) > 1:
            first = text.split()[0].lower().rstrip(".")
            if not _is_title(first) and len(text) > len(fulls.get(first, "")):
                fulls[first] = text
    firsts = [w.lower().rstrip(".") for w in own.split()[:-1]]
    named = [fulls[f] for f in firsts if f in fulls]
    if named:
        return max([own, *named], key=len)
    if len(fulls) == 1:
        only = next(iter(fulls.values()))
        return only if len(only) > len(own) else own
    return own


def _is_title(word: str) -> bool:
    """A title or role word ("mr", "sen", "president"), not a first name."""
    return word in _title_words() or word + "." in _title_words()


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    from storyline.extract.lexicon import load_lexicon

    lex = load_lexicon("en")
    roles = set(lex.roles) if lex is not None else set()
    return frozenset(roles | set(load_gender_words("en").title))


def _clean_name(name: str) -> str:
    """``name`` without trailing words lacking letters ("''") and without a final "'s"."""
    words = name.split()
    while words and not any(c.isalpha() for c in words[-1]):
        words.pop()
    return _POSS.sub("", " ".join(words))


def _surname(name: str) -> str:
    """The last word with letters, lower case, without a possessive; "’" read as "'"
    (so "James O’Neill" and "O'Neill" meet, and a stray "''" after a name is skipped)."""
    words = [w for w in name.replace("\u2019", "'").split() if any(c.isalpha() for c in w)]
    return re.sub(r"'s$", "", words[-1].lower()) if words else ""


def _role_holder(descriptor: str, entities: list[Entity], before: int) -> str | None:
    for e in reversed(entities):
        if e.start >= before or e.label != "PERSON" or not e.role or e.text.lower().startswith("the "):
            continue
        role = e.role.lower()
        if descriptor == role or descriptor.endswith(role) or role.endswith(descriptor):
            return fullest_name(e.text, entities)
    return None


def _nearest(
    at: int,
    priors: list[PriorSpeaker],
    entities: list[Entity],
    want: str,
    gender: str | None = None,
    genders: dict[str, str] | None = None,
) -> Resolved:
    """The nearest earlier compatible speaker or entity; for a gendered pronoun, only persons
    whose recorded gender is the pronoun's or unknown (None when there is none)."""
    known = genders or {}

    def fits(name: str) -> bool:
        return gender is None or known.get(_surname(name), gender) == gender

    kinds = {
        "person": ("person",),
        "group": ("organization", "anonymous", "outlet"),
        "org": ("organization", "outlet"),
    }
    labels = {"person": ("PERSON",), "group": ("ORG", "NORP"), "org": ("ORG",)}
    prior = next((p for p in reversed(priors) if p.at < at and p.kind in kinds[want] and fits(p.name)), None)
    ent = next(
        (
            e
            for e in reversed(entities)
            if e.end <= at
            and e.label in labels[want]
            and not e.text.lower().startswith("the ")
            and (want != "person" or _is_person(e, entities) and fits(fullest_name(e.text, entities)))
        ),
        None,
    )
    # the nearer of the last compatible speaker and the last compatible entity mention
    if prior is not None and (
        ent is None or prior.at >= ent.start or want == "person" and at - prior.at < 400
    ):
        return Resolved(prior.name, prior.kind, prior.at)
    if ent is not None:
        kind = "person" if want == "person" else "organization"
        name = fullest_name(ent.text, entities) if kind == "person" else ent.text
        return Resolved(name, kind, ent.start)
    return Resolved(None, "unknown")
