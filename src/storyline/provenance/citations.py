"""Citations between outlets: which outlet an article says it is reporting from.

Patterns (cue words from ``resources/citation_cues_en.txt``, outlet names from the
outlet registry, so "CNN", "CNN.com" and "cnn.com" are one outlet):

* a cue after the name: "CNN reports", "the WSJ first reported", "Politico's reporting";
* a cue before it: "according to the WSJ", "reports CNN", "as relayed by Axios";
* people of the outlet: "an Axios source said", "Politico reporters";
* an outlet noun with a cue ("told the publication", "says the outlet"), resolved to
  the last outlet named before it in the article;
* wire credits: a dateline "WASHINGTON (AP) —" or "(Reuters) -" at the start, or a
  last line "— Reuters", when the name is a known outlet.

An article's own outlet is never a citation of itself. Each citation keeps the span of
its sentence so claims in that sentence can be traced to the cited outlet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storyline.clean.outlets import Outlet, OutletRegistry
from storyline.extract.nlp import split_sentences
from storyline.provenance.cues import CitationCues, load_cues
from storyline.records import Article

_DATELINE = re.compile(r"\(([A-Z][\w .&'-]{0,40}?)\)\s*[-\u2013\u2014:]")
_TRAILER = re.compile(r"(?:^|[.!?\u201d\"]\s*)[-\u2013\u2014]+\s*([A-Z][\w .&'-]{0,40}?)\s*\.?\s*$")
_LEAD_CHARS = 300
_COORD = re.compile(r"\s*(?:,\s*)?(?:and|or|&)\s+(?:the\s+)?|\s*,\s*(?:the\s+)?")
# The registry skips a name after a capitalised word (the end of a longer name:
# "Michael Bloomberg"); "An Axios source" is not that, so the article word is lower-cased
# first (same length, so offsets hold).
_ARTICLES = re.compile(r"\bAn?(?= [A-Z])")


@dataclass(frozen=True, slots=True)
class FoundCite:
    """One citation: the cited outlet (registry name and family) and its sentence."""

    outlet: str
    family: str
    start: int  # sentence span in the article text
    end: int
    evidence: str
    kind: str  # "cite" (in running text) | "credit" (a wire credit: the whole article)


def _own(article: Article, registry: OutletRegistry) -> Outlet | None:
    return registry.resolve(article.outlet, article.url or article.outlet_domain)


class _Sentences:
    """Sentence spans of one article's text, split paragraph by paragraph as they are asked for.

    Most paragraphs name no outlet; splitting only the ones that do gives the same spans
    as splitting the whole text (sentences never cross a newline).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._paragraphs: dict[int, list[tuple[int, int]]] = {}

    def at(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding ``pos``, else ``(pos, pos)``."""
        start = self.text.rfind("\n", 0, pos) + 1
        if start not in self._paragraphs:
            end = self.text.find("\n", start)
            para = self.text[start : len(self.text) if end < 0 else end]
            self._paragraphs[start] = [(start + s, start + e) for s, e in split_sentences(para)]
        for s, e in self._paragraphs[start]:
            if s <= pos < e:
                return s, e
        return pos, pos


def _cued(text: str, start: int, end: int, sent: tuple[int, int], cues: CitationCues) -> bool:
    before = text[sent[0] : start]
    after = text[end : sent[1]]
    if cues.before.search(before) or cues.after.match(after) or cues.source.match(after):
        return True
    return bool(cues.inverted.search(before) and cues.clause_end.match(after))


def wire_credits(
    article: Article, registry: OutletRegistry, cues: CitationCues | None = None
) -> list[FoundCite]:
    """Wire credits: "CITY (AP) —" in the opening, a closing line "— Reuters", or a wire's house credit line."""
    cues = cues or load_cues()
    text = article.text
    found: list[FoundCite] = []
    lead = text[:_LEAD_CHARS]
    for m in _DATELINE.finditer(lead):
        o = registry.by_name(m.group(1))
        if o is not None:
            line_end = text.find("\n", m.start())
            line_end = len(text) if line_end < 0 else line_end
            found.append(FoundCite(o.name, o.family, 0, line_end, text[:line_end].strip()[:200], "credit"))
            break
    lines = [ln for ln in text.rstrip().split("\n") if ln.strip()]
    if lines:
        last = lines[-1]
        tail = _TRAILER.search(last)
        if tail is not None:
            o = registry.by_name(tail.group(1))
            if o is not None:
                start = text.rfind(last)
                found.append(
                    FoundCite(o.name, o.family, start, start + len(last), last.strip()[:200], "credit")
                )
        for line in lines[-3:]:
            for name, pattern in cues.house:
                o = registry.by_name(name)
                if o is not None and pattern.search(line.strip()):
                    start = text.rfind(line)
                    found.append(
                        FoundCite(o.name, o.family, start, start + len(line), line.strip()[:200], "credit")
                    )
    return found


def find_citations(
    article: Article, registry: OutletRegistry, cues: CitationCues | None = None
) -> list[FoundCite]:
    """Every citation of another outlet in ``article``, in text order, one per outlet and sentence."""
    cues = cues or load_cues()
    text = article.text
    own = _own(article, registry)
    own_name = own.name if own is not None else None
    spans = _Sentences(text)
    found = wire_credits(article, registry, cues)
    named: list[tuple[int, int, bool, Outlet]] = []  # outlets named so far (start, end, cited, outlet)
    for start, end, outlet in registry.find_mentions(_ARTICLES.sub(lambda m: m.group(0).lower(), text)):
        if outlet.name == own_name:
            continue
        sent = spans.at(start)
        prev = named[-1] if named else None
        coordinated = prev is not None and _COORD.fullmatch(text[prev[1] : start]) is not None
        cited = _cued(text, start, end, sent, cues) or (coordinated and prev is not None and prev[2])
        named.append((start, end, cited, outlet))
        if not cited:
            continue
        hits = [outlet]
        if coordinated and prev is not None and not prev[2]:  # "Politico and Axios reported"
            named[-2] = (prev[0], prev[1], True, prev[3])
            hits.append(prev[3])
        for o in hits:
            found.append(FoundCite(o.name, o.family, sent[0], sent[1], text[sent[0] : sent[1]], "cite"))
    for m in cues.nouns.finditer(text):
        earlier = [o for pos, _, _, o in named if pos < m.start()]
        if not earlier:
            continue
        sent = spans.at(m.start())
        if _cued(text, m.start(), m.end(), sent, cues):
            o = earlier[-1]
            found.append(FoundCite(o.name, o.family, sent[0], sent[1], text[sent[0] : sent[1]], "cite"))
    seen: set[tuple[str, int]] = set()
    out: list[FoundCite] = []
    for c in sorted(found, key=lambda c: (c.start, c.outlet)):
        if (c.outlet, c.start) not in seen and c.outlet != own_name:
            seen.add((c.outlet, c.start))
            out.append(c)
    return out


__all__ = ["FoundCite", "find_citations", "wire_credits"]
