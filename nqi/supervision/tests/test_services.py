"""Supervision services: policy versions, city regrade, event regrade after commit, voiding, explanation."""

import datetime as dt

import pytest
from django.utils import timezone

from nqi.audit.models import AuditEvent
from nqi.core.errors import PermissionDenied, ValidationFailed
from nqi.supervision import engine, grading, selectors, services
from nqi.supervision.choices import PolicyDomain
from nqi.supervision.models import (
    CountyGrade,
    EnterpriseGrade,
    EnterpriseGradeChange,
    Policy,
    ProductCategory,
)
from nqi.supervision.tests.factories import category, days_ago, make_producer

pytestmark = pytest.mark.django_db


def _fail(actor, enterprise, n_days, ref, code="JXPC-01"):
    return services.qualityevent_record(
        actor=actor,
        enterprise=enterprise,
        kind="spotcheck_fail",
        occurred_on=days_ago(n_days),
        category=category(code),
        source_ref=ref,
        regrade=False,
    )


class TestPolicies:
    def test_shipped_defaults_are_in_force_and_cite_sources(self):
        policy = selectors.policy_in_force(PolicyDomain.GRADING)
        assert policy.version == 1 and "mode_matrix" in policy.params
        assert "DB3304/T 055" in policy.sources["mode_matrix"] and "INF" in policy.sources["mode_matrix"]

    def test_publish_makes_next_version_effective_from_its_date(self, city_officer):
        params = dict(selectors.policy_in_force().params)
        params["county_colour"] = {"red": 0.2, "yellow": 0.1, "blue": 0.05}
        later = timezone.localdate() + dt.timedelta(days=10)
        policy = services.policy_publish(
            actor=city_officer, domain="grading", params=params, effective_from=later, note="调整"
        )
        assert policy.version == 2
        assert selectors.policy_in_force().version == 1
        assert selectors.policy_in_force(on=later).version == 2
        assert AuditEvent.objects.filter(event_type="supervision.policy_published").exists()

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            ("product_risk.thresholds.high", 10),
            ("county_colour.red", 0.01),
            ("enterprise_class.thresholds.AA", "high"),
        ],
    )
    def test_bad_params_are_refused_naming_the_key(self, city_officer, path, value):
        params = selectors.policy_in_force().params
        node = params
        *parents, leaf = path.split(".")
        for key in parents:
            node = node[key]
        node[leaf] = value
        with pytest.raises(ValidationFailed) as exc:
            services.policy_publish(
                actor=city_officer, domain="grading", params=params, effective_from=timezone.localdate()
            )
        assert any(key.startswith(path.rsplit(".", 1)[0]) for key in exc.value.errors)
        assert Policy.objects.filter(domain="grading").count() == 1

    def test_bad_matrix_cell(self, city_officer):
        params = selectors.policy_in_force().params
        params["mode_matrix"]["high"]["C"] = "lenient"
        with pytest.raises(ValidationFailed) as exc:
            services.policy_publish(
                actor=city_officer, domain="grading", params=params, effective_from=timezone.localdate()
            )
        assert "mode_matrix.high.C" in exc.value.errors

    def test_no_retroactive_policy_and_district_cannot_publish(self, city_officer, nanhu_officer):
        params = selectors.policy_in_force().params
        with pytest.raises(ValidationFailed):
            services.policy_publish(
                actor=city_officer, domain="grading", params=params, effective_from=days_ago(1)
            )
        with pytest.raises(PermissionDenied):
            services.policy_publish(
                actor=nanhu_officer, domain="grading", params=params, effective_from=timezone.localdate()
            )


class TestCityRegrade:
    def test_grades_classes_modes_colours_and_records_policy(self, city_officer):
        good = make_producer(city_officer, "330402")
        bad = make_producer(city_officer, "330402")
        plain = make_producer(city_officer, "330421", product="羊毛衫")
        _fail(city_officer, bad, 30, "t:1")
        _fail(city_officer, bad, 400, "t:2")
        services.creditrating_set(actor=city_officer, enterprise=good, credit_class="A", rated_on=days_ago(5))
        run = services.city_regrade(actor=city_officer)
        grades = {g.enterprise_id: g for g in EnterpriseGrade.objects.all()}
        assert grades[bad.pk].grade_class == "C" and grades[bad.pk].failures == 2
        assert grades[good.pk].grade_class == "A" and grades[good.pk].credit_points == 5
        assert grades[plain.pk].max_product_risk == "low" and grades[plain.pk].mode == "credit"
        assert grades[bad.pk].mode == "strict"  # strollers are high risk × C
        assert all(g.policy_id == run.policy_id for g in grades.values())
        assert ProductCategory.objects.get(code="JXPC-01").risk_level == "high"
        nanhu = CountyGrade.objects.get(region_id="330402", is_current=True)
        assert nanhu.class_counts["C"] == 1 and nanhu.colour == "red"
        assert run.status == "done" and run.changed == 0  # first grades are not changes
        assert AuditEvent.objects.filter(event_type="supervision.gradingrun_completed").count() == 1

    def test_second_run_records_only_changes(self, city_officer):
        firm = make_producer(city_officer)
        services.city_regrade(actor=city_officer)
        _fail(city_officer, firm, 10, "t:9")
        run = services.city_regrade(actor=city_officer)
        assert run.changed == 1
        change = EnterpriseGradeChange.objects.filter(run=run).get()
        assert (change.from_class, change.to_class) == ("A", "B")

    def test_set_based_equals_per_enterprise_rules(self, city_officer):
        """The grouped aggregate gives each enterprise exactly what the rules give its own facts."""
        firm = make_producer(city_officer)
        _fail(city_officer, firm, 100, "a")
        _fail(city_officer, firm, 500, "b")
        services.qualityevent_record(
            actor=city_officer, enterprise=firm, kind="certification", occurred_on=days_ago(50), regrade=False
        )
        services.city_regrade(actor=city_officer)
        params = selectors.policy_in_force().params
        expected = grading.enterprise_class(
            params, grading.EnterpriseFacts(failures=(1, 1, 0), certifications=1)
        )
        grade = EnterpriseGrade.objects.get(enterprise=firm)
        assert (grade.score, grade.grade_class) == (expected.score, expected.grade_class)

    def test_district_officer_cannot_run_city_regrade(self, nanhu_officer):
        with pytest.raises(PermissionDenied):
            services.city_regrade(actor=nanhu_officer)


class TestEventRegrade:
    def test_failed_spot_check_regrades_after_commit(self, city_officer, django_capture_on_commit_callbacks):
        firm = make_producer(city_officer)
        services.city_regrade(actor=city_officer)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            services.qualityevent_record(
                actor=city_officer,
                enterprise=firm,
                kind="spotcheck_fail",
                occurred_on=days_ago(1),
                category=category(),
                source_ref="spotchecks.task:1",
            )
        assert len(callbacks) == 1
        grade = EnterpriseGrade.objects.get(enterprise=firm)
        assert (grade.grade_class, grade.mode) == ("B", "routine")  # strollers: medium risk until regraded
        assert CountyGrade.objects.filter(region_id="330402", is_current=True).count() == 1
        assert AuditEvent.objects.filter(
            event_type="supervision.enterprise_regraded", target_id=str(firm.pk)
        ).exists()

    def test_recording_is_idempotent_and_void_restores(
        self, city_officer, django_capture_on_commit_callbacks
    ):
        firm = make_producer(city_officer)
        with django_capture_on_commit_callbacks(execute=True):
            first = _fail(city_officer, firm, 2, "spotchecks.task:7")
            again = _fail(city_officer, firm, 2, "spotchecks.task:7")
        assert first.pk == again.pk
        with django_capture_on_commit_callbacks(execute=True):
            services.qualityevent_void(
                actor=city_officer, source_ref="spotchecks.task:7", kind="spotcheck_fail", reason="复检合格"
            )
        assert EnterpriseGrade.objects.get(enterprise=firm).grade_class == "A"

    def test_future_dates_and_unknown_kinds_refused(self, city_officer):
        firm = make_producer(city_officer)
        with pytest.raises(ValidationFailed):
            services.qualityevent_record(
                actor=city_officer,
                enterprise=firm,
                kind="spotcheck_fail",
                occurred_on=timezone.localdate() + dt.timedelta(days=1),
            )
        with pytest.raises(ValidationFailed):
            services.qualityevent_record(
                actor=city_officer, enterprise=firm, kind="rumour", occurred_on=days_ago(1)
            )


class TestExplanation:
    def test_factor_points_sum_to_score(self, city_officer):
        firm = make_producer(city_officer)
        _fail(city_officer, firm, 20, "x")
        services.city_regrade(actor=city_officer)
        grade = selectors.enterprisegrade_get_for(actor=city_officer, enterprise_id=firm.pk)
        rows = selectors.explain_enterprise(grade)
        base = selectors.policy_in_force().params["enterprise_class"]["base"]
        assert round(base + sum(r["points"] for r in rows), 1) == grade.score
        grade_row, factors = selectors.explain_category(category())
        assert grade_row.policy_id == grade.policy_id
        assert round(sum(f["points"] for f in factors), 1) == grade_row.score

    def test_other_district_sees_no_grade(self, city_officer, make_member):
        from nqi.accounts.choices import OrganizationKind, Role

        firm = make_producer(city_officer, "330402")
        services.city_regrade(actor=city_officer)
        jiashan = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330421")
        assert selectors.enterprisegrade_get_for(actor=jiashan, enterprise_id=firm.pk) is None
        assert selectors.enterprisegrade_list_visible_to(actor=jiashan).count() == 0


def test_year_bounds_are_contiguous():
    bounds = engine.year_bounds(dt.date(2026, 11, 25), 3)
    assert bounds[0][1] == dt.date(2026, 11, 25)
    assert all(bounds[i][0] == bounds[i + 1][1] for i in range(2))
