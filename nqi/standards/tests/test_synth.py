"""Synthetic Chinese standards: every family, parseable numbers, edition chains, deterministic by seed."""

import collections

import pytest

from nqi.standards.numbers import number_fields
from nqi.standards.synth import synth_rows


def test_deterministic_by_seed():
    assert list(synth_rows(300, seed=1)) == list(synth_rows(300, seed=1))
    assert list(synth_rows(300, seed=1)) != list(synth_rows(300, seed=2))


def test_families_numbers_and_chains():
    rows = list(synth_rows(3000, seed=5))
    assert len(rows) == 3000
    fields = [number_fields(r["number"]) for r in rows]
    assert all(not f["parse_warning"] for f in fields)
    families = collections.Counter(f["family"] for f in fields)
    assert set(families) == {"national", "sector", "local", "group", "enterprise"}
    designations = {f["designation"] for f in fields}
    assert {"GB", "GB/T", "DB3304/T", "T/ZZB"} <= designations
    assert any(d.startswith("Q") for d in designations)
    statuses = collections.Counter(r["status"] for r in rows)
    assert {"current", "replaced", "withdrawn"} <= set(statuses)
    replaced = [r for r in rows if r["status"] == "replaced"]
    assert all(r["withdrawn"] for r in replaced)
    successors = [r for r in rows if r["replaces"]]
    assert successors and all(
        s["replaces"][0][0].split("—")[0] == s["number"].split("—")[0] for s in successors
    )
    assert len({f["edition_key"] for f in fields}) == len(fields)


@pytest.mark.django_db
def test_synth_import(system):
    from nqi.standards import services

    batch = services.standard_import(actor=system, kind="synthetic", rows=synth_rows(500, seed=3))
    assert batch.created_count == 500 and batch.error_count == 0 and batch.relation_count > 0
