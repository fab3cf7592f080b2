"""Benchmark of the HTML report: build + render time, file size and peak memory as the corpus grows.

    .venv/bin/python -m bench.report [--sizes 100,1000,5000] [--out FILE]

The corpus is synthetic and fictional (generated words, no real text): stories
of 5 articles from rotating outlets, each article 12 sentences with 4
attributions, claims carried by 3 articles, a copy and a citation per story,
positions and a briefing per story, omissions and framing entries, so every
section of the report is filled. Figures printed: seconds to build the
view-model, seconds to render HTML, MB written, peak Python memory
of build + render (tracemalloc, measured on a separate pass) and per-article cost.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import tracemalloc
from pathlib import Path

from storyline.records import (
    Analysis,
    Article,
    Attribution,
    Briefing,
    BriefSentence,
    Citation,
    Claim,
    Mention,
    Position,
    ProvenanceEdge,
    Story,
    Storyline,
)
from storyline.report import write_report
from storyline.report.render import render
from storyline.report.view import build

SYLLABLES = ("ka", "lo", "ren", "ta", "vi", "mor", "sel", "du", "na", "rik", "po", "ela")
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRST"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def sentence(rng: random.Random) -> str:
    return " ".join(word(rng) for _ in range(rng.randint(8, 16))).capitalize() + "."


def corpus(n: int, seed: int = 1) -> tuple[list[Article], Analysis]:
    rng = random.Random(seed)
    arts: list[Article] = []
    atts: list[Attribution] = []
    claims: list[Claim] = []
    edges: list[ProvenanceEdge] = []
    stories: list[Story] = []
    positions: list[Position] = []
    briefs: list[Briefing] = []
    omissions: list[dict[str, object]] = []
    for s in range((n + 4) // 5):
        ids = []
        day = f"2026-{1 + s % 12:02d}-{1 + s % 28:02d}"
        for j in range(min(5, n - 5 * s)):
            aid = f"a{s}-{j}"
            sents = [sentence(rng) for _ in range(12)]
            text = "\n".join(" ".join(sents[k : k + 3]) for k in range(0, 12, 3))
            a = Article(aid, f"https://o{j}.example/{aid}", OUTLETS[(s + j) % len(OUTLETS)], None,
                        sentence(rng)[:70], day, "en", text, text)  # fmt: skip
            arts.append(a)
            ids.append(aid)
            for k in range(4):
                said = sents[k * 3]
                start = text.find(said)
                atts.append(Attribution(f"t{aid}-{k}", aid, "direct", word(rng).title(), None, "person", "said",
                                        said, said, start, start + len(said)))  # fmt: skip
        sid = f"s{s}"
        stories.append(Story(sid, arts[-1].title, f"l{s // 4}", tuple(ids), day, day))
        first = arts[-len(ids)]
        for k in range(4):
            text = first.text.split("\n")[k][:80]
            carried = [x for x in arts[-len(ids) :] if x.text.startswith(first.text[:10])] or [first]
            claims.append(
                Claim(f"c{sid}-{k}", sid, text, tuple(Mention(x.id, text, 0, len(text)) for x in carried[:3]))
            )
        if len(ids) > 2:
            edges.append(ProvenanceEdge(ids[1], ids[0], "copies", "same text", 0.97))
            edges.append(ProvenanceEdge(ids[2], first.outlet or "", "cites", "reported"))
            omissions.append({"story_id": sid, "outlet": arts[-1].outlet, "claim_id": f"c{sid}-0",
                              "claim_text": claims[-4].text, "carried_by": [first.outlet]})  # fmt: skip
        positions.append(Position(f"Actor {s % 7}", f"issue {s % 3}", rng.choice(("supports", "opposes")), day,
                                  sentence(rng), (ids[0],), sid, f"l{s // 4}"))  # fmt: skip
        briefs.append(Briefing(f"b{sid}", sid, None, tuple(
            BriefSentence(c.text, (Citation(ids[0], first.outlet, c.text),)) for c in claims[-4:])))  # fmt: skip
    lines = {}
    for st in stories:
        lines.setdefault(st.storyline_id, []).append(st.id)
    analysis = Analysis(
        stories=tuple(stories),
        storylines=tuple(Storyline(k or "", f"Storyline {k}", tuple(v)) for k, v in lines.items()),
        attributions=tuple(atts), claims=tuple(claims), provenance=tuple(edges), positions=tuple(positions),
        briefings=tuple(briefs), extras={"omissions": omissions, "framing": []},
    )  # fmt: skip
    return arts, analysis


def measure(n: int, out: Path) -> dict[str, float]:
    arts, analysis = corpus(n)
    render(build(arts[:5], analysis, []))  # compile the template once, outside the timing
    t0 = time.perf_counter()
    view = build(arts, analysis, [])
    t1 = time.perf_counter()
    html = render(view)
    t2 = time.perf_counter()
    del view, html
    tracemalloc.start()  # a second pass for memory: tracing slows Python down several times
    html = render(build(arts, analysis, []))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    write_report(out, arts, analysis, [])
    return {"articles": n, "build_s": t1 - t0, "render_s": t2 - t1, "mb": len(html.encode()) / 1e6,
            "peak_mb": peak / 1e6, "ms_per_article": 1000 * (t2 - t0) / n}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--out", help="keep the largest report here")
    args = ap.parse_args()
    print("report bench (synthetic fictional corpus; build = view-model, render = jinja2 HTML)")
    print(f"{'articles':>9} {'build s':>8} {'render s':>9} {'HTML MB':>8} {'peak MB':>8} {'ms/article':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            target = Path(args.out) if args.out else Path(tmp) / "report.html"
            r = measure(n, target)
            print(f"{n:>9} {r['build_s']:>8.2f} {r['render_s']:>9.2f} {r['mb']:>8.2f} {r['peak_mb']:>8.1f} "
                  f"{r['ms_per_article']:>11.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
