"""Benchmark suggestions and withdrawn benchmarks, against the standards catalog."""

import pytest

from nqi.benchmarking import selectors, services
from nqi.benchmarking.tests.factories import load_indicators, make_firm, make_product

pytestmark = pytest.mark.django_db
TOYS = "other toy materials (excl. modelling clay and finger paint)"


@pytest.fixture
def catalog(system):
    from nqi.standards.services import standard_create

    load_indicators(system)
    old = {"number": "GB 6675.4-2014", "title_zh": "玩具安全 第4部分：特定元素的迁移", "status": "replaced",
           "confidence": "source", "ics": ["97.200.50"]}  # fmt: skip
    new = {"number": "GB 6675.4-2025", "title_zh": "玩具安全 第4部分：特定元素的迁移", "status": "current",
           "confidence": "source", "ics": ["97.200.50"], "replaces": [("GB 6675.4-2014", "replaces")]}  # fmt: skip
    return standard_create(actor=system, data=old), standard_create(actor=system, data=new)


def test_a_replaced_benchmark_warns_and_names_its_replacement(system, catalog):
    enterprise, owner, _staff = make_firm(system, "330482")
    product = make_product(
        system, enterprise, name="电动童车", category="玩具", standard_code="GB 6675.1—2014"
    )
    comparison = services.comparison_create(actor=owner, product=product)
    _benchmark, warning = services.comparison_add_benchmark(
        actor=owner, comparison=comparison, standard_number="GB 6675.4-2014", grade=TOYS
    )
    assert "GB 6675.4—2025" in warning
    column = selectors.comparison_matrix(comparison).columns[0]
    assert column.ended and column.replaced_by == ["GB 6675.4—2025"]


def test_suggestions_come_from_the_industry_and_flag_ended_standards(system, catalog):
    enterprise, _owner, _staff = make_firm(system, "330482")
    product = make_product(
        system, enterprise, name="电动童车", category="玩具", standard_code="GB 6675.1—2014"
    )
    found = selectors.benchmark_suggestions(product=product, own_standard=None)
    assert found.family == "children_products"
    numbers = {o.standard_number for o in found.options}
    assert {"IEC 62115:2017", "GB 6675.4-2014", "T/ZZB 0175-2017"} <= numbers
    old = next(o for o in found.options if o.standard_number == "GB 6675.4-2014" and o.grade == TOYS)
    assert old.replaced_by == ["GB 6675.4—2025"] and old.status_label
    assert all(o.key_count for o in found.options)


def test_suggestions_by_ics_list_catalog_standards_without_indicators(system, catalog):
    enterprise, _owner, _staff = make_firm(system, "330482")
    product = make_product(system, enterprise, name="某新产品", category="其他")
    found = selectors.benchmark_suggestions(product=product, own_standard=catalog[0])
    assert found.family == "children_products"  # read from the own standard's title (玩具安全)
    newer = next(c for c in found.catalog_only if c.standard.pk == catalog[1].pk)
    assert "同 ICS 97.200.50" in newer.reasons
