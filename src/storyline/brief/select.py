"""Which source sentences say the same thing, and how well each is sourced.

An extractive briefing must not repeat one fact once per outlet. Items (a claim
with its mentions, an attribution, a dated sentence) are turned into source
sentences and grouped: items that share a sentence, or whose sentences share
most content words (Dice coefficient of content-word sets at or above
``similar``), form one :class:`Group`. A group is shown once, quoting its
earliest report, and cites every sentence in it.

Grouping is greedy in stream order against each group's first sentence (not
transitive), so a chain of loosely similar sentences never snowballs into one
group. It is written here rather than taken from a clustering library because
it needs exactly this order-dependent, deterministic behaviour on a few hundred
sentences per story.

Source counts: when the provenance stage has filled ``Claim.origins`` /
``independent_sources`` they are trusted; until then a group's independent
sources are its distinct outlet families, after folding near-copies
(``Analysis.duplicate_of``) and re-reports the earlier stages already linked
(provenance edges ``copies`` / ``paraphrases`` / ``translates``) into their
originals; an article without an outlet counts as its own source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from storyline.brief.sentences import SourceSentence
from storyline.brief.support import content_words
from storyline.records import Article, Claim

SIMILAR = 0.6
COMMON = 200  # groups per word above which a word is too common to look up


def dice(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@dataclass
class Group:
    """Source sentences that say one thing, with what they came from (claims, attributions, ...)."""

    sentences: list[SourceSentence] = field(default_factory=list)
    payloads: list[Any] = field(default_factory=list)
    words: AbstractSet[str] = field(default_factory=frozenset)  # content words of the first sentence

    @property
    def rep(self) -> SourceSentence:
        """The sentence quoted: the earliest report (sentences are kept in stream order)."""
        return self.sentences[0]

    def article_ids(self) -> list[str]:
        seen: dict[str, None] = {}
        for s in self.sentences:
            seen.setdefault(s.article_id, None)
        return list(seen)

    def claims(self) -> list[Claim]:
        return [p for p in self.payloads if isinstance(p, Claim)]


def group_sentences(
    items: Iterable[tuple[Sequence[SourceSentence], Any]],
    order: Mapping[str, int],
    similar: float = SIMILAR,
) -> list[Group]:
    """Group ``(sentences, payload)`` items; see the module docstring.

    ``order`` gives each article's place in stream order; items are visited in
    the order of their earliest sentence, so the result does not depend on the
    order items are given in.
    """

    def pos(s: SourceSentence) -> tuple[int, int, str]:
        return (order.get(s.article_id, len(order)), s.start, s.article_id)

    prepared = []
    for sentences, payload in items:
        sents = sorted({s.key: s for s in sentences}.values(), key=pos)
        if sents:
            prepared.append((sents, payload))
    prepared.sort(key=lambda t: (pos(t[0][0]), [pos(s) for s in t[0]]))

    groups: list[Group] = []
    by_key: dict[tuple[str, int, int], Group] = {}
    postings: dict[str, list[int]] = {}  # content word -> groups whose first sentence has it
    for sents, payload in prepared:
        target = next((by_key[s.key] for s in sents if s.key in by_key), None)
        words = content_words(sents[0].text)
        if target is None:
            target = _similar_group(words, groups, postings, similar)
        if target is None:
            target = Group(words=words)
            for w in words:
                postings.setdefault(w, []).append(len(groups))
            groups.append(target)
        for s in sents:
            if s.key not in by_key:
                by_key[s.key] = target
                target.sentences.append(s)
        target.payloads.append(payload)
    for g in groups:
        g.sentences.sort(key=pos)
        g.words = content_words(g.rep.text)
    return groups


def _similar_group(
    words: AbstractSet[str], groups: list[Group], postings: dict[str, list[int]], similar: float
) -> Group | None:
    """The earliest group whose first sentence is similar enough, found through shared words.

    Words carried by more than ``COMMON`` groups are not looked up (they would make
    this quadratic on a huge story); a sentence similar enough shares rarer words too.
    """
    shared: dict[int, int] = {}
    for w in words:
        post = postings.get(w, ())
        if len(post) <= COMMON:
            for i in post:
                shared[i] = shared.get(i, 0) + 1
    for i in sorted(shared):
        if dice(words, groups[i].words) >= similar:
            return groups[i]
    return None


@dataclass(frozen=True, slots=True)
class Sourcing:
    """How a group is sourced: independent count, outlets, origins, status."""

    independent: int
    outlets: tuple[str, ...]
    origins: tuple[str, ...]
    status: str  # corroborated | single-source | disputed
    from_provenance: bool


def _root(article_id: str, copy_of: Mapping[str, str]) -> str:
    seen = {article_id}
    while article_id in copy_of and copy_of[article_id] not in seen:
        article_id = copy_of[article_id]
        seen.add(article_id)
    return article_id


def sourcing(
    group: Group,
    articles: Mapping[str, Article],
    copy_of: Mapping[str, str],
    provenance_ran: bool,
) -> Sourcing:
    """The group's independent-source count and status (see the module docstring)."""
    claims = group.claims()
    outlets = sorted(
        {o for o in (articles[a].outlet if a in articles else None for a in group.article_ids()) if o}
        | {o for c in claims for o in c.outlets}
    )
    origins: tuple[str, ...] = ()
    if provenance_ran:
        # the best-sourced claim speaks for the group: claims that merely share a sentence
        # with it must not add their origins to its count
        lead = max(
            claims,
            key=lambda c: (max(len(c.origins), c.independent_sources), len(c.mentions), c.id),
            default=None,
        )
        count = max(len(lead.origins), lead.independent_sources) if lead is not None else 0
        origins = tuple(sorted(lead.origins)) if lead is not None else ()
    else:
        families = set()
        for aid in group.article_ids():
            root = _root(aid, copy_of)
            art = articles.get(root)
            families.add((art.outlet_family or art.outlet or root) if art is not None else root)
        count = len(families)
    if any(c.status == "disputed" for c in claims):
        status = "disputed"
    else:
        status = "corroborated" if count >= 2 else "single-source"
    return Sourcing(count, tuple(outlets), origins, status, provenance_ran)


def origin_name(
    group: Group, src: Sourcing, articles: Mapping[str, Article], full: Mapping[str, str] | None = None
) -> str:
    """Who the single source is: the speaker (when named) via the origin (provenance's, else the outlet).

    ``full`` maps a speaker name to its fullest spelling in the story.
    """
    art = articles.get(group.rep.article_id)
    outlet = ", ".join(src.origins) or (art.outlet if art is not None else None) or group.rep.article_id
    for c in group.claims():
        if (
            c.speaker
            and c.speaker_kind in ("person", "organization", "anonymous")
            and c.speaker not in outlet
        ):
            return f"{(full or {}).get(c.speaker, c.speaker)}, via {outlet}"
    return outlet


def rank_key(group: Group, src: Sourcing, order: Mapping[str, int]) -> tuple[Any, ...]:
    """Better sourced first, then more outlets, then earlier in its article, then earlier in the stream."""
    rep = group.rep
    return (-src.independent, -len(src.outlets), rep.index, order.get(rep.article_id, 0), rep.start)
