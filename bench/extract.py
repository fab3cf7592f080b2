"""Who-said-what quality and throughput on PolNeAR (attribution P/R/F1 + articles/s).

    .venv/bin/python -m bench.extract [--split dev|test|train] [--limit N] [--procs 2] [--segmenters] [--steps]

Builds an Article from each PolNeAR ``text/*.txt`` file (outlet and date from
``metadata.tsv``), runs ``extract_article`` over them one by one (as a Ray
worker would), writes ``bench/out/extract_<split>.json`` (a Storyline-style
export with ``attributions[]``) and scores it with the shared scorer
``eval/score_attributions.py``. Tune on dev/train; report test once.
The model is loaded before the clock starts. Besides wall-clock throughput it
prints the CPU time per article (summed over workers), which does not depend on
how busy the shared machine is; "on 2 idle cores" is twice its inverse. ``--procs 2`` maps the articles
over two worker processes (what a two-core Ray map does). Timings are noisy on
a shared machine; the load average is printed with them. ``--steps`` prints the
CPU milliseconds per article of each step instead (sentences, spaCy's
tokenizer, each model component, the parse of cue sentences, time expressions,
entities, attributions, claims), repeating :func:`extract_article`'s calls one
by one: where the time goes, without a profiler's overhead.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from storyline.extract import ArticleExtraction, extract_article
from storyline.extract.nlp import load_model
from storyline.records import Article, to_dict

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "data" / "polnear"


def _metadata() -> dict[str, dict[str, str]]:
    path = POLNEAR / "metadata.tsv"
    with path.open(encoding="utf-8") as fh:
        return {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}


def load_articles(split: str, limit: int | None = None) -> list[Article]:
    """PolNeAR texts of ``split`` as Article records (only those with gold annotations)."""
    meta = _metadata()
    folder = POLNEAR / split
    annotated = {n.rsplit("_", 1)[0] for n in os.listdir(folder / "attributions")}
    names = sorted(n[:-4] for n in os.listdir(folder / "text") if n.endswith(".txt") and n[:-4] in annotated)
    out = []
    for name in names[:limit]:
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        row = meta.get(name, {})
        published = row.get("publication_date") or name.split("_")[1]
        title = text.split("\n", 1)[0]
        out.append(
            Article(
                id=name,
                url=None,
                outlet=row.get("publisher"),
                outlet_domain=None,
                title=title,
                published=published,
                language="en",
                text=text,
                original_text=text,
                source=str(folder),
            )
        )
    return out


_ABBREV_END = re.compile(
    r"(?:\b(?:Sen|Rep|Gov|Gen|Lt|Col|Dr|Mr|Mrs|Ms|Prof|Rev|St|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.|\b[A-Z]\.)$"
)


def compare_segmenters(articles: list[Article]) -> None:
    """Breaks right after a title, month or initial ("Sen.", "Nov.", "J.") before a capital:
    almost always wrong splits. Counted for syntok alone, syntok + our merge, and spaCy's parser."""
    import syntok.segmenter as seg

    from storyline.extract.nlp import load_model, split_sentences

    def bad(text: str, spans: list[tuple[int, int]]) -> int:
        n = 0
        for s, e in spans:
            nxt = text[e : e + 3].lstrip()
            if _ABBREV_END.search(text[s:e]) and nxt[:1].isupper():
                n += 1
        return n

    counts = {"syntok": 0, "syntok+merge": 0, "spacy parser": 0}
    sents = {k: 0 for k in counts}
    nlp = load_model("en")
    assert nlp is not None, "no English spaCy model installed"
    t = {k: 0.0 for k in counts}
    for a in articles:
        t0 = time.perf_counter()
        raw = []
        offset = 0
        for para in a.text.split("\n"):
            for p in seg.analyze(para):
                for sent in p:
                    toks = [x for x in sent if x.value]
                    if toks:
                        raw.append((offset + toks[0].offset, offset + toks[-1].offset + len(toks[-1].value)))
            offset += len(para) + 1
        t1 = time.perf_counter()
        merged = split_sentences(a.text)
        t2 = time.perf_counter()
        doc = nlp(a.text)
        sp = [(x.start_char, x.end_char) for x in doc.sents if x.text.strip()]
        t3 = time.perf_counter()
        for k, spans, dt in (
            ("syntok", raw, t1 - t0),
            ("syntok+merge", merged, t2 - t1),
            ("spacy parser", sp, t3 - t2),
        ):
            counts[k] += bad(a.text, spans)
            sents[k] += len(spans)
            t[k] += dt
    for k in counts:
        print(
            f"segmenter {k:14s} sentences {sents[k]:6d}  breaks after an abbreviation {counts[k]:4d}  {t[k]:.2f} s"
        )


def step_times(articles: list[Article]) -> dict[str, float]:
    """CPU seconds per step over ``articles``: extract_article's calls, made one by one."""
    from storyline.extract import article as art
    from storyline.extract import nlp
    from storyline.extract.attributions import attributions_from_doc, parse_filter
    from storyline.extract.claims import build_claims
    from storyline.extract.entities import entities_from_doc
    from storyline.extract.lexicon import load_lexicon
    from storyline.extract.timex import find_time_expressions

    model = nlp.load_model("en")
    assert model is not None, "no English spaCy model installed"
    lex = load_lexicon("en")
    assert lex is not None
    registry = art._registry(None)
    times: dict[str, float] = {}

    def lap(step: str, since: float) -> float:
        now = time.process_time()
        times[step] = times.get(step, 0.0) + now - since
        return now

    for a in articles:
        text = a.text
        with nlp.one_blas_thread():
            t = time.process_time()
            sentences = nlp.split_sentences(text)
            t = lap("sentences (syntok)", t)
            needs = parse_filter(text, lex)
            t = lap("parse filter", t)
            doc = model.make_doc(text)
            t = lap("spaCy tokenizer", t)
            nlp._set_sentence_starts(doc, text, sentences)
            t = lap("sentence starts", t)
            for name, proc in model.pipeline:
                if name != "parser":
                    doc = nlp._apply(proc, [doc])[0]
                    t = lap(f"model: {name}", t)
            nlp._parse_some(doc, model.get_pipe("parser"), needs)
            t = lap("model: parser (cue sentences)", t)
        found = find_time_expressions(a.id, text, a.published, "en")
        t = lap("time expressions", t)
        ents = entities_from_doc(a.id, text, doc, lex)
        t = lap("entities", t)
        atts = attributions_from_doc(a.id, text, doc, ents, lex, a.outlet, registry)
        t = lap("attributions", t)
        ents = art._add_speaker_names(a.id, text, ents, atts)
        build_claims(a.id, text, a.outlet, sentences, atts, ents, found, doc)
        lap("claims", t)
    return times


def _timed(article: Article) -> tuple[ArticleExtraction, float]:
    """One extraction and the CPU seconds it took in this process (load-independent)."""
    t = time.process_time()
    return extract_article(article), time.process_time() - t


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--segmenters", action="store_true", help="only compare sentence splitters")
    parser.add_argument("--procs", type=int, default=1, help="worker processes (as a Ray map would use)")
    parser.add_argument("--steps", action="store_true", help="only CPU ms per article of each step")
    args = parser.parse_args()
    articles = load_articles(args.split, args.limit)
    if args.segmenters:
        compare_segmenters(articles)
        return
    if args.steps:
        extract_article(articles[0])  # lazy imports and word lists before the clock
        times = step_times(articles)
        for step, sec in times.items():
            print(f"{step:32s} {1000 * sec / len(articles):7.2f} ms")
        print(
            f"{'total':32s} {1000 * sum(times.values()) / len(articles):7.2f} ms  (load average {os.getloadavg()[0]:.1f})"
        )
        return
    t_load = time.perf_counter()
    load_model("en")
    t0 = time.perf_counter()
    if args.procs > 1:
        import multiprocessing as mp

        with mp.get_context("fork").Pool(args.procs, initializer=load_model, initargs=("en",)) as pool:
            pool.map(abs, range(args.procs))  # workers up and models loaded before the clock
            t0 = time.perf_counter()
            timed = pool.map(_timed, articles, chunksize=4)
    else:
        timed = [_timed(a) for a in articles]
    elapsed = time.perf_counter() - t0
    results = [r for r, _ in timed]
    cpu = sum(c for _, c in timed)
    errors = [r.error for r in results if r.error]
    atts = [to_dict(a) for r in results for a in r.attributions]
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    pred = out_dir / f"extract_{args.split}.json"
    pred.write_text(json.dumps({"attributions": atts}, ensure_ascii=False), encoding="utf-8")
    gold_dir = POLNEAR / args.split
    if args.limit:
        # score only the articles we ran: a temporary gold folder of links
        import tempfile

        tmp = Path(tempfile.mkdtemp())
        for sub in ("text", "attributions"):
            (tmp / sub).mkdir()
        keep = {a.id for a in articles}
        for sub in ("text", "attributions"):
            for n in os.listdir(gold_dir / sub):
                base = n[:-4] if sub == "text" else n.rsplit("_", 1)[0]
                if base in keep:
                    os.symlink(gold_dir / sub / n, tmp / sub / n)
        gold_dir = tmp
    scorer = SHARED / "eval" / "score_attributions.py"
    res = subprocess.run(
        [sys.executable, str(scorer), str(gold_dir), str(pred), "--json"], capture_output=True, text=True
    )
    scores = json.loads(res.stdout) if res.returncode == 0 else {"error": res.stderr.strip()}
    n = len(articles)
    words = sum(len(a.text.split()) for a in articles)
    print(f"split                    {args.split}")
    print(f"articles                 {n} ({words / max(n, 1):.0f} words each on average)")
    print(f"model load               {t0 - t_load:.2f} s")
    print(
        f"throughput               {n / elapsed:.2f} articles/s ({words / elapsed:.0f} words/s, "
        f"{args.procs} process{'es' if args.procs > 1 else ''}; load average {os.getloadavg()[0]:.1f})"
    )
    print(
        f"cpu per article          {1000 * cpu / max(n, 1):.0f} ms  ({n / cpu:.2f} articles/s per core, "
        f"{2 * n / cpu:.2f} on 2 idle cores)"
    )
    print(
        f"attributions             {len(atts)}  entities {sum(len(r.entities) for r in results)}"
        f"  claims {sum(len(r.claims) for r in results)}  time expressions {sum(len(r.time_expressions) for r in results)}"
    )
    print(f"errors                   {len(errors)}")
    for k, v in scores.items():
        print(f"{k:24s} {v:.4f}" if isinstance(v, float) else f"{k:24s} {v}")
    print(f"predictions              {pred.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
