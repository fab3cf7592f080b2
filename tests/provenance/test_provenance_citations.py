"""Citation patterns: each way an article says it is reporting another outlet's reporting."""

from __future__ import annotations

import pytest

from storyline.clean.outlets import load_registry
from storyline.provenance.citations import find_citations
from storyline.provenance.identity import identity
from storyline.records import Article


def art(text: str, outlet: str | None = "Daily Lantern", url: str | None = None) -> Article:
    return Article("a", url, outlet, None, "t", "2026-03-02", "en", text, text)


def cited(text: str, **kw: str | None) -> list[tuple[str, str]]:
    return [(c.outlet, c.kind) for c in find_citations(art(text, **kw), load_registry())]


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("The border will reopen on Monday, CNN reports.", "CNN"),
        ("The border will reopen on Monday, reports CNN, citing unnamed sources.", "CNN"),
        ("The border will reopen on Monday, according to the WSJ.", "The Wall Street Journal"),
        ("An Axios source said the border would reopen on Monday.", "Axios"),
        ("The border will reopen on Monday, as relayed by Politico.", "Politico"),
        ("Politico first reported that the border would reopen on Monday.", "Politico"),
        ("The minister told Bloomberg the border would reopen on Monday.", "Bloomberg"),
    ],
)
def test_running_text_patterns(text: str, outlet: str) -> None:
    assert cited(text) == [(outlet, "cite")]


def test_told_the_publication_resolves_to_the_outlet_named_before() -> None:
    text = (
        "The Washington Post spoke to the harbour master on Sunday. "
        '"We will reopen on Monday," she told the publication.'
    )
    found = find_citations(art(text), load_registry())
    assert [c.outlet for c in found] == ["The Washington Post"]
    assert found[0].evidence.startswith('"We will reopen')


def test_says_the_outlet_resolves_to_the_last_outlet_named() -> None:
    text = (
        "CNN aired the interview on Sunday. Reuters then spoke to the minister. "
        "The border will reopen on Monday, says the outlet."
    )
    found = find_citations(art(text), load_registry())
    last = found[-1]
    assert last.outlet == "Reuters" and last.evidence.startswith("The border will reopen")


def test_outlet_noun_without_an_outlet_before_it_is_no_citation() -> None:
    assert cited("The border will reopen on Monday, says the outlet.") == []


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (AP) \u2014 The border will reopen on Monday, officials said.",
        "The border will reopen on Monday, officials said.\n\u2014 Associated Press",
    ],
)
def test_wire_credits(text: str) -> None:
    assert cited(text) == [("Associated Press", "credit")]


def test_reuters_trailer_credit() -> None:
    assert cited("The border will reopen on Monday, officials said.\n\u2014 Reuters") == [
        ("Reuters", "credit")
    ]


def test_an_outlet_in_the_news_is_not_a_citation() -> None:
    assert cited("The senator attacked CNN and Fox News over their coverage on Monday.") == []
    assert cited("Reporters asked whether the channel would be sold.") == []


def test_an_article_never_cites_its_own_outlet() -> None:
    assert cited("The border will reopen on Monday, CNN reports.", outlet="CNN") == []
    assert (
        cited("The border will reopen on Monday, CNN reports.", outlet=None, url="https://edition.cnn.com/x")
        == []
    )


def test_outlet_names_normalise_to_one_outlet_and_one_family() -> None:
    reg = load_registry()
    names = {identity(reg, n) for n in ("CNN", "CNN.com", "cnn.com", "edition.cnn.com", "Cable News Network")}
    assert names == {("CNN", "fam:cnn")}
    assert identity(reg, "The WSJ")[0] == "The Wall Street Journal"
    # a publisher's sister outlets share a family, different publishers do not
    assert identity(reg, "MSNBC")[1] == identity(reg, "NBC News")[1]
    assert identity(reg, "MSNBC")[1] != identity(reg, "CNN")[1]
    # an outlet the registry does not know is its own family, with or without "the"
    assert (
        identity(reg, "the Kestrel Herald")
        == identity(reg, "Kestrel Herald")
        == ("Kestrel Herald", "kestrel herald")
    )


def test_same_citation_written_as_a_domain() -> None:
    assert cited("The border will reopen on Monday, according to CNN.com.") == [("CNN", "cite")]


@pytest.mark.parametrize(
    "text",
    [
        "The talks stalled on Monday, according to reports by Politico and Axios.",
        "Politico and Axios reported on Monday that the talks had stalled.",
    ],
)
def test_coordinated_outlets_are_both_cited(text: str) -> None:
    assert sorted(o for o, _ in cited(text)) == ["Axios", "Politico"]


def test_wire_house_credit_line() -> None:
    text = "Exports fell in May, officials said.\n(Reporting by Jo Lund; Editing by Tom Reed)"
    assert cited(text) == [("Reuters", "credit")]
    text = "Exports fell in May, officials said.\nAssociated Press writer Jo Lund contributed to this report."
    assert cited(text) == [("Associated Press", "credit")]
