"""Origin tracing and counts: re-reports, citations, wire credits and families collapse."""

from __future__ import annotations

from storyline.provenance.origins import ArticleFacts, with_counts
from storyline.provenance.reuse import direct
from storyline.records import Article, Claim, Mention


def claim(*article_ids: str, status: str = "single-source") -> Claim:
    mentions = tuple(Mention(aid, "The dam will open on Friday.", 0, 28) for aid in article_ids)
    return Claim("c-1", "s1", "The dam will open on Friday.", mentions, status=status)


def cites(outlet: str, family: str) -> tuple[tuple[int, int, str, str], ...]:
    return ((0, 40, outlet, family),)  # the mention's sentence cites ``outlet``


def no_speaker(_m: Mention) -> None:
    return None


def counted(c: Claim, facts: dict[str, ArticleFacts], speaker=no_speaker) -> Claim:
    (out,) = with_counts([c], facts, speaker)
    return out


def test_three_relays_of_one_newspaper_are_one_source() -> None:
    facts = {
        r: ArticleFacts(r.upper(), r, cites=cites("The Harbor Ledger", "ledger")) for r in ("r1", "r2", "r3")
    }
    c = counted(claim("r1", "r2", "r3"), facts)
    assert c.outlets == ("R1", "R2", "R3")
    assert c.origins == ("The Harbor Ledger",) and c.independent_sources == 1
    assert c.status == "single-source"


def test_two_truly_independent_outlets_corroborate() -> None:
    facts = {"x": ArticleFacts("Alpha", "alpha"), "y": ArticleFacts("Bravo", "bravo")}
    c = counted(claim("x", "y"), facts)
    assert c.origins == ("Alpha", "Bravo") and c.independent_sources == 2 and c.status == "corroborated"


def test_chain_a_cites_b_cites_c_ends_at_c() -> None:
    facts = {
        "a": ArticleFacts("Alpha", "alpha", cites=cites("Bravo", "bravo")),
        "b": ArticleFacts("Bravo", "bravo", cites=cites("Charlie", "charlie")),
        "c": ArticleFacts("Charlie", "charlie"),
    }
    assert counted(claim("a", "b", "c"), facts).origins == ("Charlie",)
    # Charlie's own article missing from the corpus: B's citation still names it
    del facts["c"]
    c = counted(claim("a", "b"), facts)
    assert c.origins == ("Charlie",) and c.outlets == ("Alpha", "Bravo")


def test_citation_loop_terminates() -> None:
    facts = {
        "a": ArticleFacts("Alpha", "alpha", cites=cites("Bravo", "bravo")),
        "b": ArticleFacts("Bravo", "bravo", cites=cites("Alpha", "alpha")),
    }
    assert counted(claim("a", "b"), facts).independent_sources == 1


def test_wire_reprints_count_as_the_wire() -> None:
    wire = ("Associated Press", "fam:associated press")
    facts = {
        "p1": ArticleFacts("Paper One", "one", credit=wire),
        "p2": ArticleFacts("Paper Two", "two", credit=wire),
        "ap": ArticleFacts("Associated Press", "fam:associated press"),
    }
    c = counted(claim("p1", "p2", "ap"), facts)
    assert c.outlets == ("Paper One", "Paper Two", "Associated Press")
    assert c.origins == ("Associated Press",)


def test_a_citation_in_the_sentence_beats_the_wire_credit() -> None:
    facts = {
        "p1": ArticleFacts(
            "Paper One", "one", credit=("Reuters", "fam:reuters"), cites=cites("CNN", "fam:cnn")
        ),
    }
    assert counted(claim("p1"), facts).origins == ("CNN",)


def test_publisher_family_is_one_source() -> None:
    facts = {"m": ArticleFacts("MSNBC", "fam:nbc"), "n": ArticleFacts("NBC News", "fam:nbc")}
    c = counted(claim("m", "n"), facts)
    assert c.outlets == ("MSNBC", "NBC News") and c.independent_sources == 1


def test_an_uncredited_re_report_inherits_its_source() -> None:
    facts = {
        "a": ArticleFacts("Alpha", "alpha"),
        "b": ArticleFacts("Bravo", "bravo", sources=frozenset({"a"})),
    }
    assert counted(claim("a", "b"), facts).origins == ("Alpha",)


def test_anonymous_source_relayed_through_the_attribution_is_one_origin() -> None:
    # the relays do not cite in running text, but their attribution names the newspaper
    facts = {r: ArticleFacts(r, r) for r in ("r1", "r2")}
    c = counted(claim("r1", "r2"), facts, speaker=lambda m: ("The Harbor Ledger", "ledger"))
    assert c.origins == ("The Harbor Ledger",)


def test_disputed_status_is_kept() -> None:
    facts = {"x": ArticleFacts("Alpha", "alpha"), "y": ArticleFacts("Bravo", "bravo")}
    c = counted(claim("x", "y", status="disputed"), facts)
    assert c.status == "disputed" and c.independent_sources == 2


def _art(aid: str, published: str | None) -> Article:
    return Article(aid, None, aid, None, "t", published, "en", "x", "x")


def test_direction_by_date_then_citation_then_order() -> None:
    rank = {"a": 0, "b": 1}
    fam = {"a": "alpha", "b": "bravo"}
    later, earlier, why = direct(_art("a", "2026-03-05"), _art("b", "2026-03-01"), {}, fam, rank)
    assert (later.id, earlier.id, why) == ("a", "b", "date")
    # undated: the article that cites the other's outlet is the later one, whatever the order
    later, earlier, why = direct(_art("a", None), _art("b", None), {"a": {"bravo"}}, fam, rank)
    assert (later.id, earlier.id, why) == ("a", "b", "citation")
    later, earlier, why = direct(_art("a", None), _art("b", "2026-03-01"), {}, fam, rank)
    assert (later.id, earlier.id, why) == ("b", "a", "order")


def test_re_report_of_a_re_report_reaches_the_original_when_the_middle_dropped_the_claim() -> None:
    facts = {
        "orig": ArticleFacts("Alpha", "alpha"),
        "mid": ArticleFacts("Bravo", "bravo", sources=frozenset({"orig"})),
        "late": ArticleFacts("Charlie", "charlie", sources=frozenset({"mid"})),
    }
    assert counted(claim("orig", "late"), facts).origins == ("Alpha",)
