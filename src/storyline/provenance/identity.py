"""One name and one family key per outlet, through the outlet registry.

"CNN", "CNN.com" and "cnn.com" resolve to one registry outlet; its family key
("fam:" + the family) makes a publisher's editions and sister channels one
source. An outlet the registry does not know is its own family, keyed by its
normalised name, so "the Kestrel Herald" in running text and an article whose
outlet field reads "Kestrel Herald" still meet.
"""

from __future__ import annotations

from storyline.clean.outlets import OutletRegistry, name_key
from storyline.records import Article


def identity(registry: OutletRegistry, name: str | None, url: str | None = None) -> tuple[str, str] | None:
    """``(display name, family key)`` of an outlet written as ``name`` (or owning ``url``)."""
    hit = registry.resolve(name, url)
    if hit is not None:
        return hit.name, "fam:" + name_key(hit.family or hit.name)
    if name and name.strip():
        bare = name.strip()
        if bare.lower().startswith("the "):
            bare = bare[4:]
        return bare, name_key(bare)
    return None


def article_identity(registry: OutletRegistry, article: Article) -> tuple[str, str]:
    """The publishing outlet of ``article``; an article of unknown outlet is a source of its own."""
    who = identity(registry, article.outlet, article.url or article.outlet_domain)
    if who is None and article.outlet_domain:
        who = (article.outlet_domain, name_key(article.outlet_domain))
    if who is None:
        return f"unknown outlet ({article.id})", f"article:{article.id}"
    if article.outlet_family and not who[1].startswith("fam:"):
        return who[0], "fam:" + name_key(article.outlet_family)
    return who


__all__ = ["article_identity", "identity"]
