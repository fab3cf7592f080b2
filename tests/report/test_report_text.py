"""Highlighting by offsets keeps every character of the text; links only for http(s)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.records import Attribution
from storyline.report.text import Anchors, paragraphs, safe_href


@st.composite
def text_and_attributions(draw: st.DrawFn) -> tuple[str, list[Attribution], list[tuple[int, int, str]]]:
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\n\u00e9"), max_size=60))
    atts = []
    for i in range(draw(st.integers(0, 4))):
        s, e, ss, se = (draw(st.integers(-3, len(text) + 3)) for _ in range(4))
        atts.append(Attribution(f"a{i}", "x", "direct", "S", "S", "person", None, "t", "t", s, e, ss, se))
    cited = [
        (draw(st.integers(-2, len(text) + 2)), draw(st.integers(-2, len(text) + 2)), f"c{i}")
        for i in range(2)
    ]
    return text, atts, cited


@given(text_and_attributions())
def test_pieces_join_back_to_the_text(case):
    text, atts, cited = case
    paras = paragraphs(text, atts, cited)
    anchors = [p.cited for para in paras for p in para if p.anchor]
    assert len(anchors) == len(set(anchors))  # each cited span has at most one anchor
    assert [("".join(p.text for p in para)) for para in paras] == [line for line in text.split("\n") if line]
    for para in paras:
        assert all(p.text and "\n" not in p.text for p in para)


def test_safe_href_allows_only_http_and_https():
    assert safe_href("https://harbour.example/a?b=1") == "https://harbour.example/a?b=1"
    assert safe_href(" http://harbour.example/ ") == "http://harbour.example/"
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", "data:text/html,x",
                "vbscript:x", "//harbour.example/", "https:///nohost", "http://a b.example/", "", None):  # fmt: skip
        assert safe_href(bad) is None, bad


def test_anchors_are_safe_unique_and_stable():
    anchors = Anchors("art")
    assert anchors("wire-1") == "art-wire-1"
    odd = anchors('x"><script>')
    assert odd.startswith("art-x-script-") and all(ch.isalnum() or ch in "-_" for ch in odd)
    assert anchors('x"><script>') == odd
    assert anchors("a b") != anchors("a-b")  # same slug, different ids
    assert len({anchors(str(i)) for i in range(50)}) == 50
