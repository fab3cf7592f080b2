"""One spaCy parse per distinct text, read at once and dropped.

The compare stage reads the same texts for several ends: a claim's wording for
its frame (contradictions) and its sentences (a wording of several sentences is
read sentence by sentence too), a claim without a speaker for its named subject
and its main clause's stances, an attribution for the stances of what the
speaker said (positions). A :class:`Reader` parses every text it is asked about
once, in one ``nlp.pipe`` call per batch of requests, reads off each doc what
was asked for — small, plain values — and keeps only those. Docs are large
and their number grows with the corpus (holding them cost ~270 MB of peak memory
at 3,000 synthetic articles, and a bounded cache of them re-parsed what it had
evicted); what is read from them is a few sets of words per text.

What can be read (``need``):

* ``frame`` — :func:`storyline.compare.frames.frame_of`, before names known upstream;
* ``sentences`` — the sentences of a wording of several sentences (none for one);
* ``subject`` — the named subject of the main clause (:func:`.positions.subject_of`);
* ``said`` / ``reported`` — a statement's :class:`.positions.Reading`, every clause /
  the main clause only. ``reported`` asked together with ``subject`` is read only
  when there is a named subject: positions read such a claim only then.
"""

from __future__ import annotations

import hashlib
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from storyline.compare.frames import frame_of, load_nlp
from storyline.compare.positions import REPORTED, SAID, SUBJECT, read_statement, subject_of
from storyline.extract.nlp import pipe

FRAME, SENTENCES = "frame", "sentences"
BATCH = 64
CACHE_KIND = "parse:compare"  # the store's features table: zlib'd ``Doc.to_bytes`` per text hash

log = logging.getLogger("storyline.compare")


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
    """What the stage needs from each text's parse, parsed once per text.

    With a ``store``, parses are also kept in its features table (kind
    ``parse:compare``, version = model and spaCy versions, key = the text's hash), so
    a later analysis of a grown corpus parses only the texts it has not seen.
    """

    def __init__(self, store: Any = None) -> None:
        self.nlp = load_nlp()
        self.store = store if self.nlp is not None else None
        self.version = ""
        if self.nlp is not None:
            import spacy

            meta = self.nlp.meta
            self.version = f"{meta.get('name')}-{meta.get('version')}-spacy{spacy.__version__}"
        self._read: dict[str, dict[str, Any]] = {}
        self.parsed = 0  # texts parsed (a text asked again for something new is parsed again)
        self.cached = 0  # texts whose parse came from the store

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
        for text, doc in zip(texts, self._docs(texts), strict=True):
            got = self._read.setdefault(text, {})
            needs = todo[text]
            if SUBJECT in needs:
                got[SUBJECT] = _READ[SUBJECT](doc, text)
            for need in sorted(needs - {SUBJECT}):
                if need == REPORTED and SUBJECT in needs and not got[SUBJECT]:
                    continue  # no named subject: positions never read it
                got[need] = _READ[need](doc, text)

    def _docs(self, texts: list[str]) -> Iterator[Any]:
        """Docs of ``texts`` in order: from the store where kept, else parsed (in one pipe) and kept."""
        if self.nlp is None:
            yield from (None for _ in texts)
            return
        if self.store is None:
            self.parsed += len(texts)
            yield from pipe(self.nlp, texts, batch_size=BATCH)
            return
        from spacy.tokens import Doc

        keys = ["t-" + hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
        kept = self.store.get_features(CACHE_KIND, self.version, keys)
        missing = [t for t, k in zip(texts, keys, strict=True) if k not in kept]
        parsed = pipe(self.nlp, missing, batch_size=BATCH)
        new: list[tuple[str, bytes]] = []
        for text, key in zip(texts, keys, strict=True):
            doc = None
            if key in kept:
                try:
                    doc = Doc(self.nlp.vocab).from_bytes(zlib.decompress(kept[key]))
                except Exception as exc:  # a damaged blob: parse the text again
                    log.warning("parse cache: unreadable entry %s (%s); parsing again", key, exc)
                if doc is not None and doc.text == text:
                    self.cached += 1
                    yield doc
                    continue
                doc = next(iter(pipe(self.nlp, [text])))
            else:
                doc = next(parsed)
            self.parsed += 1
            new.append((key, zlib.compress(doc.to_bytes(exclude=["tensor", "user_data"]))))
            yield doc
        if new:
            self.store.put_features(CACHE_KIND, self.version, new)

    def get(self, text: str, need: str) -> Any:
        """What ``need`` reads from ``text`` (parsed now if it was not asked for before)."""
        got = self._read.get(text)
        if got is None or need not in got:
            self.read([(text, need)])
            got = self._read[text]
        return got[need]

    def __len__(self) -> int:
        return len(self._read)


__all__ = ["CACHE_KIND", "FRAME", "SENTENCES", "Reader"]
