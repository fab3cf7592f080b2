"""Language identification and dates: never guessed beyond the evidence."""

from __future__ import annotations

import pytest

from storyline.clean.meta import date_from_url, identify_language, normalise_date

UK = "Міністр заявив, що переговори тривають і сторони готові шукати компроміс щодо кордонів."
RU = "Министр заявил, что переговоры продолжаются и стороны готовы искать компромисс по границам."
EN = "The minister said the talks were continuing and both sides were ready to seek a compromise."


def test_language_uk_ru_en() -> None:
    assert identify_language(UK) == "uk"
    assert identify_language(RU) == "ru"
    assert identify_language(EN) == "en"


def test_given_language_kept_when_plausible_corrected_when_clearly_wrong() -> None:
    assert identify_language(EN, "en") == "en"
    assert identify_language(EN, "EN-us") == "en"
    assert identify_language(UK, "en") == "uk"
    assert identify_language("Ok.", "de") == "de"  # too short to contradict the record


def test_too_short_text_has_no_language() -> None:
    assert identify_language("Kyiv, 3 May.") is None
    assert identify_language("") is None
    assert identify_language("12345 67890 !!!", "english") is None  # not an ISO 639-1 code


@pytest.mark.parametrize(("raw", "iso"), [
    ("2025-12-01", "2025-12-01"),
    ("2025-12-01T09:30:00Z", "2025-12-01T09:30:00+00:00"),
    ("2025-12-01T09:30:00+02:00", "2025-12-01T09:30:00+02:00"),
    ("2025-12-01 09:30", "2025-12-01T09:30:00"),
    ("1 December 2025", "2025-12-01"),
    ("Dec 1, 2025", "2025-12-01"),
    ("Mon, 01 Dec 2025 09:30:00 GMT", "2025-12-01T09:30:00+00:00"),
    ("01.12.2025", "2025-12-01"),
    ("1 грудня 2025", "2025-12-01"),
    ("3 марта 2025 г.", "2025-03-03"),
])
def test_normalise_date(raw: str, iso: str) -> None:
    assert normalise_date(raw) == iso


@pytest.mark.parametrize("raw", [None, "", "  ", "yesterday", "2 hours ago", "Monday", "2025-13-45", "December 2025"])
def test_unreadable_dates_are_none(raw: str | None) -> None:
    assert normalise_date(raw) is None


@pytest.mark.parametrize(("url", "iso"), [
    ("https://example.org/2025/12/01/talks-resume/", "2025-12-01"),
    ("https://example.org/world/2025-12-01/talks-resume", "2025-12-01"),
    ("https://example.org/news/20251201/talks", "2025-12-01"),
    ("https://example.org/news/talks-resume-20251201.html", "2025-12-01"),
    ("https://example.org/a/2025/12/01", "2025-12-01"),
])
def test_date_from_url(url: str, iso: str) -> None:
    assert date_from_url(url) == iso


@pytest.mark.parametrize("url", [
    None, "https://example.org/talks-resume", "https://example.org/2025/12/talks",
    "https://example.org/2025/13/45/x", "https://example.org/story/123456789012",
    "https://20251201.example.org/x", "https://example.org/x?d=2025/12/01",
])
def test_no_date_invented_from_url(url: str | None) -> None:
    assert date_from_url(url) is None
