"""The API is a versioned contract: the live schema must equal the committed snapshot (house rule 7).

After a reviewed, additive change: `nqi export_openapi`, bump API_FEATURE_LEVEL, add a line to
docs/api-changelog.md.
"""

import json

from nqi.core.management.commands.export_openapi import SNAPSHOT, current_schema, render


def _paths(schema):
    return {(path, method) for path, ops in schema["paths"].items() for method in ops}


def test_live_schema_matches_snapshot():
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    live = json.loads(render(current_schema()))
    removed = _paths(committed) - _paths(live)
    assert not removed, f"operations removed from v1 (breaking): {sorted(removed)}"
    assert live == committed, "API changed: review, run `nqi export_openapi`, bump API_FEATURE_LEVEL"


def test_every_operation_documents_the_error_shape_and_auth():
    schema = current_schema()
    assert {"TokenAuth", "SessionAuth"} <= set(schema["components"]["securitySchemes"])
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            assert op.get("summary") or op.get("description"), f"{method.upper()} {path} has no summary"
