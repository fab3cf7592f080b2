"""Property tests: cleaning is idempotent and never loses content that is not boilerplate or a repeat."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from storyline.clean import clean_text, text_rules
from storyline.clean.boilerplate import is_boilerplate
from storyline.clean.normalise import normalise_unicode, tidy_lines

RULES = text_rules()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])

word = st.text(alphabet="abcdefghijklmnoprstuvwyzабвгдежзиклмнопрстуфі", min_size=1, max_size=9)
sentence = st.lists(word, min_size=3, max_size=12).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
article = st.lists(paragraph, min_size=1, max_size=6, unique_by=lambda p: p.casefold())

messy = st.lists(
    st.sampled_from(list("aAbBcCxyzЯяіІ .,!?-\u00ad\u00a0\u200b\n\t\r“”'’:3") + ["Read more: ", "Advertisement\n"]),
    max_size=120,
).map("".join)


@SETTINGS
@given(messy)
def test_clean_is_idempotent(text: str) -> None:
    once, _ = clean_text(text, RULES)
    twice, changed = clean_text(once, RULES)
    assert twice == once
    assert changed == ()


@SETTINGS
@given(st.text(max_size=200))
def test_unicode_and_tidy_are_idempotent(text: str) -> None:
    n = normalise_unicode(text)
    assert normalise_unicode(n) == n
    t = tidy_lines(n)
    assert tidy_lines(t) == t


@SETTINGS
@given(article)
def test_every_sentence_of_plain_paragraphs_survives(paras: list[str]) -> None:
    assume(not any(is_boilerplate(p) for p in paras))
    text = "\n\n".join(paras)
    out, _ = clean_text(text, RULES)
    flat = " ".join(out.split())
    for p in paras:
        for s in re.findall(r"[^.]+\.", p):
            assert " ".join(s.split()) in flat


def _letters(text: str) -> str:
    return re.sub(r"[\s\-]", "", text)


@SETTINGS
@given(article, st.lists(st.integers(min_value=0, max_value=10_000), max_size=8))
def test_line_breaks_inside_paragraphs_lose_no_letters(paras: list[str], cuts: list[int]) -> None:
    text = "\n".join(paras)
    chars = list(text)
    for c in sorted(set(cuts), reverse=True):  # break lines at arbitrary places, even inside words
        pos = c % (len(chars) + 1)
        chars.insert(pos, "\n")
    broken = "".join(chars)
    lines = [ln.strip() for ln in broken.split("\n") if ln.strip()]
    assume(not any(is_boilerplate(ln) for ln in lines))
    keys = [" ".join(re.findall(r"\w+", ln.casefold())) for ln in lines]
    assume(len(set(keys)) == len(keys))  # no repeats by chance
    out, _ = clean_text(broken, RULES)
    assert _letters(out) == _letters(broken)


FURNITURE = ["Advertisement", "12 comments", "Read more: Ten facts about the harbour", "Share | Tweet | Email",
             "Sign up for our daily newsletter", "Photo: Jane Roe/Getty Images", "Читайте також: Новини дня",
             "We use cookies to improve your experience on our site."]


@SETTINGS
@given(article, st.lists(st.tuples(st.integers(min_value=0, max_value=50), st.sampled_from(FURNITURE)), max_size=6))
def test_inserted_boilerplate_is_removed_and_nothing_else(paras: list[str], inserts: list[tuple[int, str]]) -> None:
    assume(not any(is_boilerplate(p) for p in paras))
    lines = list(paras)
    for pos, line in inserts:
        lines.insert(pos % (len(lines) + 1), line)
    plain, _ = clean_text("\n".join(paras), RULES)
    dirty, changed = clean_text("\n".join(lines), RULES)
    assert dirty == plain
    assert ("boilerplate" in changed) == bool(inserts)
