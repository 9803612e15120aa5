"""A benchmarking comparison (对标) and what it compares (glossary: comparison, benchmark, indicator value).

A comparison belongs to one product of one enterprise and names the product's own standard (Q/…, T/…,
GB…) and one or more benchmark standards, each with a grade and a benchmark class. The enterprise's
indicator values (its own standard's limits or test results, each with unit and method) are compared
by the engine with every benchmark's indicators; each run replaces the stored results and records the
overall level, its label and the level-rule version it was computed with. Status changes only through
`services.comparison_transition` (table in `workflow.py`); counters kept by the services feed the guards.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.choices import BenchmarkClass, ValueKind, Verdict
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.core.models import TimeStampedModel, WorkflowRecord


class Comparison(TimeStampedModel, WorkflowRecord):
    product = models.ForeignKey(
        "enterprises.Product", verbose_name=_("产品"), on_delete=models.PROTECT, related_name="comparisons"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="comparisons"
    )
    own_standard_number = models.CharField(_("执行标准（企业）"), max_length=120)
    own_standard = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("执行标准（目录）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_comparisons",
    )
    category = models.CharField(_("产品类别（排行口径）"), max_length=100, db_index=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ComparisonStatus.choices,
        default=ComparisonStatus.DRAFT,
        db_index=True,
    )
    level = models.CharField(_("对标水平"), max_length=40, blank=True, db_index=True)
    level_label = models.CharField(_("对标水平（规则用语）"), max_length=60, blank=True)
    level_attained = models.BooleanField(_("达到对标水平"), default=False)
    requirement_met = models.BooleanField(_("符合国家/行业要求"), null=True, blank=True)
    rule_version = models.PositiveIntegerField(_("判定规则版本"), null=True, blank=True)
    compared_at = models.DateTimeField(_("对比时间"), null=True, blank=True)
    verdict_counts = models.JSONField(_("结论统计"), default=dict, blank=True)
    attained_on = models.DateField(_("达标日期"), null=True, blank=True, db_index=True)
    declared_on = models.DateField(_("声明日期"), null=True, blank=True, db_index=True)
    declaration = models.TextField(_("公开声明"), blank=True)
    benchmark_count = models.PositiveSmallIntegerField(_("对标标准数"), default=0)
    value_count = models.PositiveSmallIntegerField(_("指标值数"), default=0)
    plan_item_count = models.PositiveSmallIntegerField(_("提升措施数"), default=0)
    open_item_count = models.PositiveSmallIntegerField(_("未完成措施数"), default=0)
    report_count = models.PositiveSmallIntegerField(_("检测报告数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("对标")
        verbose_name_plural = _("对标")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["enterprise", "status"], name="comparison_enterprise_idx"),
            models.Index(fields=["status", "declared_on"], name="comparison_declared_idx"),
        ]

    def __str__(self) -> str:
        # no related-object access: audit summaries call str() inside every write
        return f"#{self.pk} {self.category} · {self.own_standard_number}"


class ComparisonBenchmark(models.Model):
    """One benchmark standard (and grade) of a comparison, with its class and catalog status at picking."""

    comparison = models.ForeignKey(
        Comparison, verbose_name=_("对标"), on_delete=models.CASCADE, related_name="benchmarks"
    )
    standard_number = models.CharField(_("对标标准号"), max_length=120)
    standard_key = models.CharField(_("标准检索键"), max_length=120)
    grade = models.CharField(_("等级/类别"), max_length=160, blank=True)
    klass = models.CharField(_("对标类别"), max_length=20, choices=BenchmarkClass.choices)
    standard = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("标准（目录）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("对标标准")
        verbose_name_plural = _("对标标准")
        ordering = ["comparison", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["comparison", "standard_key", "grade"], name="comparisonbenchmark_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard_number} {self.grade}".strip()


class IndicatorValue(models.Model):
    """A value the enterprise states: its own standard's limit or a test result, with unit and method."""

    comparison = models.ForeignKey(
        Comparison, verbose_name=_("对标"), on_delete=models.CASCADE, related_name="values"
    )
    quantity = models.CharField(_("量（测试原理）"), max_length=60)
    name = models.CharField(_("指标名称"), max_length=200)
    value_text = models.CharField(_("数值"), max_length=60)
    unit = models.CharField(_("单位"), max_length=40, blank=True)
    method_standard = models.CharField(_("检测方法标准"), max_length=120, blank=True)
    method_variant = models.CharField(_("方法（条款/名称）"), max_length=120, blank=True)
    kind = models.CharField(
        _("数值类型"), max_length=15, choices=ValueKind.choices, default=ValueKind.TEST_RESULT
    )
    report = models.ForeignKey(
        "benchmarking.TestReport",
        verbose_name=_("检测报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="values",
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ["comparison", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.value_text} {self.unit}".strip()


class IndicatorResult(models.Model):
    """The verdict on one benchmark indicator in the latest run (the gap matrix cell).

    `details` keeps the verdict against every enterprise value of the same measurand, so a reader sees
    why a desiccator result did not count against a chamber limit; `conversion` shows any unit change.
    """

    comparison = models.ForeignKey(
        Comparison, verbose_name=_("对标"), on_delete=models.CASCADE, related_name="results"
    )
    benchmark = models.ForeignKey(
        ComparisonBenchmark, verbose_name=_("对标标准"), on_delete=models.CASCADE, related_name="results"
    )
    indicator = models.ForeignKey(
        "benchmarking.Indicator",
        verbose_name=_("指标"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    value = models.ForeignKey(
        IndicatorValue,
        verbose_name=_("决定性指标值"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    quantity = models.CharField(_("量"), max_length=60)
    name = models.CharField(_("指标名称"), max_length=200)
    limit_text = models.CharField(_("对标限值"), max_length=200)
    unit = models.CharField(_("单位"), max_length=40, blank=True)
    method = models.CharField(_("对标方法"), max_length=260, blank=True)
    is_key = models.BooleanField(_("关键指标"), default=False)
    is_demo = models.BooleanField(_("示意值"), default=False)
    verdict = models.CharField(_("结论"), max_length=15, choices=Verdict.choices)
    reason = models.CharField(_("原因"), max_length=30)
    params = models.JSONField(_("原因参数"), default=dict, blank=True)
    own_value = models.CharField(_("企业值（换算后）"), max_length=80, blank=True)
    conversion = models.JSONField(_("单位换算"), default=dict, blank=True)
    margin = models.DecimalField(_("相对差距（%）"), max_digits=9, decimal_places=1, null=True, blank=True)
    details = models.JSONField(_("逐项比对"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("指标对比结果")
        verbose_name_plural = _("指标对比结果")
        ordering = ["comparison", "benchmark", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_verdict_display()}"
