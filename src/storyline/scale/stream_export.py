"""Streaming exports for large stores: JSONL (one record a line) and Parquet (one file per list).

Why not :func:`storyline.export.build_export`: it builds the whole export as one
dict, which for millions of articles does not fit in memory. These writers read
the store record by record (``Store.iter_articles``, ``Store.iter_results``) and
write as they go, so memory holds one record (JSONL) or one row group (Parquet).
The records are the same dicts as in the JSON export (docs/export.md).

JSONL: a header line ``{"schema": "storyline.export-jsonl/1", ...}``, then one
``{"list": NAME, "record": {...}}`` line per record, then a ``{"counts": {...}}`` line.
Parquet: a folder with ``NAME.parquet`` per list (pyarrow); scalar fields are
typed columns, nested ones (lists, objects) JSON strings.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import typing
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from storyline import __version__
from storyline.errors import ConfigError
from storyline.export import ARTICLE_FIELDS
from storyline.records import Article, Cite, Failure, to_dict

JSONL_SCHEMA = "storyline.export-jsonl/1"
ROW_GROUP = 5_000  # Parquet rows buffered before a row group is written

# Export lists in order; each maps to the record class whose fields give its columns.
RESULT_LISTS = (
    "stories",
    "storylines",
    "attributions",
    "claims",
    "provenance",
    "contradictions",
    "positions",
    "briefings",
    "entities",
    "time_expressions",
)
EXTRA_LISTS = ("omissions", "framing")  # kept in the analysis' extras


def _article_records(store: Any, meta: dict[str, Any]) -> Iterator[dict[str, Any]]:
    duplicate_of = meta.get("duplicate_of") or {}
    cites = meta.get("cites") or {}
    for article in store.iter_articles():
        data = to_dict(article)
        data["format"] = data.pop("fmt")
        data["duplicate_of"] = duplicate_of.get(article.id)
        data["cites"] = [to_dict(Cite(**c)) for c in cites.get(article.id, ())]
        yield {k: data.get(k) for k in ARTICLE_FIELDS}


def iter_lists(store: Any) -> Iterator[tuple[str, Iterator[dict[str, Any]]]]:
    """``(list name, records)`` for every export list, each read lazily from the store."""
    meta = store.analysis_meta()
    yield "articles", _article_records(store, meta)
    for name in RESULT_LISTS:
        yield name, store.iter_results(name)
    extras = meta.get("extras") or {}
    for name in EXTRA_LISTS:
        yield name, iter(extras.get(name) or [])
    yield "failures", (to_dict(f) for f in store.failures())


def _atomic(target: Path) -> tuple[int, str]:
    target.parent.mkdir(parents=True, exist_ok=True)
    return tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)


def write_jsonl(store: Any, path: str | Path) -> dict[str, int]:
    """Write the stored analysis as JSONL (atomically); returns the count of each list."""
    target = Path(path)
    fd, tmp = _atomic(target)
    counts: dict[str, int] = {}
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            header = {
                "schema": JSONL_SCHEMA,
                "generator": f"storyline {__version__}",
                "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            fh.write(json.dumps(header) + "\n")
            for name, records in iter_lists(store):
                counts[name] = 0
                for rec in records:
                    fh.write(json.dumps({"list": name, "record": rec}, ensure_ascii=False) + "\n")
                    counts[name] += 1
            fh.write(json.dumps({"counts": counts}) + "\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return counts


# ------------------------------------------------------------------ parquet

_SCALARS = {"str": "string", "int": "int64", "float": "float64", "bool": "bool_"}  # pyarrow type names


def _record_class(name: str) -> type | None:
    from storyline.store.sqlite import RESULT_KINDS

    if name == "articles":
        return Article
    if name == "failures":
        return Failure
    return RESULT_KINDS.get(name)


def column_types(name: str, first: dict[str, Any]) -> dict[str, str]:
    """Arrow type names per column: from the record class' annotations, else "json" (a JSON string)."""
    cls = _record_class(name)
    hints: dict[str, Any] = {}
    if cls is not None:
        hints = {f.name: str(f.type) for f in fields(cls)}
    out = {}
    for col in first:
        hint = hints.get(col, "")
        base = hint.replace(" | None", "").replace("None | ", "").strip()
        if col == "format":
            base = "str"
        if col == "duplicate_of" and name == "articles":
            base = "str"
        out[col] = _SCALARS.get(base, "json")
    return out


def _arrow_table(rows: list[dict[str, Any]], types: dict[str, str]) -> Any:
    import pyarrow as pa

    arrays = {}
    for col, typ in types.items():
        values = [r.get(col) for r in rows]
        if typ == "json":
            arrays[col] = pa.array(
                [None if v is None else json.dumps(v, ensure_ascii=False) for v in values], pa.string()
            )
        else:
            arrays[col] = pa.array(values, getattr(pa, typ)())
    return pa.table(arrays)


def write_parquet(store: Any, folder: str | Path, row_group: int = ROW_GROUP) -> dict[str, int]:
    """Write one ``NAME.parquet`` per non-empty list into ``folder``; returns the count of each list."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("the Parquet export needs pyarrow: pip install 'storyline[ray]'") from exc

    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name, records in iter_lists(store):
        counts[name] = 0
        writer = None
        types: dict[str, str] = {}
        buf: list[dict[str, Any]] = []
        fd, tmp = _atomic(root / f"{name}.parquet")
        os.close(fd)
        try:
            for rec in records:
                buf.append(rec)
                counts[name] += 1
                if len(buf) >= row_group:
                    writer, types = _flush(pq, writer, tmp, name, buf, types)
                    buf = []
            if buf:
                writer, types = _flush(pq, writer, tmp, name, buf, types)
            if writer is not None:
                writer.close()
                os.replace(tmp, root / f"{name}.parquet")
            else:
                Path(tmp).unlink(missing_ok=True)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return counts


def _flush(
    pq: Any, writer: Any, tmp: str, name: str, rows: list[dict[str, Any]], types: dict[str, str]
) -> tuple[Any, dict[str, str]]:
    types = types or column_types(name, rows[0])
    table = _arrow_table(rows, types)
    if writer is None:
        writer = pq.ParquetWriter(tmp, table.schema)
    writer.write_table(table)
    return writer, types


FORMATS: dict[str, typing.Callable[[Any, str | Path], dict[str, int]]] = {
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}

__all__ = ["FORMATS", "JSONL_SCHEMA", "column_types", "iter_lists", "write_jsonl", "write_parquet"]
