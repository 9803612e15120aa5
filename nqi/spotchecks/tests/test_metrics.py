"""Spot-check and grading KPIs: batches, pass rate, rectified on time, enterprises by class — scoped."""

import pytest
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.metrics import KpiFilter, get_kpi
from nqi.supervision import services as supervision
from nqi.supervision.tests.factories import category, days_ago, make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(city_officer):
    nanhu, jiashan = make_producer(city_officer, "330402"), make_producer(city_officer, "330421")
    for n, (firm, kind) in enumerate(
        [(nanhu, "spotcheck_pass"), (nanhu, "spotcheck_fail"), (jiashan, "spotcheck_pass")]
    ):
        supervision.qualityevent_record(
            actor=city_officer, enterprise=firm, kind=kind, occurred_on=days_ago(0), category=category(),
            source_ref=f"k:{n}", regrade=False,
        )  # fmt: skip
    supervision.city_regrade(actor=city_officer)
    return nanhu, jiashan


def test_batches_and_pass_rate_are_scoped(city_officer, make_member, results):
    year = timezone.localdate().year
    batches, rate = get_kpi("spotchecks.batches"), get_kpi("spotchecks.pass_rate")
    assert batches.value(actor=city_officer, filters=KpiFilter(year)) == 3
    assert rate.value(actor=city_officer, filters=KpiFilter(year)) == 66.7
    assert rate.value(actor=city_officer, filters=KpiFilter(year, region="330421")) == 100.0
    jiashan = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330421")
    assert batches.value(actor=jiashan, filters=KpiFilter(year)) == 1
    assert [s.label for s in rate.slices(actor=city_officer, filters=KpiFilter(year))] == ["儿童推车（3 批）"]


def test_enterprises_by_class(city_officer, results):
    kpi = get_kpi("supervision.graded_enterprises")
    slices = {
        s.label: s.value for s in kpi.slices(actor=city_officer, filters=KpiFilter(timezone.localdate().year))
    }
    assert kpi.value(actor=city_officer, filters=KpiFilter(2026)) == 2
    assert slices["B（一般）"] == 1 and slices["A（较好）"] == 1


def test_rectified_on_time_with_nothing_due(city_officer):
    assert get_kpi("spotchecks.rectified_on_time").value(actor=city_officer, filters=KpiFilter(2026)) == 0.0
