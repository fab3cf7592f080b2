"""Config layering: defaults → TOML → environment → overrides, validated once."""

from __future__ import annotations

import pytest

from storyline.config import load_config
from storyline.errors import ConfigError


def test_defaults_then_toml_then_env_then_overrides(tmp_path):
    toml = tmp_path / "storyline.toml"
    toml.write_text('db = "from-toml.db"\nembedder = "hashing"\n[limits]\nmax_file_bytes = 1000\n[stages.cluster]\nthreshold = 0.5\n')
    cfg = load_config(toml, env={})
    assert (cfg.db, cfg.embedder, cfg.limits.max_file_bytes) == ("from-toml.db", "hashing", 1000)
    assert cfg.stage("cluster") == {"threshold": 0.5}
    cfg = load_config(toml, env={"STORYLINE_DB": "env.db", "STORYLINE_LIMIT_MAX_FILE_BYTES": "7"})
    assert (cfg.db, cfg.limits.max_file_bytes) == ("env.db", 7)
    cfg = load_config(toml, env={"STORYLINE_DB": "env.db"}, db="flag.db")
    assert cfg.db == "flag.db"


def test_unknown_setting_is_named(tmp_path):
    toml = tmp_path / "s.toml"
    toml.write_text('dbb = "typo.db"\n')
    with pytest.raises(ConfigError, match="dbb"):
        load_config(toml, env={})


def test_bad_values_are_refused():
    with pytest.raises(ConfigError, match="engine"):
        load_config(env={}, engine="spark")
    with pytest.raises(ConfigError, match="max_file_bytes"):
        load_config(env={"STORYLINE_LIMIT_MAX_FILE_BYTES": "-1"})
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(env={"STORYLINE_LIMIT_MAX_FILE_BYTES": "lots"})


def test_missing_explicit_config_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", env={})


def test_boolean_env():
    assert load_config(env={"STORYLINE_ALLOW_PRIVATE": "true"}).allow_private is True
    assert load_config(env={"STORYLINE_ALLOW_PRIVATE": "0"}).allow_private is False
