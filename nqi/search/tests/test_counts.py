"""Hit counts: exact up to the index's cap, an estimate above it. PostgreSQL leaves out a count that could
only confirm an estimate far above the cap, when the statistics and the newest records agree on it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nqi.enterprises.tests.factories import make_enterprise
from nqi.search import registry
from nqi.search.analyzer import query_plan
from nqi.search.backends import Count, EngineQuery, backend, postgresql_counts

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's count"),
]

CAP = 3


@pytest.fixture
def counted(monkeypatch):
    """count(words, claimed=hits the statistics claim) → (the Count, whether the hits were counted)."""
    monkeypatch.setattr(postgresql_counts, "SAMPLE_MIN", 3)
    monkeypatch.setattr(postgresql_counts, "SAMPLE_HITS", 1)  # the newest few records are the sample
    monkeypatch.setattr(postgresql_counts, "_SIZE_HINTS", {})  # sizes other tests' records left behind
    engine, index = backend(), registry.get("enterprises.enterprise")

    def count(words: str, claimed: int) -> tuple[Count, bool]:
        total = engine._estimate(index, EngineQuery(plan=query_plan(words)))[1]
        monkeypatch.setattr(engine, "_estimate", lambda *_: (claimed, total))
        with CaptureQueriesContext(connection) as statements:
            found = engine.count(index, EngineQuery(plan=query_plan(words)), CAP)
        return found, any(s["sql"].startswith("SELECT count(*) FROM (SELECT 1") for s in statements)

    return count


def _enterprises(system, matching):
    for i in range(24):
        make_enterprise(system, name=f"嘉兴{i}号{'精密机械' if matching(i) else '电子科技'}有限公司")
    with connection.cursor() as cursor:  # the statistics of the records (an import ends so: `optimize`)
        cursor.execute("ANALYZE search_doc_enterprises_enterprise")


def test_a_count_far_above_the_cap_in_statistics_and_newest_records_is_not_run(system, counted):
    _enterprises(system, lambda i: i >= 12)  # the newest half matches
    found, ran = counted("精密", claimed=1_000)
    assert found == Count(1_000, False) and not ran


def test_hits_the_newest_records_do_not_show_are_counted(system, counted):
    """The statistics may lag an import, or bound a phrase from above only: the newest records must agree."""
    _enterprises(system, lambda i: i < 12)  # only old records match
    found, ran = counted("精密", claimed=1_000)
    assert ran and found == Count(1_000, False)  # counted past the cap: the estimate stands


def test_an_estimate_the_records_contradict_never_replaces_an_exact_count(system, counted):
    _enterprises(system, lambda i: i in (3, 5))  # two hits, though the statistics claim a thousand
    found, ran = counted("精密", claimed=1_000)
    assert ran and found == Count(2, True)


def test_a_count_near_the_cap_is_run(system, counted):
    _enterprises(system, lambda i: i >= 12)
    found, ran = counted("精密", claimed=2 * CAP - 1)
    assert ran and found == Count(2 * CAP - 1, False)


def test_an_index_too_small_for_a_skipped_count_is_counted_without_statistics(system, counted):
    """Fewer records than twice the cap: no round trip to the statistics before the count, and the size
    is asked once."""
    for i in range(2 * CAP - 1):
        make_enterprise(system, name=f"嘉兴{i}号{'精密机械' if i < 2 else '电子科技'}有限公司")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_doc_enterprises_enterprise")
    engine, index = backend(), registry.get("enterprises.enterprise")
    with CaptureQueriesContext(connection) as statements:
        counts = [engine.count(index, EngineQuery(plan=query_plan("精密")), CAP) for _ in range(2)]
    assert counts == [Count(2, True)] * 2
    assert sum(s["sql"].startswith("EXPLAIN") for s in statements) == 1
