"""After a request closes: the enterprise's satisfaction rating and the 12-month follow-up survey.

The follow-up measures impact instead of assuming it (DB33/T 2428—2022 评价与改进): was the problem solved,
and what did the enterprise gain (sales, certifications, standards).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.Model):
    request = models.OneToOneField(
        "servicedesk.ServiceRequest",
        verbose_name=_("服务申请"),
        on_delete=models.CASCADE,
        related_name="rating",
    )
    score = models.PositiveSmallIntegerField(
        _("满意度（1–5）"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("评价"), blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("满意度评价")
        verbose_name_plural = _("满意度评价")
        ordering = ["-rated_at"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.score}"


class FollowUp(models.Model):
    request = models.OneToOneField(
        "servicedesk.ServiceRequest",
        verbose_name=_("服务申请"),
        on_delete=models.CASCADE,
        related_name="followup",
    )
    due_on = models.DateField(_("回访日期"), db_index=True)
    answered_at = models.DateTimeField(_("回访完成时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    problem_solved = models.BooleanField(_("问题已解决"), null=True)
    sales_gain = models.DecimalField(
        _("新增销售额（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    certifications_gained = models.PositiveSmallIntegerField(_("新获认证（项）"), default=0)
    standards_gained = models.PositiveSmallIntegerField(_("新制修订标准（项）"), default=0)
    note = models.TextField(_("回访记录"), blank=True)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.request_id} @ {self.due_on}"

    @property
    def is_open(self) -> bool:
        """Answerable: not yet answered, and no earlier than a month before it falls due."""
        import datetime as dt

        from django.utils import timezone

        return self.answered_at is None and timezone.localdate() >= self.due_on - dt.timedelta(days=30)
