"""Windowed analysis: the stages after clustering run a batch of whole storylines at a time.

Real stages, real store, the bundled sample corpus: an analysis run in small
batches saves the same records as one run over everything (only their order
differs), a batch never splits a storyline, and a half-written analysis never
replaces the stored one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.config import load_config
from storyline.errors import ConfigError, StorylineError
from storyline.pipeline import ingest
from storyline.records import Analysis, Claim, Story, Storyline, to_dict
from storyline.store import Store
from storyline.store.sqlite import RESULT_KINDS
from storyline.window import analyze_store, merge_extras, story_batches

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"


def _canon(records: object) -> list[str]:
    return sorted(json.dumps(to_dict(r), sort_keys=True, ensure_ascii=False) for r in records)  # type: ignore[attr-defined]


def _analyse(tmp_path: Path, window: int, procs: int = 1) -> tuple[dict[str, int], Analysis]:
    db = str(tmp_path / f"w{window}-p{procs}.db")
    cfg = load_config(env={}, db=db, procs=procs, embedder="hashing", window=window)
    with Store(cfg.db) as store:
        assert ingest([str(CORPUS)], store, cfg).added
        counts = analyze_store(store, cfg, parallel_min=1)
        return counts, store.load_analysis()


@pytest.fixture(scope="module")
def whole(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], Analysis]:
    return _analyse(tmp_path_factory.mktemp("whole"), 0)


@pytest.mark.slow
@pytest.mark.parametrize("procs", [1, 2], ids=["in-process", "two-workers"])
def test_small_batches_save_what_one_run_saves(
    tmp_path: Path, whole: tuple[dict[str, int], Analysis], procs: int
) -> None:
    whole_counts, whole = whole
    part_counts, parts = _analyse(tmp_path, 3, procs)
    assert whole_counts["batches"] == 1
    assert part_counts["batches"] >= 3  # the sample has several storylines
    assert whole.claims and whole.briefings and whole.positions and whole.provenance
    for kind in RESULT_KINDS:
        assert _canon(getattr(parts, kind)) == _canon(getattr(whole, kind)), kind
        assert part_counts[kind] == whole_counts[kind] == len(getattr(whole, kind))
    assert parts.duplicate_of == whole.duplicate_of and parts.duplicate_of
    assert parts.cites == whole.cites
    for key in ("omissions", "framing"):
        assert _canon(parts.extras[key]) == _canon(whole.extras[key]), key
    assert parts.extras["extract"]["languages"] == whole.extras["extract"]["languages"]
    assert parts.extras["brief"]["sentences"] == whole.extras["brief"]["sentences"] > 0


def _story(sid: str, n: int) -> Story:
    return Story(sid, sid, None, tuple(f"{sid}-a{i}" for i in range(n)), None, None)


def test_batches_keep_storylines_whole_and_story_order() -> None:
    stories = [_story("s1", 2), _story("s2", 2), _story("s3", 1), _story("s4", 4), _story("s5", 1)]
    lines = [Storyline("l1", "one", ("s1", "s3")), Storyline("l2", "two", ("s2", "s5"))]
    batches = list(story_batches(stories, lines, window=3))
    assert [[s.id for s in b] for b, _ in batches] == [["s1", "s3"], ["s2", "s5"], ["s4"]]
    assert [[x.id for x in ls] for _, ls in batches] == [["l1"], ["l2"], []]
    # a window of 0 is one batch; a big unit is a batch of its own
    assert len(list(story_batches(stories, lines, window=0))) == 1
    assert [[s.id for s in b] for b, _ in story_batches(stories, [], window=4)] == [
        ["s1", "s2"],
        ["s3", "s4"],
        ["s5"],
    ]


def test_extras_merge_lists_tables_and_counts() -> None:
    run = {"brief": {"sentences": 2, "errors": ["a"], "dropped_by_reason": {"x": 1}}, "framing": [1]}
    part = {"brief": {"sentences": 3, "errors": ["b"], "dropped_by_reason": {"x": 2, "y": 1}}, "framing": [2]}
    merged = merge_extras(run, part)
    assert merged == {
        "brief": {"sentences": 5, "errors": ["a", "b"], "dropped_by_reason": {"x": 3, "y": 1}},
        "framing": [1, 2],
    }
    assert run["framing"] == [1]  # inputs untouched
    assert merge_extras({"flag": True}, {"flag": True}) == {"flag": True}  # a flag is not a count


def test_a_half_written_analysis_never_replaces_the_stored_one(tmp_path: Path) -> None:
    claim = Claim("c-1", "s-1", "The bridge reopened.", ())
    with Store(tmp_path / "s.db") as store:
        store.save_analysis(Analysis(claims=(claim,), duplicate_of={"b": "a"}))
        writer = store.analysis_writer()
        writer.add(Analysis(claims=(Claim("c-2", "s-2", "The ferry stopped.", ()),)))
        # interrupted here: no finish
    with Store(tmp_path / "s.db") as store:
        kept = store.load_analysis()
        assert [c.id for c in kept.claims] == ["c-1"] and kept.duplicate_of == {"b": "a"}
        writer = store.analysis_writer()  # a new run clears what the interrupted one left
        writer.add(Analysis(claims=(Claim("c-3", "s-3", "The port opened.", ()),)))
        writer.add(Analysis(claims=(Claim("c-4", "s-3", "Ships sailed.", ()),)))
        writer.finish({}, {}, {})
        assert [c.id for c in store.load_analysis().claims] == ["c-3", "c-4"]
        assert store.result_counts()["claims"] == 2


def test_window_setting_is_checked() -> None:
    assert load_config(env={"STORYLINE_WINDOW": "250"}).window == 250
    with pytest.raises(ConfigError, match="window"):
        load_config(env={}, window=-1)


def test_two_writers_at_once_fail_clearly(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as one, Store(tmp_path / "s.db") as two:
        first = one.analysis_writer()
        first.add(Analysis(claims=(Claim("c-1", "s-1", "The bridge reopened.", ()),)))
        second = two.analysis_writer()  # clears the first one's staged rows
        second.add(Analysis(claims=(Claim("c-2", "s-2", "The ferry stopped.", ()),)))
        with pytest.raises(StorylineError, match="at the same time"):
            first.finish({}, {}, {})
        second.finish({}, {}, {})
        assert [c.id for c in two.load_analysis().claims] == ["c-2"]
