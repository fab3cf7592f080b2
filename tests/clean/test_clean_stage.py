"""The clean stage at its seam: RawDocument in, Article out."""

from __future__ import annotations

import pytest

from storyline.clean import Cleaner
from storyline.config import Config, Limits
from storyline.errors import EmptyInput
from storyline.records import RawDocument

BODY = """Officials in the port town of Velmora said on Tuesday that the new ferry line
would open in spring.

Advertisement

The harbour master, Ana Petrovi
c, said the first crossing was planned for April.
READ MORE: Ten ferries to ride this summer
Officials in the port town of Velmora said on Tuesday that the new ferry line would open in spring.
Share | Tweet | Email
"""


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(Config())


def raw(**kw: object) -> RawDocument:
    base: dict[str, object] = {"id": "a1", "source": "fixture.jsonl#1", "text": BODY, "title": " Ferry\u00a0line  to open "}
    base.update(kw)
    return RawDocument(**base)  # type: ignore[arg-type]


def test_clean_article(cleaner: Cleaner) -> None:
    art = cleaner.clean(raw(url="https://edition.cnn.com/2025/03/04/travel/ferry/index.html", outlet="CNN.com"))
    assert art.text == (
        "Officials in the port town of Velmora said on Tuesday that the new ferry line would open in spring.\n"
        "The harbour master, Ana Petrovic, said the first crossing was planned for April."
    )
    assert art.original_text == BODY
    assert art.title == "Ferry line to open"
    assert set(art.cleaning) >= {"boilerplate", "broken-words", "split-sentences", "repeats"}
    assert (art.outlet, art.outlet_domain, art.outlet_kind, art.outlet_family, art.outlet_country) == (
        "CNN", "cnn.com", "commercial", "CNN", "US")
    assert (art.published, art.date_source) == ("2025-03-04", "url")
    assert art.language == "en"
    assert (art.id, art.source, art.content_hash) == ("a1", "fixture.jsonl#1", "")


def test_record_date_wins_over_url(cleaner: Cleaner) -> None:
    art = cleaner.clean(raw(url="https://example.org/2025/03/04/x", published="2025-03-05T08:00:00Z",
                            date_source="feed"))
    assert (art.published, art.date_source) == ("2025-03-05T08:00:00+00:00", "feed")
    art = cleaner.clean(raw(url="https://example.org/x", published="not a date"))
    assert (art.published, art.date_source) == (None, None)


def test_unknown_outlet_keeps_given_name_or_domain(cleaner: Cleaner) -> None:
    art = cleaner.clean(raw(url="https://news.velmora-gazette.example.co.uk/x", outlet="  Velmora   Gazette "))
    assert (art.outlet, art.outlet_kind, art.outlet_family, art.outlet_domain) == (
        "Velmora Gazette", "unknown", None, "example.co.uk")
    art = cleaner.clean(raw(url="https://www.velmora-gazette.org/x"))
    assert art.outlet == art.outlet_domain == "velmora-gazette.org"
    assert cleaner.clean(raw()).outlet is None


def test_untouched_text_records_no_rule(cleaner: Cleaner) -> None:
    text = "The ferry line opens in April.\nTickets go on sale next week."
    art = cleaner.clean(raw(text=text, title="Ferry"))
    assert art.text == text and art.cleaning == ()


def test_empty_after_cleaning_is_one_clear_error(cleaner: Cleaner) -> None:
    with pytest.raises(EmptyInput, match=r"fixture\.jsonl#1: only boilerplate left"):
        cleaner.clean(raw(text="Advertisement\n12 comments\nShare | Tweet\n"))
    with pytest.raises(EmptyInput, match="no text at all"):
        cleaner.clean(raw(text=" \n\u200b\n"))


def test_long_text_truncated_at_paragraph() -> None:
    small = Cleaner(Config(limits=Limits(max_article_chars=120)))
    text = "\n".join(f"Paragraph number {i} says the ferry line will open in April." for i in range(10))
    art = small.clean(raw(text=text))
    assert len(art.text) <= 120 and art.text.endswith("April.")
    assert art.cleaning[-1] == "truncated"


def test_user_outlet_file_is_used(tmp_path) -> None:
    path = tmp_path / "outlets.csv"
    path.write_text("name,domains,country,kind,family,aliases\nVelmora Gazette,velmora-gazette.org,HR,commercial,"
                    "Velmora Media,VG\n", encoding="utf-8")
    art = Cleaner(Config(outlets_file=str(path))).clean(raw(url="https://www.velmora-gazette.org/x"))
    assert (art.outlet, art.outlet_family, art.outlet_country) == ("Velmora Gazette", "Velmora Media", "HR")


@pytest.mark.parametrize(("title", "outlet", "url", "want"), [
    ("Ferry line to open in April | Reuters", "Reuters", None, "Ferry line to open in April"),
    ("Ferry line to open in April - CNN", None, "https://edition.cnn.com/x", "Ferry line to open in April"),
    ("Ferry line to open in April - CNN Politics", None, "https://edition.cnn.com/x", "Ferry line to open in April - CNN Politics"),
    ("Ferry line to open in April — Velmora Gazette", "Velmora Gazette", None, "Ferry line to open in April"),
    ("Ferry line to open in April | Reuters", "Velmora Gazette", None, "Ferry line to open in April | Reuters"),
    ("Velmora: ferry line to open", "Velmora Gazette", None, "Velmora: ferry line to open"),
])
def test_title_outlet_suffix(cleaner: Cleaner, title: str, outlet: str | None, url: str | None, want: str) -> None:
    art = cleaner.clean(raw(title=title, outlet=outlet, url=url))
    assert art.title == want
    assert ("title-outlet" in art.cleaning) == (want != title)


def test_cleaning_an_article_again_changes_nothing(cleaner: Cleaner) -> None:
    art = cleaner.clean(raw(url="https://example.org/x"))
    again = cleaner.clean(raw(text=art.text, title=art.title, url="https://example.org/x"))
    assert again.text == art.text and again.cleaning == ()


UK_BODY = """Київ, 3 березня. Уряд ухвалив рішення про нову поромну лінію між двома портами.
Читайте також: Як змінилися тарифи на перевезення
Міністр інфраструктури Олена Коваль заявила, що перший рейс заплановано на квітень, а квитки
надійдуть у продаж наступного тижня.
Підписуйтесь на наш Telegram-канал
"""


def test_ukrainian_article(cleaner: Cleaner) -> None:
    art = cleaner.clean(raw(text=UK_BODY, title="Уряд ухвалив рішення про поромну лінію", outlet="Українська правда",
                            language=None, published="3 березня 2026"))
    assert art.text == (
        "Київ, 3 березня. Уряд ухвалив рішення про нову поромну лінію між двома портами.\n"
        "Міністр інфраструктури Олена Коваль заявила, що перший рейс заплановано на квітень, а квитки "
        "надійдуть у продаж наступного тижня.")
    assert (art.language, art.outlet, art.outlet_country, art.published) == (
        "uk", "Ukrainska Pravda", "UA", "2026-03-03")


def test_huge_input_is_cut_before_cleaning() -> None:
    small = Cleaner(Config(limits=Limits(max_article_chars=200)))
    text = "\n".join(f"Paragraph {i} says the ferry line opens in April." for i in range(100))
    art = small.clean(raw(text=text))
    assert len(art.text) <= 200 and "truncated" in art.cleaning
    assert art.original_text == text


def test_cleaner_pickles_for_workers(cleaner: Cleaner) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.clean(raw()).text == cleaner.clean(raw()).text
