"""Coverage-guided fuzzing (atheris / libFuzzer) of every parser and the cleaner.

    .venv/bin/pip install -e ".[fuzz]"          # atheris==3.0.0 (3.1.0 has no wheel for this Python)
    .venv/bin/python fuzz/fuzz_ingest.py -max_total_time=600 [CORPUS_DIR ...] [libFuzzer flags]

The first byte of each input picks a target — sniff + decode, the plain-text
parser, JSONL lines, JSON arrays, feeds, HTML pages, HTML fragments, WARC,
the whole file router (``iter_documents`` on a temporary file) or the
Cleaner — and the rest is its input. A target may return documents or
Failures, or raise :class:`~storyline.errors.InputError` with a one-line
reason; anything else (another exception, an ``error``-coded Failure, a
multi-line reason) is a finding and stops the fuzzer with the input saved.
Seeds come from ``bench/fuzz_inputs.py`` (small good and hostile files),
written to a temporary folder and passed to libFuzzer after any corpus given.

:func:`one_input` runs without atheris, so ``tests/reliability`` checks the
harness itself on the seeds in ``make test``.
"""

from __future__ import annotations

import io
import os
import random
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _load() -> dict[str, Any]:
    """The modules under test (imported inside atheris' instrumentation when fuzzing)."""
    from storyline.clean import Cleaner
    from storyline.config import Config, Limits
    from storyline.errors import InputError
    from storyline.ingest import iter_documents
    from storyline.ingest.feed import iter_feed
    from storyline.ingest.html import fragment_to_text, parse_html
    from storyline.ingest.jsonl import iter_json_array, iter_jsonl
    from storyline.ingest.sniff import decode, sniff
    from storyline.ingest.text import parse_text
    from storyline.ingest.warc import iter_warc
    from storyline.records import Failure, RawDocument

    config = Config(
        limits=Limits(max_decompressed_bytes=4 << 20, max_file_bytes=4 << 20, fetch_timeout_s=1.0)
    )
    return dict(
        Cleaner=Cleaner,
        config=config,
        InputError=InputError,
        iter_documents=iter_documents,
        iter_feed=iter_feed,
        fragment_to_text=fragment_to_text,
        parse_html=parse_html,
        iter_json_array=iter_json_array,
        iter_jsonl=iter_jsonl,
        decode=decode,
        sniff=sniff,
        parse_text=parse_text,
        iter_warc=iter_warc,
        Failure=Failure,
        RawDocument=RawDocument,
    )


M: dict[str, Any] = {}
_TMP = tempfile.mkdtemp(prefix="storyline-atheris-")
_CLEANER: list[Any] = []


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape").encode("utf-8", errors="replace").decode("utf-8")


def _check(items: Iterable[Any]) -> None:
    for item in items:
        if isinstance(item, M["Failure"]):
            if item.code == "error" or not item.reason or "\n" in item.reason:
                raise AssertionError(f"unclear or unexpected failure: {item}")
        elif not isinstance(item, (M["RawDocument"], str)):
            raise AssertionError(f"unexpected item {item!r}")


def _route(data: bytes) -> list[Any]:
    path = Path(_TMP) / "input"
    path.write_bytes(data)
    try:
        return list(M["iter_documents"]([str(path)], M["config"]))
    finally:
        path.unlink(missing_ok=True)


def _clean(data: bytes) -> list[Any]:
    if not _CLEANER:
        _CLEANER.append(M["Cleaner"](M["config"]))
    title, _, rest = _text(data).partition("\n")
    outlet, _, text = rest.partition("\n")
    raw = M["RawDocument"](
        id="f", source="f", text=text, title=title, outlet=outlet or None, url=outlet or None
    )
    art = _CLEANER[0].clean(raw)
    if len(art.text) > M["config"].limits.max_article_chars:
        raise AssertionError("article over limits.max_article_chars")
    return []


def _fragment(data: bytes) -> list[Any]:
    if not isinstance(M["fragment_to_text"](_text(data)), str):
        raise AssertionError("fragment_to_text returned no text")
    return []


TARGETS: tuple[Callable[[bytes], Any], ...] = (
    lambda d: [M["sniff"](d), M["decode"](d, "f")],
    lambda d: [M["parse_text"](_text(d), "f.txt", "f")],
    lambda d: list(M["iter_jsonl"](iter(d.split(b"\n")), "f.jsonl", M["config"])),
    lambda d: list(M["iter_json_array"](d, "f.json", M["config"])),
    lambda d: list(M["iter_feed"](d, "f.xml", M["config"])),
    lambda d: [M["parse_html"](_text(d), "f.html", "f")],
    _fragment,
    lambda d: list(M["iter_warc"](io.BufferedReader(io.BytesIO(d)), "f.warc", M["config"])),
    _route,
    _clean,
)


def one_input(data: bytes) -> None:
    """Run one fuzz input; raises on a finding, returns quietly otherwise."""
    if not M:
        M.update(_load())
    if not data:
        return
    target = TARGETS[data[0] % len(TARGETS)]
    try:
        got = target(data[1:])
    except M["InputError"] as exc:
        if not exc.reason or "\n" in exc.reason:
            raise AssertionError(f"unclear message: {exc!r}") from exc
        return
    _check(x for x in got if x is not None and not isinstance(x, str))


def seeds(limit: int = 200) -> list[bytes]:
    """Small inputs from the bench generators, each prefixed with every target's selector byte in turn."""
    sys.path.insert(0, str(ROOT))
    from bench.fuzz_inputs import make_case

    rng = random.Random(1)
    out = []
    for i in range(limit):
        case = make_case(rng, i, good_share=0.4)
        if len(case.data) <= 64 * 1024:
            out.append(bytes([i % len(TARGETS)]) + case.data)
    return out


def main() -> None:
    import atheris  # only when fuzzing: `pip install -e ".[fuzz]"`

    with atheris.instrument_imports(include=["storyline"]):
        M.update(_load())
    seed_dir = Path(_TMP) / "seeds"
    seed_dir.mkdir()
    for n, data in enumerate(seeds()):
        (seed_dir / f"seed-{n}").write_bytes(data)
    args = [a for a in sys.argv]
    if not any(a.startswith("-max_len") for a in args):
        args.append("-max_len=65536")
    if not any(a.startswith("-timeout") for a in args):
        args.append("-timeout=60")  # an input slower than this is reported as a hang
    if not any(a.startswith("-artifact_prefix") for a in args):  # findings go to fuzz/findings/, not the cwd
        findings = ROOT / "fuzz" / "findings"
        findings.mkdir(exist_ok=True)
        args.append(f"-artifact_prefix={findings}/")
    args.append(str(seed_dir))
    os.environ.setdefault("STORYLINE_LIMIT_FETCH_TIMEOUT_S", "1")
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
