"""Layered provenance layout and the time-chart scales: pure geometry, checked exactly."""

from __future__ import annotations

import random

from storyline.records import Position
from storyline.report.charts import Scale, day_of, position_chart, timeline
from storyline.report.graph import NODE_H, NODE_W, Edge, Node, layout


def nodes(*keys: str) -> list[Node]:
    return [Node(k, k.upper(), "2026-04-01", f"#{k}", k) for k in keys]


ORDER = {k: (f"2026-04-0{i}", k) for i, k in enumerate("abcdez", start=1)}


def test_chain_goes_left_to_right_one_layer_per_relay():
    g = layout(nodes("a", "b", "c"), [Edge("a", "b", "copies"), Edge("b", "c", "paraphrases")], ORDER)
    assert [(n.key, n.layer) for n in g.nodes] == [("a", 0), ("b", 1), ("c", 2)]
    assert [n.x for n in g.nodes] == sorted(n.x for n in g.nodes)
    # an edge starts at the right side of its source's box
    assert g.edges[0].path.startswith(f"M{g.nodes[0].x + NODE_W:.1f},")
    assert not any(e.back for e in g.edges)


def test_longest_path_decides_the_layer():
    edges = [Edge("a", "b", "copies"), Edge("b", "c", "copies"), Edge("a", "c", "cites")]
    g = layout(nodes("a", "b", "c"), edges, ORDER)
    assert {n.key: n.layer for n in g.nodes} == {"a": 0, "b": 1, "c": 2}


def test_same_input_in_any_order_gives_the_same_picture():
    ns = nodes("a", "b", "c", "d", "e")
    es = [
        Edge("a", "c", "copies"),
        Edge("b", "d", "cites"),
        Edge("a", "d", "paraphrases"),
        Edge("d", "e", "copies"),
    ]
    first = layout(ns, es, ORDER)
    rng = random.Random(7)
    for _ in range(20):
        perm_n, perm_e = rng.sample(ns, len(ns)), rng.sample(es, len(es))
        again = layout(perm_n, perm_e, ORDER)
        assert again.nodes == first.nodes and again.edges == first.edges


def test_a_cycle_is_broken_and_drawn_as_a_back_edge():
    g = layout(nodes("a", "b"), [Edge("a", "b", "copies"), Edge("b", "a", "copies")], ORDER)
    assert {n.key: n.layer for n in g.nodes} == {"a": 0, "b": 1}
    assert [e.back for e in g.edges] == [False, True]
    assert g.height > max(n.y for n in g.nodes)  # room for the loop below


def test_nodes_without_edges_are_left_out_and_short_columns_are_centred():
    g = layout(nodes("a", "b", "c", "z"), [Edge("a", "b", "copies"), Edge("a", "c", "copies")], ORDER)
    assert [n.key for n in g.nodes] == ["a", "b", "c"]
    a, b, c = g.nodes
    assert a.y == (b.y + c.y) / 2


def test_scale_maps_days_to_percent_and_a_single_day_to_the_middle():
    d = day_of
    s = Scale.over([d("2026-04-01"), d("2026-04-11")])  # type: ignore[list-item]
    assert s is not None
    assert s.x(d("2026-04-01")) == 2.0 and s.x(d("2026-04-11")) == 98.0 and s.x(d("2026-04-06")) == 50.0  # type: ignore[arg-type]
    ticks = s.ticks()
    assert ticks[0][2] == "start" and ticks[-1][2] == "end" and ticks[-1][1] == "11 Apr"
    one = Scale.over([d("2026-04-01")])  # type: ignore[list-item]
    assert one is not None and one.x(d("2026-04-01")) == 50.0  # type: ignore[arg-type]
    assert day_of("not a date") is None and day_of(None) is None


def test_position_chart_needs_a_dated_position_and_counts_the_undated():
    undated = Position("Ana Vell", "budget", "supports", None, "e", ("x",))
    assert position_chart([undated]) is None
    dated = Position("Ana Vell", "budget", "opposes", "2026-04-03T10:00:00Z", "e", ("y",))
    chart = position_chart([undated, dated])
    assert chart is not None and chart.undated == 1
    assert [(p.stance, p.day) for p in chart.lanes[0].points] == [("opposes", "2026-04-03")]


def test_timeline_heads_groups_only_when_there_are_several():
    one = timeline([("Line", [("A", "#a", "2026-04-01", "2026-04-03", 3), ("B", "#b", None, None, 1)])])
    assert one is not None
    assert [(b.label, b.group) for b in one.rows] == [("A", False)]  # the undated story is not drawn
    assert one.rows[0].x1 == 2.0 and one.rows[0].x2 == 98.0
    two = timeline([("L1", [("A", "#a", "2026-04-01", None, 1), ("B", "#b", "2026-04-02", None, 1)]),
                    ("L2", [("C", "#c", "2026-04-05", None, 1)])])  # fmt: skip
    assert two is not None
    assert [(b.label, b.group) for b in two.rows] == [("L1", True), ("A", False), ("B", False), ("C", False)]
    assert timeline([("L", [("A", "#a", None, None, 1)])]) is None


def test_an_edge_skipping_a_column_runs_between_its_boxes():
    # a -> b -> c makes c sit two columns right of a; the direct a -> c edge crosses b's column
    g = layout(
        nodes("a", "b", "c"),
        [Edge("a", "b", "copies"), Edge("b", "c", "copies"), Edge("a", "c", "cites")],
        ORDER,
    )
    b = next(n for n in g.nodes if n.key == "b")
    long = next(e for e in g.edges if (e.source, e.target) == ("a", "c"))
    across = [seg for seg in long.path.split() if seg.startswith("L")]
    assert len(across) == 1  # one straight run over the skipped column
    _, y = across[0][1:].split(",")
    assert not b.y <= float(y) <= b.y + NODE_H  # outside b's box
    assert long.path.endswith(
        f"{next(n for n in g.nodes if n.key == 'c').x:.1f},{g.nodes[2].y + NODE_H / 2:.1f}"
    )
