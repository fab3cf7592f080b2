"""Synthetic news streams of any length, built from the labelled articles in ../shared/data.

Why synthetic: the labelled sets hold ~2,500 articles, and the question the
benchmarks ask is how time and memory grow with the stream (10k, 100k). The
stream repeats the base articles (AllSides + ECB+) in *epochs* one month apart:

* epoch 0 is the base set as it is; epoch k > 0 re-tells each article with a
  deterministic third of its sentences dropped (a different report of a similar
  event, not a byte copy), under a new id and no URL;
* each gold story gets one day in its epoch's month and its articles a time on
  that day, so a story's reports arrive together and stories spread over months.

Records have no URL, so the store keys them by content hash, and a re-telling
that comes out word for word the same as an earlier record (a short article has
little to drop) is kept once: a "10,000" stream holds ~8,300 articles and a
"100,000" one ~53,000. With ``urls=True`` such a repeated record gets its own
address under the reserved ``.invalid`` domain, so it is stored as an article of
its own, as a republished copy would be, and N records are N articles; the
others stay URL-less.

Nothing here is tuned to a result; it only shapes the load.
``python -m bench.synth N OUT.jsonl`` writes a stream to a file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BASE_SETS = ("allsides", "ecbplus")
START = datetime(2025, 1, 1, tzinfo=UTC)
_SENT = re.compile(r"(?<=[.!?])\s+")


def _h(*parts: object) -> int:
    return int.from_bytes(
        hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest(), "big"
    )


def base_records(sets: tuple[str, ...] = BASE_SETS) -> list[dict]:
    """The base articles, each with its gold ``story`` (used for dates only)."""
    out = []
    for name in sets:
        folder = SHARED / name
        gold = {}
        for line in (folder / "gold.jsonl").open(encoding="utf-8"):
            g = json.loads(line)
            gold[g["id"]] = g["story"]
        for line in (folder / "articles.jsonl").open(encoding="utf-8"):
            rec = json.loads(line)
            if (rec.get("text") or "").strip():
                rec["story"] = gold.get(rec["id"], rec["id"])
                out.append(rec)
    return out


def _retell(text: str, epoch: int, rid: str) -> str:
    paras = []
    for p_no, para in enumerate(text.split("\n")):
        sents = _SENT.split(para)
        kept = [s for i, s in enumerate(sents) if len(sents) < 3 or _h(epoch, rid, p_no, i) % 3]
        if kept:
            paras.append(" ".join(kept))
    return "\n".join(paras) or text


def stream(n: int, base: list[dict] | None = None, urls: bool = False) -> Iterator[dict]:
    """``n`` JSONL records (Storyline's neutral format) in epochs of the base set."""
    base = base if base is not None else base_records()
    seen: set[bytes] = set()  # digests of (title, text) given so far, for urls=True
    for i in range(n):
        epoch, j = divmod(i, len(base))
        rec = base[j]
        day = _h("day", epoch, rec["story"]) % 28
        when = START + timedelta(days=30 * epoch + day, minutes=_h("t", rec["id"]) % (12 * 60))
        rid = rec["id"] if epoch == 0 else f"{rec['id']}-e{epoch}"
        title = rec.get("title") or ""
        text = rec["text"] if epoch == 0 else _retell(rec["text"], epoch, rec["id"])
        url = None
        if urls:
            digest = hashlib.blake2b(f"{title}\x1f{text}".encode(), digest_size=16).digest()
            if digest in seen:
                url = f"https://synthetic.invalid/{rid}"
            seen.add(digest)
        yield {
            "id": rid,
            "url": url,
            "outlet": rec.get("outlet"),
            "title": title,
            "published": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "language": rec.get("language"),
            "text": text,
        }


def write(n: int, path: str | Path, urls: bool = False) -> Path:
    target = Path(path)
    with target.open("w", encoding="utf-8") as fh:
        for rec in stream(n, urls=urls):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return target


if __name__ == "__main__":
    print(write(int(sys.argv[1]), sys.argv[2]))
