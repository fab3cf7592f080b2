"""The report's view-model: plain data the template only has to lay out.

Everything the page shows is decided here, from whatever the pipeline filled
in: a section whose data is missing is simply empty (and the template hides
it), so the report works with any subset of stages run. Text stays plain
strings; escaping is the template's job (autoescape on, nothing marked safe).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Briefing,
    Claim,
    Contradiction,
    Failure,
    Position,
    ProvenanceEdge,
    Story,
)
from storyline.report import graph as g
from storyline.report.charts import PositionChart, Timeline, day_of, position_chart, timeline
from storyline.report.text import Anchors, Piece, paragraphs, safe_href

UNKNOWN_OUTLET = "unknown outlet"


@dataclass(frozen=True, slots=True)
class Ref:
    """A link to an article in the report."""

    href: str
    outlet: str
    title: str
    day: str


@dataclass(slots=True)
class ArticleView:
    id: str
    anchor: str
    title: str
    outlet: str
    kind: str
    day: str
    url: str | None  # only when http(s)
    url_text: str  # the address as text, whatever it is
    language: str | None
    story_href: str | None
    story_title: str | None
    copy_of: Ref | None
    relations: list[tuple[str, str, Ref | None]]  # (relation, source label, source ref)
    paragraphs: list[list[Piece]]
    attributions: int


@dataclass(frozen=True, slots=True)
class CitedSentence:
    text: str
    cites: tuple[tuple[int, Ref | None, str], ...]  # (number, article, source sentence)


@dataclass(slots=True)
class BriefingView:
    sections: list[tuple[str, list[CitedSentence]]]
    sources: list[tuple[int, Ref | None, str]]  # (number, article, article id)


@dataclass(frozen=True, slots=True)
class Cell:
    state: str  # "carried" | "omitted" | ""
    ref: Ref | None = None


@dataclass(slots=True)
class MatrixRow:
    claim: str
    status: str
    sources: int
    speaker: str | None
    cells: list[Cell]


@dataclass(slots=True)
class Matrix:
    outlets: list[str]
    rows: list[MatrixRow]
    omissions: list[tuple[str, str, list[str]]]  # (outlet, claim text, carried by)


@dataclass(slots=True)
class Side:
    text: str
    speaker: str | None
    status: str
    refs: list[Ref]


@dataclass(slots=True)
class ContradictionView:
    kind: str
    evidence: str
    sides: list[Side | None]


@dataclass(slots=True)
class FramingUnit:
    name: str
    articles: int
    headline_words: list[str]
    distinctive: list[tuple[str, float, str]]  # (term, z, example text)
    voices: list[tuple[str, float]]  # (speaker kind, share)
    top_voices: list[tuple[str, float]]


@dataclass(slots=True)
class StoryView:
    id: str
    anchor: str
    title: str
    dates: str
    storyline: str | None
    refs: list[Ref]
    outlets: list[str]
    languages: list[str]
    claim_count: int
    briefing: BriefingView | None
    graph: g.Graph | None
    isolated: int  # articles with no provenance edge
    matrix: Matrix | None
    contradictions: list[ContradictionView]
    framing: list[FramingUnit]
    group_framing: list[FramingUnit]
    positions: PositionChart | None
    position_rows: list[tuple[Position, list[Ref]]]
    key_claims: list[tuple[Claim, list[Ref]]] = field(default_factory=list)


@dataclass(slots=True)
class StorylineView:
    id: str
    title: str
    stories: list[StoryView]
    briefing: BriefingView | None
    positions: PositionChart | None = None
    position_rows: list[tuple[Position, list[Ref]]] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    counts: list[tuple[str, int, str]]  # (label, number, anchor or "")
    timeline: Timeline | None
    undated: list[StoryView]
    storylines: list[StorylineView]
    stories: list[StoryView]
    articles: list[ArticleView]
    failures: list[Failure]
    positions: PositionChart | None  # positions not tied to any story
    position_rows: list[tuple[Position, list[Ref]]] = field(default_factory=list)


def _dates(first: str | None, last: str | None) -> str:
    a, b = (first or "")[:10], (last or "")[:10]
    if not a and not b:
        return "undated"
    if a and b and a != b:
        return f"{a} – {b}"
    return a or b


class _Builder:
    def __init__(self, articles: Sequence[Article], analysis: Analysis) -> None:
        self.an = analysis
        self.by_id = {a.id: a for a in articles}
        self.art_anchor = Anchors("art")
        self.story_anchor = Anchors("story")
        self.story_of: dict[str, Story] = {}
        for s in analysis.stories:
            for aid in s.article_ids:
                self.story_of.setdefault(aid, s)
        self.claims = {c.id: c for c in analysis.claims}
        self.atts: dict[str, list[Attribution]] = {}
        for att in analysis.attributions:
            self.atts.setdefault(att.article_id, []).append(att)
        # source sentences the briefings cite, found in their article's text: citations link to them
        self.cited: dict[str, dict[str, tuple[int, int, str]]] = {}
        for brief in analysis.briefings:
            for sent in brief.sentences:
                for cit in sent.citations:
                    self._find_cited(cit.article_id, cit.source_sentence)
        # indexes by story and article, so building stays linear in the size of the analysis
        self.claims_of: dict[str | None, list[Claim]] = {}
        for c in analysis.claims:
            self.claims_of.setdefault(c.story_id, []).append(c)
        story_of_claim = {c.id: c.story_id for c in analysis.claims}
        self.contradictions_of: dict[str | None, list[Contradiction]] = {}
        for x in analysis.contradictions:
            sids = {x.story_id} if x.story_id else {story_of_claim.get(cid) for cid in x.claim_ids} - {None}
            for sid in sids:
                self.contradictions_of.setdefault(sid, []).append(x)
        self.positions_of: dict[str | None, list[Position]] = {}
        for p in analysis.positions:
            if not p.storyline_id:
                self.positions_of.setdefault(p.story_id, []).append(p)
        self.briefing_of: dict[str, Briefing] = {}
        for b in analysis.briefings:
            key = f"story:{b.story_id}" if b.story_id else f"line:{b.storyline_id}"
            self.briefing_of.setdefault(key, b)
        self.edges_of: dict[str, list[ProvenanceEdge]] = {}
        for e in analysis.provenance:
            self.edges_of.setdefault(e.article_id, []).append(e)
        self.omissions_of: dict[Any, list[dict[str, Any]]] = {}
        for o in _list(analysis.extras.get("omissions")):
            if isinstance(o, dict):
                self.omissions_of.setdefault(o.get("story_id"), []).append(o)
        self.framing_of: dict[Any, dict[str, Any]] = {}
        for f in _list(analysis.extras.get("framing")):
            if isinstance(f, dict):
                self.framing_of.setdefault(f.get("story_id"), f)

    def _find_cited(self, aid: str, sentence: str) -> None:
        art = self.by_id.get(aid)
        found = self.cited.setdefault(aid, {})
        wanted = sentence.strip()
        if art is None or not wanted or sentence in found:
            return
        start = art.text.find(wanted)
        if start >= 0:
            digest = hashlib.sha1(f"{aid}\x00{wanted}".encode()).hexdigest()[:12]
            found[sentence] = (start, start + len(wanted), f"src-{digest}")

    def ref(self, aid: str) -> Ref | None:
        a = self.by_id.get(aid)
        if a is None:
            return None
        return Ref(
            "#" + self.art_anchor(aid),
            a.outlet or UNKNOWN_OUTLET,
            a.title or "Untitled",
            (a.published or "")[:10],
        )

    def refs(self, ids: Sequence[str]) -> list[Ref]:
        seen: dict[str, Ref] = {}
        for aid in ids:
            r = self.ref(aid)
            if r is not None and aid not in seen:
                seen[aid] = r
        return list(seen.values())

    # ---------------------------------------------------------------- briefing

    def cite_ref(self, aid: str, sentences: Sequence[str]) -> Ref | None:
        """A link to the first cited sentence found in the article's text, else to the article."""
        ref = self.ref(aid)
        spots = self.cited.get(aid, {})
        for sentence in sentences:
            if ref is not None and sentence in spots:
                return replace(ref, href="#" + spots[sentence][2])
        return ref

    def briefing(self, b: Briefing | None) -> BriefingView | None:
        if b is None or not b.sentences:
            return None
        numbers: dict[str, int] = {}
        sections: list[tuple[str, list[CitedSentence]]] = []
        for s in b.sentences:
            by_article: dict[str, list[str]] = {}  # one mark per cited article, its sentences pooled
            for c in s.citations:
                numbers.setdefault(c.article_id, len(numbers) + 1)
                by_article.setdefault(c.article_id, []).append(c.source_sentence)
            cites = sorted(
                (numbers[aid], self.cite_ref(aid, sents), " … ".join(dict.fromkeys(sents)))
                for aid, sents in by_article.items()
            )
            name = s.section.replace("-", " ").capitalize()
            if not sections or sections[-1][0] != name:
                sections.append((name, []))
            sections[-1][1].append(CitedSentence(s.text, tuple(cites)))
        sources = [(n, self.ref(aid), aid) for aid, n in numbers.items()]
        return BriefingView(sections, sources)

    # -------------------------------------------------------------- provenance

    def graph(self, story: Story) -> tuple[g.Graph | None, int]:
        ids = [a for a in story.article_ids if a in self.by_id]
        members = set(ids)
        nodes: dict[str, g.Node] = {}
        order: dict[str, tuple[str, str]] = {}
        by_outlet: dict[str, str] = {}
        for aid in sorted(ids, key=lambda i: ((self.by_id[i].published or "9999"), i)):
            a = self.by_id[aid]
            by_outlet.setdefault((a.outlet or "").casefold(), aid)
            nodes[aid] = g.Node(aid, a.outlet or UNKNOWN_OUTLET, (a.published or "undated")[:10],
                                "#" + self.art_anchor(aid), a.title or "Untitled")  # fmt: skip
            order[aid] = (a.published or "9999", aid)

        def source_key(source: str) -> str:
            if source in members or source in self.by_id:
                return source
            found = by_outlet.get(source.casefold())
            if found:
                return found  # a cited outlet with an article in the story: that article
            key = "outlet:" + source
            nodes.setdefault(key, g.Node(key, source, "cited outlet", None, f"Cited outlet: {source}"))
            order.setdefault(key, ("", key))
            return key

        edges: dict[tuple[str, str, str], g.Edge] = {}
        for e in (e for aid in ids for e in self.edges_of.get(aid, [])):
            src = source_key(e.source)
            if src not in nodes:
                ext = self.by_id[src]
                nodes[src] = g.Node(src, ext.outlet or UNKNOWN_OUTLET, (ext.published or "undated")[:10],
                                    "#" + self.art_anchor(src), ext.title or "Untitled")  # fmt: skip
                order[src] = (ext.published or "9999", src)
            edges.setdefault(
                (src, e.article_id, e.relation), g.Edge(src, e.article_id, e.relation, e.evidence, e.score)
            )
        for aid in ids:
            dup = self.an.duplicate_of.get(aid)
            if dup and dup in self.by_id and not any(k[:2] == (source_key(dup), aid) for k in edges):
                edges[(source_key(dup), aid, "copies")] = g.Edge(dup, aid, "copies", "near-duplicate text")
            for cite in self.an.cites.get(aid, ()):
                src = source_key(cite.outlet)
                if src != aid and not any(k[:2] == (src, aid) for k in edges):
                    edges[(src, aid, "cites")] = g.Edge(src, aid, "cites", cite.evidence)
        if not edges:
            return None, len(ids)
        relaying = {k[1] for k in edges}
        sources = {k[0] for k in edges}
        # an origin is relayed by others and relays nobody; a claim's origins (which may name any
        # outlet that first reported some side detail) would mark nearly every box
        marked = [
            g.Node(n.key, n.label, n.sub, n.href, n.title, key in sources and key not in relaying)
            for key, n in nodes.items()
        ]
        laid = g.layout(marked, list(edges.values()), order)
        return laid, len([a for a in ids if a not in sources | relaying])

    # ----------------------------------------------------------------- matrix

    def matrix(self, story: Story, claims: list[Claim], omissions: list[dict[str, Any]]) -> Matrix | None:
        arts = sorted((self.by_id[a] for a in story.article_ids if a in self.by_id),
                      key=lambda a: (a.published or "9999", a.id))  # fmt: skip
        outlets: list[str] = []
        for a in arts:
            name = a.outlet or UNKNOWN_OUTLET
            if name not in outlets:
                outlets.append(name)
        if len(outlets) < 2 or not claims:
            return None
        omitted = {(o.get("claim_id"), o.get("outlet")) for o in omissions}
        rows = []
        for c, ids in merge_same_text(claims):
            carried: dict[str, Ref] = {}
            for m in c.mentions:
                art = self.by_id.get(m.article_id)
                name = m.outlet or (art.outlet if art else None) or UNKNOWN_OUTLET
                r = self.ref(m.article_id)
                if r is not None:
                    carried.setdefault(name, r)
            if not carried:
                continue
            cells = [
                Cell("carried", carried[o])
                if o in carried
                else Cell("omitted" if any((i, o) in omitted for i in ids) else "")
                for o in outlets
            ]
            rows.append(MatrixRow(c.text, c.status, c.independent_sources, c.speaker, cells))
        rows.sort(key=lambda r: (-sum(x.state == "carried" for x in r.cells), -r.sources, r.claim))
        notes = [(str(o.get("outlet", "")), str(o.get("claim_text", "")), [str(x) for x in _list(o.get("carried_by"))])
                 for o in omissions]  # fmt: skip
        return Matrix(outlets, rows, notes) if rows else None

    # --------------------------------------------------------- contradictions

    def contradiction(self, c: Contradiction) -> ContradictionView:
        sides: list[Side | None] = []
        for cid in c.claim_ids:
            claim = self.claims.get(cid)
            if claim is None:
                sides.append(None)
                continue
            sides.append(
                Side(
                    claim.text, claim.speaker, claim.status, self.refs([m.article_id for m in claim.mentions])
                )
            )
        return ContradictionView(c.kind, c.evidence, sides)

    # ---------------------------------------------------------------- framing

    @staticmethod
    def unit(name: str, u: dict[str, Any]) -> FramingUnit:
        """One outlet's (or group's) framing evidence; malformed parts are skipped, never fatal."""
        distinctive = []
        for d in _list(u.get("distinctive")):
            if isinstance(d, dict) and d.get("significant"):
                example = _dict(d.get("example")).get("text", "")
                distinctive.append((str(d.get("term", "")), _num(d.get("z")), str(example or "")))
        voices = _dict(u.get("voices"))
        by_kind = sorted(
            ((str(k), _num(v)) for k, v in _dict(voices.get("by_kind")).items()), key=lambda kv: -kv[1]
        )
        by_speaker = sorted(
            ((str(k), _num(v)) for k, v in _dict(voices.get("by_speaker")).items()), key=lambda kv: -kv[1]
        )
        words = [str(w[0]) for w in _list(u.get("headline_words")) if isinstance(w, (list, tuple)) and w]
        return FramingUnit(
            name, int(_num(u.get("articles"))), words[:8], distinctive[:6], by_kind, by_speaker[:4]
        )

    def framing(self, entry: dict[str, Any] | None) -> tuple[list[FramingUnit], list[FramingUnit]]:
        if not entry:
            return [], []
        by_outlet, by_group = _dict(entry.get("by_outlet")), _dict(entry.get("by_group"))
        outlets = [self.unit(str(k), v) for k, v in sorted(by_outlet.items()) if isinstance(v, dict)]
        groups = [
            self.unit(_group_name(str(k)), v) for k, v in sorted(by_group.items()) if isinstance(v, dict)
        ]
        return outlets, groups

    # ---------------------------------------------------------------- stories

    def story(self, s: Story, storyline: str | None) -> StoryView:
        claims = self.claims_of.get(s.id, [])
        omissions = self.omissions_of.get(s.id, [])
        framing = self.framing_of.get(s.id)
        contradictions = self.contradictions_of.get(s.id, [])
        positions = self.positions_of.get(s.id, [])
        graph, isolated = self.graph(s)
        outlets_f, groups_f = self.framing(framing)
        refs = sorted(self.refs(s.article_ids), key=lambda r: (r.day or "9999", r.outlet))
        return StoryView(
            id=s.id, anchor=self.story_anchor(s.id), title=s.title or "Untitled story",
            dates=_dates(s.first_seen, s.last_seen), storyline=storyline, refs=refs,
            outlets=sorted({r.outlet for r in refs}), languages=list(s.languages), claim_count=len(claims),
            briefing=self.briefing(self.briefing_of.get(f"story:{s.id}")),
            graph=graph, isolated=isolated, matrix=self.matrix(s, claims, omissions),
            contradictions=[self.contradiction(c) for c in contradictions],
            framing=outlets_f, group_framing=groups_f,
            positions=position_chart(positions), position_rows=self.position_rows(positions),
            key_claims=self.key_claims(claims),
        )  # fmt: skip

    def key_claims(self, claims: Sequence[Claim], most: int = 5) -> list[tuple[Claim, list[Ref]]]:
        """The story's best-sourced claims: shown when no briefing exists yet."""

        def weight(c: Claim) -> tuple[int, int, int, str]:
            outlets = {m.outlet or m.article_id for m in c.mentions}
            return (-c.independent_sources, -len(outlets), -len(c.mentions), c.text)

        top = sorted((c for c, _ in merge_same_text(claims)), key=weight)[:most]
        return [(c, self.refs([m.article_id for m in c.mentions])) for c in top]

    def position_rows(self, positions: Sequence[Position]) -> list[tuple[Position, list[Ref]]]:
        ordered = sorted(positions, key=lambda p: (p.actor.casefold(), p.issue.casefold(), p.date or "9999"))
        return [(p, self.refs(p.article_ids)) for p in ordered]

    # --------------------------------------------------------------- articles

    def article(self, a: Article) -> ArticleView:
        story = self.story_of.get(a.id)
        dup = self.an.duplicate_of.get(a.id)
        relations: list[tuple[str, str, Ref | None]] = []
        # a cited outlet with an article in the same story links to that (earliest) article
        same_story = sorted(
            (self.by_id[i] for i in (story.article_ids if story else ()) if i in self.by_id and i != a.id),
            key=lambda x: (x.published or "9999", x.id),
        )
        by_outlet: dict[str, str] = {}
        for other in same_story:
            by_outlet.setdefault((other.outlet or "").casefold(), other.id)

        def relation(rel: str, source: str) -> tuple[str, str, Ref | None]:
            r = self.ref(source) or self.ref(by_outlet.get(source.casefold(), ""))
            return (rel, r.outlet if r else source, r)

        for e in self.edges_of.get(a.id, []):
            relations.append(relation(e.relation, e.source))
        for cite in self.an.cites.get(a.id, ()):
            if not any(
                rel == "cites" and label.casefold() == cite.outlet.casefold() for rel, label, _ in relations
            ):
                relations.append(relation("cites", cite.outlet))
        atts = self.atts.get(a.id, [])
        return ArticleView(
            id=a.id, anchor=self.art_anchor(a.id), title=a.title or "Untitled", outlet=a.outlet or UNKNOWN_OUTLET,
            kind=a.outlet_kind if a.outlet_kind != "unknown" else "", day=(a.published or "undated")[:10],
            url=safe_href(a.url), url_text=a.url or "", language=a.language,
            story_href="#" + self.story_anchor(story.id) if story else None,
            story_title=story.title if story else None,
            copy_of=self.ref(dup) if dup else None, relations=relations,
            paragraphs=paragraphs(a.text, atts, list(self.cited.get(a.id, {}).values())), attributions=len(atts),
        )  # fmt: skip


def merge_same_text(claims: Sequence[Claim]) -> list[tuple[Claim, frozenset[str]]]:
    """Claims with the same wording (case and spacing aside) as one, their mentions pooled.

    Until claim alignment merges them, a verbatim copy's claims repeat the
    original's word for word; one row per wording keeps the matrix readable.
    """
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        groups.setdefault(" ".join(c.text.casefold().split()), []).append(c)
    out = []
    for same in groups.values():
        first = same[0]
        if len(same) > 1:
            statuses = {c.status for c in same}
            first = replace(
                first,
                mentions=tuple(m for c in same for m in c.mentions),
                independent_sources=max(c.independent_sources for c in same),
                status="disputed" if "disputed" in statuses else first.status,
            )
        out.append((first, frozenset(c.id for c in same)))
    return out


def _dict(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def _num(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def _group_name(key: str) -> str:
    kind, _, value = key.partition(":")
    labels = {
        "country": "Outlets from",
        "kind": "Outlets of kind",
        "family": "Outlet family",
        "group": "Group",
    }
    return f"{labels.get(kind, kind)} {value}" if value else key


def build(articles: Sequence[Article], analysis: Analysis, failures: Sequence[Failure]) -> Report:
    """The whole report's view-model from what the pipeline produced."""
    b = _Builder(articles, analysis)
    for a in articles:  # articles get their anchors first: readable ids win over later collisions
        b.art_anchor(a.id)
    placed: set[str] = set()
    storylines: list[StorylineView] = []
    story_by_id = {s.id: s for s in analysis.stories}
    positions_of_line: dict[str, list[Position]] = {}
    for p in analysis.positions:
        if p.storyline_id:
            positions_of_line.setdefault(p.storyline_id, []).append(p)
    for line in analysis.storylines:
        views = []
        for sid in line.story_ids:
            s = story_by_id.get(sid)
            if s is not None and sid not in placed:
                placed.add(sid)
                views.append(b.story(s, line.title))
        if views:
            brief = b.briefing(b.briefing_of.get(f"line:{line.id}"))
            mine = positions_of_line.get(line.id, [])
            storylines.append(
                StorylineView(line.id, line.title or views[0].title, views, brief,
                              position_chart(mine), b.position_rows(mine))
            )  # fmt: skip
    loose = [b.story(s, None) for s in analysis.stories if s.id not in placed]
    loose.sort(key=lambda v: (v.dates == "undated", v.dates, v.title))
    if loose:
        storylines.append(StorylineView("", "Other stories", loose, None))
    stories = [v for line in storylines for v in line.stories]

    groups = [(line.title, [(v.title, "#" + v.anchor, v.dates[:10] if v.dates != "undated" else None,
                             v.dates[-10:] if v.dates != "undated" else None, len(v.refs)) for v in line.stories])
              for line in storylines]  # fmt: skip
    undated = [v for v in stories if v.dates == "undated"]

    line_ids = {line.id for line in analysis.storylines}
    free = [
        p for p in analysis.positions
        if p.storyline_id not in line_ids and (p.storyline_id or p.story_id not in story_by_id)
    ]  # fmt: skip
    claims = analysis.claims
    status = Counter(c.status for c in claims)
    counts = [
        ("articles", len(articles), "articles"),
        ("outlets", len({a.outlet for a in articles if a.outlet}), ""),
        ("stories", len(analysis.stories), "stories"),
        ("storylines", len(analysis.storylines), ""),
        ("claims", len(claims), ""),
        ("corroborated", status.get("corroborated", 0), ""),
        ("contradictions", len(analysis.contradictions), ""),
        ("provenance links", len(analysis.provenance), ""),
        ("positions", len(analysis.positions), "positions" if free else ""),
        ("failed inputs", len(failures), "failures"),
    ]
    article_views = sorted(
        (b.article(a) for a in articles), key=lambda v: (v.story_href is None, v.day, v.outlet, v.id)
    )
    return Report(
        counts=[c for c in counts if c[1] or c[0] in ("articles", "stories")],
        timeline=timeline(groups), undated=undated, storylines=storylines, stories=stories,
        articles=article_views, failures=list(failures),
        positions=position_chart(free), position_rows=b.position_rows(free),
    )  # fmt: skip


__all__ = ["Report", "build", "day_of"]
