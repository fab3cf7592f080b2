"""Per-language word lists for attribution rules, read from ``storyline/resources``.

Why data files: the rules in :mod:`storyline.extract.attributions` are language
neutral over a dependency parse; what makes them English is the list of cue
verbs, anonymous-source words, outlet words and roles. A new language adds
``cues_<lang>.txt`` (and optionally the other files), not new code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    """The word lists one language needs; empty lists mean "no rule of that kind"."""

    lang: str
    cue_forms: dict[str, str] = field(default_factory=dict)  # lower-cased form -> lemma
    cue_phrases: tuple[str, ...] = ()  # multi-word cues ("according to")
    anonymous_heads: frozenset[str] = frozenset()
    anonymous_phrases: tuple[str, ...] = ()
    modifier_starts: frozenset[str] = frozenset()  # words opening a modifier after a head noun
    outlet_nouns: frozenset[str] = frozenset()
    outlet_name_words: frozenset[str] = frozenset()
    roles: tuple[str, ...] = ()  # lower case, longest first
    object_lemmas: frozenset[str] = frozenset()  # cues whose direct object is the content
    to_lemmas: frozenset[str] = frozenset()  # cues whose to-infinitive is the content
    prep_heads: dict[str, frozenset[str]] = field(default_factory=dict)  # form -> prepositions it takes
    organization_heads: frozenset[str] = frozenset()  # "the labour office", "the ministry"
    cite_forms: frozenset[str] = frozenset()  # "citing", "quoting": the source an outlet relays
    name_leads: frozenset[str] = frozenset()  # words before a short quote that make it a name
    doc_nouns: frozenset[str] = frozenset()  # documents that say things ("poll", "report")
    pair_lemmas: frozenset[str] = frozenset()  # object is content only with a second complement
    that_nouns: frozenset[str] = frozenset()  # nouns whose that-clause is the content ("the claim that")

    def is_cue(self, word: str) -> bool:
        return word.lower() in self.cue_forms

    def cue_lemma(self, word: str) -> str | None:
        return self.cue_forms.get(word.lower())


def _lines(name: str) -> list[str] | None:
    try:
        text = resources.files("storyline.resources").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return None
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _tagged(lines: list[str] | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ln in lines or []:
        tag, _, rest = ln.partition(" ")
        out.setdefault(tag, []).append(rest.strip())
    return out


@lru_cache(maxsize=16)
def load_lexicon(lang: str | None) -> Lexicon | None:
    """The lexicon for ``lang`` (ISO 639-1), or None when no cue file exists for it."""
    lang = (lang or "en").lower()
    cue_lines = _lines(f"cues_{lang}.txt")
    if cue_lines is None:
        return None
    forms: dict[str, str] = {}
    phrases: list[str] = []
    tagged: dict[str, set[str]] = {tag: set() for tag in ("obj", "to", "cite", "name", "doc", "that", "pair")}
    preps: dict[str, set[str]] = {}
    for ln in cue_lines:
        tag, _, rest = ln.partition(" ")
        if tag.startswith("@") and tag[1:] in tagged:  # "@obj said told ...": a word list for one rule
            tagged[tag[1:]].update(rest.lower().split())
            continue
        if ln.startswith("+"):
            prep, *heads = ln[1:].lower().split()
            for h in heads:
                preps.setdefault(h, set()).add(prep)
            continue
        if ln.startswith("="):
            phrases.append(ln[1:].strip().lower())
            continue
        words = ln.lower().split()
        for w in words:
            forms.setdefault(w, words[0])
    anon = _tagged(_lines(f"anonymous_{lang}.txt"))
    outlet = _tagged(_lines(f"outlet_words_{lang}.txt"))
    roles = sorted((r.lower() for r in _lines(f"roles_{lang}.txt") or []), key=len, reverse=True)
    return Lexicon(
        lang=lang,
        cue_forms=forms,
        cue_phrases=tuple(phrases),
        anonymous_heads=frozenset(w.lower() for w in anon.get("head", [])),
        anonymous_phrases=tuple(p.lower() for p in anon.get("phrase", [])),
        modifier_starts=frozenset(w.lower() for w in anon.get("after", [])),
        outlet_nouns=frozenset(w.lower() for w in outlet.get("noun", [])),
        outlet_name_words=frozenset(outlet.get("name", [])),
        roles=tuple(roles),
        object_lemmas=frozenset(tagged["obj"]),
        to_lemmas=frozenset(tagged["to"]),
        prep_heads={h: frozenset(p) for h, p in preps.items()},
        organization_heads=frozenset(w.lower() for w in _lines(f"organizations_{lang}.txt") or []),
        cite_forms=frozenset(tagged["cite"]),
        name_leads=frozenset(tagged["name"]),
        doc_nouns=frozenset(tagged["doc"]),
        that_nouns=frozenset(tagged["that"]),
        pair_lemmas=frozenset(tagged["pair"]),
    )
