"""Ingest + clean throughput on the AllSides JSONL (articles/s), first run and rerun.

    .venv/bin/python -m bench.ingest [--file ../shared/data/allsides/articles.jsonl]

The first run parses, cleans (boilerplate, repairs, language id, outlet
registry) and stores every record; a rerun of the unchanged file is skipped
by the store's source bookkeeping, and a rerun with a touched file re-reads
it but stores nothing new (idempotent).
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from storyline.config import load_config
from storyline.pipeline import ingest
from storyline.store import Store

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "allsides" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", default=str(DEFAULT))
    args = parser.parse_args()
    src = Path(args.file)
    n_lines = sum(1 for line in src.open(encoding="utf-8") if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        cfg = load_config(env={}, db=str(Path(tmp) / "bench.db"))
        with Store(cfg.db) as store:
            t0 = time.perf_counter()
            first = ingest([str(src)], store, cfg)
            t1 = time.perf_counter()
            again = ingest([str(src)], store, cfg)
            t2 = time.perf_counter()
            copy = Path(tmp) / "copy.jsonl"
            copy.write_bytes(src.read_bytes())
            t3 = time.perf_counter()
            reread = ingest([str(copy)], store, cfg)
            t4 = time.perf_counter()
            stored = store.count_articles()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"input: {src} ({n_lines} records), cores: {os.cpu_count()}")
    print(f"first run : {len(first.added)} stored, {len(first.failures)} failed in {t1 - t0:.2f} s "
          f"-> {n_lines / (t1 - t0):.0f} articles/s")
    print(f"rerun     : unchanged file skipped ({len(again.skipped_sources)} source) in {t2 - t1:.3f} s")
    print(f"re-read   : same records from another file: {len(reread.added)} new, {len(reread.existing)} already "
          f"stored in {t4 - t3:.2f} s -> {n_lines / (t4 - t3):.0f} articles/s")
    print(f"stored    : {stored} articles; peak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
