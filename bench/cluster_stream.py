"""Growth of time and memory of streaming story clustering over 10k, 100k and 1M articles.

    .venv/bin/python -m bench.cluster_stream [--sizes 10000,100000] [--million] [--embedder e5|hashing]

The stream is :func:`bench.synth.stream` (AllSides + ECB+ re-told in epochs one
month apart, each gold story on one day of its month, so dates spread over months),
sorted by time one epoch at a time (epochs do not overlap), so nothing holds the
whole stream. Each article's words and names are computed from its re-told text as
the stage does (``features.terms``/``names``); its vector is the cached vector of
its base article (E5 from ``bench/out``, else the hashing embedder) plus a little
seeded noise, made when the article arrives: E5 cannot embed 1M texts on 2 cores,
and the bench must not hold a million vectors either.

Each size runs in its own process (``--one N``), so ``ru_maxrss`` is that size's
peak. Printed per size: wall and CPU seconds (features, clusterer, total),
articles/s on CPU, peak RSS and its growth over the RSS after set-up, the live
stories at the end, and RSS sampled at tenths of the stream (flat = bounded by the
live window). The last table gives the growth ratios between consecutive sizes:
CPU time ratio / size ratio (1.0 = linear) and RSS growth ratio.
The machine is shared: wall figures are noisy, CPU seconds less so; the load
average is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime

import numpy as np

from bench.cluster_data import OUT
from bench.synth import base_records, stream
from storyline.cluster.features import figures, names, parse_when, terms
from storyline.cluster.stage import HASHING_JOIN, LEAD_CHARS

NOISE = 0.01  # per-coordinate noise on the base vector (renormalised): re-told, not identical


def rss_mib() -> float:
    """Current resident set size (Linux /proc), MiB."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def base_vectors(base: list[dict], embedder: str) -> tuple[dict[str, np.ndarray], str]:
    """Vector per base id: the cached E5 vectors when they cover the base, else hashing."""
    if embedder in ("auto", "e5"):
        have: dict[str, np.ndarray] = {}
        for corpus in ("allsides", "ecbplus"):
            path = OUT / f"e5_{corpus}_600.npz"
            if path.exists():
                data = np.load(path)
                have.update(zip(data["ids"].tolist(), data["vecs"], strict=True))
        if all(r["id"] in have for r in base):
            return {r["id"]: have[r["id"]] for r in base}, "e5"
        if embedder == "e5":
            raise SystemExit("no cached E5 vectors for the base set: run python -m bench.cluster_tune once")
    from storyline.embed import HashingEmbedder

    vecs = HashingEmbedder().embed_passages([f"{r['title']}\n{r['text'][:600]}".strip() for r in base])
    return dict(zip([r["id"] for r in base], vecs, strict=True)), "hashing"


def timed_stream(n: int, base: list[dict]) -> Iterator[dict]:
    """``bench.synth.stream`` in time order, sorted one epoch (one base set) at a time."""
    buf: list[dict] = []
    for rec in stream(n, base):
        buf.append(rec)
        if len(buf) == len(base):
            yield from sorted(buf, key=lambda r: r["published"])
            buf = []
    yield from sorted(buf, key=lambda r: r["published"])


def clusterer_module(ref: str | None):
    """``storyline.cluster.stream`` as it is, or as it was at git commit ``ref`` (for before/after)."""
    if not ref:
        from storyline.cluster import stream as mod

        return mod
    import importlib.util
    import tempfile
    from pathlib import Path

    src = subprocess.run(
        ["git", "show", f"{ref}:src/storyline/cluster/stream.py"], capture_output=True, text=True, check=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "stream_at_ref.py"
    path.write_text(src, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("stream_at_ref", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["stream_at_ref"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def run_one(n: int, embedder: str, ref: str | None = None, chunk: int = 1000) -> dict:
    mod = clusterer_module(ref)
    base = base_records()
    vec_of, kind = base_vectors(base, embedder)
    dim = len(next(iter(vec_of.values())))
    params = mod.ClusterParams()
    if kind == "hashing":
        params = mod.ClusterParams(join=HASHING_JOIN, merge=HASHING_JOIN)
    sc = mod.StreamClusterer(dim, params)
    rng = np.random.default_rng(7)
    rss0 = rss_mib()
    samples = []
    feat_cpu = clus_cpu = 0.0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    records = timed_stream(n, base)
    done = 0
    while done < n:
        t0 = time.process_time()  # features of one chunk (timed per chunk: the clock call is not free)
        batch = []
        noise = rng.normal(0, NOISE, (chunk, dim)).astype(np.float32)
        for i, rec in zip(range(chunk), records, strict=False):
            base_id = rec["id"] if rec["id"] in vec_of else rec["id"].rsplit("-e", 1)[0]
            vec = vec_of[base_id] + noise[i]
            vec /= np.linalg.norm(vec)
            text = cluster_text_of(rec)
            counts = terms(text, title=rec["title"], numbers=params.lex_numbers, bigrams=params.lex_bigrams)
            extra = _figures(rec, params)
            batch.append((vec, counts, names(text), parse_when(rec["published"]), rec["language"], extra))
        t1 = time.process_time()
        for vec, counts, nm, when, language, extra in batch:
            sc.add(vec, counts, nm, when, None, language, **extra)
        t2 = time.process_time()
        feat_cpu += t1 - t0
        clus_cpu += t2 - t1
        done += len(batch)
        if not batch:
            break
        if done % max(chunk, n // 10) < chunk:
            samples.append(round(rss_mib() - rss0, 1))
            print(
                f"      {done:>9} articles  cpu {time.process_time() - cpu0:7.1f} s  "
                f"wall {time.perf_counter() - wall0:7.1f} s  RSS +{samples[-1]} MiB  live {len(sc._live)}",
                file=sys.stderr,
                flush=True,
            )
    t1 = time.process_time()
    sc.finish()
    labels = sc.labels() if hasattr(sc, "labels") else None
    stories = len(np.unique(labels)) if labels is not None else len(sc.groups())
    clus_cpu += time.process_time() - t1
    return {
        "n": done,
        "ref": ref or "working tree",
        "embedder": kind,
        "wall_s": round(time.perf_counter() - wall0, 1),
        "cpu_s": round(time.process_time() - cpu0, 1),
        "feat_cpu_s": round(feat_cpu, 1),
        "cluster_cpu_s": round(clus_cpu, 1),
        "rss_setup_mib": round(rss0, 1),
        "peak_rss_mib": round(peak_mib(), 1),
        "rss_growth_mib": round(peak_mib() - rss0, 1),
        "rss_samples_mib": samples,
        "live_end": len(sc._live),
        "stories": stories,
        "load": os.getloadavg()[0],
    }


def _partition(groups: list[list[int]]) -> frozenset[tuple[int, ...]]:
    return frozenset(tuple(g) for g in groups)


def check(ref: str, synthetic: int) -> None:
    """The working tree against ``ref`` on the DEV/train splits (undated, file order) and on a
    synthetic dated stream: pairwise F1 of both, and whether the partitions are identical."""
    from bench.cluster_data import cached_vectors, load_corpus, pred_from_groups, score

    mods = (("ref", clusterer_module(ref)), ("now", clusterer_module(None)))
    print(f"working tree vs {ref}: pairwise F1 (P / R), identical partition")
    for corpus, split in (("allsides", "dev"), ("ecbplus", "dev"), ("ecbplus", "train")):
        arts, gold = load_corpus(corpus, split)
        vecs = cached_vectors(corpus, arts)
        parts, figs = [], []
        for _, mod in mods:
            sc = mod.StreamClusterer(vecs.shape[1], mod.ClusterParams())
            for i, a in enumerate(arts):
                text = f"{a.title or ''}\n{(a.text or '')[:LEAD_CHARS]}"
                p = sc.p
                counts = terms(text, title=a.title or "", numbers=p.lex_numbers, bigrams=p.lex_bigrams)
                extra = _figures({"title": a.title, "text": a.text}, p)
                sc.add(vecs[i], counts, names(text), parse_when(a.published), None, a.language, **extra)
            sc.finish()
            groups = sc.groups()
            parts.append(_partition(groups))
            s_ = score(gold, pred_from_groups(arts, groups))
            figs.append(
                f"{s_['pairwise_f1']:.4f} ({s_['pairwise_precision']:.3f} / {s_['pairwise_recall']:.3f})"
            )
        print(
            f"   {corpus + '-' + split:<16} ref {figs[0]}  now {figs[1]}  identical: {parts[0] == parts[1]}"
        )
    if synthetic:
        base = base_records()
        vec_of, kind = base_vectors(base, "auto")
        recs = list(timed_stream(synthetic, base))
        rng = np.random.default_rng(7)
        dim = len(next(iter(vec_of.values())))
        noise = rng.normal(0, NOISE, (len(recs), dim)).astype(np.float32)
        parts = []
        for _, mod in mods:
            params = mod.ClusterParams()
            if kind == "hashing":
                params = mod.ClusterParams(join=HASHING_JOIN, merge=HASHING_JOIN)
            sc = mod.StreamClusterer(dim, params)
            for i, rec in enumerate(recs):
                base_id = rec["id"] if rec["id"] in vec_of else rec["id"].rsplit("-e", 1)[0]
                vec = vec_of[base_id] + noise[i]
                vec /= np.linalg.norm(vec)
                text = cluster_text_of(rec)
                counts = terms(
                    text, title=rec["title"], numbers=params.lex_numbers, bigrams=params.lex_bigrams
                )
                extra = _figures(rec, params)
                sc.add(vec, counts, names(text), parse_when(rec["published"]), None, rec["language"], **extra)
            sc.finish()
            parts.append(_partition(sc.groups()))
        print(
            f"   synthetic {synthetic} dated ({kind}): stories ref {len(parts[0])} now {len(parts[1])}"
            f"  identical: {parts[0] == parts[1]}"
        )


def _figures(rec: dict, params) -> dict:
    """The figures keyword as the stage passes it (none for a clusterer from before figures existed)."""
    if not getattr(params, "fig_conflict", 0.0):
        return {}
    return {"figures": figures(cluster_text_of(rec)[: len(rec.get("title") or "") + 1 + params.fig_chars])}


def cluster_text_of(rec: dict) -> str:
    return f"{rec.get('title') or ''}\n{(rec.get('text') or '')[:LEAD_CHARS]}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="stream lengths, comma-separated")
    ap.add_argument("--million", action="store_true", help="also 1,000,000 articles (tens of minutes)")
    ap.add_argument("--embedder", default="auto", choices=("auto", "e5", "hashing"))
    ap.add_argument("--ref", help="time the clusterer as it was at this git commit (before/after)")
    ap.add_argument(
        "--check", metavar="REF", help="compare partitions with REF on dev/train + a synthetic stream"
    )
    ap.add_argument("--check-synthetic", type=int, default=5000, help="synthetic stream length for --check")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.check:
        check(args.check, args.check_synthetic)
        return
    if args.one:
        print(json.dumps(run_one(args.one, args.embedder, args.ref)), flush=True)
        return
    sizes = [int(x) for x in args.sizes.split(",") if x] + ([1_000_000] if args.million else [])
    growth_table(sizes, args.embedder, args.ref)


def growth_table(sizes: list[int], embedder: str = "auto", ref: str | None = None) -> None:
    """One process per size; a table of the figures and the growth between consecutive sizes.
    Progress (articles, CPU, RSS at each tenth of a stream) goes to stderr as it happens."""
    print(
        f"   clusterer: {ref or 'working tree'}; {datetime.now():%Y-%m-%d %H:%M}, "
        f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"   {'articles':>9}{'wall s':>8}{'cpu s':>8}{'feat':>7}{'clus':>7}{'art/s cpu':>10}"
        f"{'us/art clus':>12}{'peak RSS':>9}{'growth':>8}{'live':>6}{'stories':>9}  RSS growth at tenths (MiB)"
    )
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, "-m", "bench.cluster_stream", "--one", str(n), "--embedder", embedder]
            + (["--ref", ref] if ref else []),
            stdout=subprocess.PIPE,
            text=True,
        )
        if out.returncode:
            raise SystemExit(f"bench.cluster_stream --one {n} failed (exit {out.returncode})")
        r = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(
            f"   {n:>9}{r['wall_s']:>8.1f}{r['cpu_s']:>8.1f}{r['feat_cpu_s']:>7.1f}{r['cluster_cpu_s']:>7.1f}"
            f"{n / max(r['cpu_s'], 1e-9):>10.0f}{r['cluster_cpu_s'] / n * 1e6:>12.0f}{r['peak_rss_mib']:>9.0f}"
            f"{r['rss_growth_mib']:>8.1f}{r['live_end']:>6}{r['stories']:>9}  {r['rss_samples_mib']}"
            f"  [{r['embedder']}, load {r['load']:.1f}]",
            flush=True,
        )
    for a, b in zip(rows, rows[1:], strict=False):
        size = b["n"] / a["n"]
        print(
            f"   growth {a['n']} -> {b['n']} (x{size:.0f}): cpu x{b['cpu_s'] / a['cpu_s']:.1f} "
            f"(per article x{b['cpu_s'] / a['cpu_s'] / size:.2f}), clusterer cpu per article "
            f"x{b['cluster_cpu_s'] / a['cluster_cpu_s'] / size:.2f}, RSS growth "
            f"{a['rss_growth_mib']:.0f} -> {b['rss_growth_mib']:.0f} MiB"
        )
    if rows and rows[-1]["n"] < 1_000_000:
        r = rows[-1]
        k = 1_000_000 / r["n"]
        print(
            f"   1M projected from {r['n']}: {r['cpu_s'] * k / 60:.0f} min CPU, "
            f"{r['wall_s'] * k / 60:.0f} min wall at that load"
        )


if __name__ == "__main__":
    main()
