"""What the section builders share: options, lookups over the analysis, and citation making."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from storyline.brief.select import SIMILAR, Group, Sourcing, group_sentences, sourcing
from storyline.brief.sentences import SentenceIndex, SourceSentence, clip
from storyline.brief.speakers import adjective_only, full_names
from storyline.brief.support import THRESHOLD
from storyline.errors import ConfigError
from storyline.records import (
    Analysis,
    Article,
    Attribution,
    BriefSentence,
    Citation,
    Claim,
    Contradiction,
    Entity,
    Position,
    Story,
    TimeExpression,
)

R = TypeVar("R")

DEFAULTS: dict[str, Any] = {
    "max_per_section": 5,  # sentences per section (timeline: twice this)
    "max_words": 60,  # longer source sentences are clipped with an ellipsis
    "min_words": 6,  # shorter sentences are not worth a briefing line
    "max_citations": 8,  # citations per sentence (earliest reports first)
    "similar": SIMILAR,  # Dice of content words at which two sentences say the same thing
    "threshold": THRESHOLD,  # support needed to show a sentence
}


def _by(records: Iterable[R], key: Callable[[R], Any]) -> dict[Any, list[R]]:
    """Records grouped by a key, each group in input order."""
    out: dict[Any, list[R]] = {}
    for r in records:
        out.setdefault(key(r), []).append(r)
    return out


def names(items: Iterable[str], at_most: int = 3) -> str:
    """``A, B, C`` or ``A, B, C and 4 more``: a list of names short enough for a frame slot."""
    items = [str(x) for x in items]
    shown = ", ".join(items[:at_most])
    return f"{shown} and {len(items) - at_most} more" if len(items) > at_most else shown


def options(raw: dict[str, Any]) -> dict[str, Any]:
    """``[stages.brief]`` options with defaults, checked; a bad one raises ConfigError naming it."""
    unknown = set(raw) - set(DEFAULTS)
    if unknown:
        raise ConfigError(f"stages.brief: unknown option(s) {sorted(unknown)}; known: {sorted(DEFAULTS)}")
    opts = {**DEFAULTS, **raw}
    for key in ("max_per_section", "max_words", "min_words", "max_citations"):
        if not isinstance(opts[key], int) or opts[key] < 1:
            raise ConfigError(f"stages.brief.{key} must be a positive integer, not {opts[key]!r}")
    for key in ("similar", "threshold"):
        if not isinstance(opts[key], (int, float)) or not 0 < opts[key] <= 1:
            raise ConfigError(f"stages.brief.{key} must be a number in (0, 1], not {opts[key]!r}")
    return opts


@dataclass
class BriefContext:
    """Read-only lookups over one analysis, built once per stage run."""

    analysis: Analysis
    articles: dict[str, Article]
    order: dict[str, int]  # article id -> place in stream order
    opts: dict[str, Any]
    index: SentenceIndex = field(init=False)
    provenance_ran: bool = field(init=False)
    claims_by_id: dict[str, Claim] = field(init=False)
    claims_by_story: dict[str | None, list[Claim]] = field(init=False)
    atts_by_article: dict[str, list[Attribution]] = field(init=False)
    copy_of: dict[str, str] = field(init=False)  # article -> the article it re-reports (copies, translations)
    # the rest of the analysis indexed once, so each story costs its own size, not the corpus's
    ents_by_article: dict[str, list[Entity]] = field(init=False)
    times_by_article: dict[str, list[TimeExpression]] = field(init=False)
    cons_by_story: dict[str | None, list[Contradiction]] = field(
        init=False
    )  # filed under or about a claim of
    positions_by_story: dict[str | None, list[Position]] = field(init=False)
    positions_by_line: dict[str | None, list[Position]] = field(init=False)
    omissions_by_story: dict[Any, list[dict[str, Any]]] = field(init=False)
    _groups: dict[str, list[tuple[Group, Sourcing]]] = field(init=False, default_factory=dict)
    _names: dict[str, dict[str, str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.index = SentenceIndex(self.articles)
        claims = self.analysis.claims
        self.provenance_ran = any(c.origins or c.independent_sources > 0 for c in claims)
        self.claims_by_id = {c.id: c for c in claims}
        self.claims_by_story = {}
        for c in claims:
            self.claims_by_story.setdefault(c.story_id, []).append(c)
        self.copy_of = dict(self.analysis.duplicate_of)
        for e in self.analysis.provenance:
            if e.relation in ("copies", "paraphrases", "translates") and e.source in self.articles:
                self.copy_of.setdefault(e.article_id, e.source)
        self.atts_by_article = _by(self.analysis.attributions, lambda a: a.article_id)
        self.ents_by_article = _by(self.analysis.entities, lambda e: e.article_id)
        self.times_by_article = _by(self.analysis.time_expressions, lambda t: t.article_id)
        self.positions_by_story = _by(self.analysis.positions, lambda p: p.story_id)
        self.positions_by_line = _by(self.analysis.positions, lambda p: p.storyline_id)
        omissions = self.analysis.extras.get("omissions") or []
        self.omissions_by_story = _by(
            [o for o in omissions if isinstance(o, dict)], lambda o: o.get("story_id")
        )
        self.cons_by_story = {}
        for con in self.analysis.contradictions:
            about = {con.story_id} | {
                found.story_id for cid in con.claim_ids if (found := self.claims_by_id.get(cid))
            }
            for sid in sorted(about, key=str):
                self.cons_by_story.setdefault(sid, []).append(con)

    # ------------------------------------------------------------ sentences
    def claim_sentences(self, claim: Claim) -> list[SourceSentence]:
        found = (self.index.around(m.article_id, m.start, m.end) for m in claim.mentions)
        return [s for s in found if s is not None]

    def worth_showing(self, sentence: SourceSentence) -> bool:
        text = sentence.text.strip()
        return len(text.split()) >= self.opts["min_words"] and not text.endswith("?")

    def content(self, text: str) -> str:
        return clip(text, self.opts["max_words"])

    def outlet(self, article_id: str) -> str | None:
        art = self.articles.get(article_id)
        return art.outlet if art is not None else None

    def cite(self, sentences: Iterable[SourceSentence]) -> tuple[Citation, ...]:
        """Citations for source sentences, one per sentence, earliest first, at most ``max_citations``."""
        out: list[Citation] = []
        seen = set()
        for s in sentences:
            if s.key in seen:
                continue
            seen.add(s.key)
            out.append(Citation(s.article_id, self.outlet(s.article_id), s.text))
            if len(out) >= self.opts["max_citations"]:
                break
        return tuple(out)

    def sentence(self, section: str, text: str, sentences: Iterable[SourceSentence]) -> BriefSentence:
        return BriefSentence(text=text, citations=self.cite(sentences), section=section)

    # ------------------------------------------------------------- speakers
    def full_names(self, story: Story) -> dict[str, str]:
        """Speaker name -> its fullest spelling within the story (see :mod:`.speakers`)."""
        if story.id not in self._names:
            found = [a.speaker or "" for aid in story.article_ids for a in self.atts_by_article.get(aid, [])]
            found += [c.speaker or "" for c in self.claims_by_story.get(story.id, [])]
            self._names[story.id] = full_names(found)
        return self._names[story.id]

    def adjective_speakers(self, story: Story) -> set[str]:
        return adjective_only(e for aid in story.article_ids for e in self.ents_by_article.get(aid, []))

    # --------------------------------------------------------------- groups
    def story_groups(self, story: Story) -> list[tuple[Group, Sourcing]]:
        """The story's claims grouped into things said (cached per story)."""
        if story.id not in self._groups:
            items = [(self.claim_sentences(c), c) for c in self.claims_by_story.get(story.id, [])]
            groups = group_sentences(items, self.order, self.opts["similar"])
            self._groups[story.id] = [
                (g, sourcing(g, self.articles, self.copy_of, self.provenance_ran)) for g in groups
            ]
        return self._groups[story.id]
