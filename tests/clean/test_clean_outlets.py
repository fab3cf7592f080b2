"""Outlet registry: names, domains, families, user overrides and mentions in running text."""

from __future__ import annotations

import csv

import pytest

from storyline.clean.outlets import KINDS, OutletRegistry, registrable_domain
from storyline.errors import ConfigError


@pytest.fixture(scope="module")
def reg() -> OutletRegistry:
    return OutletRegistry.load()


@pytest.mark.parametrize("spelling", ["CNN", "CNN.com", "cnn.com", "cnn", "edition.cnn.com",
                                      "https://edition.cnn.com/2025/01/02/world/x/index.html",
                                      "www.cnn.com", "CNN (Online News)", "CNN International"])
def test_one_outlet_for_many_spellings(reg: OutletRegistry, spelling: str) -> None:
    got = reg.by_name(spelling) or reg.by_domain(spelling)
    assert got is not None and got.name == "CNN"


def test_by_domain_suffix_and_unknown(reg: OutletRegistry) -> None:
    assert reg.by_domain("http://news.bbc.co.uk/2/hi/x.stm").family == "BBC"
    assert reg.by_domain("https://WWW.NYTIMES.COM/a").name == "The New York Times"
    assert reg.by_domain("https://example.org/news/1") is None
    assert reg.by_domain("notcnn.com") is None  # suffix match is per label, not per character
    assert reg.by_domain("") is None


def test_by_name_normalisation(reg: OutletRegistry) -> None:
    assert reg.by_name("the hill") is reg.by_name("The Hill") is reg.by_domain("thehill.com")
    assert reg.by_name("Associated Press") is reg.by_name("AP") is reg.by_name("The Associated Press")
    assert reg.by_name("Fox News Online").name == "Fox News"
    assert reg.by_name("Mail and Guardian") is reg.by_name("Mail & Guardian")
    assert reg.by_name("The Daily Lantern of Nowhere") is None
    assert reg.by_name("  ") is None


def test_resolve_prefers_name_then_url(reg: OutletRegistry) -> None:
    assert reg.resolve(name="Reuters", url="https://www.cnn.com/x").name == "Reuters"
    assert reg.resolve(name="Some Blog", url="https://www.cnn.com/x").name == "CNN"
    assert reg.resolve() is None


def test_families(reg: OutletRegistry) -> None:
    assert reg.family_of("MSNBC") == reg.family_of("CNBC") == reg.family_of("NBC News")
    assert reg.family_of("Fox Business") == reg.family_of("Fox News")
    assert reg.family_of("BBC World Service") == reg.family_of("BBC News")
    assert reg.family_of("CNN") != reg.family_of("Fox News")
    assert reg.family_of("Hamlet Herald") == "Hamlet Herald"


def test_bundled_rows_are_well_formed(reg: OutletRegistry) -> None:
    assert len(reg.outlets) >= 150
    assert all(o.kind in KINDS and o.family and o.domains for o in reg.outlets)
    kinds = {o.name: o.kind for o in reg.outlets}
    assert kinds["Reuters"] == "wire" and kinds["TASS"] == "state" and kinds["Suspilne"] == "public"
    assert kinds["Yahoo News"] == "aggregator"


def test_user_csv_overrides_and_adds(tmp_path, reg: OutletRegistry) -> None:
    path = tmp_path / "mine.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "domains", "country", "kind", "family", "aliases"])
        w.writerow(["CNN", "cnn.com", "US", "commercial", "Warner Test", "Cable Newz"])
        w.writerow(["Hamlet Herald", "hamletherald.example", "GB", "commercial", "", "The Herald of Hamlet"])
    mine = OutletRegistry.load(str(path))
    assert mine.by_domain("edition.cnn.com").family == "Warner Test"  # the user row replaced the bundled one
    assert mine.by_name("Cable News Network") is None  # ... whole: its old aliases are gone
    assert mine.by_name("Cable Newz").family == "Warner Test"
    assert mine.by_domain("www.hamletherald.example").name == "Hamlet Herald"
    assert mine.family_of("Herald of Hamlet") == "Hamlet Herald"
    assert mine.by_name("Reuters") == reg.by_name("Reuters")


def test_bad_user_csv_is_one_clear_error(tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("name,domains,country,kind,family,aliases\nX,x.example,US,tabloidish,,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.csv:2: kind 'tabloidish'"):
        OutletRegistry.load(str(path))
    with pytest.raises(ConfigError, match="cannot be read"):
        OutletRegistry.load(str(tmp_path / "missing.csv"))
    (tmp_path / "cols.csv").write_text("outlet,url\nX,x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="lacks column"):
        OutletRegistry.load(str(tmp_path / "cols.csv"))


def _names(reg: OutletRegistry, text: str) -> list[tuple[str, str]]:
    return [(text[s:e], o.name) for s, e, o in reg.find_mentions(text)]


def test_find_mentions_acronyms_are_case_sensitive(reg: OutletRegistry) -> None:
    text = "The minister told AP and RT on Friday, and ap and rt were typos. An RT-PCR test and an AP-NORC poll."
    assert _names(reg, text) == [("AP", "Associated Press"), ("RT", "RT")]


def test_find_mentions_longest_match_and_domains(reg: OutletRegistry) -> None:
    text = "A report first carried by Fox News Digital, later on foxnews.com and by The New York Times."
    assert _names(reg, text) == [("Fox News Digital", "Fox News"), ("foxnews.com", "Fox News"),
                                 ("The New York Times", "The New York Times")]
    offsets = reg.find_mentions(text)
    assert all(text[s:e] for s, e, _ in offsets)


def test_find_mentions_ordinary_words(reg: OutletRegistry) -> None:
    assert _names(reg, "Time will tell. Times Square was quiet. Reason enough to wait.") == []
    assert _names(reg, "The ship crossed the Atlantic Ocean near The Atlantic Council office.") == []
    assert _names(reg, "She told the Guardian and Time magazine, and The Atlantic.") == [
        ("Guardian", "The Guardian"), ("Time magazine", "Time"), ("The Atlantic", "The Atlantic")]
    assert _names(reg, "The Guardian reported it first.") == [("The Guardian", "The Guardian")]
    assert _names(reg, "CCTV footage showed the car in Reno, NV on Monday.") == []


def test_find_mentions_non_latin(reg: OutletRegistry) -> None:
    text = "Про це повідомило Суспільне, а також РИА Новости."
    assert [n for _, n in _names(reg, text)] == ["Suspilne", "RIA Novosti"]


def test_registrable_domain() -> None:
    assert registrable_domain("https://edition.cnn.com/x") == "cnn.com"
    assert registrable_domain("http://news.bbc.co.uk/a") == "bbc.co.uk"
    assert registrable_domain("localhost") is None
    assert registrable_domain(None) is None


def test_desks_and_squashed_spellings(reg: OutletRegistry) -> None:
    assert reg.by_name("CNN Business").name == "CNN"
    assert reg.by_name("AP Politics & Fact Check").name == "Associated Press"
    assert reg.by_name("huff-post").name == "HuffPost"
    assert reg.by_name("Wash Post").name == "The Washington Post"
    assert reg.by_name("Sun Herald") is None  # a one-word prefix must be an acronym as written
    assert reg.by_name("Guest Writer - Left") is None


def test_find_mentions_names_inside_other_words_or_names(reg: OutletRegistry) -> None:
    assert _names(reg, "Michael Bloomberg said the trans-Atlantic ties held across the Atlantic.") == []
    assert _names(reg, "An Australian climber spoke to The Australian and a Bloomberg reporter.") == [
        ("The Australian", "The Australian"), ("Bloomberg", "Bloomberg")]
