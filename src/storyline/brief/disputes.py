"""Disputes: the contradictions touching a story (or storyline), as two sides with their own sources.

The compare stage files a contradiction as a pair of claim ids, often several
pairs for one dispute (three outlets report a deal, one ministry denies it) and
sometimes both orders of one pair. Pairs are joined into disputes (connected
claims) and each dispute's claims are split into two sides by two-colouring
(claims contradicting each other land on opposite sides). In the rare odd cycle
a claim keeps the side it was reached on first; the lines stay true, as each
quotes its own source. A claim without a sentence to quote is left out, and a
dispute is shown only when both sides have one.
"""

from __future__ import annotations

from collections import deque

from storyline.brief.context import BriefContext
from storyline.brief.sentences import SourceSentence
from storyline.records import Claim

PER_SIDE = 3  # sentences shown per side of one dispute


def _touching(ctx: BriefContext, story_ids: set[str]) -> list[tuple[str, str]]:
    """Unordered claim-id pairs of the contradictions filed under, or about a claim of, the stories."""
    pairs: set[tuple[str, str]] = set()
    for con in (c for sid in sorted(story_ids) for c in ctx.cons_by_story.get(sid, [])):
        if con.kind == "supersedes" or len(con.claim_ids) != 2:
            continue
        a, b = (ctx.claims_by_id.get(cid) for cid in con.claim_ids)
        if a is None or b is None or a.id == b.id:
            continue
        if con.story_id in story_ids or a.story_id in story_ids or b.story_id in story_ids:
            pairs.add((min(a.id, b.id), max(a.id, b.id)))
    return sorted(pairs)


def disputes(ctx: BriefContext, story_ids: set[str]) -> list[tuple[list[Claim], list[Claim]]]:
    """The disputes touching the stories (one, or a storyline's) as (one side, other side), earliest first."""
    links: dict[str, set[str]] = {}
    for a, b in _touching(ctx, story_ids):
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)
    sentences = {cid: ctx.claim_sentences(ctx.claims_by_id[cid]) for cid in links}

    def first(cid: str) -> tuple[int, int, str]:
        sents = sentences[cid]
        if not sents:
            return (len(ctx.order) + 1, 0, cid)
        return min((ctx.order.get(s.article_id, len(ctx.order)), s.start, cid) for s in sents)

    side: dict[str, int] = {}
    out = []
    for start in sorted(links, key=first):
        if start in side:
            continue
        side[start] = 0
        members = [start]
        queue = deque([start])
        while queue:
            cid = queue.popleft()
            for nxt in sorted(links[cid]):
                if nxt not in side:
                    side[nxt] = 1 - side[cid]
                    members.append(nxt)
                    queue.append(nxt)
        one = [ctx.claims_by_id[c] for c in sorted(members, key=first) if side[c] == 0 and sentences[c]]
        other = [ctx.claims_by_id[c] for c in sorted(members, key=first) if side[c] == 1 and sentences[c]]
        if one and other:
            out.append((one, other))
    return out


def side_sentences(ctx: BriefContext, claims: list[Claim]) -> list[list[SourceSentence]]:
    """Per claim of a side, its sentences (earliest first); claims quoting an already listed sentence are skipped."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for claim in claims:
        sents = sorted(ctx.claim_sentences(claim), key=lambda s: (ctx.order.get(s.article_id, 0), s.start))
        if not sents or sents[0].key in seen:
            continue
        seen.update(s.key for s in sents)
        out.append(sents)
        if len(out) >= PER_SIDE:
            break
    return out
