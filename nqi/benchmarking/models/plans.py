"""Improvement plans and evidence of a comparison (glossary: improvement item, test report).

Each gap (a key or other indicator below the benchmark) becomes improvement items with an owner and a
due date; an item is done when its completion date is set. Evidence is a test report, given by report
number and laboratory and optionally uploaded (PDF or image, validated by content and size, stored
through Django storage so every app server sees it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel


class ImprovementItem(TimeStampedModel):
    comparison = models.ForeignKey(
        "benchmarking.Comparison", verbose_name=_("对标"), on_delete=models.CASCADE, related_name="plan_items"
    )
    quantity = models.CharField(_("指标（量）"), max_length=60, blank=True)
    indicator_name = models.CharField(_("差距指标"), max_length=200)
    target = models.CharField(_("目标值"), max_length=120, blank=True)
    action = models.TextField(_("提升措施"))
    owner_name = models.CharField(_("责任人"), max_length=60)
    due_on = models.DateField(_("计划完成日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("提升措施")
        verbose_name_plural = _("提升措施")
        ordering = ["comparison", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.indicator_name}: {self.action[:40]}"


def report_upload_to(instance, filename: str) -> str:
    """Stored under the comparison, with a random name: the original name is kept in `file_name`."""
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"benchmarking/reports/{instance.comparison_id}/{uuid.uuid4().hex}.{suffix}"


class TestReport(TimeStampedModel):
    __test__ = False  # a domain term, not a pytest class

    comparison = models.ForeignKey(
        "benchmarking.Comparison", verbose_name=_("对标"), on_delete=models.CASCADE, related_name="reports"
    )
    report_number = models.CharField(_("报告编号"), max_length=60)
    lab_name = models.CharField(_("检测机构"), max_length=200)
    issued_on = models.DateField(_("签发日期"), null=True, blank=True)
    file = models.FileField(_("报告文件"), upload_to=report_upload_to, blank=True)
    file_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=60, blank=True)
    size = models.PositiveIntegerField(_("文件大小（字节）"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("检测报告")
        verbose_name_plural = _("检测报告")
        ordering = ["comparison", "-issued_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["comparison", "report_number"], name="testreport_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.report_number} {self.lab_name}"
