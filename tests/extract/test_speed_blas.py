"""Speed seams of the parse: numpy's BLAS, one BLAS thread, the GIL-holding decode loop, sentence docs.

Timings live in ``python -m bench.extract``; these tests check that the fast paths
are taken and give the same trees as the plain ones.
"""

from __future__ import annotations

import numpy
import pytest

from storyline.extract.nlp import (
    _apply,
    _set_sentence_starts,
    _step_scores,
    load_model,
    one_blas_thread,
    parse,
    pipe,
    split_sentences,
)

pytestmark = pytest.mark.skipif(load_model("en") is None, reason="no English spaCy model installed")

TEXT = (
    "The council voted on Tuesday to close the old bridge.\n"
    "Mayor Tessa Brandt said the repairs would cost more than a new crossing. "
    "Engineers told the council that the piers were cracked, and a report warned of worse.\n"
    "Traffic will move to the ring road."
)


def test_every_layer_multiplies_with_numpy_not_blis():
    nlp = load_model("en")
    layers = [node for _, proc in nlp.pipeline for node in proc.model.walk()]
    assert layers
    assert all(getattr(node.ops, "use_blis", None) is False for node in layers)


def test_one_blas_thread_inside_the_block_only():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import numpy  # noqa: F401  (loads the BLAS library threadpoolctl inspects)

    def blas_threads() -> set[int]:
        return {lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"}

    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        assert blas_threads() == {2}
        with one_blas_thread():
            assert blas_threads() == {1}
        assert blas_threads() == {2}


def test_parsed_sentences_match_a_plain_span_copy():
    """The shared doc array gives each parsed sentence the tree Span.as_doc() would."""
    nlp = load_model("en")
    sentences = split_sentences(TEXT)
    fast = parse(TEXT, sentences, "en", lambda s: True)
    # the doc as the parser finds it: tagged, entities set, no tree yet
    unparsed = nlp.make_doc(TEXT)
    _set_sentence_starts(unparsed, TEXT, sentences)
    for name, proc in nlp.pipeline:
        if name != "parser":
            unparsed = proc(unparsed)
    parser = nlp.get_pipe("parser")
    compared = 0
    for fs, ps in zip(fast.sents, unparsed.sents, strict=True):
        ref = parser(ps.as_doc())
        got = [(t.head.i - fs.start, t.dep_) for t in fs]
        want = [(t.head.i, t.dep_) for t in ref]
        assert got == want
        compared += 1
    assert compared == 4
    said = next(t for t in fast if t.lower_ == "said")
    assert {c.dep_ for c in said.children} >= {"nsubj", "ccomp"}


def test_gil_loop_gives_spacys_greedy_entities_and_trees():
    nlp = load_model("en")
    sentences = split_sentences(TEXT)
    doc = parse(TEXT, sentences, "en")  # every component through _apply
    greedy = nlp.make_doc(TEXT)
    _set_sentence_starts(greedy, TEXT, sentences)
    for _, proc in nlp.pipeline:
        greedy = proc(greedy)  # spaCy's own call: the greedy loop
    assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in greedy.ents]
    assert any(e.label_ == "PERSON" for e in doc.ents)
    assert [(t.head.i, t.dep_) for t in doc] == [(t.head.i, t.dep_) for t in greedy]


class _FakeState:
    def __init__(self, steps: int) -> None:
        self.left = steps

    def is_final(self) -> bool:
        return self.left == 0


class _FakeParser:
    """A transition component that records how it was driven."""

    def __init__(self, beam_width: int) -> None:
        self.cfg = {"beam_width": beam_width}
        self.calls: list[str] = []
        self.moves = self
        self.model = self

    def init_batch(self, docs):
        self.calls.append(f"init:{len(docs)}")
        return [_FakeState(len(d)) for d in docs]

    def predict(self, arg):
        if arg and isinstance(arg[0], _FakeState):
            self.calls.append(f"step:{len(arg)}")
            return [0.0] * len(arg)
        return self  # the step model

    def transition_states(self, states, scores):
        for s in states:
            s.left -= 1
        return [s for s in states if not s.is_final()]

    def clear_memory(self):
        pass

    def set_annotations(self, docs, states):
        self.calls.append(f"set:{sum(s.left for s in states)}")

    def __call__(self, doc):
        self.calls.append("own call")
        return doc


def test_apply_steps_every_doc_in_one_loop_until_all_are_final():
    fake = _FakeParser(beam_width=1)
    assert _apply(fake, ["ab", "abc", "a"]) == ["ab", "abc", "a"]
    # three states, then two, then one: each step predicts for the unfinished ones only
    assert fake.calls == ["init:3", "step:3", "step:2", "step:1", "set:0"]
    wide = _FakeParser(beam_width=4)  # a model configured for a real beam keeps its own call
    _apply(wide, ["a"])
    assert wide.calls == ["own call"]


@pytest.mark.parametrize("component", ["ner", "parser"])
def test_step_scores_equal_spacys_step_model(component):
    """The lean score function gives spaCy's own step scores, state batch after state batch."""
    nlp = load_model("en")
    proc = nlp.get_pipe(component)
    docs = [nlp.make_doc(TEXT), nlp.make_doc("Officials in Lisbon said the talks would resume.")]
    for name, other in nlp.pipeline:  # the parser's listener reads the tagger's tok2vec rows
        if name == "tok2vec":
            docs = [other(d) for d in docs]
    model = proc.model.predict(docs)
    lean = _step_scores(model)
    assert lean != model.predict  # the lean path is taken for spaCy's step model
    states = [s for s in proc.moves.init_batch(docs) if not s.is_final()]
    steps = 0
    while states and steps < 12:
        want = model.predict(states)
        got = lean(states)
        assert got.shape == want.shape and numpy.array_equal(got, want)
        states = proc.transition_states(states, want)
        steps += 1
    assert steps == 12


def test_pipe_gives_spacys_docs_for_a_batch_of_short_texts():
    nlp = load_model("en")
    texts = [
        "The minister said the budget would pass on Friday.",
        "",
        "Rebels in the north denied that they had agreed to a truce.",
        "Prices rose 4 percent in March, the agency reported.",
    ]
    ours = list(pipe(nlp, texts, batch_size=3))  # two batches, one empty text
    theirs = list(nlp.pipe(texts))
    assert [d.text for d in ours] == texts

    def view(doc):
        return [(t.tag_, t.head.i, t.dep_, t.ent_iob_, t.ent_type_) for t in doc]

    assert [view(d) for d in ours] == [view(d) for d in theirs]
    assert any(e.label_ == "GPE" or e.label_ == "ORG" or e.label_ == "DATE" for d in ours for e in d.ents)
