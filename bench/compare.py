"""Benchmark of the compare stage: contradictions, positions, framing.

    .venv/bin/python -m bench.compare [--skip-framing] [--no-quotes] [--real dev|test] [--dev-only]

* Contradictions: ``bench/data/compare_contradictions.jsonl`` (pairs written for
  Storyline: each kind, updates, and look-alikes that do not contradict). Each
  pair is run through ``find_contradictions`` as two claims of one story from
  two outlets. A sweep of the overlap threshold is printed for the dev half;
  both halves are then scored with the stage's own setting.
* Positions: ``bench/data/compare_positions.jsonl``: one actor, one issue, two
  stories of a storyline; the whole stage runs and we score whether the
  position is found, its stance, and ``changed``.
* Framing: AllSides (``/work/shared/data/allsides``). Log-odds term weights per
  side (left / center / right) are fitted on dev stories; each test article's
  side is predicted from them, alone and with quote shares (shares of
  attributions by speaker kind, from the extract stage) in a logistic
  regression. Also, within each test story that has one article per side, the
  three sides are assigned jointly (best permutation). Baselines: majority side
  and chance. The prior size is picked on two folds of dev stories.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from itertools import permutations
from pathlib import Path

import numpy as np

from storyline.compare import contradictions as cx
from storyline.compare.frames import parse_frames
from storyline.compare.logodds import log_odds_z, tokens
from storyline.records import Claim

DATA = Path(__file__).parent / "data"
ALLSIDES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides"
SIDES = ("left", "center", "right")
KINDS = ("negation", "stance", "number", "date", "supersedes")


# ------------------------------------------------------------- contradictions
def _predict_pairs(rows: list[dict], frames_a, frames_b, min_overlap: float) -> list[str]:
    preds = []
    for r, fa, fb in zip(rows, frames_a, frames_b, strict=True):
        infos = [
            cx.ClaimInfo(Claim("a", "s", r["a"]), fa, r["a_date"], r["a_date"], ("outlet A",)),
            cx.ClaimInfo(Claim("b", "s", r["b"]), fb, r["b_date"], r["b_date"], ("outlet B",)),
        ]
        found = cx.find_contradictions(infos, "s", min_overlap=min_overlap)
        preds.append(found[0].kind if found else "none")
    return preds


def _pair_scores(rows: list[dict], preds: list[str]) -> dict[str, float]:
    tp = sum(1 for r, p in zip(rows, preds, strict=True) if p != "none" and r["label"] != "none")
    fp = sum(1 for r, p in zip(rows, preds, strict=True) if p != "none" and r["label"] == "none")
    fn = sum(1 for r, p in zip(rows, preds, strict=True) if p == "none" and r["label"] != "none")
    kind_ok = sum(1 for r, p in zip(rows, preds, strict=True) if p != "none" and p == r["label"])
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": prec,
        "recall": rec,
        "kind_accuracy": kind_ok / tp if tp else 0.0,
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def bench_contradictions(splits: tuple[str, ...] = ("dev", "test")) -> None:
    rows = [json.loads(line) for line in (DATA / "compare_contradictions.jsonl").open()]
    t0 = time.perf_counter()
    fa = parse_frames([r["a"] for r in rows])
    fb = parse_frames([r["b"] for r in rows])
    parse_s = time.perf_counter() - t0
    split = {s: [i for i, r in enumerate(rows) if r["split"] == s] for s in ("dev", "test")}
    print(
        f"contradictions: {len(rows)} labelled pairs (dev {len(split['dev'])}, test {len(split['test'])}); "
        f"parse {2 * len(rows) / parse_s:.0f} claims/s"
    )
    for mo in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        idx = split["dev"]
        sub = [rows[i] for i in idx]
        s = _pair_scores(sub, _predict_pairs(sub, [fa[i] for i in idx], [fb[i] for i in idx], mo))
        print(f"  dev  min_overlap={mo:.1f}: P {s['precision']:.3f}  R {s['recall']:.3f}  (fp {s['fp']})")
    mo = cx.MIN_OVERLAP  # the stage's setting, chosen from the dev sweep above

    for name in splits:
        idx = split[name]
        sub = [rows[i] for i in idx]
        preds = _predict_pairs(sub, [fa[i] for i in idx], [fb[i] for i in idx], mo)
        s = _pair_scores(sub, preds)
        per_kind = {
            k: f"{sum(1 for r, p in zip(sub, preds, strict=True) if r['label'] == k and p != 'none')}"
            f"/{sum(1 for r in sub if r['label'] == k)}"
            for k in KINDS
        }
        print(
            f"  {name:4} (min_overlap={mo:.1f}): precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"kind accuracy {s['kind_accuracy']:.3f}  tp {s['tp']} fp {s['fp']} fn {s['fn']}  found per kind {per_kind}"
        )


def bench_stage_speed() -> None:
    """Whole stage over the labelled pairs as stories of two articles each (model already loaded)."""
    from storyline.compare import run
    from storyline.config import Config
    from storyline.pipeline import StageContext
    from storyline.records import Analysis, Article, Mention, Story

    rows = [json.loads(line) for line in (DATA / "compare_contradictions.jsonl").open()]
    arts, claims, stories = [], [], []
    for r in rows:
        ids = []
        for side in ("a", "b"):
            aid = f"{r['id']}-{side}"
            text = r[side]
            arts.append(Article(aid, None, f"Outlet {side}", None, "", r[f"{side}_date"], "en", text, text))
            claims.append(Claim(f"c-{aid}", r["id"], text, (Mention(aid, text, 0, len(text)),)))
            ids.append(aid)
        stories.append(Story(r["id"], "", None, tuple(ids), r["a_date"], r["b_date"]))
    prior = Analysis(stories=tuple(stories), claims=tuple(claims))
    ctx = StageContext(tuple(arts), Config())
    run(
        ctx, prior
    )  # warm-up: loads spaCy once (each run parses its texts anew: nothing is cached across runs)
    t0, cpu = time.perf_counter(), time.process_time()
    out = run(ctx, prior)
    dt, cpu = time.perf_counter() - t0, time.process_time() - cpu
    print(
        f"stage speed: {len(claims)} claims in {len(stories)} stories in {dt:.2f} s = {len(claims) / dt:.0f} claims/s, "
        f"{cpu:.2f} CPU s = {len(claims) / max(cpu, 1e-9):.0f} claims/CPU s "
        f"({len(out.contradictions)} contradictions; shared 2-core machine, wall time noisy)"
    )


# ------------------------------------------------------------------ positions
def bench_positions(splits: tuple[str, ...] = ("dev", "test")) -> None:
    from storyline.compare import run
    from storyline.config import Config
    from storyline.pipeline import StageContext
    from storyline.records import Analysis, Article, Attribution, Mention, Story, Storyline

    rows = [json.loads(line) for line in (DATA / "compare_positions.jsonl").open()]
    for name in splits:
        sub = [r for r in rows if r["split"] == name]
        found = stance_ok = total = 0
        ch_tp = ch_fp = ch_fn = 0
        for r in sub:
            arts, atts, claims = [], [], []
            for n, key, date in ((1, "first", "2026-02-01"), (2, "second", "2026-03-01")):
                text = r[key]
                aid = f"{r['id']}-{n}"
                arts.append(Article(aid, None, f"Outlet {n}", None, "", date, "en", text, text))
                if r["kind"] == "quote":
                    atts.append(
                        Attribution(
                            f"t{n}",
                            aid,
                            "indirect",
                            r["actor"],
                            r["actor"],
                            "person",
                            "said",
                            text,
                            text,
                            0,
                            len(text),
                        )
                    )
                else:
                    claims.append(Claim(f"c{n}", f"s{n}", text, (Mention(aid, text, 0, len(text)),)))
            stories = (
                Story("s1", "", "L", (arts[0].id,), "2026-02-01", "2026-02-01"),
                Story("s2", "", "L", (arts[1].id,), "2026-03-01", "2026-03-01"),
            )
            prior = Analysis(
                stories=stories,
                storylines=(Storyline("L", "", ("s1", "s2")),),
                attributions=tuple(atts),
                claims=tuple(claims),
            )
            result = run(StageContext(tuple(arts), Config()), prior)
            gold_words = {w.rstrip("s") for w in tokens(r["issue"])}
            mine = [
                p
                for p in result.positions
                if p.actor.split()[-1] == r["actor"].split()[-1]
                and {w.rstrip("s") for w in tokens(p.issue)} & gold_words
            ]
            for sid, key in (("s1", "first_stance"), ("s2", "second_stance")):
                total += 1
                got = [p for p in mine if p.story_id == sid]
                if got:
                    found += 1
                    stance_ok += got[0].stance == r[key]
            pred_changed = any(p.changed for p in mine)
            ch_tp += pred_changed and r["changed"]
            ch_fp += pred_changed and not r["changed"]
            ch_fn += (not pred_changed) and r["changed"]
        p = ch_tp / (ch_tp + ch_fp) if ch_tp + ch_fp else 1.0
        rc = ch_tp / (ch_tp + ch_fn) if ch_tp + ch_fn else 0.0
        print(
            f"positions {name}: {len(sub)} storylines, positions found {found}/{total}, "
            f"stance correct {stance_ok}/{found}, changed precision {p:.3f} recall {rc:.3f} "
            f"(tp {ch_tp} fp {ch_fp} fn {ch_fn})"
        )


# -------------------------------------------------------------------- framing
def _load_allsides() -> list[dict]:
    gold = {}
    for line in (ALLSIDES / "gold.jsonl").open():
        g = json.loads(line)
        gold[g["id"]] = g
    rows = []
    for line in (ALLSIDES / "articles.jsonl").open():
        a = json.loads(line)
        a.update({k: gold[a["id"]][k] for k in ("story", "split", "side")})
        rows.append(a)
    return rows


def _words(r: dict) -> list[str]:
    """Tokens of title + text without the words of the article's own outlet name.

    An outlet naming itself ("told Fox News") would tell the side by the outlet,
    not by how the story is framed.
    """
    own = set(tokens(r.get("outlet") or ""))
    return [t for t in tokens(r["title"] + "\n" + r["text"]) if t not in own]


def _side_weights(train: list[dict], prior_size: float) -> dict[str, dict[str, float]]:
    prior = Counter(t for r in train for t in _words(r))
    out = {}
    for side in SIDES:
        focus = Counter(t for r in train if r["side"] == side for t in _words(r))
        rest = Counter(t for r in train if r["side"] != side for t in _words(r))
        out[side] = log_odds_z(focus, rest, prior, prior_size)
    return out


def _term_scores(rows: list[dict], weights: dict[str, dict[str, float]]) -> np.ndarray:
    scores = np.zeros((len(rows), len(SIDES)))
    for i, r in enumerate(rows):
        toks = _words(r) or ["."]
        for j, side in enumerate(SIDES):
            scores[i, j] = sum(weights[side].get(t, 0.0) for t in toks) / len(toks)
    return scores


def _joint_story_accuracy(rows: list[dict], scores: np.ndarray) -> tuple[int, int]:
    """Within stories holding exactly one article per side: assign sides jointly."""
    by_story: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_story.setdefault(r["story"], []).append(i)
    right = total = 0
    for idx in by_story.values():
        if sorted(rows[i]["side"] for i in idx) != sorted(SIDES):
            continue
        best = max(permutations(range(3)), key=lambda p: sum(scores[idx[k], p[k]] for k in range(3)))
        right += sum(SIDES[best[k]] == rows[idx[k]]["side"] for k in range(3))
        total += 3
    return right, total


QUOTE_CACHE = Path(__file__).parent / "out" / "compare_allsides_quotes.json"


def _quote_features(rows: list[dict]) -> np.ndarray:
    """Shares of attributions by speaker kind, plus attributions per sentence.

    Extraction of 1,479 articles takes minutes on a busy machine, so the
    per-article figures are kept in bench/out (git-ignored) and reused.
    """
    from storyline.extract import extract_article
    from storyline.records import Article

    kinds = ("person", "organization", "anonymous", "outlet", "unknown")
    cache: dict[str, list[float]] = json.loads(QUOTE_CACHE.read_text()) if QUOTE_CACHE.is_file() else {}
    feats = np.zeros((len(rows), len(kinds) + 1))
    for i, r in enumerate(rows):
        if r["id"] not in cache:
            art = Article(r["id"], None, r["outlet"], None, r["title"], None, "en", r["text"], r["text"])
            x = extract_article(art)
            n = len(x.attributions)
            c = Counter(a.speaker_kind for a in x.attributions)
            cache[r["id"]] = [c[k] / n if n else 0.0 for k in kinds] + [n / max(len(x.sentences), 1)]
        feats[i] = cache[r["id"]]
    QUOTE_CACHE.parent.mkdir(exist_ok=True)
    QUOTE_CACHE.write_text(json.dumps(cache))
    return feats


def bench_framing(quotes: bool) -> None:
    from sklearn.linear_model import LogisticRegression

    rows = _load_allsides()
    dev = [r for r in rows if r["split"] == "dev"]
    test = [r for r in rows if r["split"] == "test"]
    # pick the prior size on two folds of dev stories (by story id parity)
    fold = {s: i % 2 for i, s in enumerate(sorted({r["story"] for r in dev}))}
    best = None
    for ps in (10.0, 100.0, 1000.0, 10000.0, 100000.0):
        accs = []
        for k in (0, 1):
            tr = [r for r in dev if fold[r["story"]] != k]
            va = [r for r in dev if fold[r["story"]] == k]
            pred = _term_scores(va, _side_weights(tr, ps)).argmax(1)
            accs.append(np.mean([SIDES[p] == r["side"] for p, r in zip(pred, va, strict=True)]))
        acc = float(np.mean(accs))
        print(f"  framing dev folds prior_size={ps:g}: accuracy {acc:.3f}")
        if best is None or acc > best[0]:
            best = (acc, ps)
    ps = best[1]
    weights = _side_weights(dev, ps)
    s_dev, s_test = _term_scores(dev, weights), _term_scores(test, weights)
    y_test = np.array([SIDES.index(r["side"]) for r in test])
    majority = Counter(r["side"] for r in dev).most_common(1)[0][0]
    base = float(np.mean([r["side"] == majority for r in test]))
    acc_terms = float(np.mean(s_test.argmax(1) == y_test))
    right, total = _joint_story_accuracy(test, s_test)
    print(
        f"framing (AllSides test, {len(test)} articles, {len(Counter(r['story'] for r in test))} stories; "
        f"prior_size={ps:g} picked on dev):"
    )
    print(f"  majority baseline ('{majority}') {base:.3f}; chance 0.333")
    print(f"  log-odds terms, each article alone: accuracy {acc_terms:.3f}")
    print(
        f"  log-odds terms, sides assigned jointly within a story: {right}/{total} = {right / max(total, 1):.3f} "
        "(chance 0.333)"
    )
    for side in SIDES:
        top = sorted(weights[side].items(), key=lambda t: -t[1])[:8]
        print(f"  top {side:6} terms (dev): " + ", ".join(f"{w} {z:.1f}" for w, z in top))
    if not quotes:
        return
    q_dev, q_test = _quote_features(dev), _quote_features(test)
    y_dev = np.array([SIDES.index(r["side"]) for r in dev])
    for name, xd, xt in (
        ("quote shares only", q_dev, q_test),
        ("terms + quote shares", np.hstack([s_dev, q_dev]), np.hstack([s_test, q_test])),
    ):
        model = LogisticRegression(max_iter=2000).fit(xd, y_dev)
        print(
            f"  {name} (logistic regression fit on dev): accuracy {float(np.mean(model.predict(xt) == y_test)):.3f}"
        )


def bench_real_flags(split: str) -> None:
    """Contradictions the stage raises over real AllSides stories (claims from the extract stage).

    No gold labels exist for them: each flag is printed for a person to judge;
    on news leads of one story from different outlets most flags would be false.
    """
    import dataclasses
    import pickle

    from storyline.compare import run
    from storyline.config import Config
    from storyline.extract import extract_article
    from storyline.pipeline import StageContext
    from storyline.records import Analysis, Article, Story

    cache = Path(__file__).parent / "out" / f"compare_allsides_{split}_extract.pkl"
    rows = [r for r in _load_allsides() if r["split"] == split]
    arts = [
        Article(r["id"], None, r["outlet"], None, r["title"], None, "en", r["text"], r["text"]) for r in rows
    ]
    if cache.is_file():
        extracted = pickle.loads(cache.read_bytes())
    else:
        extracted = {a.id: extract_article(a) for a in arts}
        cache.parent.mkdir(exist_ok=True)
        cache.write_bytes(pickle.dumps(extracted))
    story_of = {r["id"]: r["story"] for r in rows}
    members: dict[str, list[str]] = {}
    for r in rows:
        members.setdefault(r["story"], []).append(r["id"])
    claims = tuple(
        dataclasses.replace(c, story_id=story_of[a]) for a, x in extracted.items() for c in x.claims
    )
    prior = Analysis(
        stories=tuple(Story(s, s, None, tuple(ids), None, None) for s, ids in members.items()),
        claims=claims,
        attributions=tuple(t for x in extracted.values() for t in x.attributions),
        entities=tuple(e for x in extracted.values() for e in x.entities),
    )
    out = run(StageContext(tuple(arts), Config()), prior)
    print(
        f"real stories (AllSides {split}): {len(claims)} claims in {len(members)} stories -> "
        f"{len(out.contradictions)} contradictions flagged, {len(out.positions)} positions"
    )
    for c in out.contradictions:
        print(f"  [{c.kind}] {c.evidence[:300]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-framing", action="store_true", help="skip the AllSides framing benchmark")
    ap.add_argument(
        "--no-quotes", action="store_true", help="framing without quote shares (skips extraction)"
    )
    ap.add_argument(
        "--real", choices=("dev", "test"), help="also list contradictions flagged on real AllSides stories"
    )
    ap.add_argument(
        "--dev-only",
        action="store_true",
        help="score the dev halves only (no test split; framing, which scores AllSides test, is skipped)",
    )
    args = ap.parse_args()
    splits = ("dev",) if args.dev_only else ("dev", "test")
    bench_contradictions(splits)
    bench_stage_speed()
    bench_positions(splits)
    if not args.skip_framing and not args.dev_only:
        if ALLSIDES.is_dir():
            bench_framing(quotes=not args.no_quotes)
        else:
            print(f"framing: skipped, {ALLSIDES} not found")
    if args.real and ALLSIDES.is_dir():
        bench_real_flags(args.real)


if __name__ == "__main__":
    main()
