"""Who a speaker phrase names: its kind, and its referent within the article.

Kinds: person | organization | outlet | anonymous | unknown. Resolution stays
inside one article (story-wide name merging is :mod:`canonical`'s job):
a pronoun goes to the nearest preceding compatible speaker or PERSON entity;
"the newspaper" / "the outlet" to the outlet named earlier; a surname to the
fullest form of that name written in the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from storyline.extract.lexicon import Lexicon
from storyline.records import Entity

PERSON_PRONOUNS = {"he", "she", "him", "her"}
FIRST_PERSON = {"i", "me"}  # outside a quote: the writer, never resolved to someone named earlier
GROUP_PRONOUNS = {"they", "them", "we", "us"}
THING_PRONOUNS = {"it"}
_DET = re.compile(
    r"^(?:the|a|an|this|that|these|those|another|one|two|three|several|some|many|other)\s+", re.I
)
_PROPER = re.compile(r"(?:[A-Z][a-z][\w'\u2019-]*)(?:\s+[A-Z][a-z][\w'\u2019-]*){0,2}")
_WORD = re.compile(r"[\w.'\u2019-]+")


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
) -> Resolved:
    """Kind and in-article referent of the speaker phrase ``span_text``."""
    if not span_text or not span_text.strip():
        return Resolved(None, "unknown")
    low = span_text.strip().lower()
    words = [w.lower() for w in _WORD.findall(span_text)]
    inside = [e for e in entities if e.start >= span_start and e.end <= span_end]
    persons = [e for e in inside if e.label == "PERSON" and not e.text.lower().startswith("the ")]
    # pronouns
    if low in FIRST_PERSON:
        return Resolved(span_text.strip(), "person")
    if low in PERSON_PRONOUNS:
        return _nearest(span_start, priors, entities, want="person")
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
    role = next((r for r in lex.roles if bare == r or bare.endswith(" " + r)), None)
    if role is not None and len(bare.split()) <= len(role.split()) + 2 and low != bare:
        # "the (Ukrainian) president": the role holder named earlier, else the phrase itself
        holder = _role_holder(bare, entities, span_start)
        return Resolved(holder or span_text.strip(), "person")
    if any(p in low for p in lex.anonymous_phrases):
        return Resolved(span_text.strip(), "anonymous")
    orgs = [e for e in inside if e.label in ("ORG", "GPE", "NORP")]
    head = words[-1] if words else ""
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
    if _PROPER.fullmatch(span_text.strip()):
        # a capitalised name the NER missed, as the subject of a speech verb: most often a person
        return Resolved(fullest_name(span_text.strip(), entities), "person", span_start)
    return Resolved(span_text.strip(), "unknown")


def fullest_name(name: str, entities: list[Entity], before: int | None = None) -> str:
    """The longest PERSON name in the article ending with ``name``'s last word."""
    last = _surname(name)
    best = name
    for e in entities:
        if e.label != "PERSON" or e.text.lower().startswith("the "):
            continue
        toks = e.text.split()
        if toks and _surname(e.text) == last and len(e.text) > len(best):
            best = e.text
    return best


def _surname(name: str) -> str:
    words = name.split()
    return re.sub(r"['\u2019]s$", "", words[-1].lower()) if words else ""


def _role_holder(descriptor: str, entities: list[Entity], before: int) -> str | None:
    for e in reversed(entities):
        if e.start >= before or e.label != "PERSON" or not e.role or e.text.lower().startswith("the "):
            continue
        role = e.role.lower()
        if descriptor == role or descriptor.endswith(role) or role.endswith(descriptor):
            return fullest_name(e.text, entities)
    return None


def _nearest(at: int, priors: list[PriorSpeaker], entities: list[Entity], want: str) -> Resolved:
    kinds = {
        "person": ("person",),
        "group": ("organization", "anonymous", "outlet"),
        "org": ("organization", "outlet"),
    }
    labels = {"person": ("PERSON",), "group": ("ORG", "NORP"), "org": ("ORG",)}
    prior = next((p for p in reversed(priors) if p.at < at and p.kind in kinds[want]), None)
    ent = next(
        (
            e
            for e in reversed(entities)
            if e.end <= at and e.label in labels[want] and not e.text.lower().startswith("the ")
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
