"""Configuration: defaults → ``storyline.toml`` → environment → explicit overrides.

One :class:`Config` object, validated once when built, is passed to every
stage; the CLI and the Python API build it the same way. Stage-specific knobs
live in ``stages[<name>]`` (a plain table in the TOML file) and each stage
validates its own table.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 64 * MB  # a file above this is refused (streamed formats are read lazily)
    max_article_chars: int = 200_000  # longer bodies are cut at a paragraph boundary and flagged
    max_feed_entries: int = 5_000
    max_decompressed_bytes: int = 256 * MB  # gzip / WARC bomb guard
    max_records_per_file: int = 2_000_000
    fetch_timeout_s: float = 15.0
    fetch_max_bytes: int = 10 * MB
    fetch_max_redirects: int = 5
    max_html_tags: int = 100_000  # a page with more tags is refused: extraction costs ~0.1-0.3 ms per element


@dataclass(frozen=True, slots=True)
class Config:
    db: str = "storyline.db"
    outlets_file: str | None = None  # extra outlet registry (CSV) merged over the bundled one
    allow_private: bool = False  # let fetch reach loopback/private addresses
    engine: str = "local"  # local | ray
    ray_address: str | None = None  # Ray cluster to join (--ray-address); None: start Ray locally
    ray_cpus: int = 0  # CPUs for a local Ray; 0: all of this machine's
    procs: int = 0  # local engine: worker processes for per-article features; 0: one per core, 1: none
    # local engine: the stages after clustering run on batches of whole storylines of about this many
    # articles, each saved as it ends, so memory follows the batch, not the stream; 0: all at once
    window: int = 5000
    embedder: str = "auto"  # auto | e5 | hashing (hashing: fast pure-NumPy fallback)
    limits: Limits = field(default_factory=Limits)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)

    def stage(self, name: str) -> dict[str, Any]:
        """The option table of one stage (empty when not configured)."""
        return dict(self.stages.get(name, {}))

    def __post_init__(self) -> None:
        if self.engine not in ("local", "ray"):
            raise ConfigError(f"engine must be 'local' or 'ray', not {self.engine!r}")
        if not isinstance(self.procs, int) or self.procs < 0:
            raise ConfigError(f"procs must be 0 (one per core) or a positive number, not {self.procs!r}")
        if not isinstance(self.window, int) or self.window < 0:
            raise ConfigError(
                f"window must be 0 (all at once) or a positive number of articles, not {self.window!r}"
            )
        if self.embedder not in ("auto", "e5", "hashing"):
            raise ConfigError(f"embedder must be 'auto', 'e5' or 'hashing', not {self.embedder!r}")
        for f in fields(self.limits):
            value = getattr(self.limits, f.name)
            if not isinstance(value, (int, float)) or value <= 0:
                raise ConfigError(f"limits.{f.name} must be a positive number, not {value!r}")


def _coerce(name: str, value: Any, like: Any) -> Any:
    try:
        if isinstance(like, bool):
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on")
            return bool(value)
        if isinstance(like, int):
            return int(value)
        if isinstance(like, float):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: cannot read {value!r} as {type(like).__name__}") from exc
    return value


def load_config(
    path: str | Path | None = None, env: dict[str, str] | None = None, **overrides: Any
) -> Config:
    """Build the config: defaults, then the TOML file, then ``STORYLINE_*`` env, then overrides.

    >>> load_config(env={}, db="x.db").db
    'x.db'
    """
    env = dict(os.environ if env is None else env)
    data: dict[str, Any] = {}
    toml_path = Path(path) if path else Path(env.get("STORYLINE_CONFIG", "storyline.toml"))
    if toml_path.is_file():
        try:
            data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{toml_path}: not a readable TOML file ({exc})") from exc
    elif path:
        raise ConfigError(f"{toml_path}: config file not found")

    base = Config()
    limits_data = dict(data.pop("limits", {}) or {})
    stages = dict(data.pop("stages", {}) or {})
    known = {f.name for f in fields(Config)} - {"limits", "stages"}
    unknown = set(data) - known
    if unknown:
        raise ConfigError(f"{toml_path}: unknown setting(s) {sorted(unknown)}; known: {sorted(known)}")
    for key in known:
        env_key = f"STORYLINE_{key.upper()}"
        if env_key in env:
            data[key] = env[env_key]
    for key, value in overrides.items():
        if key in ("limits", "stages"):
            continue
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}; known: {sorted(known)}")
        if value is not None:
            data[key] = value
    limit_names = {f.name for f in fields(Limits)}
    bad = set(limits_data) - limit_names
    if bad:
        raise ConfigError(f"unknown limit(s) {sorted(bad)}; known: {sorted(limit_names)}")
    limits_data.update(overrides.get("limits") or {})
    for key in limit_names:
        env_key = f"STORYLINE_LIMIT_{key.upper()}"
        if env_key in env:
            limits_data[key] = env[env_key]
    limits = replace(
        base.limits,
        **{k: _coerce(f"limits.{k}", v, getattr(base.limits, k)) for k, v in limits_data.items()},
    )
    stages.update(overrides.get("stages") or {})
    typed = {
        k: (_coerce(k, v, getattr(base, k)) if getattr(base, k) is not None else v) for k, v in data.items()
    }
    return replace(base, limits=limits, stages=stages, **typed)
