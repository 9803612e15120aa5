"""The KPI registry: declarations, lookup, visibility by permission, dimensions."""

import pytest

from nqi.core import metrics
from nqi.core.metrics import Dimension, Kpi, KpiDeclarationError, KpiFilter, KpiSlice


def _kpi(key="tests.widgets", permission="enterprises.view_enterprise_metrics", **extra):
    return Kpi(
        key=key,
        label_zh="部件数",
        label_en="Widgets",
        unit="个",
        compute=lambda *, year, region, industry, actor: year + (1 if region else 0) + (industry or 0),
        records=lambda **kwargs: [],
        permission=permission,
        **extra,
    )


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(metrics, "_kpis", {})
    monkeypatch.setattr(metrics, "_dimensions", {})


def test_register_lookup_and_order(registry):
    b, a = _kpi("tests.b", order=2), _kpi("tests.a", order=1)
    metrics.register(b, a)
    metrics.register(a)  # importing a metrics module twice is harmless
    assert metrics.get_kpi("tests.a") is a
    assert [k.key for k in metrics.all_kpis()] == ["tests.a", "tests.b"]
    with pytest.raises(KeyError):
        metrics.get_kpi("tests.missing")
    with pytest.raises(KpiDeclarationError, match="declared twice"):
        metrics.register(_kpi("tests.a"))


@pytest.mark.parametrize("key", ["widgets", "Tests.widgets", "tests.", "tests.widgets.more"])
def test_keys_are_dotted_identifiers(key):
    with pytest.raises(KpiDeclarationError):
        _kpi(key)


def test_value_passes_the_filter_and_the_actor():
    kpi = _kpi(breakdown=lambda **kw: [KpiSlice("甲", 1, {"industry": 7})])
    assert kpi.value(actor=None, filters=KpiFilter(2025)) == 2025
    assert kpi.value(actor=None, filters=KpiFilter(2025, region="330402", industry=3)) == 2029
    assert kpi.slices(actor=None, filters=KpiFilter(2025))[0].filters == {"industry": 7}
    assert _kpi().slices(actor=None, filters=KpiFilter(2025)) == []


def test_label_follows_the_language():
    from django.utils import translation

    with translation.override("en"):
        assert _kpi().label == "Widgets"
    with translation.override("zh-hans"):
        assert _kpi().label == "部件数"


def test_dimensions_are_a_closed_set(registry):
    metrics.register_dimension(Dimension("region", "区县", lambda: [("330402", "南湖区")]))
    assert metrics.dimension("region").choices() == [("330402", "南湖区")]
    assert metrics.dimension("industry") is None
    with pytest.raises(KpiDeclarationError):
        metrics.register_dimension(Dimension("colour", "颜色", list))


@pytest.mark.django_db
def test_visibility_follows_the_permission(registry, city_officer, make_member):
    from nqi.accounts.choices import OrganizationKind, Role

    metrics.register(_kpi("tests.bureau"), _kpi("tests.admins", permission="accounts.view_audit"))
    assert [k.key for k in metrics.kpis_visible_to(city_officer)] == ["tests.bureau"]
    owner = make_member(OrganizationKind.ENTERPRISE, Role.OWNER)
    assert metrics.kpis_visible_to(owner) == []


def test_the_enterprise_kpis_are_discovered():
    keys = {k.key for k in metrics.all_kpis()}
    assert {"enterprises.registered", "enterprises.total", "enterprises.featured_industry"} <= keys
