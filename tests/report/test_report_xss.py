"""Hostile text anywhere (titles, bodies, outlets, URLs, speakers, claims, framing, failures) stays text.

The rendered page is parsed with the standard library's HTML parser, the way
a browser tokenises it, and checked for live markup: only the report's own
script, no event-handler attributes, no ``javascript:`` links, no images,
frames or inline styles.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from importlib.resources import files

from storyline.records import (
    Analysis,
    Attribution,
    Briefing,
    BriefSentence,
    Citation,
    Cite,
    Claim,
    Contradiction,
    Failure,
    Mention,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
)
from storyline.report import render_report

from .conftest import article

SCRIPT = "<script>window.__pwned=1;alert('x')</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = "<svg onload=alert(1)>"
BREAKOUT = '"\'><a href="javascript:alert(1)">x</a>'
BODY = f"Plain start. {SCRIPT} middle {IMG} and {SVG} then {BREAKOUT} end.\nSecond {SCRIPT} line."


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def hostile_report() -> str:
    bad = article("x1", f"Outlet {SCRIPT}", BODY, f"{IMG} Headline {SCRIPT}", "2026-04-01",
                  url="javascript:alert('url')")  # fmt: skip
    bad2 = article(f"id{SVG}", IMG, BODY, BREAKOUT, "2026-04-02", url=f"https://ok.example/{SCRIPT}")
    s = BODY.find(SCRIPT)
    att = Attribution("a1", "x1", "direct", SCRIPT, IMG, "person", SVG, SCRIPT, BODY[:80],
                      start=s, end=s + len(SCRIPT), speaker_start=0, speaker_end=5)  # fmt: skip
    claim = Claim(
        "c1", "s1", SCRIPT, (Mention("x1", SCRIPT, s, s + len(SCRIPT)),), speaker=IMG, origins=(SCRIPT,)
    )
    claim2 = Claim("c2", "s1", BREAKOUT, (Mention(f"id{SVG}", BREAKOUT, 0, 5, outlet=IMG),), status=SVG)
    analysis = Analysis(
        duplicate_of={f"id{SVG}": "x1"},
        cites={"x1": (Cite(SCRIPT, IMG),)},
        stories=(Story("s1", SCRIPT, "l1", ("x1", f"id{SVG}"), "2026-04-01", "2026-04-02", (SVG,)),),
        storylines=(Storyline("l1", IMG, ("s1",)),),
        attributions=(att,),
        claims=(claim, claim2),
        provenance=(
            ProvenanceEdge(f"id{SVG}", "x1", SVG, BREAKOUT, 1.0),
            ProvenanceEdge("x1", SCRIPT, "cites", IMG),
        ),
        contradictions=(Contradiction("k1", "s1", ("c1", "c2"), SCRIPT, IMG),),
        positions=(Position(SCRIPT, IMG, SVG, "2026-04-01", BREAKOUT, ("x1",), "s1", None, True),),
        briefings=(
            Briefing("b1", "s1", None, (BriefSentence(SCRIPT, (Citation("x1", IMG, BREAKOUT),), SVG),)),
        ),
        extras={
            "omissions": [
                {"story_id": "s1", "outlet": SCRIPT, "claim_id": "c1", "claim_text": IMG, "carried_by": [SVG]}
            ],
            "framing": [
                {
                    "story_id": "s1",
                    "by_outlet": {
                        SCRIPT: {
                            "articles": 1,
                            "headline_words": [[IMG, 1]],
                            "distinctive": [
                                {"term": SVG, "z": 3.0, "significant": True, "example": {"text": BREAKOUT}}
                            ],
                            "voices": {"by_kind": {SCRIPT: 1.0}, "by_speaker": {IMG: 1.0}},
                        }
                    },
                    "by_group": {},
                }
            ],
        },  # fmt: skip
    )
    return render_report([bad, bad2], analysis, [Failure(SCRIPT, IMG, BREAKOUT, SVG)])


def test_no_hostile_markup_is_live():
    html = hostile_report()
    page = Collector()
    page.feed(html)
    own = (files("storyline.report") / "templates" / "report.js").read_text(encoding="utf-8")
    assert page.scripts == [own]  # exactly one script: ours
    names = {tag for tag, _ in page.tags}
    assert not names & {"img", "iframe", "object", "embed", "frame", "base", "form", "link", "meta-refresh"}
    for tag, attrs in page.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
        assert "style" not in attrs, (tag, attrs)  # the CSP allows no inline style attributes
        for key in ("href", "xlink:href", "src", "action"):
            value = (attrs.get(key) or "").strip()
            assert not value or value.startswith(("#", "https://", "http://", "url(#")), (tag, key, value)
    assert not any(tag == "svg" and "onload" in attrs for tag, attrs in page.tags)
    # the payloads are shown as text
    assert "&lt;script&gt;window.__pwned=1;alert(" in html
    assert "&lt;img src=x onerror=" in html
    assert 'href="javascript:' not in html and "href='javascript:" not in html


def test_hostile_url_is_shown_but_never_linked():
    html = hostile_report()
    assert "javascript:alert(&#39;url&#39;)" in html  # visible as text
    page = Collector()
    page.feed(html)
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
    assert (
        "https://ok.example/<script>window.__pwned=1;alert('x')</script>" in hrefs
    )  # an http(s) URL stays a link
    assert not [h for h in hrefs if "javascript" in h.lower()]


def test_csp_allows_only_the_reports_own_inline_script_and_style():
    html = hostile_report()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    text = unescape(csp.group(1))
    policy = dict(part.strip().split(" ", 1) for part in text.split(";"))
    assert (
        policy["default-src"] == "'none'"
        and policy["connect-src"] == "'none'"
        and policy["img-src"] == "'none'"
    )
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert script is not None and style is not None

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert policy["script-src"] == digest(script.group(1))
    assert policy["style-src"] == digest(style.group(1))
    assert "unsafe-inline" not in text


def test_highlight_over_hostile_text_keeps_it_escaped():
    html = hostile_report()
    assert '<mark class="said" title="&lt;script&gt;' in html
    # an attribution highlighting exactly the <script> payload renders it as text inside the mark
    assert "&lt;script&gt;window.__pwned=1;alert(&#39;x&#39;)&lt;/script&gt;</mark>" in html


def test_no_network_reference_anywhere():
    html = hostile_report()
    outside = re.findall(r'(?:src|href)="(https?://[^"]*)"', html)
    # the only absolute URLs are the articles' own (links the reader may follow), never loaded resources
    page = Collector()
    page.feed(html)
    loaded = [attrs for tag, attrs in page.tags if "src" in attrs or (tag == "link" and "href" in attrs)]
    assert loaded == []
    assert all(u.startswith("https://ok.example/") for u in outside)


def test_clean_report_is_unchanged_by_hostile_extras_types(corpus):
    """Malformed extras (wrong types) are skipped, not crashed on."""
    arts, analysis, failures = corpus
    odd = replace(
        analysis, extras={"omissions": [None, 3, "x"], "framing": [{"story_id": "s-quay", "by_outlet": 7}]}
    )
    html = render_report(arts, odd, failures)
    assert "Who relays whom" in html
