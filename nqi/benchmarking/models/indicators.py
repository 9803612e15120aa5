"""The indicator catalog (glossary: indicator): technical requirements of standards, per grade.

One row is one requirement of one standard — and of one grade or product group where the standard
defines them (GB/T 39600—2021 E0 / ENF; GB 19153—2019 grade 1 / 3) — with its quantity, unit, direction,
limit as printed, test method and clause, and the confidence of the value (SRC / MEM / INF / DEMO; a DEMO
value is illustrative and always shown with that warning). Rows come from the curated, cited file
`data/indicators.csv`; bureau officers may add rows. `standard` links the row to the standards catalog
when the catalog holds that edition (many foreign standards are known here by number only).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.choices import BenchmarkClass, Confidence, Direction, IndustryFamily
from nqi.core.models import TimeStampedModel


class Indicator(TimeStampedModel):
    standard = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("标准（目录）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    standard_number = models.CharField(_("标准号"), max_length=120)
    standard_key = models.CharField(_("标准检索键"), max_length=120, db_index=True)
    grade = models.CharField(_("等级/类别/适用范围"), max_length=160, blank=True)
    name_zh = models.CharField(_("指标名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    quantity = models.CharField(_("量（测试原理）"), max_length=60, db_index=True)
    unit = models.CharField(_("单位"), max_length=40, blank=True)
    direction = models.CharField(_("要求方向"), max_length=5, choices=Direction.choices)
    limit_text = models.CharField(_("限值"), max_length=160)
    scale = models.JSONField(_("等级序列（优→劣）"), default=list, blank=True)
    method_standard = models.CharField(_("检测方法标准"), max_length=120, blank=True)
    method_variant = models.CharField(_("方法（条款/名称）"), max_length=120, blank=True)
    clause = models.CharField(_("条款"), max_length=60, blank=True)
    is_key = models.BooleanField(_("关键指标"), default=False)
    industry = models.CharField(
        _("产业"), max_length=20, choices=IndustryFamily.choices, blank=True, db_index=True
    )
    suggested_class = models.CharField(
        _("建议对标类别"), max_length=20, choices=BenchmarkClass.choices, blank=True
    )
    confidence = models.CharField(_("可信度"), max_length=4, choices=Confidence.choices)
    source_url = models.TextField(_("来源"), blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("技术指标")
        verbose_name_plural = _("技术指标")
        ordering = ["standard_key", "grade", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard_key", "grade", "quantity", "name_zh"], name="indicator_unique_per_grade"
            )
        ]

    def __str__(self) -> str:
        grade = f" {self.grade}" if self.grade else ""
        return f"{self.standard_number}{grade} {self.name_zh} {self.limit_text} {self.unit}".strip()

    @property
    def is_demo(self) -> bool:
        return self.confidence == Confidence.DEMO


class MethodEquivalence(models.Model):
    """Two test methods whose results may be compared (only identical adoptions are declared)."""

    method_a = models.CharField(_("方法甲"), max_length=120)
    method_b = models.CharField(_("方法乙"), max_length=120)
    key_a = models.CharField(_("方法甲检索键"), max_length=120)
    key_b = models.CharField(_("方法乙检索键"), max_length=120)
    basis = models.CharField(_("依据"), max_length=300)
    source_url = models.TextField(_("来源"), blank=True)
    confidence = models.CharField(_("可信度"), max_length=4, choices=Confidence.choices)

    class Meta:
        verbose_name = _("方法等效")
        verbose_name_plural = _("方法等效")
        ordering = ["key_a", "key_b"]
        constraints = [models.UniqueConstraint(fields=["key_a", "key_b"], name="methodequivalence_unique")]

    def __str__(self) -> str:
        return f"{self.method_a} ≡ {self.method_b}"
