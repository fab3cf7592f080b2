"""Actors' positions on a storyline's issues, story by story, with changes flagged.

Statements are (a) attributions with a named speaker (a person or an
organisation), read on what the speaker said, and (b) claims whose grammatical
subject is a named entity ("Varnia rejects ..."), read on their main clause
only: reported positions. Issues are found in the storyline itself: noun chunks
of its statements reduced to their content words ("security guarantee"),
without subjects, audiences ("told reporters"), names and dates, kept when
their words appear in at least ``min_issue_articles`` articles. A statement
takes a stance on an issue when a cue from ``resources/position_cues_en.txt``
governs the issue's noun chunk in the parse (the chunk is reached from the
cue's verb through objects and prepositions, not through a relative or
adverbial clause); conditional beats opposes beats supports, and a supporting
cue under a negation opposes. An (actor, issue) pair is kept only where some
statement takes a clear stance; its other statements on the issue count as
``unclear``. One :class:`Position` is made per storyline, story, actor and
issue; ``changed`` is set when the stance differs from the actor's last clear
stance on that issue in an earlier story of the storyline.

Issues are kept only when policy-like and grouped by head noun, and the two
poles of one issue (neutrality / joining an alliance) count as one issue with
the stance flipped for the opposite pole (:mod:`storyline.compare.issues`).
Attributions whose pronoun speaker conflicts with the actor's gender, and
past-perfect recaps of an earlier position, are not read
(:mod:`storyline.compare.guards`). A position whose articles are all undated
takes its story's ``first_seen`` and says so in its evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storyline.compare.guards import genders, keep
from storyline.compare.issues import (
    flip,
    group_keys,
    load_poles,
    pole_tokens,
    policy_like,
    predicate,
    under_pole,
)
from storyline.compare.lexicon import load_lexicon, word_starts
from storyline.records import Article, Attribution, Claim, Entity, Position, Story, Storyline

if TYPE_CHECKING:
    from storyline.compare.reading import Reader

SUBJECT, SAID, REPORTED = "subject", "said", "reported"  # what the stage's reader reads off a parse

_ACTOR_LABELS = ("PERSON", "ORG", "GPE", "NORP")
_KEEP_POS = ("NOUN", "PROPN", "ADJ")
_NEG_BEFORE = re.compile(r"\b(?:not|never|no|n't)\W+(?:\w+\W+){0,2}$")
_NOT_ISSUE = frozenset(
    {"PERSON", "GPE", "NORP", "LOC", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY"}
)
MIN_ISSUE_ARTICLES = 2
# dependency relations that leave a cue's complement: clauses that add circumstance, subjects
_BLOCK = frozenset(
    {
        "advcl",
        "relcl",
        "acl",
        "npadvmod",
        "appos",
        "parataxis",
        "nsubj",
        "nsubjpass",
        "advmod",
        "mark",
        "csubj",
        "agent",
    }
)


@dataclass(frozen=True)
class Statement:
    actor: str
    text: str
    article_id: str
    story_id: str
    published: str | None
    lemmas: frozenset[str]
    chunks: tuple[str, ...]  # issue keys found in it
    scoped: dict[str, str]  # issue key -> stance, where a cue governs the chunk
    poles: frozenset[str] = frozenset()  # issues named by one of their poles ("neutrality")


def stance_of(text: str) -> str:
    """supports | opposes | conditional | unclear, from the position cues in ``text``."""
    low = text.lower().replace("\u2019", "'")
    found: set[str] = set()
    for stance, pattern in load_lexicon().position_cues:
        for m in pattern.finditer(low):
            if stance == "supports" and _NEG_BEFORE.search(low[: m.start()]):
                found.add("opposes")
            else:
                found.add(stance)
    for stance in ("conditional", "opposes", "supports"):
        if stance in found:
            return stance
    return "unclear"


@lru_cache(maxsize=1)
def _stance_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Any position cue (one pattern for all) and any word that may name a pole."""
    cues = re.compile("|".join(f"(?:{p.pattern})" for _, p in load_lexicon().position_cues) or r"(?!)")
    return cues, word_starts(set(load_poles()))


def may_take_stance(text: str) -> bool:
    """Whether a statement could take a stance at all: a position cue occurs in it, or a word
    that may name a pole of an issue (:func:`~storyline.compare.lexicon.word_starts`). When no
    statement of a storyline can, it has no positions and its statements need no parse."""
    low = text.lower().replace("\u2019", "'")
    cues, poles = _stance_words()
    return poles.search(low) is not None or cues.search(low) is not None


def _actor_key(name: str) -> str:
    words = re.findall(r"[\w'-]+", name.lower())
    return words[-1] if words else name.lower()


def _statements(
    stories: Sequence[Story],
    articles: dict[str, Article],
    attributions: Sequence[Attribution],
    claims: Sequence[Claim],
    entities: Sequence[Entity],
    reader: Reader,
) -> list[tuple[str, str, str, str, str, bool]]:
    """(actor, evidence, words, article_id, story_id, reported) of every attributed or reported statement.

    For an attribution the words read for a stance are what the speaker said
    (its content), the evidence is the whole sentence; a reported statement is
    read whole, and only its main clause counts (``reported`` = True).
    """
    story_of = {a: s.id for s in stories for a in s.article_ids}
    out: list[tuple[str, str, str, str, str, bool]] = []
    seen_spans: set[tuple[str, int]] = set()
    known = genders(articles, entities)
    for att in keep(attributions, articles, known):
        if att.article_id in story_of and att.speaker and att.speaker_kind in ("person", "organization"):
            out.append(
                (
                    att.speaker,
                    att.sentence or att.text,
                    att.text or att.sentence,
                    att.article_id,
                    story_of[att.article_id],
                    False,
                )
            )
            seen_spans.add((att.article_id, att.start))
    canon = {(e.article_id, e.text): e.canonical or e.text for e in entities}
    plain = [
        (c, m)
        for c in claims
        if c.speaker is None
        for m in c.mentions[:1]
        if m.article_id in story_of and (m.article_id, m.start) not in seen_spans
    ]
    if reader.nlp is None:
        return out
    reader.read([(c.text, SUBJECT) for c, _ in plain])
    for claim, mention in plain:
        actor = reader.get(claim.text, SUBJECT)
        if actor:
            actor = canon.get((mention.article_id, actor), actor)
            out.append(
                (actor, claim.text, claim.text, mention.article_id, story_of[mention.article_id], True)
            )
    return out


def subject_of(doc: Any) -> str | None:
    """The named subject of a sentence's main clause (its root's first subject), if it is named."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return _subject_actor(doc[child.left_edge.i : child.right_edge.i + 1], child)
    return None


def _subject_actor(span: Any, head: Any) -> str | None:
    """A named subject: an entity of an actor type, else a proper noun ("Norrow council")."""
    ents = [e for e in span.ents if e.label_ in _ACTOR_LABELS]
    if ents:
        return str(ents[0].text)
    if (
        head.pos_ == "PROPN"
        or (head.pos_ == "ADJ" and head.is_title)
        or any(t.pos_ == "PROPN" and t.head.i == head.i for t in span)
    ):
        words = [t.text for t in span if (t.pos_ in ("PROPN", "NOUN") or t.i == head.i) and t.i <= head.i]
        return " ".join(words) or None
    return None


def _chunk_key(chunk: Any, lex: Any, poles: list[Any]) -> tuple[str, tuple[str, ...]] | None:
    """Content words of a noun chunk as an issue key (and the words), or None when it is no issue.

    A key holding the name of one of the storyline's actors is no issue either
    (:func:`_issue_key`); that is decided per storyline, so it is left out here.
    ``poles``: the doc's pole tokens (:func:`~storyline.compare.issues.pole_tokens`).

    Subjects are who holds a position, not what it is about; the object of a
    reporting verb that also carries what was said ("told reporters that ...") is
    an audience; names of people, places
    and dates inside a chunk are dropped ("Veldoria's membership" → "membership").
    """
    root = chunk.root
    if root.dep_ in ("nsubj", "nsubjpass") or root.pos_ == "PRON":
        return None
    head = root.head
    if root.dep_ == "dative" or (
        root.dep_ == "dobj"
        and head.lemma_.lower() in lex.reporting
        and any(c.dep_ in ("ccomp", "parataxis") for c in head.children)
    ):
        return None
    # nouns by lemma ("guarantees" = "guarantee"), modifiers as written: a participle's
    # lemma depends on how the tagger read it in that sentence
    words = [
        (t.lemma_ if t.pos_ == "NOUN" else t.text).lower()
        for t in chunk
        if (t.pos_ in _KEEP_POS or t.dep_ in ("amod", "compound"))
        and t.is_alpha
        and not t.is_stop
        and t.ent_type_ not in _NOT_ISSUE
    ]
    words = words[-3:]
    if not words:
        return None
    key = " ".join(words)
    if not policy_like(key, chunk):
        return None
    if poles and (any(t.i in {p.i for p in poles} for t in chunk) or under_pole(root, poles)):
        return None  # "membership of the Pact", "join the Pact": the pole's issue, not one of its own
    return key, tuple(words)


def _issue_key(raw: tuple[str, tuple[str, ...]] | None, actors: set[str]) -> str | None:
    """A chunk's issue key unless it names one of the storyline's actors."""
    if raw is None or any(w in actors for w in raw[1]):
        return None
    return raw[0]


def _governor(tok: Any, stance: str) -> Any:
    """The verb or adjective a cue word belongs to; for a condition, the clause it conditions."""
    seen = 0
    while tok.pos_ not in ("VERB", "ADJ") or tok.dep_ in ("aux", "auxpass", "neg"):
        if tok.head.i == tok.i or seen > 6:
            break
        tok, seen = tok.head, seen + 1
    if stance == "conditional" and tok.dep_ in ("advcl", "pcomp", "pobj", "acl") and tok.head.i != tok.i:
        tok = tok.head
        while tok.pos_ not in ("VERB", "ADJ", "AUX") and tok.head.i != tok.i:
            tok = tok.head
    return tok


def _governed(tok: Any, gov: Any) -> bool:
    """Whether ``tok`` is a complement of ``gov``: reached through objects and
    prepositions, not through a relative or adverbial clause or a subject."""
    steps = 0
    while tok.i != gov.i:
        if tok.dep_ in _BLOCK or tok.head.i == tok.i or steps > 8:
            return False
        tok, steps = tok.head, steps + 1
    return True


def _renounced(tok: Any) -> bool:
    """Whether a verb sits under an opposing cue a few steps up ("renounce any plan to join")."""
    cues = [p for st, p in load_lexicon().position_cues if st == "opposes"]
    cur, steps = tok, 0
    while cur.head.i != cur.i and steps < 4:
        cur, steps = cur.head, steps + 1
        if cur.pos_ in ("VERB", "AUX") and any(
            p.fullmatch(cur.lower_) or p.fullmatch(cur.lemma_.lower()) for p in cues
        ):
            return True
    return False


@dataclass(frozen=True)
class Reading:
    """What positions need from one statement's parse; the actors of a storyline are applied later."""

    lemmas: frozenset[str]
    chunks: tuple[tuple[str, tuple[str, ...]] | None, ...]  # per noun chunk: (issue key, words) or None
    poles: frozenset[str]  # issues named by one of their poles
    # stances in the order the cues found them: (noun chunk index, "", stance) for an issue phrase
    # a cue governs, (-1, pole issue, stance or None when named without one) for a pole
    events: tuple[tuple[int, str, str | None], ...]

    def keys(self, actors: set[str]) -> tuple[str, ...]:
        return tuple(k for raw in self.chunks if (k := _issue_key(raw, actors)))

    def scoped(self, actors: set[str]) -> dict[str, str]:
        """Issue key → stance, where a cue governs the issue's phrase (see :func:`_scoped_stances`)."""
        found: dict[str, set[str]] = {}
        for index, issue, stance in self.events:
            key = _issue_key(self.chunks[index], actors) if index >= 0 else issue
            if key is None:
                continue
            seen = found.setdefault(key, set())
            if stance is not None:
                seen.add(stance)
        return {
            k: next((s for s in ("conditional", "opposes", "supports") if s in v), "unclear")
            for k, v in found.items()
        }


def read_statement(doc: Any, main_clause: bool = False) -> Reading:
    """A statement's :class:`Reading` (with ``main_clause``, only cues of the main clause count)."""
    lex = load_lexicon()
    poles = pole_tokens(doc)
    pole_toks = [t for t, _ in poles]
    chunks = [(c, _chunk_key(c, lex, pole_toks)) for c in doc.noun_chunks]
    return Reading(
        frozenset(t.lemma_.lower() for t in doc) | frozenset(t.lower_ for t in doc),
        tuple(raw for _, raw in chunks),
        frozenset(p.issue for _, p in poles),
        tuple(_stance_events(doc, chunks, poles, main_clause)),
    )


def _scoped_stances(doc: Any, actors: set[str], main_clause: bool = False) -> dict[str, str]:
    """Issue key → stance, for the noun chunks inside the clause each cue governs
    (with ``main_clause``, only cues of the sentence's main clause: its subject's stance)."""
    return read_statement(doc, main_clause).scoped(actors)


def _stance_events(
    doc: Any, chunks: list[tuple[Any, Any]], poles: list[tuple[Any, Any]], main_clause: bool
) -> list[tuple[int, str, str | None]]:
    lex = load_lexicon()
    low = doc.text.lower().replace("\u2019", "'")
    events: list[tuple[int, str, str | None]] = []
    cued: set[int] = set()
    for stance, pattern in lex.position_cues:
        for m in pattern.finditer(low):
            tok = next((t for t in doc if t.idx <= m.start() < t.idx + max(len(t.text), 1)), None)
            if tok is None:
                continue
            st = "opposes" if stance == "supports" and _NEG_BEFORE.search(low[: m.start()]) else stance
            gov = _governor(tok, stance)
            if main_clause and not _governed(gov, gov.sent.root):
                continue
            for index, (chunk, raw) in enumerate(chunks):
                if raw and _governed(chunk.root, gov):
                    events.append((index, "", st))
            for ptok, pole in poles:
                if _governed(ptok, gov) or (ptok.dep_ in ("amod", "compound") and _governed(ptok.head, gov)):
                    cued.add(ptok.i)
                    events.append((-1, pole.issue, flip(st, pole.sign)))
    for ptok, pole in poles:
        if ptok.i in cued:
            continue
        if main_clause and not _governed(ptok, ptok.sent.root):
            continue
        if ptok.pos_ == "VERB" or predicate(ptok):  # "will join the Pact", "will stay neutral" state it by
            verb = ptok if ptok.pos_ == "VERB" else ptok.head  # themselves; "never join" opposes it
            negated = any(c.dep_ == "neg" or c.lower_ in lex.negations for c in verb.children)
            events.append(
                (-1, pole.issue, flip("opposes" if negated or _renounced(ptok) else "supports", pole.sign))
            )
        else:
            events.append((-1, pole.issue, None))  # named, no stance: unclear
    return events


def storyline_positions(
    storyline: Storyline,
    stories: dict[str, Story],
    articles: dict[str, Article],
    attributions: Sequence[Attribution],
    claims: Sequence[Claim],
    entities: Sequence[Entity],
    min_issue_articles: int = MIN_ISSUE_ARTICLES,
    reader: Reader | None = None,
) -> list[Position]:
    """Positions of every actor on every issue of one storyline, oldest story first.

    ``reader``: the stage's :class:`~storyline.compare.reading.Reader`, primed with
    every statement's text, so the storyline parses nothing itself.
    """
    if reader is None:
        from storyline.compare.reading import Reader

        reader = Reader()
    if reader.nlp is None:
        return []
    ordered = sorted(
        (stories[s] for s in storyline.story_ids if s in stories), key=lambda s: (s.first_seen or "", s.id)
    )
    raw = _statements(ordered, articles, attributions, claims, entities, reader)
    if not any(may_take_stance(r[2]) for r in raw):
        return []  # no statement takes a clear stance, so no actor has a position
    actors = {_actor_key(r[0]) for r in raw}
    reader.read([(r[2], REPORTED if r[5] else SAID) for r in raw])
    statements: list[Statement] = []
    for actor, text, wording, art, story_id, reported in raw:
        rd: Reading = reader.get(wording, REPORTED if reported else SAID)
        published = articles[art].published if art in articles else None
        statements.append(
            Statement(
                actor, text, art, story_id, published, rd.lemmas, rd.keys(actors), rd.scoped(actors), rd.poles
            )
        )
    # an issue is a key phrase whose words appear in statements of several articles; phrases
    # with one head noun are one issue ("binding security guarantee" = "security guarantee")
    by_article: dict[str, list[Statement]] = {}
    for s in statements:
        by_article.setdefault(s.article_id, []).append(s)
    words_of = {a: frozenset().union(*(s.lemmas for s in group)) for a, group in by_article.items()}
    having: dict[str, set[str]] = {}  # word -> the articles whose statements hold it
    for a, ws in words_of.items():
        for w in ws:
            having.setdefault(w, set()).add(a)
    canonical = group_keys(k for s in statements for k in s.chunks)
    support = Counter(
        {
            k: len(set.intersection(*(having.get(w, set()) for w in set(k.split()))))
            for k in set(canonical.values())
        }
    )
    issues = sorted(
        (k for k, n in support.items() if n >= min_issue_articles), key=lambda k: (-len(k.split()), k)
    )
    # the poles of one issue ("neutrality", "join the Pact") count together, by the articles naming either
    pole_support = Counter(i for group in by_article.values() for i in {i for s in group for i in s.poles})
    pole_issues = {i for i, n in pole_support.items() if n >= min_issue_articles}
    display: dict[str, str] = {}
    for s in statements:
        display.setdefault(_actor_key(s.actor), s.actor)
        if len(s.actor) > len(display[_actor_key(s.actor)]):
            display[_actor_key(s.actor)] = s.actor
    issue_words = [set(issue.split()) for issue in issues]
    issues_with: dict[str, list[int]] = {}  # word -> indices of the issues holding it
    for n, words in enumerate(issue_words):
        for w in words:
            issues_with.setdefault(w, []).append(n)
    grouped: dict[tuple[str, str, str], list[tuple[Statement, str]]] = {}
    for s in statements:
        covered: set[str] = set()
        for issue in sorted(s.poles & pole_issues):
            grouped.setdefault((s.story_id, _actor_key(s.actor), issue), []).append(
                (s, s.scoped.get(issue, "unclear"))
            )
        hits = Counter(n for w in s.lemmas for n in issues_with.get(w, ()))
        # the issues all of whose words the statement holds, longest first; a shorter issue
        # inside a matched one is the same issue
        for n in sorted(n for n, k in hits.items() if k == len(issue_words[n])):
            issue, words = issues[n], issue_words[n]
            if not words <= covered:
                covered |= words
                stance = next((st for k, st in s.scoped.items() if words <= set(k.split())), "unclear")
                grouped.setdefault((s.story_id, _actor_key(s.actor), issue), []).append((s, stance))
    # an actor's issue is kept only where some statement takes a clear stance on it
    clear = {(a, i) for (_, a, i), items in grouped.items() if any(st != "unclear" for _, st in items)}
    grouped = {k: v for k, v in grouped.items() if (k[1], k[2]) in clear}
    positions: list[Position] = []
    last: dict[tuple[str, str], str] = {}
    of_story: dict[str, list[tuple[str, str, list[tuple[Statement, str]]]]] = {}
    for (sid, actor, issue), items in sorted(grouped.items()):
        of_story.setdefault(sid, []).append((actor, issue, items))
    for story in ordered:
        for actor, issue, items in of_story.get(story.id, []):
            items.sort(key=lambda t: (t[0].published or "", t[0].article_id))
            votes = Counter(st for _, st in items if st != "unclear")
            stance = (
                max(votes, key=lambda k: (votes[k], [st for _, st in items].index(k))) if votes else "unclear"
            )
            prev = last.get((actor, issue))
            changed = prev is not None and stance != "unclear" and stance != prev
            if stance != "unclear":
                last[(actor, issue)] = stance
            evidence = " | ".join(
                dict.fromkeys(s.text for s, st in items if st == stance or stance == "unclear")
            )
            date = min((s.published for s, _ in items if s.published), default=None)
            if date is None and story.first_seen:  # undated articles: the story's first report dates them
                date = story.first_seen
                evidence = f"[undated article; dated by its story's first report] {evidence}"
            positions.append(
                Position(
                    actor=display[actor],
                    issue=issue,
                    stance=stance,
                    date=date,
                    evidence=evidence[:600],
                    article_ids=tuple(dict.fromkeys(s.article_id for s, _ in items)),
                    story_id=story.id,
                    storyline_id=storyline.id,
                    changed=changed,
                )
            )
    return positions
