"""The stratified sample behind the facet counts of broad queries: the first hits of each id range."""

import pytest

from nqi.search import registry
from nqi.search.analyzer import query_plan
from nqi.search.backends import EngineQuery, backend
from nqi.standards.models import Standard
from nqi.standards.tests.factories import import_rows, row

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("read_once_up_to", [60_000, 0])  # PostgreSQL: one statement, or one per range
def test_each_range_gives_its_first_hits_weighted_by_how_far_they_reach(system, monkeypatch, read_once_up_to):
    from nqi.search.backends import postgresql

    monkeypatch.setattr(postgresql, "SAMPLE_ONCE_MAX_HITS", read_once_up_to)
    titles = ["阀门通用技术条件" if n % 3 else "电线电缆试验方法" for n in range(60)]
    import_rows(system, [row(f"GB/T {31000 + n}-2020", title_zh=t) for n, t in enumerate(titles)])
    index = registry.get("standards.standard")
    query = EngineQuery(plan=query_plan("阀门"))
    strata = backend().sample(index, query, size=12, strata=4)

    ids = sorted(Standard.objects.values_list("pk", flat=True))
    low, high = ids[0], ids[-1]
    width = -(-(high - low + 1) // 4)
    valves = set(Standard.objects.filter(title_zh__contains="阀门").values_list("pk", flat=True))
    expected = []
    for start in range(low, high + 1, width):
        end = min(start + width, high + 1)
        hits = sorted(pk for pk in valves if start <= pk < end)
        first = hits[:3]
        weight = (end - start) / (first[-1] - start + 1) if len(hits) > 3 else 1.0
        expected.append((first, max(1.0, weight)))
    assert len(expected) == 4 and all(len(first) == 3 for first, _ in expected)
    assert sorted(strata) == expected
