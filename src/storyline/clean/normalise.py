"""Unicode and whitespace normalisation: the first and last cleaning rules.

Later stages compare text across outlets and point at character offsets, so one
character must have one spelling (NFC), odd spaces must be plain spaces, and
invisible characters (zero-width space, soft hyphen, BOM) must go. Typographic
quotes and dashes stay: the quote extractor reads them.
"""

from __future__ import annotations

import re
import unicodedata

# Every Unicode space separator except the plain space, plus tab and form feed.
_ODD_SPACES = re.compile(r"[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that carry nothing in news text. ZWNJ/ZWJ (U+200C/D) are kept:
# Persian, Indic scripts and emoji sequences need them.
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff\u180e]")
# C0/C1 control characters other than the newline (which is structure).
_SOFT_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085]")
_MULTI_SPACE = re.compile(r" {2,}")


def normalise_unicode(text: str) -> str:
    """NFC, one kind of space and line break, no invisible or control characters."""
    s = unicodedata.normalize("NFC", text)
    s = _LINE_BREAKS.sub("\n", s)
    s = _ODD_SPACES.sub(" ", s)
    s = _SOFT_BREAK.sub("", s)  # a soft hyphen at a line end marks a word the typesetter broke
    s = _INVISIBLE.sub("", s)
    s = _CONTROL.sub("", s)
    return s


def tidy_lines(text: str) -> str:
    """Paragraphs one per line: spaces collapsed, lines stripped, blank runs dropped."""
    lines = (_MULTI_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def truncate(text: str, max_chars: int) -> str:
    """Cut ``text`` to at most ``max_chars`` at the last paragraph end (else sentence, else word)."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    for sep in ("\n", ". ", " "):
        cut = head.rfind(sep)
        if cut > max_chars // 2:
            return head[: cut + (1 if sep == ". " else 0)].rstrip()
    return head.rstrip()


__all__ = ["normalise_unicode", "tidy_lines", "truncate"]
