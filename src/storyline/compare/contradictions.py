"""Pairs of claims that cannot both hold, found on their parsed frames.

Two claims are comparable when they talk about the same thing: compatible
subjects (shared entity names, when both name any), the same action (same verb
or one of a pair of opposite verbs from ``stance_verbs_en.txt``) and enough
shared content words. A comparable pair contradicts when its polarity differs
(explicit negation → ``negation``; opposite verbs → ``stance``), when it counts
the same noun with different numbers (``number``) or dates the event differently
(``date``). If every article of one claim precedes, on an earlier day, every
article of the other, the later one is read as an update: ``supersedes``
(earlier claim id first), which does not make either claim disputed, unless the
later claim disputes the earlier one with a verb listed after "!" in
``stance_verbs_en.txt`` ("denied").

A denial is also matched on the verb it denies, anywhere in the other claim's
verb chain ("X denied that any truce had been agreed" / "the sides agreed in
principle to swap prisoners and to a truce": the denied action ``agree`` is
the outer verb of the second claim): every common noun the denied verb governs
must be governed by the same verb, asserted, in the other claim. A claim merged
across outlets is read in each of its reports' wordings (``ClaimInfo.alt_frames``),
since one outlet's wording may drop the word another's denial uses.

A flipped polarity also needs the same object: the claims' nouns besides the
subject's overlap by Jaccard >= ``MIN_OBJECT_JACCARD`` ("is not a party to the
talks" / "is the host of the talks" is no negation), and so do different numbers
("energy prices climbed 1.5%" / "prices rose 5.4% year over year" count different
things). Approximate numbers ("some", "about": ``hedges_en.txt``) within 25%
of each other agree. Thresholds were tuned on the dev half of
``bench/data/compare_contradictions.jsonl`` for precision first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from itertools import combinations

from storyline.compare.frames import Frame
from storyline.compare.lexicon import load_lexicon
from storyline.records import Claim, Contradiction

MIN_OVERLAP = 0.5
MIN_SHARED = 2
MIN_OBJECT_JACCARD = 0.5
HEDGE_TOLERANCE = 0.25  # approximate numbers this close (relative) agree


@dataclass(frozen=True)
class ClaimInfo:
    """What the comparison needs to know about a claim besides its frame."""

    claim: Claim
    frame: Frame
    first: str | None  # earliest publication date of its articles (ISO)
    last: str | None  # latest publication date of its articles (ISO)
    outlets: tuple[str, ...]
    alt_frames: tuple[Frame, ...] = ()  # the claim as other reports of it worded it


def _wordings(info: ClaimInfo) -> tuple[Frame, ...]:
    return (info.frame, *info.alt_frames)


def _nouns(f: Frame) -> set[str]:
    return set(f.content) - set(f.verbs)


def _objects(f: Frame) -> set[str]:
    """Content nouns besides the subject's: what the claim is about."""
    subject_words = {k[2:] for k in f.subjects if k.startswith("h:")} | {
        w for k in f.subjects for w in k.split()
    }
    return _nouns(f) - subject_words


def comparable(a: Frame, b: Frame, min_overlap: float = MIN_OVERLAP, min_shared: int = MIN_SHARED) -> bool:
    """Whether two frames speak of the same subject and action."""
    if a.action is None or b.action is None or a.action != b.action:
        return False
    if a.subjects and b.subjects and not (a.subjects & b.subjects):
        return False
    if a.entities and b.entities and not (a.entities & b.entities):
        return False
    if {a.tense, b.tense} == {"past", "future"}:  # a plan and a past event are different occasions
        return False
    na, nb = _nouns(a), _nouns(b)
    if not na or not nb:
        return False
    shared = len(na & nb)
    need = min_shared if (a.subjects & b.subjects) else min_shared + 1
    return shared >= need and shared / min(len(na), len(nb)) >= min_overlap


def conflict(
    a: Frame, b: Frame, min_overlap: float = MIN_OVERLAP, min_shared: int = MIN_SHARED
) -> tuple[str, str] | None:
    """``(kind, detail)`` when two frames cannot both hold, else None (kind without time: no supersedes)."""
    if a.text.strip().lower() == b.text.strip().lower() or not comparable(a, b, min_overlap, min_shared):
        return None
    dates_differ = any(
        {d for d in a.dates if d[:2] == form}
        and {d for d in b.dates if d[:2] == form}
        and not ({d for d in a.dates if d[:2] == form} & {d for d in b.dates if d[:2] == form})
        for form in ("m:", "w:")
    )
    oa, ob = _objects(a), _objects(b)
    same_object = bool(oa | ob) and len(oa & ob) / len(oa | ob) >= MIN_OBJECT_JACCARD
    # different dates: different occasions; a flipped polarity must be about the same thing
    if a.polarity != b.polarity and not dates_differ and same_object:
        if (a.negations - b.negations) % 2:
            return "negation", f"one side negates '{'/'.join(a.verbs)}', the other does not"
        return "stance", f"opposite verbs: '{'/'.join(a.verbs)}' vs '{'/'.join(b.verbs)}'"
    if a.polarity != b.polarity:
        return None
    by_noun_a: dict[str, set[float]] = {}
    for value, noun in a.numbers:
        by_noun_a.setdefault(noun, set()).add(value)
    by_noun_b: dict[str, set[float]] = {}
    for value, noun in b.numbers:
        by_noun_b.setdefault(noun, set()).add(value)
    for noun in sorted(set(by_noun_a) & set(by_noun_b)) if same_object else ():
        if by_noun_a[noun] & by_noun_b[noun]:
            continue
        if noun in a.hedged | b.hedged and _close(by_noun_a[noun], by_noun_b[noun]):
            continue  # "some 100,000" and "101,789" agree
        va = ", ".join(f"{v:g}" for v in sorted(by_noun_a[noun]))
        vb = ", ".join(f"{v:g}" for v in sorted(by_noun_b[noun]))
        return "number", f"{va} vs {vb} {noun}"
    for form in ("m:", "w:"):
        da = {d for d in a.dates if d.startswith(form)}
        db = {d for d in b.dates if d.startswith(form)}
        if da and db and not (da & db):
            return "date", f"{', '.join(sorted(da))} vs {', '.join(sorted(db))}"
    return None


def denial(a: Frame, b: Frame) -> str | None:
    """Detail when ``a`` denies (a dispute verb: "deny") an action that ``b`` asserts, else None.

    Strict on purpose: the denied verb and the asserting verb share a key, every
    head noun the denied verb governs itself is governed by the asserting one
    itself, and ``b`` is no plan (future tense) nor a possibility ("could be signed"). Names are not compared: the
    denier is seldom the actor, and both claims come from one story or storyline.
    """
    disputes = load_lexicon().disputes
    if not set(a.verbs) & disputes or set(b.verbs) & disputes or b.tense == "future":
        return None
    seen_dispute = False
    for verb, (key, pol, nouns, _) in zip(a.verbs, a.actions, strict=False):
        if verb in disputes:
            seen_dispute = True
            continue
        if not seen_dispute or pol != -1 or not nouns:
            continue
        for j, (key_b, pol_b, _, modal) in enumerate(b.actions):
            # what the asserted verb's own complements govern counts too: "agreed to swap
            # prisoners and to a truce" is often parsed with "to a truce" under "swap"
            nouns_b = frozenset().union(*(n for _, _, n, _ in b.actions[j:]))
            if key_b == key and pol_b == 1 and not modal and nouns <= nouns_b:
                return f"one side denies '{verb}' ({', '.join(sorted(nouns))}), the other asserts it"
    return None


def _close(xs: set[float], ys: set[float], tolerance: float = HEDGE_TOLERANCE) -> bool:
    return any(abs(x - y) <= tolerance * max(abs(x), abs(y)) for x in xs for y in ys)


def _side(info: ClaimInfo) -> str:
    when = info.first or "undated"
    outlets = ", ".join(info.outlets) or "unknown outlet"
    return f'"{info.claim.text}" ({outlets}; {when})'


def _is_update(earlier: ClaimInfo, later: ClaimInfo) -> bool:
    """Every report of ``earlier`` precedes, on an earlier day, every report of ``later``,
    and ``later`` does not dispute it ("denied that ..." is a contradiction, not news)."""
    if not (earlier.last and later.first) or set(later.frame.verbs) & load_lexicon().disputes:
        return False
    return earlier.last[:10] < later.first[:10]


def contradiction_id(kind: str, claim_ids: tuple[str, ...]) -> str:
    """Stable id: the same pair and kind always give the same id."""
    return "x-" + hashlib.sha1(f"{kind}:{':'.join(claim_ids)}".encode()).hexdigest()[:12]


def _clip(text: str, n: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _same_report(x: ClaimInfo, y: ClaimInfo) -> bool:
    """Whether two claims are pieces of one report: overlapping spans of one article, or one
    wording inside the other (a truncated copy: "leaving the table" of "We are not leaving the table")."""
    for m in x.claim.mentions:
        for n in y.claim.mentions:
            if (
                m.article_id == n.article_id
                and m.start < n.end
                and n.start < m.end
                and m.start >= 0 <= n.start
            ):
                return True
    a, b = " ".join(x.frame.text.split()).lower(), " ".join(y.frame.text.split()).lower()
    return bool(a and b) and (a in b or b in a)


def find_contradictions(
    infos: list[ClaimInfo],
    story_id: str | None,
    min_overlap: float = MIN_OVERLAP,
    min_shared: int = MIN_SHARED,
) -> list[Contradiction]:
    """Every conflicting pair among ``infos``; each side's text, outlets and date go in the evidence."""
    found: list[Contradiction] = []
    by_action: dict[str, list[ClaimInfo]] = {}
    for info in infos:
        if info.frame.action is not None:
            by_action.setdefault(info.frame.action, []).append(info)
    for group in by_action.values():
        for x, y in combinations(group, 2):
            hit = conflict(x.frame, y.frame, min_overlap, min_shared)
            if hit is None or _same_report(x, y):
                continue
            kind, detail = hit
            first, second = sorted((x, y), key=lambda i: (i.first or "", i.claim.id))
            if _is_update(first, second):
                detail = f"later report changes it ({kind}: {detail})"
                kind = "supersedes"
            ids = (first.claim.id, second.claim.id)
            evidence = f"{detail}. {_side(first)} vs {_side(second)}"
            found.append(Contradiction(contradiction_id(kind, ids), story_id, ids, kind, evidence))
    paired = {frozenset(c.claim_ids) for c in found}
    deniers = [i for i in infos if any(set(f.verbs) & load_lexicon().disputes for f in _wordings(i))]
    worded: set[tuple[str, str]] = set()
    for x in deniers:
        for y in infos:
            if y is x or frozenset((x.claim.id, y.claim.id)) in paired or _same_report(x, y):
                continue
            match = next(
                ((d, fx, fy) for fx in _wordings(x) for fy in _wordings(y) if (d := denial(fx, fy))), None
            )
            if match is None:
                continue
            said = (x.claim.id, " ".join(match[2].text.split()))
            if said in worded:  # two claims cut from one asserting sentence: one contradiction
                continue
            worded.add(said)
            denied = f'{match[0]}: "{_clip(match[1].text)}" vs "{_clip(match[2].text)}"'  # the wordings that matched
            first, second = sorted((x, y), key=lambda i: (i.first or "", i.claim.id))
            kind = "supersedes" if first is x and _is_update(first, second) else "stance"
            ids = (first.claim.id, second.claim.id)
            paired.add(frozenset(ids))
            evidence = f"{denied}. {_side(first)} vs {_side(second)}"
            found.append(Contradiction(contradiction_id(kind, ids), story_id, ids, kind, evidence))
    return found
