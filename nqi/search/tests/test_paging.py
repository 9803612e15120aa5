"""Newest-first pages are the hits in descending id order, whatever plan the engine reads them by
(PostgreSQL: a window of recent records or, for a plain word, a primary-key range; then the older hits
sorted)."""

from __future__ import annotations

import pytest

from nqi.enterprises.tests.factories import make_enterprise
from nqi.search import registry
from nqi.search.analyzer import query_plan
from nqi.search.backends import EngineQuery, backend
from nqi.search.backends import postgresql as pg_backend

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_windows(monkeypatch):
    """Windows of a few records, and any walk long enough for a plain word's key range."""
    monkeypatch.setattr(pg_backend, "WINDOW_MIN", 3)
    monkeypatch.setattr(pg_backend, "RANGE_MIN_WALK", 0)


@pytest.mark.parametrize("words", ["精密机械", "精密"])  # a phrase, a plain word (PostgreSQL's key range)
@pytest.mark.parametrize("layout", ["old", "recent", "spread"])
def test_newest_first_pages_are_the_hits_in_descending_order(system, small_windows, layout, words):
    """ "old": every hit older than the window (all from the fallback); "recent": the window yields the
    first pages; "spread": pages straddle the window's edge."""
    wanted = {
        "old": lambda i: i < 9,
        "recent": lambda i: i >= 15,
        "spread": lambda i: i % 3 == 0,
    }[layout]
    made = [
        make_enterprise(system, name=f"嘉兴{i}号{'精密机械' if wanted(i) else '电子科技'}有限公司")
        for i in range(24)
    ]
    hits = sorted((e.pk for i, e in enumerate(made) if wanted(i)), reverse=True)
    index = registry.get("enterprises.enterprise")
    query = EngineQuery(plan=query_plan(words))
    engine = backend()
    for offset in range(0, len(hits) + 2, 2):
        page = engine.page(index, query, ranked=False, limit=2, offset=offset, hits=len(hits))
        assert page == hits[offset : offset + 2], (layout, offset)
    after = hits[1]
    assert engine.page(index, query, ranked=False, limit=3, after=after, hits=len(hits)) == hits[2:5]
    assert engine.page(index, query, ranked=False, limit=3, hits=10**6) == hits[:3]  # any estimate
