"""The streaming clusterer on hand-made vectors: joining, merging, ageing out, forced joins."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta

import numpy as np
import pytest

from storyline.cluster.stream import ClusterParams, StreamClusterer

DENSE_ONLY = ClusterParams(w_lex=0.0, w_ent=0.0, join=0.85, merge=0.85, single_drop=0.0)


def unit(*xs: float) -> np.ndarray:
    v = np.array(xs + (0.0,) * (4 - len(xs)), dtype=np.float32)
    return v / np.linalg.norm(v)


def add(sc: StreamClusterer, vec, when=None, join=None) -> int:
    return sc.add(vec, Counter(), frozenset(), when, join)


def test_close_articles_share_a_story_and_far_ones_do_not():
    sc = StreamClusterer(4, DENSE_ONLY)
    add(sc, unit(1, 0.05))
    add(sc, unit(1, 0.1))
    add(sc, unit(0, 1))
    assert sc.groups() == [[0, 1], [2]]


def test_two_stories_merge_when_a_bridging_article_arrives():
    sc = StreamClusterer(4, DENSE_ONLY)
    a, b = unit(1, 0), unit(0.8, 0.6)  # cos 0.8: below the join threshold
    add(sc, a)
    add(sc, b)
    assert len(sc.groups()) == 2
    add(sc, unit(*(a + b)[:2]))  # cos ~0.95 to both: joins one, then the two stories merge
    assert sc.groups() == [[0, 1, 2]]
    assert sc.find(1) == sc.find(0) == 0  # the merged story keeps the earlier story's index


def test_a_story_ages_out_of_the_live_window():
    sc = StreamClusterer(4, ClusterParams(w_lex=0.0, w_ent=0.0, join=0.85, merge=0.85, window_days=3))
    t0 = datetime(2026, 1, 1)
    add(sc, unit(1, 0), t0)
    add(sc, unit(1, 0), t0 + timedelta(days=1))
    add(sc, unit(1, 0), t0 + timedelta(days=10))  # same content, but the story went quiet 9 days ago
    add(sc, unit(1, 0))  # undated: compared with every live story
    assert sc.groups() == [[0, 1], [2, 3]]


def test_forced_join_puts_a_copy_with_its_original():
    sc = StreamClusterer(4, DENSE_ONLY)
    k = add(sc, unit(1, 0))
    add(sc, unit(0, 1))
    add(sc, unit(0, 0, 1), join=k)
    assert sc.groups() == [[0, 2], [1]]


def test_live_set_is_bounded():
    sc = StreamClusterer(4, ClusterParams(w_lex=0.0, w_ent=0.0, join=0.99, merge=0.99, max_live=2))
    for v in (unit(1, 0), unit(0, 1), unit(0, 0, 1), unit(0, 0, 0, 1)):
        add(sc, v)
    assert len(sc._live) == 2
    add(sc, unit(1, 0))  # its twin left the live set: a new story
    assert len(sc.groups()) == 5


def test_lexical_and_name_signals_can_decide():
    same = unit(1, 0)
    params = ClusterParams(w_lex=1.0, w_ent=0.5, ent_center=0.5, join=1.2, merge=9.0)
    sc = StreamClusterer(4, params)
    sc.add(same, Counter({"ferry": 2, "marrowby": 1}), frozenset({"marrowby"}))
    sc.add(same, Counter({"ferry": 1, "marrowby": 2}), frozenset({"marrowby"}))
    sc.add(same, Counter({"orchard": 1, "frost": 1}), frozenset({"dunmere"}))
    assert sc.groups() == [[0, 1], [2]]


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_streams(n):
    sc = StreamClusterer(4, DENSE_ONLY)
    for _ in range(n):
        add(sc, unit(1))
    assert sc.groups() == ([[0]] if n else [])


def test_a_lone_story_gets_a_second_look_at_a_lower_bar():
    a, b = unit(1, 0), unit(0.8, 0.6)  # cos 0.8: below join 0.85, above 0.85 - 0.1
    strict = StreamClusterer(4, DENSE_ONLY)
    loose = StreamClusterer(4, ClusterParams(w_lex=0.0, w_ent=0.0, join=0.85, merge=0.85, single_drop=0.1))
    for sc in (strict, loose):
        add(sc, a)
        add(sc, a)
        add(sc, b)
        add(sc, unit(0, 0, 1))  # unrelated: stays alone even at the lower bar
        sc.finish()
    assert strict.groups() == [[0, 1], [2], [3]]
    assert loose.groups() == [[0, 1, 2], [3]]


def test_second_look_happens_when_a_lone_story_ages_out():
    params = ClusterParams(w_lex=0.0, w_ent=0.0, join=0.85, merge=0.85, single_drop=0.1, window_days=3)
    sc = StreamClusterer(4, params)
    t0 = datetime(2026, 1, 1)
    add(sc, unit(1, 0), t0)
    add(sc, unit(0.8, 0.6), t0 + timedelta(days=1))  # alone for now
    add(sc, unit(1, 0), t0 + timedelta(days=2))  # keeps the first story live
    add(sc, unit(0, 1), t0 + timedelta(days=5))  # day 5: the lone story's window is over
    assert sc.groups()[0] == [0, 1, 2]


def _story_vectors(n: int, dim: int = 64, seed: int = 3) -> np.ndarray:
    """``n`` random unit vectors: in 64 dimensions any two are far apart (|cos| well under 0.6)."""
    v = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_memory_follows_the_live_window_not_the_stream():
    params = ClusterParams(w_lex=0.0, w_ent=0.0, join=0.85, merge=0.85, single_drop=0.0, window_days=2)
    sc = StreamClusterer(64, params)
    days, per_day = 100, 3  # three new stories a day, two reports each: 600 articles, 300 stories
    vecs = _story_vectors(days * per_day)
    t0 = datetime(2026, 1, 1)
    peak_live = 0
    for d in range(days):
        for rep in range(2):
            for s in range(per_day):
                add(sc, vecs[d * per_day + s], t0 + timedelta(days=d, hours=rep))
                peak_live = max(peak_live, sc.live_stories())
    assert peak_live <= per_day * 4  # stories of the last ~3 days at most
    assert len(sc._sums) == 64  # the slot matrices never grew past the live window
    groups = sc.groups()
    assert len(groups) == days * per_day
    assert all(len(g) == 2 and g[1] - g[0] == per_day for g in groups)  # retired stories keep their members
    assert sc.labels().tolist() == [sc.find(k) for k in sc.assign]


def test_a_late_copy_rejoins_a_story_that_left_the_live_window():
    params = ClusterParams(w_lex=0.0, w_ent=0.0, join=0.85, merge=0.85, single_drop=0.0, window_days=2)
    sc = StreamClusterer(4, params)
    t0 = datetime(2026, 1, 1)
    k = add(sc, unit(1, 0), t0)
    add(sc, unit(1, 0.05), t0 + timedelta(hours=3))
    add(sc, unit(0, 1), t0 + timedelta(days=5))  # day 5: the first story has left the live set
    assert sc.live_stories() == 1
    assert add(sc, unit(0, 0, 1), t0 + timedelta(days=5), join=k) == k  # a copy found by dedup
    assert sc.live_stories() == 2
    add(sc, unit(0, 0, 1), t0 + timedelta(days=5, hours=1))  # like the copy: joins the revived story
    assert sc.groups() == [[0, 1, 3, 4], [2]]


def test_labels_resolve_merges_like_find():
    sc = StreamClusterer(4, DENSE_ONLY)
    a, b = unit(1, 0), unit(0.8, 0.6)
    for v in (a, b, unit(0, 0, 1), unit(*(a + b)[:2])):
        add(sc, v)
    labels = sc.labels()
    assert labels[0] == labels[1] == labels[3] != labels[2]
    assert sc.groups() == [[0, 1, 3], [2]]


def test_conflicting_figures_keep_two_rounds_of_a_recurring_event_apart():
    params = ClusterParams(w_lex=0.0, w_ent=0.0, join=0.85, merge=0.85, single_drop=0.0, fig_conflict=0.2)
    sc = StreamClusterer(4, params)
    same = unit(1, 0.02)  # the same wording each week
    sc.add(same, Counter(), frozenset(), figures=frozenset({"473000"}))
    sc.add(same, Counter(), frozenset(), figures=frozenset({"412000"}))  # next week's count: apart
    sc.add(same, Counter(), frozenset(), figures=frozenset({"473000", "20m"}))  # shares a figure: joins
    sc.add(same, Counter(), frozenset())  # no figures: no conflict, joins the best story
    labels = sc.labels()
    assert labels[0] == labels[2] != labels[1]
    assert labels[3] in (labels[0], labels[1])  # joined a story rather than opening one
    off = StreamClusterer(4, replace(params, fig_conflict=0.0))
    for figs in ({"473000"}, {"412000"}):
        off.add(same, Counter(), frozenset(), figures=frozenset(figs))
    assert off.groups() == [[0, 1]]


def test_crowd_sums_follow_every_article_seen():
    """hub_k: each live story's crowd sum is its members' mean top-k cosine to all other articles."""
    rng = np.random.default_rng(5)
    centres = _story_vectors(4, dim=16, seed=9)
    vecs = np.repeat(centres, 5, axis=0) + 0.15 * rng.normal(size=(20, 16)).astype(np.float32)
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True))[rng.permutation(20)]
    params = replace(DENSE_ONLY, hub_k=3, hub_w=0.3, hub_center=0.8)
    sc = StreamClusterer(16, params)
    for v in vecs:
        add(sc, v)
    sims = vecs @ vecs.T
    np.fill_diagonal(sims, -np.inf)
    crowd = np.sort(sims, axis=1)[:, -3:].mean(axis=1)
    labels = sc.labels()
    for k, st in sc._live.items():
        assert sc._rsum[st.slot] == pytest.approx(crowd[labels == k].sum(), abs=1e-4)


def test_crowding_on_joins_keeps_a_dense_subject_apart():
    """hub_joins: two stories on one subject, close enough to merge on the bar alone, are kept
    apart once the crowd (their dense neighbourhood) raises what they must reach."""
    a, b = unit(1, 0.12), unit(1, -0.12)  # cos(a, b) ~0.97
    plain = replace(DENSE_ONLY, join=0.96, merge=0.96)
    crowded = replace(plain, hub_k=2, hub_w=1.0, hub_center=0.965, hub_joins=True)
    out = []
    for params in (plain, crowded):
        sc = StreamClusterer(4, params)
        for v in (a, a, a, b, b, b):
            add(sc, v)
        out.append(sc.groups())
    assert out[0] == [[0, 1, 2, 3, 4, 5]]
    assert out[1] == [[0, 1, 2], [3, 4, 5]]


@pytest.mark.parametrize(
    ("cos", "center", "plain_joins"),
    [
        (0.8, 0.8, True),  # crowd above the centre: the lone report stays alone
        (0.72, 0.95, False),  # crowd below it: the lone report joins below the second-look bar
    ],
)
def test_crowding_moves_the_second_look_bar(cos, center, plain_joins):
    """The second look (bar 0.75 here) is moved by the crowd of the lone report and of the story."""
    plain = replace(DENSE_ONLY, single_drop=0.1)
    crowded = replace(plain, hub_k=2, hub_w=2.0, hub_center=center)
    out = []
    for params in (plain, crowded):
        sc = StreamClusterer(4, params)
        for v in (unit(1, 0), unit(1, 0), unit(cos, (1 - cos * cos) ** 0.5)):
            add(sc, v)
        sc.finish()
        out.append(len(sc.groups()) == 1)
    assert out == [plain_joins, not plain_joins]
