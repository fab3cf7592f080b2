"""Claims most of a story's outlets carry that one outlet leaves out.

A claim counts as widely carried when at least ``min_share`` of the story's
outlets carry it and the story has at least ``min_outlets`` outlets; each
outlet of the story that does not carry it gets one omission entry. Outlets are
read from the claim's mentions (as the provenance stage merged them), falling
back to ``Claim.outlets``.

Shape of each entry in ``extras["omissions"]``::

    {"story_id": str, "outlet": str, "claim_id": str, "claim_text": str,
     "carried_by": [outlet, ...]}   # sorted
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storyline.records import Article, Claim, Story

MIN_SHARE = 0.6
MIN_OUTLETS = 3


def claim_outlets(claim: Claim, outlet_of: dict[str, str]) -> set[str]:
    """Outlets carrying a claim: its mentions' outlets (or their articles'), else ``Claim.outlets``."""
    found = {m.outlet or outlet_of.get(m.article_id, "") for m in claim.mentions}
    found.discard("")
    return found or set(claim.outlets)


def find_omissions(
    story: Story,
    claims: Iterable[Claim],
    articles: dict[str, Article],
    min_share: float = MIN_SHARE,
    min_outlets: int = MIN_OUTLETS,
) -> list[dict[str, Any]]:
    """Omission entries of one story (empty when it has fewer than ``min_outlets`` outlets)."""
    outlet_of = {a: articles[a].outlet or "" for a in story.article_ids if a in articles}
    outlets = {o for o in outlet_of.values() if o}
    if len(outlets) < min_outlets:
        return []
    out: list[dict[str, Any]] = []
    for claim in claims:
        carried = claim_outlets(claim, outlet_of) & outlets
        if len(carried) < 2 or len(carried) / len(outlets) < min_share or carried == outlets:
            continue
        for outlet in sorted(outlets - carried):
            out.append(
                {
                    "story_id": story.id,
                    "outlet": outlet,
                    "claim_id": claim.id,
                    "claim_text": claim.text,
                    "carried_by": sorted(carried),
                }
            )
    return out
