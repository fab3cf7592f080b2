"""The versioned JSON export (``"schema": "storyline.export/1"``).

The shape is documented in docs/export.md and checked by
docs/export.schema.json. Every top-level list is present even when empty, so
scripts can rely on it. Fields are only ever added within a schema version.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from storyline import EXPORT_SCHEMA, __version__
from storyline.records import Analysis, Article, Failure, to_dict

LISTS = (
    "articles",
    "stories",
    "storylines",
    "attributions",
    "claims",
    "provenance",
    "contradictions",
    "positions",
    "briefings",
)

ARTICLE_FIELDS = (
    "id",
    "url",
    "outlet",
    "outlet_domain",
    "outlet_country",
    "outlet_kind",
    "outlet_family",
    "title",
    "published",
    "date_source",
    "language",
    "author",
    "source",
    "format",
    "text",
    "original_text",
    "cleaning",
    "duplicate_of",
    "cites",
)


def article_entry(article: Article, analysis: Analysis) -> dict[str, Any]:
    """One article as exported: its stored fields plus what the stages found."""
    data = to_dict(article)
    data["format"] = data.pop("fmt")
    data["duplicate_of"] = analysis.duplicate_of.get(article.id)
    data["cites"] = [to_dict(c) for c in analysis.cites.get(article.id, ())]
    return {k: data.get(k) for k in ARTICLE_FIELDS}


def build_export(
    articles: Sequence[Article], analysis: Analysis, failures: Iterable[Failure] = ()
) -> dict[str, Any]:
    """The whole export as one JSON-ready dict."""
    out: dict[str, Any] = {
        "schema": EXPORT_SCHEMA,
        "generator": f"storyline {__version__}",
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "articles": [article_entry(a, analysis) for a in articles],
    }
    for name in LISTS[1:]:
        out[name] = to_dict(getattr(analysis, name))
    out["entities"] = to_dict(analysis.entities)
    out["time_expressions"] = to_dict(analysis.time_expressions)
    out["omissions"] = to_dict(analysis.extras.get("omissions", []))
    out["framing"] = to_dict(analysis.extras.get("framing", []))
    out["failures"] = [to_dict(f) for f in failures]
    out["counts"] = {name: len(out[name]) for name in (*LISTS, "failures")}
    return out


def write_json(path: str | Path, export: dict[str, Any]) -> Path:
    """Write atomically (temp file + rename) so a crash never leaves half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(export, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
