"""HTML pages → RawDocument via trafilatura, and small HTML fragments → text via lxml.

trafilatura does main-text extraction and metadata (title, date via htmldate,
author, site name, canonical URL); we only wrap its failures at the seam.
Feed summaries are fragments too short for trafilatura's heuristics (it
returns nothing below a minimum length), so they go through lxml instead.
"""

from __future__ import annotations

import logging
import re

import lxml.html
import trafilatura
from lxml import etree

from storyline.errors import ParseError, TooLarge
from storyline.records import RawDocument

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # it logs every empty page

_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article", "pre"}
)


# A start tag whose attributes run past this many characters. libxml2 checks each
# attribute against the ones before it (quadratic): one tag with 200,000
# attributes (2.5 MB) took half an hour to parse. No text lives in attributes.
MAX_TAG_CHARS = 16_384
_HUGE_TAG_RE = re.compile(rf"<([A-Za-z][A-Za-z0-9:_-]{{0,40}})\s[^<>]{{{MAX_TAG_CHARS},}}>")


def strip_huge_tags(html: str) -> str:
    """``html`` with the attributes of over-long start tags dropped (the tag itself is kept).

    Linear: ``[^<>]`` cannot run past the next tag, so no two matches share characters.
    """
    return _HUGE_TAG_RE.sub(r"<\1>", html) if len(html) > MAX_TAG_CHARS else html


def parse_html(
    html: str,
    source: str,
    doc_id: str,
    *,
    url: str | None = None,
    date: str | None = None,
    fmt: str = "html",
    max_tags: int = 100_000,
) -> RawDocument:
    """Main text and metadata of one HTML page.

    ``url``/``date`` are fallbacks (e.g. WARC-Target-URI, WARC-Date) used when
    the page itself names none. Raises ParseError when no article text is found,
    and TooLarge above ``max_tags`` tags (``limits.max_html_tags``): extraction
    time grows with the element count, so 190,000 ``<p>`` in 2 MB took minutes.
    """
    if not html.strip():
        raise ParseError(source, "empty HTML document")
    tags = html.count("<")
    if tags > max_tags:
        raise TooLarge(source, f"page has {tags} tags, over the {max_tags} limit (limits.max_html_tags)")
    html = strip_huge_tags(html)
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError) as exc:
        raise ParseError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    if doc is None:
        raise ParseError(source, "no article text found")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        raise ParseError(source, "no article text found")
    title = (data.get("title") or "").strip()
    page_date = data.get("date") or None
    return RawDocument(
        id=doc_id,
        source=source,
        text=text,
        title=title,
        url=data.get("url") or url,
        outlet=(data.get("sitename") or "").strip() or None,
        published=page_date or date,
        language=data.get("language") or None,
        author=(data.get("author") or "").strip() or None,
        date_source=("html" if page_date else ("record" if date else None)),
        fmt=fmt,
    )


def fragment_to_text(fragment: str) -> str:
    """Readable text of a small HTML fragment (a feed summary): block elements become newlines."""
    if not fragment or "<" not in fragment and "&" not in fragment:
        return (fragment or "").strip()
    try:
        root = lxml.html.fragment_fromstring(strip_huge_tags(fragment), create_parent="div")
    except (etree.ParserError, etree.LxmlError, ValueError, AssertionError):  # lxml asserts on "<html><!--..."
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    text = "".join(parts)
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)
