"""Schemathesis against the live server's /openapi.json: every GET operation, generated inputs.

Checks that no input makes a 5xx, that status codes, content types and bodies
conform to the documented schema, that invalid inputs are rejected, and that
every error uses the one error shape. Schemathesis's Python API drives
Hypothesis directly here: its pytest plugin (``from_fixture``) fails on this
project's pytest 9 (``'Function' object has no attribute '_nodeid'``).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable

MAX_EXAMPLES = 15


@pytest.fixture(scope="module")
def get_operations(server: str) -> list[schemathesis.APIOperation]:
    schema = schemathesis.openapi.from_url(server + "/openapi.json")
    ops = [result.ok() for result in schema.get_all_operations()]
    return [op for op in ops if op.method.upper() == "GET"]


def test_schema_lists_every_read_endpoint(get_operations):
    paths = {op.path for op in get_operations}
    for name in ("stories", "stories/{story_id}", "storylines", "storylines/{storyline_id}", "articles",
                 "articles/{article_id}", "claims", "attributions", "provenance", "positions", "contradictions",
                 "briefings", "export", "health"):
        assert f"/api/v1/{name}" in paths


@pytest.mark.parametrize("mode", list(schemathesis.GenerationMode), ids=lambda m: m.value)
def test_get_operations_conform_to_the_schema(get_operations, mode):
    """Positive cases must be answered per the schema; negative ones must be refused with a 4xx."""
    failures = []
    tested = 0
    for op in get_operations:

        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            response = case.call_and_validate(timeout=30)
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == {"error"} and body["error"]["code"] and body["error"]["message"]

        try:
            check()
            tested += 1
        except Unsatisfiable:
            # no invalid input exists (a free-form string id, no parameters): nothing to refuse
            assert mode is schemathesis.GenerationMode.NEGATIVE, op.path
        except Exception as exc:  # collect every operation's failure, then report them together
            failures.append(f"GET {op.path}: {str(exc)[:800]}")
    assert not failures, "\n\n".join(failures)
    assert tested >= 9  # every list endpoint has bounded limit/offset, so negative cases exist
