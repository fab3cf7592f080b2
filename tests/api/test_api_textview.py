"""Property tests for the UI's text cutter and the API's name/URL sanitisers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.api.ingest import safe_name
from storyline.api.textview import paragraphs, safe_href, spans_of
from storyline.records import Attribution

TEXT = st.text(alphabet=st.sampled_from("ab \n<>&\"'é"), max_size=80)


def att(i: int, start: int, end: int, s_start: int = -1, s_end: int = -1) -> Attribution:
    return Attribution(id=f"a{i}", article_id="x", kind="direct", speaker="Someone", speaker_span="Someone",
                       speaker_kind="person", cue="said", text="", sentence="", start=start, end=end,
                       speaker_start=s_start, speaker_end=s_end)


@st.composite
def text_and_attributions(draw: st.DrawFn) -> tuple[str, list[Attribution]]:
    text = draw(TEXT)
    n = len(text)
    offsets = st.integers(min_value=-3, max_value=n + 3)
    atts = [att(i, *draw(st.tuples(offsets, offsets, offsets, offsets))) for i in range(draw(st.integers(0, 4)))]
    return text, atts


@given(text_and_attributions())
def test_paragraphs_keep_every_character_and_split_only_on_newlines(data):
    text, atts = data
    paras = paragraphs(text, atts)
    rebuilt = ["".join(p.text for p in para) for para in paras]
    assert rebuilt == [line for line in text.split("\n") if line]


@given(text_and_attributions())
def test_highlights_are_exactly_the_offsets_and_never_overlap(data):
    text, atts = data
    spans = spans_of(text, atts)
    last = 0
    for start, end, kind, _, ref in spans:
        assert last <= start < end <= len(text)
        a = next(x for x in atts if x.id == ref)
        assert (start, end) == ((a.start, a.end) if kind == "said" else (a.speaker_start, a.speaker_end))
        last = end


def test_a_quote_and_its_speaker_are_both_marked():
    text = "\"Rain is coming,\" said Ada Brook.\nNext line."
    q_start, q_end = text.index("Rain"), text.index(",\"")
    s_start = text.index("Ada")
    paras = paragraphs(text, [att(1, q_start, q_end, s_start, s_start + len("Ada Brook"))])
    kinds = [(p.kind, p.text) for p in paras[0] if p.kind]
    assert kinds == [("said", "Rain is coming"), ("speaker", "Ada Brook")]
    assert [p.text for p in paras[1]] == ["Next line."]


@given(st.text(max_size=60))
def test_safe_href_only_ever_returns_http_urls(url):
    out = safe_href(url)
    assert out is None or out.lower().startswith(("http://", "https://"))


def test_safe_href_refuses_script_and_data_links():
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<b>", "//evil.example/x", "vbscript:x"):
        assert safe_href(bad) is None
    assert safe_href("https://news.example/a?b=1") == "https://news.example/a?b=1"


@given(st.integers(0, 999), st.text(max_size=200))
def test_upload_names_never_leave_the_folder(index, name):
    out = safe_name(index, name)
    assert "/" not in out and "\\" not in out and out not in (".", "..")
    assert out.startswith(f"{index:03d}-") and len(out) <= 125


def test_upload_names_keep_the_extension():
    assert safe_name(3, "../../etc/feed.xml").endswith("-feed.xml")
    assert safe_name(0, "My Report (final).jsonl") == "000-My_Report_final_.jsonl"
