"""Deterministic layered layout of a story's provenance graph, drawn as inline SVG.

Nodes are articles (and cited outlets that have no article in the story);
an edge runs from the source to the article that relays it (copies,
paraphrases, translates, cites). Layers go left to right by longest path from
a node that relays nobody, so origins sit in the first column and re-reports of
re-reports further right; within a column nodes are ordered by the mean row of
their sources (one barycentre sweep), then by date and id. Cycles (two
articles said to copy each other) are broken by a depth-first search in sorted
order; the back edge is still drawn, as a curve.

Written here rather than taken from a graph library: the graphs are small
(one story), the rules above are a few dozen lines, and a layout engine such as
Graphviz would be a system dependency the report cannot ship.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RELATIONS = ("copies", "translates", "paraphrases", "cites")

NODE_W = 176
NODE_H = 44
COL_GAP = 84
ROW_GAP = 16
PAD = 12


@dataclass(frozen=True, slots=True)
class Node:
    """One box: ``key`` is an article id or ``outlet:NAME`` for a cited outlet."""

    key: str
    label: str  # outlet name (or cited outlet)
    sub: str  # date, or "cited outlet"
    href: str | None  # in-page link to the article
    title: str  # tooltip: the headline
    origin: bool = False
    x: float = 0.0
    y: float = 0.0
    layer: int = 0


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str  # the relaying article
    relation: str
    evidence: str = ""
    score: float | None = None
    path: str = ""  # SVG path data, from the source's box to the target's
    back: bool = False


@dataclass(slots=True)
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0

    @property
    def relations(self) -> list[str]:
        """Relations present, in legend order."""
        present = {e.relation for e in self.edges}
        return [r for r in RELATIONS if r in present] + sorted(present - set(RELATIONS))


def _back_edges(keys: list[str], succ: dict[str, list[str]]) -> set[tuple[str, str]]:
    """Edges that close a cycle, found by an iterative DFS in sorted order."""
    state: dict[str, int] = {}  # 1 on stack, 2 done
    back: set[tuple[str, str]] = set()
    for root in keys:
        if root in state:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        state[root] = 1
        while stack:
            node, i = stack[-1]
            nxt = succ.get(node, [])
            if i < len(nxt):
                stack[-1] = (node, i + 1)
                child = nxt[i]
                if state.get(child) == 1:
                    back.add((node, child))
                elif child not in state:
                    state[child] = 1
                    stack.append((child, 0))
            else:
                state[node] = 2
                stack.pop()
    return back


def layout(nodes: list[Node], edges: list[Edge], order: dict[str, tuple[str, str]]) -> Graph:
    """Place ``nodes`` in layers and route ``edges``; ``order`` gives each key its (date, id) sort key.

    Only nodes that take part in an edge are kept. The result is the same for
    the same input whatever order the lists come in.
    """
    used = {e.source for e in edges} | {e.target for e in edges}
    by_key = {n.key: n for n in nodes if n.key in used}
    edges = sorted(
        (e for e in edges if e.source in by_key and e.target in by_key and e.source != e.target),
        key=lambda e: (order.get(e.source, ("", e.source)), order.get(e.target, ("", e.target)), e.relation),
    )
    keys = sorted(by_key, key=lambda k: order.get(k, ("", k)))
    succ: dict[str, list[str]] = {}
    for e in edges:
        succ.setdefault(e.source, []).append(e.target)
    back = _back_edges(keys, succ)
    dag = [e for e in edges if (e.source, e.target) not in back]

    # longest path from the roots, by relaxing edges in topological order
    indeg = {k: 0 for k in keys}
    for e in dag:
        indeg[e.target] += 1
    layer = {k: 0 for k in keys}
    ready = [k for k in keys if indeg[k] == 0]
    while ready:
        k = ready.pop(0)
        for e in dag:
            if e.source == k:
                layer[e.target] = max(layer[e.target], layer[k] + 1)
                indeg[e.target] -= 1
                if indeg[e.target] == 0:
                    ready.append(e.target)

    columns: dict[int, list[str]] = {}
    for k in keys:
        columns.setdefault(layer[k], []).append(k)
    row: dict[str, float] = {}
    for col in sorted(columns):
        members = columns[col]
        if col:

            def bary(k: str) -> float:
                parents = [row[e.source] for e in dag if e.target == k and e.source in row]
                return sum(parents) / len(parents) if parents else float("inf")

            members.sort(key=lambda k: (bary(k), order.get(k, ("", k))))
        for i, k in enumerate(members):
            row[k] = float(i)

    rows = max((len(m) for m in columns.values()), default=0)
    cols = max(columns, default=-1) + 1
    placed: dict[str, Node] = {}
    for col, members in columns.items():
        offset = (rows - len(members)) * (NODE_H + ROW_GAP) / 2  # centre short columns
        for i, k in enumerate(members):
            n = by_key[k]
            placed[k] = Node(
                n.key, n.label, n.sub, n.href, n.title, n.origin,
                x=PAD + col * (NODE_W + COL_GAP), y=PAD + offset + i * (NODE_H + ROW_GAP), layer=col,
            )  # fmt: skip
    lanes: dict[int, list[float]] = {}  # per column, the y of each free channel between its boxes
    for col, members in columns.items():
        tops = sorted(placed[k].y for k in members)
        lanes[col] = [tops[0] - ROW_GAP / 2] + [t + NODE_H + ROW_GAP / 2 for t in tops]
    routed = [
        _route(e, placed[e.source], placed[e.target], (e.source, e.target) in back, lanes) for e in edges
    ]
    return Graph(
        nodes=[placed[k] for k in keys],
        edges=routed,
        width=PAD * 2 + cols * NODE_W + max(cols - 1, 0) * COL_GAP,
        height=PAD * 2
        + rows * NODE_H
        + max(rows - 1, 0) * ROW_GAP
        + (NODE_H if any(e.back for e in routed) else 0),
    )


def _route(e: Edge, a: Node, b: Node, back: bool, lanes: dict[int, list[float]] | None = None) -> Edge:
    """A curve from the right of ``a`` to the left of ``b`` (or looping below for same/backward columns).

    An edge that skips columns runs straight across each skipped column in the
    free channel between two boxes nearest its line, so it never passes behind
    a box it does not touch.
    """
    if b.layer > a.layer:
        x1, y1 = a.x + NODE_W, a.y + NODE_H / 2
        x2, y2 = b.x, b.y + NODE_H / 2
        points = [(x1, y1)]
        for col in range(a.layer + 1, b.layer):
            left = PAD + col * (NODE_W + COL_GAP)
            t = (left + NODE_W / 2 - x1) / (x2 - x1)
            ideal = y1 + t * (y2 - y1)
            y = min((lanes or {}).get(col, [ideal]), key=lambda c: (abs(c - ideal), c))
            points += [(left, y), (left + NODE_W, y)]
        points.append((x2, y2))
        path = f"M{x1:.1f},{y1:.1f}"
        for i, ((px, py), (qx, qy)) in enumerate(zip(points, points[1:], strict=False)):
            if i % 2:  # across a skipped column: straight
                path += f" L{qx:.1f},{qy:.1f}"
            else:
                dx = (qx - px) / 2
                path += f" C{px + dx:.1f},{py:.1f} {qx - dx:.1f},{qy:.1f} {qx:.1f},{qy:.1f}"
    else:
        x1, y1 = a.x + NODE_W / 2, a.y + NODE_H
        x2, y2 = b.x + NODE_W / 2, b.y + NODE_H
        low = max(y1, y2) + NODE_H * 0.8
        path = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{low:.1f} {x2:.1f},{low:.1f} {x2:.1f},{y2:.1f}"
    return Edge(e.source, e.target, e.relation, e.evidence, e.score, path, back or b.layer <= a.layer)
