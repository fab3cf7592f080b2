"""Provenance figures: re-report detection, citation detection, independent-source counts, speed.

    .venv/bin/python -m bench.provenance [--no-e5] [--dev-only]

1. MSRP test (sentence pairs): P/R/F1 of the shipped re-report score at its shipped bar
   (weights fitted on train by ``bench.provenance_fit``), per embedder; the all-"yes"
   baseline is printed beside it because two thirds of MSRP pairs are paraphrases.
   E5 vectors come from ``bench/out/`` (``bench.provenance_data`` makes them).
2. Citation detection: precision/recall of ``find_citations`` on the written labelled
   sets ``bench/data/provenance_cites.jsonl`` (40 texts, 13 without a citation; the cue
   list was revised against it) and ``provenance_cites_heldout.jsonl`` (20 texts written
   after that, not tuned on), and
   of wire credits on PolNeAR against its ``wire`` metadata (articles of every split;
   nothing is trained; the cue list was written before this was run on test).
3. Independent-source miscount rate: the whole pipeline over the written stories
   (``tests/provenance/fixtures``, ``bench/data/provenance_stories``); a gold claim counts
   as miscounted when it is not found or a claim holding its words has an
   ``independent_sources`` other than the gold in ``bench/data/provenance_claims.jsonl``.
4. Throughput of the citation finder (PolNeAR articles/s) and of the provenance stage.

``--dev-only`` scores no test split and not the held-out set: MSRP train (E5 on the
train pairs with cached vectors), the written dev set, PolNeAR train and dev.
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from bench.provenance_data import OUT, ROOT, SHARED, load_msrp
from storyline.clean.outlets import load_registry
from storyline.config import Config
from storyline.embed import HashingEmbedder
from storyline.provenance.align import load_model, pair_features
from storyline.provenance.citations import find_citations
from storyline.records import Article

DATA = ROOT / "bench" / "data"


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ------------------------------------------------------------------ MSRP


def msrp(use_e5: bool, split: str = "test") -> None:
    rows = load_msrp(split)
    y = np.array([r[0] for r in rows])
    print(f"1. MSRP {split}, sentence re-report detection ({len(rows)} pairs, {int(y.sum())} paraphrases)")
    base = prf(int(y.sum()), int(len(y) - y.sum()), 0)
    print(f"   all-yes baseline          P {base[0]:.3f} R {base[1]:.3f} F1 {base[2]:.3f}")
    names = ["hashing"] + (["e5"] if use_e5 else [])
    for name in names:
        cache = OUT / f"msrp_{split}_e5.npz"
        if name == "e5":
            if not cache.exists():
                print("   e5: no cached vectors; run .venv/bin/python -m bench.provenance_data first")
                continue
            data = np.load(cache)
            a, b = data["a"], data["b"]
            if len(a) < len(rows):  # train vectors may cover the first pairs only
                rows, y = rows[: len(a)], y[: len(a)]
        else:
            h = HashingEmbedder()
            a, b = h.embed_queries([r[1] for r in rows]), h.embed_queries([r[2] for r in rows])
        model = load_model(name)
        cos = np.sum(a * b, axis=1)
        started = time.perf_counter()
        x = np.vstack([pair_features(r[1], r[2], float(c)) for r, c in zip(rows, cos, strict=True)])
        pred = model.prob(x) >= model.threshold
        secs = time.perf_counter() - started
        tp = int(np.sum(pred & (y == 1)))
        p, r, f = prf(tp, int(np.sum(pred)) - tp, int(np.sum(y == 1)) - tp)
        acc = float(np.mean(pred == (y == 1)))
        print(
            f"   {name:<8} bar {model.threshold:.2f}      P {p:.3f} R {r:.3f} F1 {f:.3f} acc {acc:.3f}"
            f"   (features+score {len(rows) / secs:,.0f} pairs/s)"
        )


# ------------------------------------------------------------- citations


def written_cites(name: str, label: str) -> None:
    reg = load_registry()
    tp = fp = fn = 0
    misses: list[str] = []
    lines = (DATA / name).read_text("utf-8").splitlines()
    for line in lines:
        row = json.loads(line)
        art = Article(row["id"], None, row["outlet"], None, "", "2026-01-01", "en", row["text"], row["text"])
        got = {c.outlet for c in find_citations(art, reg)}
        gold = set(row["cites"])
        tp += len(got & gold)
        fp += len(got - gold)
        fn += len(gold - got)
        if got != gold:
            misses.append(f"{row['id']}: got {sorted(got)} want {sorted(gold)}")
    p, r, f = prf(tp, fp, fn)
    print(
        f"2a. citations, {label} ({len(lines)} texts): P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {tp} fp {fp} fn {fn})"
    )
    for m in misses:
        print("    ", m)


def polnear_articles() -> list[tuple[str, str, str, str]]:
    """``(split, filename, wire, text)`` for every PolNeAR article with text."""
    out = []
    with (SHARED / "polnear" / "metadata.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            path = SHARED / "polnear" / row["compartment"] / "text" / f"{row['filename']}.txt"
            if path.exists():
                wire = (row.get("wire") or "").strip()
                wire = "" if wire in ("None", "NA") else wire
                out.append((row["compartment"], row["filename"], wire, path.read_text("utf-8")))
    return out


def polnear_wire(splits: tuple[str, ...] = ("train", "dev", "test")) -> None:
    reg = load_registry()
    arts = [a for a in polnear_articles() if a[0] in splits]
    by_split: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    started = time.perf_counter()
    n_cites = 0
    for split, name, wire, text in arts:
        art = Article(name, None, name.split("_")[0], None, "", None, "en", text, text)
        found = find_citations(art, reg)
        n_cites += len(found)
        credit = next((c.outlet for c in found if c.kind == "credit"), None)
        gold_o = reg.by_name(wire) if wire else None
        gold = gold_o.name if gold_o is not None else (wire or None)
        cell = by_split["all"], by_split[split]
        for c in cell:
            if credit and credit == gold:
                c[0] += 1
            else:
                if credit:
                    c[1] += 1
                if gold:
                    c[2] += 1
    secs = time.perf_counter() - started
    print(f"2b. wire credits on PolNeAR vs its `wire` metadata ({len(arts)} articles)")
    for split in (*splits, "all"):
        tp, fp, fn = by_split[split]
        p, r, f = prf(tp, fp, fn)
        print(f"    {split:<6} P {p:.3f} R {r:.3f} F1 {f:.3f}  (tp {tp} fp {fp} fn {fn})")
    print(f"4a. citation finder: {len(arts) / secs:,.1f} PolNeAR articles/s ({n_cites} citations found)")


# -------------------------------------------------------------- miscount


def miscount() -> None:
    from storyline.pipeline import analyze_articles, ingest
    from storyline.store import Store

    gold = [json.loads(x) for x in (DATA / "provenance_claims.jsonl").read_text("utf-8").splitlines()]
    corpora = sorted({g["corpus"] for g in gold})
    wrong: list[str] = []
    stage_secs = 0.0
    n_articles = 0
    cfg = Config()
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "b.db")) as store:
        report = ingest([str(ROOT / c) for c in corpora], store, cfg)
        articles = store.articles()
        n_articles = len(articles)
        from storyline.pipeline import STAGES

        upto = [s for s in STAGES if s[0] in ("dedup", "cluster", "extract")]
        prior = analyze_articles(articles, cfg, store=store, stages=upto)
        from storyline.pipeline import StageContext, stream_order
        from storyline.provenance import run

        ctx = StageContext(articles=stream_order(articles), config=cfg, store=store)
        started = time.perf_counter()
        analysis = run(ctx, prior)
        stage_secs = time.perf_counter() - started
        started = time.perf_counter()
        run(ctx, prior)
        warm_secs = time.perf_counter() - started
    del report
    for g in gold:
        # every claim whose text holds the words (extract may split one sentence in two)
        got = [c.independent_sources for c in analysis.claims if g["claim"] in c.text]
        if not got or any(n != g["independent_sources"] for n in got):
            wrong.append(f"{g['claim']!r}: got {got} want {g['independent_sources']}")
    rate = len(wrong) / len(gold)
    print(f"3. independent-source miscount: {len(wrong)}/{len(gold)} claims = {rate:.1%} (written stories)")
    for w in wrong:
        print("    ", w)
    print(
        f"4b. provenance stage: {n_articles} articles in {stage_secs:.2f}s cold "
        f"({n_articles / stage_secs:.1f} articles/s, embeds claims), {warm_secs:.2f}s warm (claim vectors cached)"
    )


def main() -> None:
    use_e5 = "--no-e5" not in sys.argv
    if "--dev-only" in sys.argv:  # no test split or held-out set: MSRP train, PolNeAR train + dev
        msrp(use_e5, "train")
        written_cites("provenance_cites.jsonl", "written dev set (cues tuned on it)")
        polnear_wire(("train", "dev"))
        miscount()
        return
    msrp(use_e5)
    written_cites("provenance_cites.jsonl", "written dev set (cues tuned on it)")
    written_cites("provenance_cites_heldout.jsonl", "written held-out set (scored once)")
    polnear_wire()
    miscount()


if __name__ == "__main__":
    main()
