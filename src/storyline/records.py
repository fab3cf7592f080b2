"""Typed records shared by every stage.

Every record is a frozen, slotted dataclass: cheap to build, picklable (so Ray
workers can ship them), and mapped one-to-one onto the JSON export and the
store. Stages never mutate a record; they build new ones (``dataclasses.replace``).

Offsets, not copies: where a record points into an article (an attribution, a
claim mention, an entity), it carries ``start``/``end`` character offsets into
that article's cleaned ``text`` so code can check that what Storyline shows
traces back to source text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any

# --------------------------------------------------------------------- ingest


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as a parser found it, before cleaning.

    ``source`` names where it came from (a file path, ``path#line``, a URL,
    ``warc-file#record``) so errors and the export can point back at it.
    """

    id: str
    source: str
    text: str
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    author: str | None = None
    date_source: str | None = None  # "record" | "metadata" | "html" | "feed" | "url"
    fmt: str = "text"  # text | html | feed | jsonl | warc | url


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the unit every later stage works on."""

    id: str
    url: str | None
    outlet: str | None
    outlet_domain: str | None
    title: str
    published: str | None  # ISO 8601 date or date-time, or None when unknown
    language: str | None  # ISO 639-1
    text: str  # cleaned body, paragraphs split by "\n"
    original_text: str  # exactly what the parser produced, for audit
    source: str = ""
    fmt: str = "text"
    author: str | None = None
    outlet_country: str | None = None
    outlet_kind: str = "unknown"  # wire|public|state|commercial|aggregator|unknown
    outlet_family: str | None = None
    date_source: str | None = None
    content_hash: str = ""
    cleaning: tuple[str, ...] = ()  # names of the cleaning rules that changed the text


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be used, with a stable code and a readable reason."""

    source: str
    code: str  # e.g. "binary", "encoding", "empty", "too-large", "parse", "fetch"
    reason: str
    stage: str = "ingest"


# ------------------------------------------------------------------ analysis


@dataclass(frozen=True, slots=True)
class Span:
    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    article_id: str
    text: str
    label: str  # PERSON | ORG | GPE | LOC | NORP | ...
    start: int
    end: int
    canonical: str = ""  # canonical name within the story
    role: str | None = None  # "Secretary of State" etc.


@dataclass(frozen=True, slots=True)
class TimeExpression:
    article_id: str
    text: str
    start: int
    end: int
    value: str | None  # resolved ISO date (or "YYYY-MM-DD/YYYY-MM-DD" range)
    relative: bool  # True when it is relative and could not be anchored
    note: str = ""


@dataclass(frozen=True, slots=True)
class Attribution:
    id: str
    article_id: str
    kind: str  # direct | indirect
    speaker: str | None  # resolved within the article
    speaker_span: str | None  # as written
    speaker_kind: str  # person | organization | outlet | anonymous | unknown
    cue: str | None
    text: str  # what was said
    sentence: str  # the sentence(s) it came from
    start: int = -1  # content offsets in the article text
    end: int = -1
    speaker_start: int = -1
    speaker_end: int = -1
    via: str | None = None  # relaying outlet for nested attribution


@dataclass(frozen=True, slots=True)
class Mention:
    article_id: str
    text: str
    start: int = -1
    end: int = -1
    attribution_id: str | None = None
    outlet: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    story_id: str | None
    text: str
    mentions: tuple[Mention, ...] = ()
    speaker: str | None = None
    speaker_kind: str | None = None
    outlets: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    independent_sources: int = 0
    status: str = "single-source"  # corroborated | single-source | disputed


@dataclass(frozen=True, slots=True)
class Cite:
    outlet: str
    evidence: str


@dataclass(frozen=True, slots=True)
class ProvenanceEdge:
    article_id: str  # the later / relaying article
    source: str  # an article id (copies/paraphrases/translates) or an outlet (cites)
    relation: str  # copies | paraphrases | translates | cites
    evidence: str = ""
    score: float | None = None
    directed_by: str | None = None  # "date" | "citation" | "order"


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    storyline_id: str | None
    article_ids: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Storyline:
    id: str
    title: str
    story_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Contradiction:
    id: str
    story_id: str | None
    claim_ids: tuple[str, ...]
    kind: str  # negation | number | date | stance | supersedes
    evidence: str


@dataclass(frozen=True, slots=True)
class Position:
    actor: str
    issue: str
    stance: str  # supports | opposes | conditional | unclear
    date: str | None
    evidence: str
    article_ids: tuple[str, ...]
    story_id: str | None = None
    storyline_id: str | None = None
    changed: bool = False  # stance differs from this actor's previous one on the issue


@dataclass(frozen=True, slots=True)
class Citation:
    article_id: str
    outlet: str | None
    source_sentence: str


@dataclass(frozen=True, slots=True)
class BriefSentence:
    text: str
    citations: tuple[Citation, ...]
    section: str = "what-happened"
    support: float | None = None


@dataclass(frozen=True, slots=True)
class Briefing:
    id: str
    story_id: str | None
    storyline_id: str | None
    sentences: tuple[BriefSentence, ...]


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the corpus stages produce, passed from stage to stage.

    A stage returns a new Analysis with its own fields filled
    (``dataclasses.replace(prior, stories=...)``); fields it does not own are
    left as they came.
    """

    duplicate_of: dict[str, str] = field(default_factory=dict)
    cites: dict[str, tuple[Cite, ...]] = field(default_factory=dict)
    stories: tuple[Story, ...] = ()
    storylines: tuple[Storyline, ...] = ()
    entities: tuple[Entity, ...] = ()
    time_expressions: tuple[TimeExpression, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    claims: tuple[Claim, ...] = ()
    provenance: tuple[ProvenanceEdge, ...] = ()
    contradictions: tuple[Contradiction, ...] = ()
    positions: tuple[Position, ...] = ()
    briefings: tuple[Briefing, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)  # stage-specific extras (framing, omissions, ...)


def to_dict(record: Any) -> Any:
    """Plain JSON-ready data from a record (tuples become lists)."""
    if is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_dict(getattr(record, f.name)) for f in fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_dict(x) for x in record]
    if isinstance(record, dict):
        return {k: to_dict(v) for k, v in record.items()}
    return record


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Inverse of :func:`to_dict` for the records above (nested tuples rebuilt)."""
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        nested = _NESTED.get((cls.__name__, f.name))
        if nested is not None and value is not None:
            value = tuple(from_dict(nested, v) for v in value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


_NESTED: dict[tuple[str, str], type] = {
    ("Claim", "mentions"): Mention,
    ("Briefing", "sentences"): BriefSentence,
    ("BriefSentence", "citations"): Citation,
}

__all__ = [
    "Analysis",
    "Article",
    "Attribution",
    "BriefSentence",
    "Briefing",
    "Citation",
    "Cite",
    "Claim",
    "Contradiction",
    "Entity",
    "Failure",
    "Mention",
    "Position",
    "ProvenanceEdge",
    "RawDocument",
    "Span",
    "Story",
    "Storyline",
    "TimeExpression",
    "asdict",
    "from_dict",
    "to_dict",
]
