"""A live server over a store filled by the real pipeline, shared by the API tests."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.api import create_app
from storyline.api.devserver import running

_spec = importlib.util.spec_from_file_location("corpus_api", Path(__file__).with_name("corpus_api.py"))
corpus = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(corpus)  # type: ignore[union-attr]

TOKEN = "test-token-4f1c"


@pytest.fixture(scope="session")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return corpus.fill_store(tmp_path_factory.mktemp("api-store"))


@pytest.fixture(scope="module")
def server(filled_db: str) -> Iterator[str]:
    """Base URL of a real uvicorn server (read-only use: no token configured)."""
    app = create_app(filled_db, token=None, config=corpus.test_config(filled_db))
    with running(app) as url:
        yield url
