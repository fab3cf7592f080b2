"""What counts as an issue of a storyline, and which phrases are two poles of one issue.

Issues come from the storyline's own statements (noun phrases a stance cue
governs); this module only decides which of them are policy-like and how they
group:

* a phrase is an issue when it has two or more content words ("grain
  corridor"), names an organisation, law or event, or is a one-word policy
  noun from ``resources/issue_keywords_en.txt``: "son", "rumour", "deal" are no
  issue, "sanctions" is;
* phrases sharing their head noun group under the shortest of them that is a
  tail of the others ("binding security guarantee" → "security guarantee");
* ``resources/issue_poles_en.txt`` lists the poles of one issue:
  "membership"/"join" and "neutrality" are the two poles of alliance
  membership, so supporting neutrality is opposing membership.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storyline.compare.lexicon import _lines

_STAYING = frozenset({"remain", "stay", "become", "keep"})
_NAMED = frozenset({"ORG", "LAW", "EVENT", "FAC", "PRODUCT"})
# relations by which a pole word reaches the phrase its anchor is in
_REACH = frozenset(
    {"dobj", "pobj", "prep", "xcomp", "attr", "compound", "amod", "nmod", "poss", "appos", "conj", "cc"}
)


@dataclass(frozen=True)
class Pole:
    """One pole of an issue: its lemma, sign (+1 the issue itself, -1 its opposite) and anchors."""

    issue: str
    sign: int
    anchors: frozenset[
        str
    ]  # nouns one of which must be in the governed phrase; "@ORG" = a named organisation


@lru_cache(maxsize=1)
def load_poles() -> dict[str, Pole]:
    """Lemma → pole, from ``issue_poles_en.txt``."""
    poles: dict[str, Pole] = {}
    for line in _lines("issue_poles_en.txt"):
        parts = line.split("\t")
        if len(parts) < 3 or parts[1].strip() not in ("+", "-"):
            raise ValueError(
                f"issue_poles_en.txt: bad line {line!r} (want '<issue>\\t<+|->\\t<lemmas>[\\t<anchors>]')"
            )
        issue, sign = parts[0].strip(), 1 if parts[1].strip() == "+" else -1
        anchors = frozenset(parts[3].split()) if len(parts) > 3 else frozenset()
        for lemma in parts[2].split():
            poles[lemma.lower()] = Pole(issue, sign, anchors)
    return poles


@lru_cache(maxsize=1)
def issue_keywords() -> frozenset[str]:
    """One-word phrases that are issues by themselves (``issue_keywords_en.txt``)."""
    return frozenset(w.strip().lower() for w in _lines("issue_keywords_en.txt"))


def policy_like(key: str, chunk: Any | None = None) -> bool:
    """Whether an issue key (content words of a noun phrase) names a policy-like object."""
    words = key.split()
    if len(words) >= 2 or any(w in issue_keywords() for w in words):
        return True
    return chunk is not None and any(t.ent_type_ in _NAMED for t in chunk)


def _organisation(tok: Any) -> bool:
    """A named organisation, or a proper name the small model left unlabelled or took for a region."""
    return bool(
        tok.ent_type_ == "ORG"
        or (tok.pos_ == "PROPN" and tok.ent_type_ in ("", "ORG", "FAC", "PRODUCT", "LOC"))
    )


def predicate(tok: Any) -> bool:
    """Whether ``tok`` is what a verb of staying or becoming makes its subject ("remain neutral")."""
    return bool(tok.dep_ in ("acomp", "oprd", "xcomp") and tok.head.lemma_.lower() in _STAYING)


def _anchored(tok: Any, anchors: frozenset[str]) -> bool:
    if not anchors:
        return True
    if "@PRED" in anchors and predicate(tok):
        return True
    stack, steps = [c for c in tok.children if c.dep_ in _REACH], 0
    if tok.dep_ in ("amod", "compound"):  # "neutral status": the adjective's head is the phrase
        stack.append(tok.head)
    while stack and steps < 20:
        cur = stack.pop()
        steps += 1
        if cur.lemma_.lower() in anchors or ("@ORG" in anchors and _organisation(cur)):
            return True
        stack.extend(c for c in cur.children if c.dep_ in _REACH)
    return False


def pole_tokens(doc: Any) -> list[tuple[Any, Pole]]:
    """Tokens of ``doc`` that name a pole of an issue (with the anchor their pole needs)."""
    poles = load_poles()
    found = []
    for tok in doc:
        pole = poles.get(tok.lemma_.lower()) or poles.get(tok.lower_)
        if pole is not None and tok.pos_ in ("NOUN", "PROPN", "ADJ", "VERB") and _anchored(tok, pole.anchors):
            found.append((tok, pole))
    return found


def under_pole(tok: Any, pole_toks: Iterable[Any]) -> bool:
    """Whether ``tok`` is, or sits within a few steps under, one of ``pole_toks``: the
    alliance a pole verb governs ("join the Pact") is that pole's issue, not one of its own."""
    ids = {p.i for p in pole_toks}
    cur, steps = tok, 0
    while steps < 4:
        if cur.i in ids:
            return True
        if cur.head.i == cur.i:
            return False
        cur, steps = cur.head, steps + 1
    return False


def group_keys(keys: Iterable[str]) -> dict[str, str]:
    """Each key → the shortest key that ends it with the same head noun (itself when none)."""
    keys = sorted(set(keys), key=lambda k: (len(k.split()), k))
    out: dict[str, str] = {}
    for key in keys:
        words = key.split()
        out[key] = next(
            (
                k
                for k in keys
                if len(k.split()) < len(words)
                and len(k.split()) >= 1
                and words[-len(k.split()) :] == k.split()
                and (len(k.split()) > 1 or k in issue_keywords())
            ),
            key,
        )
    return out


def flip(stance: str, sign: int) -> str:
    """A stance toward a pole as a stance toward its issue: opposite poles swap supports and opposes."""
    if sign > 0:
        return stance
    return {"supports": "opposes", "opposes": "supports"}.get(stance, stance)
