"""The report's view-model: what each section shows, built from hand-made Analysis records."""

from __future__ import annotations

import os
import stat
from dataclasses import fields, replace

import pytest

from storyline.records import Analysis, Attribution, Briefing, BriefSentence, Citation, ProvenanceEdge
from storyline.report import render_report, write_report
from storyline.report.text import paragraphs
from storyline.report.view import build

from .conftest import WIRE


def test_briefing_cites_numbered_in_order_and_linked_to_articles(corpus):
    arts, analysis, failures = corpus
    report = build(arts, analysis, failures)
    story = next(s for s in report.stories if s.id == "s-quay")
    assert story.briefing is not None
    names = [name for name, _ in story.briefing.sections]
    assert names == ["What happened", "Disputed"]
    first = story.briefing.sections[0][1][0]
    assert [(n, ref.outlet) for n, ref, _ in first.cites] == [(1, "Tessel Wire"), (2, "Valley Post")]
    # a citation links to its source sentence inside the article's text
    wire = next(a for a in report.articles if a.id == "wire-1")
    target = first.cites[0][1].href[1:]
    pieces = [p for para in wire.paragraphs for p in para if p.cited == target]
    assert [p.anchor for p in pieces][:1] == [True] and not any(p.anchor for p in pieces[1:])
    assert "".join(p.text for p in pieces) == WIRE.split("\n")[0]
    # the highlight inside the cited sentence survives the second layer
    assert any(p.kind == "said" for p in pieces)
    # the same article keeps its number in later sentences
    assert story.briefing.sections[1][1][0].cites[0][0] == 2
    assert [n for n, _, _ in story.briefing.sources] == [1, 2]


def test_provenance_graph_puts_the_origin_first_and_maps_cited_outlets_to_their_article(corpus):
    arts, analysis, failures = corpus
    story = next(s for s in build(arts, analysis, failures).stories if s.id == "s-quay")
    graph = story.graph
    assert graph is not None
    layer = {n.key: n.layer for n in graph.nodes}
    assert layer == {"wire-1": 0, "copy-1": 1, "cite-1": 1}
    assert [n.key for n in graph.nodes if n.origin] == ["wire-1"]
    assert sorted((e.source, e.target, e.relation) for e in graph.edges) == [
        ("wire-1", "cite-1", "cites"),
        ("wire-1", "copy-1", "copies"),
    ]
    assert story.isolated == 0


def test_a_cited_outlet_without_an_article_becomes_its_own_node(corpus):
    arts, analysis, failures = corpus
    analysis = replace(
        analysis, provenance=(ProvenanceEdge("cite-1", "Harbour Weekly", "cites", "Harbour Weekly said"),)
    )
    story = next(s for s in build(arts, analysis, failures).stories if s.id == "s-quay")
    assert story.graph is not None
    outlet = next(n for n in story.graph.nodes if n.key == "outlet:Harbour Weekly")
    assert outlet.href is None and outlet.origin and outlet.sub == "cited outlet"


def test_coverage_matrix_marks_carried_and_omitted_claims(corpus):
    arts, analysis, failures = corpus
    story = next(s for s in build(arts, analysis, failures).stories if s.id == "s-quay")
    m = story.matrix
    assert m is not None
    assert m.outlets == ["Tessel Wire", "Coast Herald", "Valley Post"]  # by first publication
    firms = next(r for r in m.rows if r.claim.startswith("Shipping firms"))
    assert [c.state for c in firms.cells] == ["carried", "carried", "omitted"]
    assert firms.cells[0].ref is not None and firms.cells[0].ref.outlet == "Tessel Wire"
    assert m.omissions == [("Valley Post", firms.claim, ["Coast Herald", "Tessel Wire"])]


def test_contradictions_show_both_sides_with_their_sources(corpus):
    arts, analysis, failures = corpus
    story = next(s for s in build(arts, analysis, failures).stories if s.id == "s-quay")
    (c,) = story.contradictions
    assert c.kind == "number"
    assert [s.text for s in c.sides if s] == [
        "close the north quay for six weeks",
        "the closure would last eight weeks",
    ]
    assert [r.outlet for r in c.sides[0].refs] == ["Tessel Wire", "Coast Herald"]
    assert [r.outlet for r in c.sides[1].refs] == ["Valley Post"]


def test_positions_are_charted_per_storyline_in_time_order(corpus):
    arts, analysis, failures = corpus
    report = build(arts, analysis, failures)
    (line,) = report.storylines
    assert line.positions is not None
    (lane,) = line.positions.lanes
    assert (lane.actor, lane.issue) == ("Amalia Roos", "quay closure")
    assert [(p.stance, p.changed) for p in lane.points] == [("supports", False), ("conditional", True)]
    assert lane.points[0].x < lane.points[1].x
    assert report.position_rows == []  # nothing left for the free-standing section


def test_framing_keeps_only_significant_terms_and_names_groups(corpus):
    arts, analysis, failures = corpus
    story = next(s for s in build(arts, analysis, failures).stories if s.id == "s-quay")
    (unit,) = story.framing
    assert unit.name == "Valley Post"
    assert [t for t, _, _ in unit.distinctive] == ["union"]
    assert unit.voices == [("anonymous", 1.0)]
    assert [g.name for g in story.group_framing] == ["Outlets of kind wire"]


def test_articles_carry_highlights_copy_notes_and_relations(corpus):
    arts, analysis, failures = corpus
    views = {a.id: a for a in build(arts, analysis, failures).articles}
    wire = views["wire-1"]
    marked = [(p.kind, p.text) for para in wire.paragraphs for p in para if p.kind]
    assert marked == [
        ("said", "will close the north quay for six weeks"),
        ("speaker", "director Amalia Roos"),
    ]
    assert views["copy-1"].copy_of is not None and views["copy-1"].copy_of.outlet == "Tessel Wire"
    # the cited outlet has an article in the same story: the relation links to it
    ((rel, label, ref),) = views["cite-1"].relations
    assert (
        (rel, label) == ("cites", "Tessel Wire")
        and ref is not None
        and ref.href == "#" + views["wire-1"].anchor
    )
    assert views["later-1"].story_href is not None


def test_overlapping_or_out_of_range_offsets_never_mangle_the_text():
    text = "One line.\nSecond line here."
    bad = Attribution("a", "x", "direct", "S", "S", "person", "said", "t", "t", start=5, end=500)
    inner = Attribution("b", "x", "direct", "S", "S", "person", "said", "t", "t", start=2, end=12)
    overlapping = Attribution("c", "x", "direct", "S", "S", "person", "said", "t", "t", start=8, end=15)
    paras = paragraphs(text, [bad, inner, overlapping])
    assert ["".join(p.text for p in para) for para in paras] == text.split("\n")
    assert [(p.kind, p.text) for para in paras for p in para if p.kind] == [
        ("said", "e line."),
        ("said", "Se"),
    ]


def test_empty_analysis_hides_every_analysis_section(corpus):
    arts, _, _ = corpus
    report = build(arts, Analysis(), [])
    assert report.stories == [] and report.timeline is None and report.failures == []
    html = render_report(arts, Analysis(), [])
    for hidden in ("Who relays whom", "Coverage: who carries", "Contradictions", "How outlets framed it",
                   "positions over time", 'id="timeline"', 'id="failures"', 'id="stories"'):  # fmt: skip
        assert hidden not in html, hidden
    assert "Shipping firms said they were not consulted." in html
    assert html.count('class="card article"') == len(arts)


def test_full_report_renders_every_section(corpus):
    html = render_report(*corpus)
    for shown in ("Who relays whom", "Coverage: who carries", "Contradictions", "How outlets framed it",
                  "positions over time", 'id="timeline"', 'id="failures"', "inbox/broken.bin", "Briefing"):  # fmt: skip
        assert shown in html, shown


def test_write_report_replaces_the_file_atomically_and_readably(corpus, tmp_path):
    target = tmp_path / "out" / "report.html"
    old = os.umask(0o022)
    try:
        write_report(target, *corpus)
    finally:
        os.umask(old)
    first = target.read_text(encoding="utf-8")
    assert first.startswith("<!doctype html>") and first.rstrip().endswith("</html>")
    write_report(target, *corpus)
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]  # no temp file left behind
    assert target.stat().st_mode & stat.S_IRGRP  # not the 0600 of a temp file


def test_claims_with_the_same_wording_share_one_matrix_row(corpus):
    arts, analysis, failures = corpus
    wire, copy = arts[0], arts[1]
    split = tuple(
        replace(c, id=f"{c.id}-{i}", mentions=(m,))
        for c in analysis.claims
        if c.id == "c-firms"
        for i, m in enumerate(c.mentions)
    )
    assert {m.article_id for c in split for m in c.mentions} == {wire.id, copy.id}
    odd = replace(analysis, claims=(*[c for c in analysis.claims if c.id != "c-firms"], *split),
                  extras={**analysis.extras, "omissions": [{**analysis.extras["omissions"][0], "claim_id": "c-firms-1"}]})  # fmt: skip
    story = next(s for s in build(arts, odd, failures).stories if s.id == "s-quay")
    assert story.matrix is not None
    rows = [r for r in story.matrix.rows if r.claim.startswith("Shipping firms")]
    assert len(rows) == 1 and [c.state for c in rows[0].cells] == ["carried", "carried", "omitted"]
    assert len([c for c, _ in story.key_claims if c.text.startswith("Shipping firms")]) == 1


@pytest.mark.parametrize("only", [f.name for f in fields(Analysis)])
def test_any_single_stage_output_alone_renders(corpus, only):
    """Stages land one by one: the report must work with any one field filled and the rest empty."""
    arts, analysis, failures = corpus
    partial = replace(Analysis(), **{only: getattr(analysis, only)})
    html = render_report(arts, partial, failures)
    assert html.count('class="card article"') == len(arts)
    assert html.rstrip().endswith("</html>")


@pytest.mark.parametrize("dropped", [f.name for f in fields(Analysis)])
def test_any_single_stage_output_missing_renders(corpus, dropped):
    arts, analysis, failures = corpus
    partial = replace(analysis, **{dropped: getattr(Analysis(), dropped)})
    html = render_report(arts, partial, failures)
    assert html.count('class="card article"') == len(arts)


def test_two_source_sentences_from_one_article_make_one_citation_mark(corpus):
    arts, analysis, failures = corpus
    lines = arts[0].text.split("\n")
    twice = BriefSentence("Roos said the repairs cannot wait.",
                          (Citation("wire-1", "Tessel Wire", lines[1]), Citation("wire-1", "Tessel Wire", lines[0])))  # fmt: skip
    odd = replace(analysis, briefings=(Briefing("b-2", "s-quay", None, (twice,)),))
    story = next(s for s in build(arts, odd, failures).stories if s.id == "s-quay")
    assert story.briefing is not None
    ((_, (sentence,)),) = story.briefing.sections
    ((n, ref, source),) = sentence.cites
    assert n == 1 and ref is not None and ref.outlet == "Tessel Wire"
    assert source == f"{lines[1]} … {lines[0]}"


def test_a_citation_whose_sentence_is_not_in_the_text_links_to_the_article(corpus):
    arts, analysis, failures = corpus
    odd = replace(analysis, briefings=(Briefing("b-3", "s-quay", None, (
        BriefSentence("Brenn will close the quay.", (Citation("wire-1", "Tessel Wire", "Not in the text at all."),)),)),))  # fmt: skip
    report = build(arts, odd, failures)
    story = next(s for s in report.stories if s.id == "s-quay")
    assert story.briefing is not None
    ((_, (sentence,)),) = story.briefing.sections
    wire = next(a for a in report.articles if a.id == "wire-1")
    assert sentence.cites[0][1] is not None and sentence.cites[0][1].href == "#" + wire.anchor
    assert not any(p.cited for para in wire.paragraphs for p in para)
