"""Time expressions, resolved against the article's publication date.

A regex finds candidates; relative expressions about days and weeks ("last
week", "later this week", "on Thursday", "yesterday") are resolved by date
arithmetic here, because they need news conventions dateparser does not know
(a bare weekday in a past-tense sentence is the latest such day on or before
publication, in a future-tense one the next on or after, otherwise the
nearest; "last week" is a Monday–Sunday range; "early/mid/late March" is the
first/middle/last third of the month). Calendar dates ("November 30", "Nov. 30, 2025")
go to dateparser with ``languages=[lang]`` and ``RELATIVE_BASE`` = the
publication date; a date without a year takes the year that puts it nearest
to publication. Undated article: relative ones get value None, relative=True,
note "article undated".
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from storyline.records import TimeExpression

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:tember|t\.|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_UNIT = r"(?:week|month|year|weekend)"
PATTERN = re.compile(
    rf"\b(?:"
    rf"(?P<cal>{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
    rf"|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<part>(?:early|mid|late)[\s-]+{_MONTH}(?:\s+\d{{4}})?)"
    rf"|(?P<rel>(?:later|earlier)\s+this\s+{_UNIT}|(?:last|this|next|past)\s+{_UNIT})"
    rf"|(?P<wd>(?:last|this|next)\s+{_WD}|{_WD}(?:\s+(?:morning|afternoon|evening|night))?)"
    rf"|(?P<day>yesterday|today|tomorrow|tonight)"
    rf"|(?P<ago>(?:\d+|one|two|three|four|five|six|seven|ten)\s+(?:day|week|month|year)s?\s+ago)"
    rf"|(?P<monthyear>(?:in|since|by|until)\s+{_MONTH}(?:\s+\d{{4}})?|(?:in|since|by|until)\s+\d{{4}})"
    rf")\b",
    re.IGNORECASE,
)
# Tense markers of the sentence around a bare weekday. Grammar words, not tunable
# knowledge, so they stay in code: "will meet on Tuesday" is ahead, "met on Tuesday" behind.
_FUTURE = re.compile(
    r"\b(?:will|shall|won't|going\s+to|due\s+to|expected\s+to|scheduled|plans?\s+to|"
    r"planned|upcoming|next|until|would)\b|\w'll\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|said|told|met|spoke|took|gave|made|came|went|left|began|"
    r"wrote|held|sent|won|lost|broke|fell|rose|\w+ed)\b",
    re.IGNORECASE,
)
_SENT_END = re.compile(r"[.!?]\s|\n")
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


def parse_published(published: str | None) -> date | None:
    """The publication date of an ISO 8601 string, or None."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(published[:10])
        except ValueError:
            return None


def find_time_expressions(
    article_id: str, text: str, published: str | None, lang: str = "en"
) -> list[TimeExpression]:
    """Every time expression of ``text`` with its resolved ISO date or range."""
    base = parse_published(published)
    out = []
    for m in PATTERN.finditer(text):
        kind = m.lastgroup or ""
        value, relative, note = _resolve(kind, m.group(0), base, lang)
        if kind == "wd" and base is not None:
            value = _weekday(m.group(0).lower(), base, _tense(text, m.start(), m.end()))
        out.append(TimeExpression(article_id, m.group(0), m.start(), m.end(), value, relative, note))
    return out


def _tense(text: str, start: int, end: int) -> str:
    """The tense ("future", "past" or "") of ``text[start:end]``: the tense marker of its
    sentence nearest to it ("She said on Tuesday the talks would go on": "said" is nearer)."""
    lo = max((m.end() for m in _SENT_END.finditer(text, 0, start)), default=0)
    stop = _SENT_END.search(text, end)
    hi = stop.start() + 1 if stop else len(text)
    best: tuple[int, str] | None = None
    for tense, rx in (("future", _FUTURE), ("past", _PAST)):
        for m in rx.finditer(text, lo, hi):
            if start <= m.start() < end:
                continue
            dist = start - m.end() if m.end() <= start else m.start() - end
            if best is None or dist < best[0]:
                best = (dist, tense)
    return best[1] if best else ""


def _month_part(expr: str, base: date | None, lang: str) -> tuple[str | None, bool, str]:
    """Resolve "early/mid/late March (2026)": days 1-10, 11-20 or 21 to the month's end."""
    part, rest = re.split(r"[\s-]+", expr.strip(), maxsplit=1)
    if base is None and not re.search(r"\d{4}", rest):
        return None, True, "article undated"
    month_range = _calendar(rest, base, lang, month_only=True)
    if month_range is None:
        return None, True, "unresolved"
    first = date.fromisoformat(month_range[:10])
    if base is not None and not re.search(r"\d{4}", rest):
        first = first.replace(year=base.year)  # anchored to the publication year
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    lo, hi = {"early": (1, 10), "mid": (11, 20), "late": (21, last.day)}[part.lower()]
    return _range(first.replace(day=lo), first.replace(day=hi)), False, ""


def _range(a: date, b: date) -> str:
    return a.isoformat() if a == b else f"{a.isoformat()}/{b.isoformat()}"


def _resolve(kind: str, expr: str, base: date | None, lang: str) -> tuple[str | None, bool, str]:
    low = expr.lower()
    if kind == "iso":
        return expr, False, ""
    if kind == "part":
        return _month_part(expr, base, lang)
    year_only = re.fullmatch(r"\w+\s+(\d{4})", expr)
    if kind == "monthyear" and year_only:
        y = int(year_only.group(1))
        return _range(date(y, 1, 1), date(y, 12, 31)), False, ""
    if kind == "monthyear" and re.search(r"\d{4}", expr):
        value = _calendar(re.sub(r"^\w+\s+", "", expr), base, lang, month_only=True)
        return value, False, ""
    if kind == "cal" and re.search(r"\d{4}", expr):
        return _calendar(expr, base, lang), False, ""
    if base is None:
        return None, True, "article undated"
    if kind in ("cal", "monthyear"):
        return (
            _calendar(
                re.sub(r"^(?:in|since|by|until)\s+", "", expr, flags=re.I),
                base,
                lang,
                month_only=kind == "monthyear",
            ),
            False,
            "",
        )
    if kind == "day":
        delta = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[low]
        return (base + timedelta(days=delta)).isoformat(), False, ""
    if kind == "ago":
        n_word, unit = low.split()[:2]
        n = int(n_word) if n_word.isdigit() else _NUM.get(n_word, 1)
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit.rstrip("s")]
        return (base - timedelta(days=n * days)).isoformat(), False, "approximate" if days > 7 else ""
    if kind == "wd":
        return _weekday(low, base), False, ""
    if kind == "rel":
        return _relative(low, base), False, ""
    return None, True, "unresolved"


def _weekday(low: str, base: date, tense: str = "") -> str:
    words = low.split()
    which = words[0] if words[0] in ("last", "this", "next") else ""
    target = WEEKDAYS.index(words[1] if which else words[0])
    diff = target - base.weekday()
    if which == "last":
        diff = diff - 7 if diff >= 0 else diff
    elif which == "next":
        diff = diff + 7 if diff <= 0 else diff
    elif which == "this":
        pass  # the day of the publication's week
    elif tense == "past":
        diff = diff - 7 if diff > 0 else diff  # the latest such day on or before publication
    elif tense == "future":
        diff = diff + 7 if diff < 0 else diff  # the next such day on or after publication
    else:
        # the nearest such day; equally near (3.5 is impossible) so ties do not arise
        if diff > 3:
            diff -= 7
        elif diff < -3:
            diff += 7
    return (base + timedelta(days=diff)).isoformat()


def _relative(low: str, base: date) -> str:
    words = low.split()
    unit = words[-1]
    monday = base - timedelta(days=base.weekday())
    if unit in ("week", "weekend"):
        start, end = monday, monday + timedelta(days=6)
        if unit == "weekend":
            start = monday + timedelta(days=5)
        if words[0] in ("last", "past"):
            start, end = start - timedelta(days=7), end - timedelta(days=7)
        elif words[0] == "next":
            start, end = start + timedelta(days=7), end + timedelta(days=7)
        elif words[0] == "later":
            start = min(base + timedelta(days=1), end)
        elif words[0] == "earlier":
            end = max(base - timedelta(days=1), start)
        return _range(start, end)
    if unit == "month":
        first = base.replace(day=1)
        if words[0] in ("last", "past"):
            first = (first - timedelta(days=1)).replace(day=1)
        elif words[0] == "next":
            first = (first + timedelta(days=32)).replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        if words[0] == "later":
            first = min(base + timedelta(days=1), last)
        elif words[0] == "earlier":
            last = max(base - timedelta(days=1), first)
        return _range(first, last)
    year = base.year + {"last": -1, "past": -1, "next": 1}.get(words[0], 0)
    return _range(date(year, 1, 1), date(year, 12, 31))


def _calendar(expr: str, base: date | None, lang: str, month_only: bool = False) -> str | None:
    if base is None:  # dateparser then resolves against today: never cached
        return _calendar_uncached(expr, base, lang, month_only)
    return _calendar_cached(expr, base, lang, month_only)


@lru_cache(maxsize=8192)
def _calendar_cached(expr: str, base: date, lang: str, month_only: bool) -> str | None:
    """Articles of one story share publication dates and name the same days ("Tuesday",
    "Nov. 30"): dateparser (a millisecond or two a call) runs once per expression and date."""
    return _calendar_uncached(expr, base, lang, month_only)


def _calendar_uncached(expr: str, base: date | None, lang: str, month_only: bool) -> str | None:
    import dateparser

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    clean = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", expr.replace("Sept.", "Sep."))
    parsed = dateparser.parse(clean, languages=[lang], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    d = parsed.date()
    if base is not None and not re.search(r"\d{4}", expr):
        candidates = [d.replace(year=base.year + k) for k in (-1, 0, 1) if _valid(d, base.year + k)]
        d = min(candidates, key=lambda c: abs((c - base).days))
    if month_only:
        last = (d.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        return _range(d.replace(day=1), last)
    return d.isoformat()


def _valid(d: date, year: int) -> bool:
    try:
        d.replace(year=year)
    except ValueError:
        return False
    return True
