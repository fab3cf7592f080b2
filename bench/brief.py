"""Benchmark of the brief stage: briefing faithfulness, sentences dropped, throughput.

    .venv/bin/python -m bench.brief [--allsides N] [--repeat R]

Corpora: the bundled sample (``examples/corpus``) and the first N AllSides dev
stories (``../shared/data/allsides``, by story id; 0 skips them). Each is
ingested into a temporary store and the whole pipeline runs (AllSides with the
hashing embedder, to stay cheap).

Figures, per corpus:

* **faithfulness**: the share of shown briefing sentences whose citations
  support them, rechecked from the JSON export (not from the stage's own
  ``support`` field): every cited source sentence must occur verbatim in its
  article's exported text, and the content (the sentence minus its documented
  frame) must draw at least 80% of its content words from the cited sentences.
  Goal 100%: by construction (text is quoted) and by check (the stage's gate).
* **dropped**: sentences the stage's gate refused, by reason.
* **negative control**: every shown sentence again, but with the citations of the
  next shown sentence that cites none of its articles; the share the check rejects says whether it
  could catch a wrong citation at all (also for a sweep of thresholds; the ones it
  accepts are, on inspection, the same statement reported by another outlet).
* **throughput**: the brief stage alone, rerun R times on the finished analysis
  (stories/s, sentences/s), next to the whole pipeline's time.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from storyline.brief import check, run
from storyline.brief.support import THRESHOLD
from storyline.config import Config
from storyline.export import build_export
from storyline.pipeline import StageContext, analyze_articles, ingest, stream_order
from storyline.records import Analysis, Article, BriefSentence, Citation
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides"
SWEEP = (0.5, 0.6, 0.7, 0.8, 0.9)


def _analyse(paths: list[str], tmp: Path, config: Config) -> tuple[list[Article], Analysis, float]:
    store = Store(config.db)
    ingest(paths, store, config)
    articles = store.articles()
    t0 = time.perf_counter()
    analysis = analyze_articles(articles, config, store)
    return articles, analysis, time.perf_counter() - t0


def _recheck(export: dict[str, Any]) -> tuple[int, int, Counter[str]]:
    """(shown, supported, reasons of failures) rechecked from the export alone."""
    articles = {
        a["id"]: Article(a["id"], None, a["outlet"], None, "", None, None, a["text"] or "", "")
        for a in export["articles"]
    }
    shown = supported = 0
    reasons: Counter[str] = Counter()
    for b in export["briefings"]:
        for s in b["sentences"]:
            cites = tuple(
                Citation(c["article_id"], c["outlet"], c["source_sentence"]) for c in s["citations"]
            )
            verdict = check(BriefSentence(s["text"], cites, s.get("section", "what-happened")), articles)
            shown += 1
            supported += verdict.ok
            if not verdict.ok:
                reasons[verdict.reason] += 1
    return shown, supported, reasons


def _negative_control(analysis: Analysis) -> list[float]:
    """Support scores of each sentence checked against the citations of the next sentence citing other articles.

    Scored with threshold 0 so the caller can count rejections at any threshold;
    a sentence with no content word scores 0 (it would be rejected).
    """
    pool = [s for b in analysis.briefings for s in b.sentences]
    scores = []
    for i, s in enumerate(pool):
        mine = {c.article_id for c in s.citations}
        for j in range(1, len(pool)):
            other = pool[(i + j) % len(pool)]
            if not mine & {c.article_id for c in other.citations}:
                scores.append(
                    check(dataclasses.replace(s, citations=other.citations), threshold=0.0).support or 0.0
                )
                break
    return scores


def _throughput(
    articles: list[Article], analysis: Analysis, config: Config, repeat: int
) -> tuple[float, int]:
    ctx = StageContext(stream_order(articles), config)
    prior = dataclasses.replace(analysis, briefings=())
    t0 = time.perf_counter()
    out = prior
    for _ in range(repeat):
        out = run(ctx, prior)
    return (time.perf_counter() - t0) / repeat, sum(len(b.sentences) for b in out.briefings)


def report(name: str, paths: list[str], config: Config, repeat: int, show_dropped: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        config = dataclasses.replace(config, db=str(Path(tmp) / "bench.db"))
        articles, analysis, pipeline_s = _analyse(paths, Path(tmp), config)
    export = json.loads(json.dumps(build_export(articles, analysis)))
    shown, supported, reasons = _recheck(export)
    stats = analysis.extras.get("brief", {})
    sections = Counter(s.section for b in analysis.briefings for s in b.sentences)
    negative = _negative_control(analysis)
    stage_s, sentences = _throughput(articles, analysis, config, repeat)
    n_story = sum(1 for b in analysis.briefings if b.story_id)
    cites = [len(s.citations) for b in analysis.briefings for s in b.sentences]
    print(
        f"\n{name}: {len(articles)} articles, {len(analysis.stories)} stories, {len(analysis.storylines)} storylines"
    )
    print(
        f"  briefings: {n_story} per story, {len(analysis.briefings) - n_story} per storyline; "
        f"{shown} sentences, {sum(cites) / max(1, len(cites)):.2f} citations each"
    )
    print("  sections: " + ", ".join(f"{k} {v}" for k, v in sorted(sections.items())))
    share = supported / shown if shown else 1.0
    print(
        f"  faithfulness (rechecked from the export): {supported}/{shown} = {share:.1%}"
        + (f"  failures: {dict(reasons)}" if reasons else "")
    )
    print(
        f"  dropped by the gate: {stats.get('dropped', 0)} {stats.get('dropped_by_reason', {})}; "
        f"stage errors: {len(stats.get('errors', []))}"
    )
    if show_dropped:
        for ex in stats.get("dropped_examples", []):
            print(f"    dropped ({ex['reason']}, {ex['support']}): [{ex['section']}] {ex['text'][:200]}")
    if negative:
        rejected = sum(1 for x in negative if x < THRESHOLD)
        sweep = ", ".join(
            f"{th:.1f}: {sum(1 for x in negative if x < th) / len(negative):.0%}" for th in SWEEP
        )
        print(
            f"  negative control (citations of a sentence citing other articles): rejected {rejected}/{len(negative)}"
            f" = {rejected / len(negative):.1%} at the stage's threshold {THRESHOLD}; by threshold {sweep}"
        )
    print(
        f"  throughput: brief stage {stage_s * 1000:.0f} ms per run = "
        f"{len(analysis.stories) / stage_s:.0f} stories/s, {sentences / stage_s:.0f} sentences/s "
        f"(mean of {repeat}); whole pipeline {pipeline_s:.1f} s"
    )


def allsides_slice(n_stories: int, tmp: Path) -> Path | None:
    """The first ``n_stories`` AllSides dev stories (by story id) as one JSONL file."""
    if not (ALLSIDES / "gold.jsonl").exists():
        return None
    story_of: dict[str, str] = {}
    members: dict[str, list[str]] = defaultdict(list)
    for line in (ALLSIDES / "gold.jsonl").open(encoding="utf-8"):
        g = json.loads(line)
        if g["split"] == "dev":
            story_of[g["id"]] = g["story"]
            members[g["story"]].append(g["id"])
    keep = {a for s in sorted(members)[:n_stories] for a in members[s]}
    out = tmp / "allsides-dev.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for line in (ALLSIDES / "articles.jsonl").open(encoding="utf-8"):
            if json.loads(line)["id"] in keep:
                fh.write(line)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--allsides", type=int, default=30, help="AllSides dev stories to add (0: none)")
    ap.add_argument("--repeat", type=int, default=5, help="reruns of the brief stage for its throughput")
    ap.add_argument("--show-dropped", action="store_true", help="print the sentences the gate dropped")
    args, _ = ap.parse_known_args()
    report(
        "examples/corpus",
        [str(ROOT / "examples" / "corpus")],
        Config(outlets_file=str(ROOT / "examples" / "outlets.csv")),
        args.repeat,
        args.show_dropped,
    )
    if args.allsides:
        with tempfile.TemporaryDirectory() as tmp:
            path = allsides_slice(args.allsides, Path(tmp))
            if path is None:
                print(f"\nAllSides: {ALLSIDES} not found, skipped")
            else:
                report(
                    f"AllSides dev, first {args.allsides} stories",
                    [str(path)],
                    Config(embedder="hashing"),
                    args.repeat,
                    args.show_dropped,
                )


if __name__ == "__main__":
    main()
