"""RawDocument → Article: the text a reader would keep, and who published it when.

Each cleaning rule is a small pure ``str -> str`` function with a name; the
names of the rules that changed an article's text are kept in
``Article.cleaning`` and the parser's text stays in ``Article.original_text``,
so every change can be audited. The rules are conservative: they drop whole
lines only when a pattern says the line is page furniture or when it repeats an
earlier block, and they join lines, never delete words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from storyline.clean.boilerplate import load_patterns, remove_boilerplate, remove_repeats
from storyline.clean.meta import date_from_url, identify_language, normalise_date
from storyline.clean.normalise import normalise_unicode, tidy_lines, truncate
from storyline.clean.outlets import Outlet, OutletRegistry, name_key, registrable_domain
from storyline.clean.repair import dehyphenate, join_broken_words, join_split_sentences, load_words
from storyline.config import Config
from storyline.errors import EmptyInput
from storyline.records import Article, RawDocument

Rule = tuple[str, Callable[[str], str]]
MAX_PASSES = 3  # rules run until nothing changes (a removal can make two lines adjacent)
PRECUT = 3  # inputs over PRECUT x max_article_chars are cut before cleaning


def text_rules() -> tuple[Rule, ...]:
    """The cleaning rules in the order they run, with the names recorded in ``Article.cleaning``.

    Plain functions and partials, so a Cleaner pickles (Ray ships it to workers).
    """
    patterns, words = load_patterns(), load_words()
    return (
        ("unicode", normalise_unicode),
        ("boilerplate", partial(remove_boilerplate, patterns=patterns)),
        ("hyphenation", partial(dehyphenate, words=words)),
        ("broken-words", partial(join_broken_words, words=words)),
        ("split-sentences", join_split_sentences),
        ("whitespace", tidy_lines),
        ("repeats", remove_repeats),
    )


def clean_text(text: str, rules: tuple[Rule, ...] | None = None) -> tuple[str, tuple[str, ...]]:
    """Cleaned ``text`` and the names of the rules that changed it (in first-change order)."""
    rules = rules or text_rules()
    changed: list[str] = []
    for _ in range(MAX_PASSES):
        before_pass = text
        for name, rule in rules:
            after = rule(text)
            if after != text and name not in changed:
                changed.append(name)
            text = after
        if text == before_pass:
            break
    return text, tuple(changed)


_TITLE_SEP = re.compile(r"\s+(?:[-|–—:·•]|::|\|\|)\s+")


def strip_title_outlet(title: str, registry: OutletRegistry, outlet: Outlet | None, given: str | None) -> str:
    """"Talks resume | Reuters" → "Talks resume" when the tail names the article's own outlet.

    Pages append their outlet to the headline; left there it makes headlines of
    one outlet look alike and those of different outlets differ.
    """
    seps = list(_TITLE_SEP.finditer(title))
    if not seps:
        return title
    last = seps[-1]
    head, tail = title[: last.start()].strip(), title[last.end():].strip()
    if len(head.split()) < 2 or not tail or len(tail) > 60:
        return title
    named = registry.by_exact_name(tail)
    same = named is not None and outlet is not None and named.family == outlet.family
    if same or (given and name_key(tail) == name_key(given)):
        return head
    return title


class Cleaner:
    """Turns parsed documents into articles; loads the registry and patterns once."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.registry = OutletRegistry.load(config.outlets_file)
        self.rules = text_rules()

    def clean(self, raw: RawDocument) -> Article:
        """The cleaned article of ``raw``; raises EmptyInput when no text survives."""
        max_chars = self.config.limits.max_article_chars
        text = raw.text or ""
        if len(text) > PRECUT * max_chars:  # bound the work on huge inputs; boilerplate won't fill 3x the cap
            text = truncate(text, PRECUT * max_chars)
        text, changed = clean_text(text, self.rules)
        if len(text) > max_chars or len(raw.text or "") > PRECUT * max_chars:
            text = truncate(text, max_chars)
            changed = (*changed, "truncated")
        if not text.strip():
            blank = not tidy_lines(normalise_unicode(raw.text or ""))
            why = "no text at all" if blank else "only boilerplate left after cleaning"
            raise EmptyInput(raw.source or raw.id, why)
        outlet = self.registry.resolve(name=raw.outlet, url=raw.url)
        title = tidy_lines(normalise_unicode(raw.title or "")).replace("\n", " ")
        short = strip_title_outlet(title, self.registry, outlet, raw.outlet)
        if short != title:
            title, changed = short, (*changed, "title-outlet")
        published, date_source = self._date(raw)
        return Article(
            id=raw.id,
            url=raw.url,
            outlet=self._outlet_name(raw, outlet),
            outlet_domain=registrable_domain(raw.url),
            title=title,
            published=published,
            language=identify_language(title + "\n" + text, raw.language),
            text=text,
            original_text=raw.text,
            source=raw.source,
            fmt=raw.fmt,
            author=(raw.author or "").strip() or None,
            outlet_country=outlet.country if outlet else None,
            outlet_kind=outlet.kind if outlet else "unknown",
            outlet_family=outlet.family if outlet else None,
            date_source=date_source,
            cleaning=changed,
        )

    @staticmethod
    def _outlet_name(raw: RawDocument, outlet: Outlet | None) -> str | None:
        if outlet is not None:
            return outlet.name
        given = " ".join((raw.outlet or "").split())
        return given or registrable_domain(raw.url)

    @staticmethod
    def _date(raw: RawDocument) -> tuple[str | None, str | None]:
        published = normalise_date(raw.published)
        if published is not None:
            return published, raw.date_source or "record"
        from_url = date_from_url(raw.url)
        if from_url is not None:
            return from_url, "url"
        return None, None


__all__ = ["Cleaner", "clean_text", "strip_title_outlet", "text_rules"]
