"""Forerunner lists built from declared comparisons, KPIs, and versioned policies."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.benchmarking import services
from nqi.benchmarking.choices import PolicyDomain
from nqi.benchmarking.engine.levels import DEFAULT_PARAMS
from nqi.benchmarking.selectors.kpis import kpi_by_industry, kpi_by_region, kpi_summary
from nqi.benchmarking.selectors.policies import level_rule_in_force
from nqi.benchmarking.selectors.public import forerunner_titles
from nqi.benchmarking.tests.factories import (
    formaldehyde,
    load_indicators,
    make_comparison,
    make_firm,
    make_product,
)
from nqi.core.errors import Conflict, ValidationFailed

pytestmark = pytest.mark.django_db


def declare(system, value: str, division="330421", name="胶合板"):
    enterprise, owner, _staff = make_firm(system, division)
    product = make_product(system, enterprise, name=name)
    comparison = make_comparison(owner, product)
    services.indicatorvalues_save(
        actor=owner, comparison=comparison, rows=[formaldehyde(value, kind="standard_limit")]
    )
    comparison = services.comparison_run(actor=owner, comparison=comparison)
    if not comparison.level_attained:
        return comparison
    comparison = services.comparison_transition(actor=owner, comparison=comparison, name="attain")
    services.testreport_add(
        actor=owner,
        comparison=comparison,
        report_number="R1",
        lab_name="L",
        upload=SimpleUploadedFile("r.pdf", b"%PDF-1"),
    )
    comparison.refresh_from_db()
    return services.comparison_transition(actor=owner, comparison=comparison, name="declare")


@pytest.fixture
def officer(system, make_member):
    load_indicators(system)
    return make_member(K.BUREAU, R.OFFICER, "330400")


def test_tiers_to_the_requirement_equal_values_share_and_forerunners_are_flagged(system, officer):
    for value in ("0.010", "0.010", "0.030", "0.049"):
        declare(system, value)
    year = timezone.localdate().year
    listing = services.rankinglist_build(
        actor=officer, year=year, category="人造板", quantity="formaldehyde_emission_chamber"
    )
    assert (listing.requirement_text, listing.tiers, listing.policy_version, listing.unpublished_reason) == (
        "0.124",
        3,
        0,
        "",
    )
    tiers = sorted(listing.entries.values_list("tier", flat=True))
    assert tiers == [1, 1, 1, 2]  # 0.010 ×2 and 0.030 in the best third of 0.010–0.124
    forerunners = listing.entries.filter(is_forerunner=True)
    assert forerunners.count() == 3
    assert forerunner_titles(enterprise_id=forerunners.first().enterprise_id) == []  # not yet published
    services.rankinglist_publish(actor=officer, ranking=listing)
    assert len(forerunner_titles(enterprise_id=forerunners.first().enterprise_id)) == 1
    with pytest.raises(Conflict):
        services.rankinglist_build(
            actor=officer, year=year, category="人造板", quantity="formaldehyde_emission_chamber"
        )


def test_all_equal_values_are_not_ranked_and_cannot_be_published(system, officer):
    declare(system, "0.040")
    declare(system, "0.040")
    listing = services.rankinglist_build(
        actor=officer,
        year=timezone.localdate().year,
        category="人造板",
        quantity="formaldehyde_emission_chamber",
    )
    assert listing.unpublished_reason == "all_equal"
    assert not listing.entries.filter(is_forerunner=True).exists()
    with pytest.raises(Conflict):
        services.rankinglist_publish(actor=officer, ranking=listing)


def test_no_declared_comparison_is_a_clear_error(officer):
    with pytest.raises(ValidationFailed, match="没有已公开声明"):
        services.rankinglist_build(
            actor=officer, year=2026, category="人造板", quantity="formaldehyde_emission_chamber"
        )


def test_kpis_count_enterprises_once_per_region_and_industry(system, officer):
    declare(system, "0.020", "330421")
    declare(system, "0.030", "330482")
    declare(system, "0.090", "330482")  # not attained: worse than E0
    year = timezone.localdate().year
    summary = kpi_summary(actor=officer, year=year)
    assert (summary.enterprises_attained, summary.products_benchmarked, summary.declared) == (2, 3, 2)
    assert summary.indicators_compared == 6  # two benchmarks × one indicator × three comparisons
    regions = {
        r["code"]: (r["enterprises_attained"], r["indicators_compared"])
        for r in kpi_by_region(actor=officer, year=year)
    }
    assert regions == {"330421": (1, 2), "330482": (1, 4)}
    industries = kpi_by_industry(actor=officer, year=year)
    assert sum(r["enterprises_attained"] for r in industries) == 2
    assert sum(r["products_benchmarked"] for r in industries) == 3
    assert kpi_summary(actor=officer, year=year - 1).enterprises_attained == 0


def test_a_new_level_rule_version_is_used_and_stored(system, make_member):
    load_indicators(system)
    admin = make_member(K.BUREAU, R.ADMIN, "330400")
    params = {**DEFAULT_PARAMS, "lead_when": "all_key_better"}
    with pytest.raises(ValidationFailed):
        services.benchmarkpolicy_create(
            actor=admin,
            domain=PolicyDomain.LEVEL_RULE,
            effective_from=timezone.localdate(),
            params={"order": ["x"]},
            basis="b",
        )
    with pytest.raises(ValidationFailed):
        services.benchmarkpolicy_create(
            actor=admin,
            domain=PolicyDomain.LEVEL_RULE,
            effective_from=timezone.localdate() - dt.timedelta(days=1),
            params=params,
            basis="b",
        )
    services.benchmarkpolicy_create(
        actor=admin,
        domain=PolicyDomain.LEVEL_RULE,
        effective_from=timezone.localdate(),
        params=params,
        basis="局务会决定",
    )
    assert level_rule_in_force().version == 1
    comparison = declare(system, "0.030")
    assert comparison.rule_version == 1
