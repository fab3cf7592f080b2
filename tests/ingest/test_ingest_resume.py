"""Resume: a file is skipped only after it was fully consumed and has not changed since."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from storyline.config import Config
from storyline.ingest import iter_documents
from storyline.records import Failure, RawDocument
from storyline.store import Store


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "resume.db")
    yield s
    s.close()


def write_jsonl(path: Path, n: int) -> None:
    path.write_text("".join(json.dumps({"id": f"r{i}", "title": f"T{i}", "text": f"Body {i}."}) + "\n"
                            for i in range(n)))


def test_unchanged_file_is_skipped(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "a.jsonl"
    write_jsonl(f, 3)
    first = list(iter_documents([str(f)], Config(), store=store))
    assert [d.id for d in first] == ["r0", "r1", "r2"]
    assert list(iter_documents([str(f)], Config(), store=store)) == [str(f)]
    # without a store nothing is skipped
    assert len(list(iter_documents([str(f)], Config()))) == 3


def test_changed_file_is_read_again(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "b.jsonl"
    write_jsonl(f, 2)
    list(iter_documents([str(f)], Config(), store=store))
    write_jsonl(f, 3)
    st = f.stat()
    os.utime(f, (st.st_atime, st.st_mtime + 5))
    again = list(iter_documents([str(f)], Config(), store=store))
    assert [d.id for d in again] == ["r0", "r1", "r2"]


def test_interrupted_file_is_not_marked_done(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "c.jsonl"
    write_jsonl(f, 3)
    gen = iter_documents([str(f)], Config(), store=store)
    got = [next(gen), next(gen), next(gen)]  # every document yielded, but the consumer never came back
    gen.close()
    assert all(isinstance(d, RawDocument) for d in got)
    st = f.stat()
    assert not store.source_done(str(f), st.st_size, st.st_mtime)
    assert [d.id for d in iter_documents([str(f)], Config(), store=store)] == ["r0", "r1", "r2"]
    assert store.source_done(str(f), st.st_size, st.st_mtime)


def test_failed_file_is_not_marked_done(tmp_path: Path, store: Store) -> None:
    f = tmp_path / "bin.txt"
    f.write_bytes(b"\x00\x01\x02" * 100)
    for _ in range(2):
        (fail,) = iter_documents([str(f)], Config(), store=store)
        assert isinstance(fail, Failure) and fail.code == "binary"
