"""The provenance stage: citations, text reuse, claim alignment, origins and counts.

Order of work (each step in its own module):

1. :mod:`.citations` — who each article says it is reporting from → ``Analysis.cites``
   and ``cites`` edges (source = the cited outlet's registry name).
2. :mod:`.merge` — claims of one story aligned across articles and languages
   (embeddings cached per claim in the store) → one claim, several mentions.
3. :mod:`.reuse` — whole-article ``paraphrases`` / ``translates`` edges from the aligned
   claims; the dedup stage's ``copies`` edges are kept as they are and never doubled.
4. :mod:`.origins` — per claim: ``outlets``, ``origins``, ``independent_sources``, ``status``.

Rerunning the stage on its own output gives the same result: edges this stage owns
are rebuilt, not appended again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import numpy as np

from storyline.clean.outlets import load_registry
from storyline.embed import Embedder, get_embedder
from storyline.errors import ConfigError
from storyline.pipeline import stream_order
from storyline.provenance.align import PairModel, load_model
from storyline.provenance.citations import FoundCite, find_citations
from storyline.provenance.identity import article_identity, identity
from storyline.provenance.merge import AlignedPair, align_story, merge_claims
from storyline.provenance.origins import ArticleFacts, cited_outlet, with_counts
from storyline.provenance.reuse import reuse_edges
from storyline.records import Analysis, Article, Attribution, Cite, Claim, Mention, ProvenanceEdge

OWN_RELATIONS = ("paraphrases", "translates", "cites")
REUSE_RELATIONS = ("copies", "paraphrases", "translates")
CACHE_KIND = "emb:claim"
GROUP_CLAIMS = 4096  # claims embedded and aligned at a time: bounds the vectors held (hashing: 4 KB each)
EMBED_BATCH = 1024  # claims per embedding call (hashing: ~8 dense float64 arrays of 1024 x 1024 per call)


def claim_vectors(claims: Sequence[Claim], store: Any, embedder: Embedder) -> np.ndarray:
    """Unit vectors of the claims' texts, cached in the store by claim id (ids encode article + span)."""
    out = np.zeros((len(claims), embedder.dim), dtype=np.float32)
    if not claims:
        return out
    ids = [c.id for c in claims]
    cached = store.get_vectors(CACHE_KIND, embedder.version, ids) if store is not None else {}
    missing: list[int] = []
    for i, cid in enumerate(ids):
        vec = cached.get(cid)
        if vec is not None and vec.shape == (embedder.dim,):
            out[i] = vec
        else:
            missing.append(i)
    for at in range(
        0, len(missing), EMBED_BATCH
    ):  # bounded batches: the embedder's work arrays grow with one
        part = missing[at : at + EMBED_BATCH]
        vecs = embedder.embed_queries([claims[i].text for i in part])
        out[part] = vecs
        if store is not None:
            store.put_vectors(CACHE_KIND, embedder.version, {ids[i]: vecs[k] for k, i in enumerate(part)})
    return out


def _cites_of(found: dict[str, list[FoundCite]]) -> dict[str, tuple[Cite, ...]]:
    out: dict[str, tuple[Cite, ...]] = {}
    for aid, cs in found.items():
        seen: list[Cite] = []
        for c in cs:
            cite = Cite(c.outlet, c.evidence)
            if cite not in seen:
                seen.append(cite)
        if seen:
            out[aid] = tuple(seen)
    return out


def _cite_edges(found: dict[str, list[FoundCite]]) -> list[ProvenanceEdge]:
    edges: list[ProvenanceEdge] = []
    for aid, cs in found.items():
        done: set[str] = set()
        for c in cs:
            if c.outlet not in done:
                done.add(c.outlet)
                edges.append(ProvenanceEdge(aid, c.outlet, "cites", c.evidence[:160], None, "citation"))
    return edges


def align_claims(
    claims: Sequence[Claim],
    articles: dict[str, Article],
    store: Any,
    embedder: Embedder,
    same_language: Embedder | None = None,
) -> list[AlignedPair]:
    """Aligned claim pairs, story by story (claims of stories with one article are not embedded).

    With ``same_language`` (another embedder, e.g. hashing beside E5), pairs within one
    language are scored on its vectors with its weights, and only the claims of stories
    written in more than one language are embedded with ``embedder``, for their pairs
    across languages.
    """
    if same_language is None or same_language.name == embedder.name:
        same_language = None
    model = load_model((same_language or embedder).name)
    by_story: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        if c.story_id is not None:
            by_story[c.story_id].append(c)
    language = {aid: a.language for aid, a in articles.items()}
    shared = [
        by_story[sid]
        for sid in sorted(by_story)
        if len({c.mentions[0].article_id for c in by_story[sid]}) > 1
    ]
    pairs: list[AlignedPair] = []
    for group in _groups(shared):
        pairs.extend(_align_group(group, language, store, embedder, same_language, model))
    return pairs


def _groups(stories: list[list[Claim]]) -> Iterator[list[list[Claim]]]:
    """Consecutive stories, about :data:`GROUP_CLAIMS` claims at a time (a larger story alone)."""
    group: list[list[Claim]] = []
    size = 0
    for members in stories:
        group.append(members)
        size += len(members)
        if size >= GROUP_CLAIMS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _align_group(
    shared: list[list[Claim]],
    language: dict[str, str | None],
    store: Any,
    embedder: Embedder,
    same_language: Embedder | None,
    model: PairModel,
) -> list[AlignedPair]:
    # one embedding call and one store look-up for a group of stories: per story, setting up the
    # call cost more than embedding a story's claims with the hashing embedder
    vecs = claim_vectors([c for members in shared for c in members], store, same_language or embedder)
    mixed: list[int] = []  # stories written in more than one language
    if same_language is not None:
        mixed = [
            k
            for k, members in enumerate(shared)
            if len({language.get(c.mentions[0].article_id) for c in members} - {None, ""}) > 1
        ]
    cross_vecs = claim_vectors([c for k in mixed for c in shared[k]], store, embedder)
    translate = load_model(embedder.name).translate_cos
    cross_at: dict[int, int] = {}
    at = 0
    for k in mixed:
        cross_at[k] = at
        at += len(shared[k])
    pairs: list[AlignedPair] = []
    start = 0
    for k, members in enumerate(shared):
        cross = None
        if k in cross_at:
            cross = (cross_vecs[cross_at[k] : cross_at[k] + len(members)], translate)
        pairs.extend(align_story(members, vecs[start : start + len(members)], language, model, cross))
        start += len(members)
    return pairs


SAME_LANGUAGE = ("hashing", "embedder")


def stage_embedder(config: Any) -> Embedder:
    """The embedder for claim alignment: ``[stages.provenance] embedder`` if set, else the global one.

    ``"hashing"`` trades cross-language alignment for speed on large corpora (E5 embeds
    ~40 claims/s on 2 cores; hashing thousands).
    """
    name = _options(config).get("embedder")
    if name is None:
        return get_embedder(config)
    if name not in ("auto", "e5", "hashing"):
        raise ConfigError(f"stages.provenance.embedder must be 'auto', 'e5' or 'hashing', not {name!r}")
    return get_embedder(SimpleNamespace(embedder=name))


def same_language_embedder(config: Any) -> Embedder | None:
    """``[stages.provenance] same_language``: the embedder pairs within one language are scored on.

    ``"hashing"`` (default): hashed n-grams, as good as E5 for re-reports within a language
    (MSRP test F1 0.815 vs 0.814, bench/provenance.py) at a thousandth of the cost, so E5
    embeds only the claims of stories in more than one language. ``"embedder"``: the
    stage embedder for every pair (E5 embeds every claim of a story with two articles).
    """
    choice = _options(config).get("same_language", "hashing")
    if choice not in SAME_LANGUAGE:
        raise ConfigError(
            f"stages.provenance.same_language must be one of {list(SAME_LANGUAGE)}, not {choice!r}"
        )
    return get_embedder(SimpleNamespace(embedder="hashing")) if choice == "hashing" else None


def _options(config: Any) -> dict[str, Any]:
    options = config.stage("provenance") if hasattr(config, "stage") else {}
    unknown = set(options) - {"embedder", "same_language"}
    if unknown:
        raise ConfigError(
            f"stages.provenance: unknown option(s) {sorted(unknown)}; known: ['embedder', 'same_language']"
        )
    return dict(options)


def run(ctx: Any, prior: Analysis) -> Analysis:
    """Fill ``cites``, the reuse and citation edges of ``provenance``, and merged, counted ``claims``."""
    registry = load_registry(getattr(ctx.config, "outlets_file", None))
    articles = {a.id: a for a in ctx.articles}
    # earliest first, even when the articles come unsorted
    rank = {a.id: i for i, a in enumerate(stream_order(ctx.articles))}
    ctx.tick("provenance", 0, len(articles))
    found = {aid: find_citations(a, registry) for aid, a in articles.items()}
    who = {aid: article_identity(registry, a) for aid, a in articles.items()}

    claims = [c for c in prior.claims if c.mentions and c.mentions[0].article_id in articles]
    pairs = align_claims(
        claims, articles, ctx.store, stage_embedder(ctx.config), same_language_embedder(ctx.config)
    )
    known = {c.id for c in claims}
    merged = merge_claims(claims, pairs, rank) + [c for c in prior.claims if c.id not in known]

    kept = [e for e in prior.provenance if e.relation not in OWN_RELATIONS]
    linked = {frozenset((e.article_id, e.source)) for e in kept if e.relation == "copies"}
    cited_fams = {aid: {_family_key(registry, c.outlet) for c in cs} for aid, cs in found.items()}
    family = {aid: fam for aid, (_, fam) in who.items()}
    facts = {aid: _facts(who[aid], found[aid], registry) for aid in articles}
    atts = {a.id: a for a in prior.attributions}

    def speaker(m: Mention) -> tuple[str, str] | None:
        return _speaker_outlet(m, atts, registry)

    cited_claims: dict[str, str] = {}
    for c in claims:
        src = cited_outlet(facts[c.mentions[0].article_id], c.mentions[0], speaker)
        if src is not None:
            cited_claims[c.id] = src[1]
    reuse = reuse_edges(claims, pairs, articles, cited_fams, family, rank, linked, cited_claims)
    edges = kept + reuse + _cite_edges(found)

    sources: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e.relation in REUSE_RELATIONS and e.source in articles:
            sources[e.article_id].add(e.source)
    for later, root in prior.duplicate_of.items():
        if root in articles:
            sources[later].add(root)
    facts = {aid: replace(f, sources=frozenset(sources[aid] - {aid})) for aid, f in facts.items()}
    counted = with_counts(merged, facts, speaker)
    ctx.tick("provenance", len(articles), len(articles))
    return replace(prior, cites=_cites_of(found), provenance=tuple(edges), claims=tuple(counted))


def _family_key(registry: Any, name: str) -> str:
    hit = identity(registry, name)
    return hit[1] if hit is not None else name


def _facts(who: tuple[str, str], found: list[FoundCite], registry: Any) -> ArticleFacts:
    credit = next((c for c in found if c.kind == "credit"), None)
    credit_id = identity(registry, credit.outlet) if credit is not None else None
    cites = []
    for c in found:
        if c.kind != "cite":
            continue
        ident = identity(registry, c.outlet)
        if ident is not None:
            cites.append((c.start, c.end, ident[0], ident[1]))
    return ArticleFacts(outlet=who[0], family=who[1], credit=credit_id, cites=tuple(cites))


def _speaker_outlet(m: Mention, atts: dict[str, Attribution], registry: Any) -> tuple[str, str] | None:
    """The outlet a mention's attribution names: its speaker when that is an outlet, else its ``via``."""
    a = atts.get(m.attribution_id or "")
    if a is None:
        return None
    if a.speaker_kind == "outlet" and a.speaker:
        return identity(registry, a.speaker)
    if a.via:
        return identity(registry, a.via)
    return None


__all__ = ["align_claims", "claim_vectors", "run"]
