"""The Ray engine in local mode gives the same analysis as the local engine.

Real Ray (local mode, 2 CPUs), real store, real stages: the sample corpus through
the CLI, and a slice of AllSides (whole stories, from ../shared) through the
library. Ray must stay optional: without it, asking for the engine is one clear error.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storyline.config import load_config
from storyline.errors import ConfigError
from storyline.pipeline import analyze_articles, ingest
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
OUTLETS = ROOT / "examples" / "outlets.csv"
ALLSIDES = ROOT.parent / "shared" / "data" / "allsides"

ray = pytest.importorskip("ray", reason="the ray extra is not installed (make test installs it)")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(900),
]  # Ray start-up + two full runs on a shared 2-core box


def storyline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "STORYLINE_RAY_CPUS": "2"}
    return subprocess.run(
        [sys.executable, "-m", "storyline.cli.main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def comparable(export: dict) -> dict:
    return {k: v for k, v in export.items() if k != "generated_at"}


def test_cli_ray_engine_matches_local_on_the_sample_corpus(tmp_path):
    runs = {}
    for engine in ("local", "ray"):
        result = storyline(
            "analyze",
            str(CORPUS),
            "--outlets",
            str(OUTLETS),
            "--db",
            f"{engine}.db",
            "--json",
            f"{engine}.json",
            "--engine",
            engine,
            "--quiet",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        runs[engine] = json.loads((tmp_path / f"{engine}.json").read_text())
    local, ray_run = runs["local"], runs["ray"]
    assert local["counts"]["stories"] >= 2 and local["counts"]["claims"] > 0
    assert ray_run["counts"] == local["counts"]
    assert [s["article_ids"] for s in ray_run["stories"]] == [s["article_ids"] for s in local["stories"]]
    assert comparable(ray_run) == comparable(local)


def allsides_slice(n: int = 60) -> list[dict]:
    """Whole dev stories, in file order, until ``n`` articles: a slice with real multi-outlet stories."""
    gold = [json.loads(line) for line in (ALLSIDES / "gold.jsonl").open(encoding="utf-8")]
    story_of = {g["id"]: g["story"] for g in gold if g["split"] == "dev"}
    records = [json.loads(line) for line in (ALLSIDES / "articles.jsonl").open(encoding="utf-8")]
    chosen: list[str] = []
    for rec in records:
        if rec["id"] in story_of and story_of[rec["id"]] not in chosen:
            chosen.append(story_of[rec["id"]])
        if sum(1 for r in records if story_of.get(r["id"]) in chosen) >= n:
            break
    return [r for r in records if story_of.get(r["id"]) in chosen]


@pytest.fixture(scope="module")
def ray_local():
    from storyline.scale.engine import start_ray

    started = start_ray(ray, load_config(env={}, ray_cpus=2))
    yield
    if started:
        ray.shutdown()


@pytest.mark.skipif(not ALLSIDES.is_dir(), reason="../shared/data/allsides is not here")
def test_ray_engine_matches_local_on_an_allsides_slice(tmp_path, ray_local):
    from storyline.scale import analyze_with_ray
    from storyline.scale.engine import precompute_features

    src = tmp_path / "slice.jsonl"
    recs = allsides_slice()
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    cfg = load_config(env={}, embedder="hashing", ray_cpus=2)
    results = {}
    for engine in ("local", "ray"):
        with Store(tmp_path / f"{engine}.db") as store:
            report = ingest([str(src)], store, cfg)
            assert len(report.added) == len(recs)
            articles = store.articles()
            run = analyze_articles if engine == "local" else analyze_with_ray
            results[engine] = run(articles, cfg, store=store)
            if engine == "ray":  # a rerun finds every feature cached: nothing is sent to Ray
                assert precompute_features(articles, cfg, store) == 0
    local, ray_run = results["local"], results["ray"]
    assert len(local.stories) < len(recs) and any(len(s.article_ids) > 1 for s in local.stories)
    assert [s.article_ids for s in ray_run.stories] == [s.article_ids for s in local.stories]
    assert ray_run.claims == local.claims and ray_run.attributions == local.attributions
    assert ray_run == local


def test_ray_engine_without_ray_is_one_clear_error(monkeypatch):
    from storyline.scale import RAY_MISSING, analyze_with_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # makes ``import ray`` fail, as when the extra is absent
    with pytest.raises(ConfigError) as info:
        analyze_with_ray([], load_config(env={}))
    assert str(info.value) == RAY_MISSING and "\n" not in str(info.value)
