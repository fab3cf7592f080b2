"""Pipeline plumbing: stream order and stage chaining."""

from __future__ import annotations

import dataclasses
import sys
import types

from storyline.config import Config
from storyline.pipeline import STAGES, analyze_articles, load_stage, stream_order
from storyline.records import Analysis, Article


def art(aid: str, published: str | None) -> Article:
    return Article(id=aid, url=None, outlet=None, outlet_domain=None, title=aid, published=published,
                   language="en", text=aid, original_text=aid)


def test_stream_order_sorts_dated_and_keeps_undated_in_place():
    arts = [art("c", "2026-01-03"), art("u1", None), art("a", "2026-01-01"), art("b", "2026-01-02"), art("u2", None)]
    assert [a.id for a in stream_order(arts)] == ["a", "b", "u2", "c", "u1"]


def test_stream_order_is_deterministic_for_ties():
    arts = [art("x", "2026-01-01"), art("y", "2026-01-01")]
    assert [a.id for a in stream_order(arts)] == ["x", "y"]
    assert [a.id for a in stream_order(reversed(arts))] == ["y", "x"]


def test_every_stage_resolves_to_a_callable():
    for _, spec in STAGES:
        assert callable(load_stage(spec))


def test_stages_chain_and_skip(tmp_path, monkeypatch):
    calls = []
    def first(ctx, prior):
        calls.append(("first", [a.id for a in ctx.articles]))
        return dataclasses.replace(prior, duplicate_of={"b": "a"})
    def second(ctx, prior):
        calls.append(("second", dict(prior.duplicate_of)))
        return prior
    m = types.ModuleType("fake_stages")
    m.first, m.second = first, second
    monkeypatch.setitem(sys.modules, "fake_stages", m)
    result = analyze_articles([art("b", "2026-01-02"), art("a", "2026-01-01")], Config(),
                              stages=(("one", "fake_stages:first"), ("two", "fake_stages:second")))
    assert calls == [("first", ["a", "b"]), ("second", {"b": "a"})]
    assert isinstance(result, Analysis) and result.duplicate_of == {"b": "a"}
    calls.clear()
    analyze_articles([art("a", None)], Config(), stages=(("one", "fake_stages:first"), ("two", "fake_stages:second")), skip=["one"])
    assert calls == [("second", {})]
