"""One name per person (and organisation) within a story.

Within a story, "Zelensky", "Zelenskyy", "Volodymyr Zelenskyy" and "the
Ukrainian president" should read as one actor. Names are grouped by their
last word (fuzzy, rapidfuzz ratio, so transliteration variants meet); a
group's canonical form is its most frequent multi-word spelling. A role
descriptor joins the group of a named person who holds that role in the same
story, when exactly one does. Roles ("Secretary of State") stay on entities.
A lone surname the NER tagged as an organisation or place ("Varga" as ORG)
takes the canonical name of the story's one full name ending in it: the full
name decides who it is.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz

from storyline.records import Entity

SAME_NAME = 85.0  # rapidfuzz ratio of last words above which two spellings are one name
_POSS = re.compile(r"['\u2019]s$")


def _norm(name: str) -> str:
    name = _POSS.sub("", name.strip())
    return re.sub(r"^(?:the|The)\s+", "", name)


def _last(name: str) -> str:
    words = _norm(name).split()
    return words[-1].lower() if words else ""


def _is_descriptor(e: Entity) -> bool:
    return e.label == "PERSON" and e.text.lower().startswith("the ")


def person_canon(names: Iterable[str]) -> dict[str, str]:
    """Map every person name to its canonical spelling within one story."""
    counts = Counter(_norm(n) for n in names if _norm(n))
    groups: list[list[str]] = []
    # longest names first, so full names found the groups surnames join
    for name in sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n)):
        last = _last(name)
        first = name.split()[0].lower() if len(name.split()) > 1 else None
        home = None
        for g in groups:
            g_last = _last(g[0])
            if fuzz.ratio(last, g_last) < SAME_NAME:
                continue
            g_first = g[0].split()[0].lower() if len(g[0].split()) > 1 else None
            if first is None or g_first is None or fuzz.ratio(first, g_first) >= SAME_NAME:
                home = g
                break
        if home is None:
            groups.append([name])
        else:
            home.append(name)
    out: dict[str, str] = {}
    for g in groups:
        multi = [n for n in g if len(n.split()) > 1] or g
        canon = max(multi, key=lambda n: (counts[n], len(n)))
        for n in g:
            out[n] = canon
    return out


def canonicalise(entities: list[Entity]) -> tuple[list[Entity], dict[str, str]]:
    """Entities of one story with ``canonical`` filled, and the name → canonical map.

    The map also covers role descriptors ("the Ukrainian president") that could be
    tied to exactly one named role holder.
    """
    persons = [e for e in entities if e.label == "PERSON" and not _is_descriptor(e)]
    canon = person_canon(e.text for e in persons)
    by_role: dict[str, set[str]] = defaultdict(set)
    for e in persons:
        if e.role:
            by_role[e.role.lower()].add(canon.get(_norm(e.text), _norm(e.text)))
    by_last: dict[str, set[str]] = defaultdict(set)
    for n, c in canon.items():
        if len(n.split()) > 1:
            by_last[_last(n)].add(c)
    names: dict[str, str] = {}
    out = []
    for e in entities:
        full = by_last.get(_last(e.text), set()) if len(_norm(e.text).split()) == 1 else set()
        if e.label == "PERSON" and not _is_descriptor(e):
            c = canon.get(_norm(e.text), _norm(e.text))
        elif e.label in ("ORG", "GPE", "NORP") and len(full) == 1:
            c = next(iter(full))  # "Varga" tagged ORG in a story with "Ilse Varga"
        elif _is_descriptor(e):
            c = _holder((e.role or "").lower(), by_role) or ""
        else:
            c = _norm(e.text)
        if c:
            names[e.text] = c
            names[_norm(e.text)] = c
        out.append(Entity(e.article_id, e.text, e.label, e.start, e.end, canonical=c, role=e.role))
    return out, names


def _holder(role: str, by_role: dict[str, set[str]]) -> str | None:
    """The one person holding ``role`` (a descriptor's role matches the end of a full role)."""
    if not role:
        return None
    hits: set[str] = set()
    for full, holders in by_role.items():
        if full == role or full.endswith(" " + role) or role.endswith(" " + full) or role == full:
            hits |= holders
    if len(hits) != 1:
        # "the Ukrainian president" vs holders of "President": accept when the qualifier is in the role
        return None
    return next(iter(hits))


def canonical_speaker(speaker: str | None, names: dict[str, str]) -> str | None:
    """A speaker name mapped through the story's canonical names (unchanged when unknown)."""
    if not speaker:
        return speaker
    return names.get(speaker) or names.get(_norm(speaker)) or speaker
