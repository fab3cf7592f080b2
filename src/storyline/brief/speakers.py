"""Speaker names as a briefing should show them: full, and never a bare nationality.

Within one story a person is often named in full once and by surname after
("Ilse Varga" ... "Varga said"); the extract stage resolves pronouns but keeps
the surname spelling. A one-word name that ends exactly one longer name of the
story is shown as that longer name. A speaker that the named-entity recogniser
only ever tagged as a nationality or group adjective (spaCy's NORP label:
"Lumerian") is not a speaker on its own, so the span as written ("the Lumerian
fisheries ministry") names it instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from storyline.records import Entity

SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC"})


def full_names(names: Iterable[str]) -> dict[str, str]:
    """Each name -> its fullest spelling in the set (case-insensitive; unknown keys map to themselves)."""
    pool = sorted({n.strip() for n in names if n and n.strip()})
    out = {n: n for n in pool}
    for n in pool:
        if " " in n:
            continue
        longer = {m for m in pool if m.casefold().endswith(" " + n.casefold())}
        if len(longer) == 1:
            out[n] = longer.pop()
    return out


def adjective_only(entities: Iterable[Entity]) -> set[str]:
    """Case-folded entity texts tagged NORP and never as a speaker-like entity."""
    norp: set[str] = set()
    other: set[str] = set()
    for e in entities:
        (norp if e.label == "NORP" else other if e.label in SPEAKER_LABELS else set()).add(e.text.casefold())
    return norp - other
