"""One spaCy parse per distinct text, read at once and dropped.

The compare stage reads the same texts for several ends: a claim's wording for
its frame (contradictions) and its sentences (a wording of several sentences is
read sentence by sentence too), a claim without a speaker for its named subject
and its main clause's stances, an attribution for the stances of what the
speaker said (positions). A :class:`Reader` parses every text it is asked about
once, in one ``nlp.pipe`` call per batch of requests, reads off each doc what
was asked for — small, plain values — and keeps only those. Docs are large
(a thousand articles' claims and statements held as docs took ~600 MB) and
their number grows with the corpus; what is read from them is a few sets of
words per text.

What can be read (``need``):

* ``frame`` — :func:`storyline.compare.frames.frame_of`, before names known upstream;
* ``sentences`` — the sentences of a wording of several sentences (none for one);
* ``subject`` — the named subject of the main clause (:func:`.positions.subject_of`);
* ``said`` / ``reported`` — a statement's :class:`.positions.Reading`, every clause /
  the main clause only. ``reported`` asked together with ``subject`` is read only
  when there is a named subject: positions read such a claim only then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from storyline.compare.frames import frame_of, load_nlp
from storyline.compare.positions import REPORTED, SAID, SUBJECT, read_statement, subject_of

FRAME, SENTENCES = "frame", "sentences"
BATCH = 64


def _sentences(doc: Any, text: str) -> tuple[str, ...]:
    if doc is None:
        return ()
    sents = tuple(s.text.strip() for s in doc.sents if len(s) > 3)
    return sents if len(sents) > 1 else ()


_READ: dict[str, Callable[[Any, str], Any]] = {
    FRAME: frame_of,
    SENTENCES: _sentences,
    SUBJECT: lambda doc, text: subject_of(doc) if doc is not None else None,
    SAID: lambda doc, text: read_statement(doc, False) if doc is not None else None,
    REPORTED: lambda doc, text: read_statement(doc, True) if doc is not None else None,
}


class Reader:
    """What the stage needs from each text's parse, parsed once per text."""

    def __init__(self) -> None:
        self.nlp = load_nlp()
        self._read: dict[str, dict[str, Any]] = {}
        self.parsed = 0  # texts parsed (a text asked again for something new is parsed again)

    def read(self, wants: Iterable[tuple[str, str]]) -> None:
        """Parse every text that lacks something asked of it (``(text, need)`` pairs), in one pass."""
        todo: dict[str, set[str]] = {}
        for text, need in wants:
            if need not in _READ:
                raise ValueError(f"unknown need {need!r}; known: {sorted(_READ)}")
            if need not in self._read.get(text, ()):
                todo.setdefault(text, set()).add(need)
        if not todo:
            return
        texts = list(todo)
        docs = self.nlp.pipe(texts, batch_size=BATCH) if self.nlp is not None else (None for _ in texts)
        for text, doc in zip(texts, docs, strict=True):
            self.parsed += 1
            got = self._read.setdefault(text, {})
            needs = todo[text]
            if SUBJECT in needs:
                got[SUBJECT] = _READ[SUBJECT](doc, text)
            for need in sorted(needs - {SUBJECT}):
                if need == REPORTED and SUBJECT in needs and not got[SUBJECT]:
                    continue  # no named subject: positions never read it
                got[need] = _READ[need](doc, text)

    def get(self, text: str, need: str) -> Any:
        """What ``need`` reads from ``text`` (parsed now if it was not asked for before)."""
        got = self._read.get(text)
        if got is None or need not in got:
            self.read([(text, need)])
            got = self._read[text]
        return got[need]

    def __len__(self) -> int:
        return len(self._read)


__all__ = ["FRAME", "SENTENCES", "Reader"]
