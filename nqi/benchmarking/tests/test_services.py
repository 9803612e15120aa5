"""Comparison services: create, benchmarks, values (validated by row), compare, transitions, evidence."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nqi.audit.models import AuditEvent
from nqi.benchmarking import services
from nqi.benchmarking.models import Comparison, Indicator, IndicatorResult, MethodEquivalence
from nqi.benchmarking.tests.factories import (
    formaldehyde,
    load_indicators,
    make_comparison,
    make_firm,
    make_product,
)
from nqi.benchmarking.workflow import ComparisonStatus as S
from nqi.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from nqi.core.models import StatusChange

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def firm(system):
    load_indicators(system)
    enterprise, owner, staff = make_firm(system)
    return enterprise, owner, staff, make_product(system, enterprise)


class TestIndicatorsLoad:
    def test_loads_every_shipped_row_once_and_refreshes_in_place(self, system):
        first = load_indicators(system)
        assert first["rows"] == Indicator.objects.count() == 180
        assert MethodEquivalence.objects.count() == 4
        again = load_indicators(system)
        assert (again["created"], again["updated"]) == (0, 180)
        assert Indicator.objects.filter(confidence="DEMO").count() == 6

    def test_only_bureau_officers_manage_the_catalog(self, system, firm):
        with pytest.raises(PermissionDenied):
            load_indicators(firm[1])


class TestComparisonFlow:
    def test_staff_compares_owner_declares_and_every_step_is_audited(self, firm, system):
        enterprise, owner, staff, product = firm
        comparison = make_comparison(staff, product)
        assert (comparison.own_standard_number, comparison.benchmark_count) == ("Q/JSMY 001—2025", 2)
        services.indicatorvalues_save(actor=staff, comparison=comparison, rows=[formaldehyde("0.030")])
        comparison = services.comparison_run(actor=staff, comparison=comparison)
        assert comparison.status == S.COMPARED
        assert (comparison.level, comparison.level_label, comparison.rule_version) == (
            "domestic_advanced_lead", "国内领先", 0,
        )  # fmt: skip
        assert comparison.requirement_met is True
        assert IndicatorResult.objects.filter(comparison=comparison, verdict="better").count() == 2
        comparison = services.comparison_transition(actor=staff, comparison=comparison, name="attain")
        assert comparison.attained_on == timezone.localdate()
        with pytest.raises(DomainError, match="检测报告"):
            services.comparison_transition(actor=owner, comparison=comparison, name="declare")
        upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
        report = services.testreport_add(
            actor=staff,
            comparison=comparison,
            report_number="JX2025-0417",
            lab_name="嘉兴市质检院",
            upload=upload,
        )
        assert (report.content_type, report.size, len(report.sha256)) == ("application/pdf", len(PDF), 64)
        comparison.refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.comparison_transition(actor=staff, comparison=comparison, name="declare")
        comparison = services.comparison_transition(actor=owner, comparison=comparison, name="declare")
        assert comparison.status == S.DECLARED and "国内领先" in comparison.declaration
        assert StatusChange.objects.filter(target_id=str(comparison.pk)).count() == 3
        events = set(
            AuditEvent.objects.filter(target_id=str(comparison.pk)).values_list("event_type", flat=True)
        )
        assert {
            "benchmarking.comparison_created",
            "benchmarking.comparison_run",
            "benchmarking.comparison_declare",
        } <= events

    def test_a_gap_needs_a_plan_before_improving_and_a_done_plan_before_attaining(self, firm):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product, [("GB/T 39600-2021", "ENF")])
        services.indicatorvalues_save(actor=staff, comparison=comparison, rows=[formaldehyde("0.040")])
        comparison = services.comparison_run(actor=staff, comparison=comparison)
        assert comparison.level == "not_attained"
        with pytest.raises(DomainError, match="提升措施"):
            services.comparison_transition(actor=staff, comparison=comparison, name="plan")
        item = services.improvementitem_add(
            actor=staff,
            comparison=comparison,
            data={"indicator_name": "甲醛释放量", "action": "改用无醛胶黏剂", "owner_name": "孙丽华",
                  "due_on": timezone.localdate() + dt.timedelta(days=90), "target": "≤0.025 mg/m³"},
        )  # fmt: skip
        comparison = services.comparison_transition(actor=staff, comparison=comparison, name="plan")
        assert comparison.status == S.IMPROVING
        services.indicatorvalues_save(actor=staff, comparison=comparison, rows=[formaldehyde("0.020")])
        comparison.refresh_from_db()
        assert comparison.level == "domestic_advanced_lead"  # re-run in the same write
        with pytest.raises(DomainError, match="未完成"):
            services.comparison_transition(actor=staff, comparison=comparison, name="attain")
        services.improvementitem_complete(actor=staff, item=item)
        comparison.refresh_from_db()
        assert (
            services.comparison_transition(actor=staff, comparison=comparison, name="attain").status
            == S.ATTAINED
        )

    def test_method_mismatch_never_counts_as_better(self, firm):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product, [("EN 13986", "E1 (initial type testing)")])
        jis = ("JIS A 1460", "")
        rows = [
            formaldehyde("0.010"),
            {**formaldehyde("0.2", "mg/L", jis), "quantity": "formaldehyde_emission_desiccator_mean"},
        ]
        services.indicatorvalues_save(actor=staff, comparison=comparison, rows=rows)
        comparison = services.comparison_run(actor=staff, comparison=comparison)
        result = IndicatorResult.objects.get(comparison=comparison, quantity="formaldehyde_emission_chamber")
        assert (result.verdict, result.reason) == ("not_comparable", "method_mismatch")
        assert [d["reason"] for d in result.details] == ["method_mismatch", "principle_mismatch"]
        assert comparison.level == "not_attained"


class TestValueValidation:
    @pytest.mark.parametrize(
        ("row", "message"),
        [
            (formaldehyde("-0.01"), "物理常识"),
            (formaldehyde("0.03", "斤"), "无法识别单位"),
            (formaldehyde("≥0.03"), "无法识别数值"),
            ({**formaldehyde("0.03"), "report": "NO-SUCH"}, "尚未登记"),
        ],
    )
    def test_bad_rows_are_named_and_nothing_is_written(self, firm, row, message):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product)
        services.indicatorvalues_save(actor=staff, comparison=comparison, rows=[formaldehyde("0.05")])
        with pytest.raises(ValidationFailed) as caught:
            services.indicatorvalues_save(
                actor=staff, comparison=comparison, rows=[formaldehyde("0.04"), row]
            )
        text = " ".join(str(m) for ms in caught.value.errors.values() for m in ms)
        assert "第 2 行" in text and message in text
        assert list(comparison.values.values_list("value_text", flat=True)) == ["0.05"]

    def test_import_reads_csv_with_chinese_headers(self, firm):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product)
        data = "量,指标名称,数值,单位,检测方法,方法条款\nformaldehyde_emission_chamber,甲醛释放量,0.028,mg/m³,GB/T 17657-2013,4.60 1 m³气候箱法\n"
        assert (
            services.indicatorvalues_import(actor=staff, comparison=comparison, data=data.encode("utf-8"))
            == 1
        )
        bad = "量,指标名称,数值,单位\nformaldehyde_emission_chamber,甲醛释放量,-1,mg/m³\n"
        with pytest.raises(ValidationFailed, match="第 2 行"):
            services.indicatorvalues_import(actor=staff, comparison=comparison, data=bad.encode("utf-8"))


class TestBenchmarks:
    def test_unknown_benchmark_and_duplicates_are_refused(self, firm):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product)
        with pytest.raises(ValidationFailed, match="指标库中没有"):
            services.comparison_add_benchmark(
                actor=staff, comparison=comparison, standard_number="GB 99999-2020"
            )
        with pytest.raises(ValidationFailed, match="已在对标清单"):
            services.comparison_add_benchmark(
                actor=staff, comparison=comparison, standard_number="GB/T 39600-2021", grade="E0"
            )

    def test_another_enterprise_cannot_touch_it(self, firm, system):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product)
        _other, stranger, _s = make_firm(system)
        with pytest.raises(PermissionDenied):
            services.indicatorvalues_save(actor=stranger, comparison=comparison, rows=[formaldehyde()])

    def test_declared_comparisons_are_frozen(self, firm):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product)
        Comparison.objects.filter(pk=comparison.pk).update(status=S.DECLARED)
        with pytest.raises(Conflict):
            services.indicatorvalues_save(actor=staff, comparison=comparison, rows=[formaldehyde()])


class TestReports:
    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("report.pdf", b"MZ\x90\x00 not a pdf", "只接受"),
            ("report.png", PDF, "扩展名"),
            ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "过大"),
        ],
    )
    def test_uploads_are_checked_by_content_and_size(self, firm, name, data, message):
        _e, _owner, staff, product = firm
        comparison = make_comparison(staff, product)
        upload = SimpleUploadedFile(name, data)
        with pytest.raises(ValidationFailed, match=message):
            services.testreport_add(
                actor=staff, comparison=comparison, report_number="R1", lab_name="L", upload=upload
            )
        assert not comparison.reports.exists()
