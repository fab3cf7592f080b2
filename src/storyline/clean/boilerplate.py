"""Page furniture and repeated blocks: the lines a reader skips.

Scraped bodies carry "Read more:" promos, share bars, comment counters, credits
and cookie notices, and some pages repeat a block of paragraphs (a teaser shown
again after the body). Both would make two outlets look more alike than they
are. Patterns live in ``resources/boilerplate.txt``; each matches a *whole*
line, so a real sentence that mentions cookies or comments is never dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from storyline.errors import ConfigError

MAX_BOILERPLATE_LINE = 300  # a longer line is content whatever it starts with
MIN_REPEAT_CHARS = 60  # a repeated paragraph (or run of paragraphs) at least this long is dropped
MAX_PULL_QUOTE_SCAN = 400  # paragraphs; above this the quadratic pull-quote search is skipped


@lru_cache(maxsize=1)
def load_patterns() -> tuple[re.Pattern[str], ...]:
    """The boilerplate regexes of ``resources/boilerplate.txt``, compiled once."""
    text = resources.files("storyline.resources").joinpath("boilerplate.txt").read_text(encoding="utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            out.append(re.compile(line, re.IGNORECASE))
        except re.error as exc:
            raise ConfigError(f"resources/boilerplate.txt:{n}: bad pattern ({exc})") from exc
    return tuple(out)


def is_boilerplate(line: str, patterns: tuple[re.Pattern[str], ...] | None = None) -> bool:
    """Whether one (stripped) line is wholly page furniture."""
    line = line.strip()
    if not line or len(line) > MAX_BOILERPLATE_LINE:
        return False
    return any(p.fullmatch(line) for p in (patterns or load_patterns()))


def remove_boilerplate(text: str, patterns: tuple[re.Pattern[str], ...] | None = None) -> str:
    """``text`` without its boilerplate lines (other lines untouched)."""
    pats = patterns or load_patterns()
    return "\n".join(line for line in text.split("\n") if not is_boilerplate(line, pats))


def _key(paragraph: str) -> str:
    return " ".join(re.findall(r"\w+", paragraph.casefold()))


def remove_repeats(text: str) -> str:
    """Keep the first copy of a paragraph, or run of paragraphs, repeated later in the text.

    A single repeated paragraph goes only when it is long (short lines such as a
    recurring sub-heading or "—" may repeat on purpose); a run of consecutive
    repeated paragraphs goes when the run as a whole is long. A long paragraph
    whose words all stand, in order, inside one earlier paragraph (a pull quote)
    counts as a repeat: its text is already there.
    """
    paras = text.split("\n")
    keys = [_key(p) for p in paras]
    seen: set[str] = set()
    repeated = [False] * len(paras)
    earlier = ""  # every earlier paragraph's key, space-delimited, to find pull quotes
    for i, k in enumerate(keys):
        if k and k in seen:
            repeated[i] = True
        elif len(k) >= MIN_REPEAT_CHARS and len(paras) <= MAX_PULL_QUOTE_SCAN and f" {k} " in earlier:
            repeated[i] = True  # a pull quote: a passage of an earlier paragraph set apart again
        elif k:
            seen.add(k)
        earlier += f" {k} |"
    drop = [False] * len(paras)
    i = 0
    while i < len(paras):
        if not repeated[i]:
            i += 1
            continue
        j = i
        while j < len(paras) and (repeated[j] or not keys[j]):
            j += 1
        if sum(len(keys[x]) for x in range(i, j)) >= MIN_REPEAT_CHARS:
            for x in range(i, j):
                drop[x] = repeated[x]
        i = j
    return "\n".join(p for p, d in zip(paras, drop, strict=True) if not d)


__all__ = ["is_boilerplate", "load_patterns", "remove_boilerplate", "remove_repeats"]
