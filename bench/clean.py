"""Clean-stage throughput, what the rules changed, and outlet-registry coverage.

    .venv/bin/python -m bench.clean [--split dev|test|train] [--show N]

Reads the shared AllSides and ECB+ records and the PolNeAR text files of one
split, turns each into a RawDocument and times ``Cleaner.clean`` over all of
them (registry and patterns loaded before the clock starts). Prints articles/s,
how often each rule changed an article, the input lines missing from the output
by reason (``--show`` prints a sample, to audit that no reporting is lost), and the share of
outlet names the registry resolves. Timings are noisy on a shared machine.
Tune on dev; report test once.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import time
from collections import Counter
from pathlib import Path

from storyline.clean import Cleaner
from storyline.clean.boilerplate import is_boilerplate
from storyline.clean.normalise import normalise_unicode, tidy_lines
from storyline.config import Config
from storyline.errors import InputError
from storyline.records import RawDocument

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _jsonl(name: str, split: str) -> list[RawDocument]:
    folder = SHARED / name
    splits = {}
    with (folder / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            splits[g["id"]] = g.get("split")
    docs = []
    with (folder / "articles.jsonl").open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            r = json.loads(line)
            if splits.get(r["id"]) != split:
                continue
            docs.append(RawDocument(id=r["id"], source=f"{name}#{n}", text=r.get("text") or "",
                                    title=r.get("title") or "", url=r.get("url"), outlet=r.get("outlet"),
                                    published=r.get("published"), language=r.get("language"), fmt="jsonl"))
    return docs


def _polnear(split: str) -> list[RawDocument]:
    folder = SHARED / "polnear"
    with (folder / "metadata.tsv").open(encoding="utf-8") as fh:
        meta = {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t")}
    docs = []
    for path in sorted((folder / split / "text").glob("*.txt")):
        m = meta.get(path.stem, {})
        docs.append(RawDocument(id=path.stem, source=str(path), text=path.read_text(encoding="utf-8"),
                                title=m.get("title", ""), outlet=m.get("publisher"),
                                published=m.get("publication_date"), fmt="text"))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="dev", choices=["dev", "test", "train"])
    ap.add_argument("--show", type=int, default=0, help="print this many dropped lines, to audit them")
    args = ap.parse_args()

    docs = _jsonl("allsides", args.split) + _jsonl("ecbplus", args.split) + _polnear(args.split)
    cleaner = Cleaner(Config())
    cleaner.clean(RawDocument(id="warm", source="warm", text="Warm-up text for the language model, long enough."))

    start = time.perf_counter()
    articles, failures = [], 0
    for raw in docs:
        try:
            articles.append(cleaner.clean(raw))
        except InputError:
            failures += 1
    elapsed = time.perf_counter() - start
    chars = sum(len(d.text) for d in docs)
    print(f"split={args.split} documents={len(docs)} cleaned={len(articles)} empty/failed={failures}")
    print(f"time {elapsed:.2f} s: {len(docs) / elapsed:.0f} articles/s, {chars / elapsed / 1e6:.2f} M chars/s "
          "(2 shared cores; noisy)")

    fired = Counter(rule for a in articles for rule in a.cleaning)
    print("articles changed by each rule:", ", ".join(f"{k}={v}" for k, v in fired.most_common()))
    removed = sum(len(a.original_text) - len(a.text) for a in articles)
    print(f"characters removed or joined: {removed} of {chars} ({100 * removed / max(chars, 1):.2f}%)")

    # Audit: every input line (after unicode/whitespace normalising) must survive in the
    # output, modulo joins, unless it is boilerplate or repeats an earlier paragraph.
    lost: Counter[str] = Counter()
    samples: list[tuple[str, str, str]] = []
    by_id = {a.id: a for a in articles}
    for raw in docs:
        art = by_id.get(raw.id)
        lines = tidy_lines(normalise_unicode(raw.text)).split("\n")
        flat = " ".join(art.text.split()) if art else ""
        earlier = ""
        for line in lines:
            key = " ".join(re.findall(r"\w+", line.casefold()))
            if " ".join(line.split()) not in flat:
                why = "boilerplate" if is_boilerplate(line) else "repeat" if f" {key} " in earlier else "OTHER"
                lost[why] += 1
                samples.append((why, raw.source, line))
            earlier += f" {key} |"
    print("input lines not in the output:", dict(lost) or 0, "(OTHER would be content lost)")
    for why, src, line in random.Random(0).sample(samples, min(args.show, len(samples))):
        print(f"  {why:11} [{src[-50:]}] {line[:100]}")

    given = Counter(d.outlet for d in docs if d.outlet)
    resolved = {name for name in given if cleaner.registry.by_name(name) is not None}
    by_url = sum(1 for a in articles if a.outlet_kind != "unknown")
    print(f"outlet names resolved by the registry: {len(resolved)}/{len(given)} distinct, "
          f"{sum(given[n] for n in resolved)}/{sum(given.values())} articles; "
          f"articles with a known outlet (name or URL): {by_url}/{len(articles)}")
    unresolved = [n for n, _ in given.most_common() if n not in resolved]
    print("most frequent unresolved names:", "; ".join(unresolved[:15]))
    start = time.perf_counter()
    mentions = Counter(o.name for a in articles for _, _, o in cleaner.registry.find_mentions(a.text))
    took = time.perf_counter() - start
    print(f"find_mentions: {len(articles) / took:.0f} articles/s, {sum(mentions.values())} mentions; "
          "most mentioned:", ", ".join(f"{k}={v}" for k, v in mentions.most_common(8)))
    langs = Counter(a.language for a in articles)
    print("languages:", dict(langs.most_common(6)))
    dated = Counter(a.date_source for a in articles)
    print("date sources:", dict(dated))


if __name__ == "__main__":
    main()
