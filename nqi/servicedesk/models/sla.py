"""SLA clocks and the notices they raise (glossary: SLA clock, notice).

A clock counts working hours on the statutory calendar (《行政许可法》第八十二条: 期限以工作日计算，不含法定
节假日; 调休 days count) between a start and a stop, paused while the enterprise owes information. Once
breached it stays breached (Odoo Helpdesk's "stays red"), whatever happens after.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nqi.servicedesk.choices import ClockKind, EscalationLevel, NoticeKind


class SlaClock(models.Model):
    request = models.ForeignKey(
        "servicedesk.ServiceRequest",
        verbose_name=_("服务申请"),
        on_delete=models.CASCADE,
        related_name="clocks",
    )
    task = models.ForeignKey(
        "servicedesk.ServiceTask",
        verbose_name=_("服务任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="clocks",
    )
    kind = models.CharField(_("时限类型"), max_length=12, choices=ClockKind.choices)
    cycle = models.PositiveSmallIntegerField(_("轮次"), default=1)
    policy = models.ForeignKey(
        "servicedesk.SlaPolicy", verbose_name=_("时限标准"), on_delete=models.PROTECT, related_name="clocks"
    )
    target_seconds = models.PositiveIntegerField(_("时限（工作秒）"))
    started_at = models.DateTimeField(_("开始计时"))
    running_since = models.DateTimeField(_("本段计时起点"), null=True, blank=True)
    consumed_seconds = models.PositiveIntegerField(_("已用工作秒（不含本段）"), default=0)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("到期时间"), null=True, blank=True, db_index=True)
    stopped_at = models.DateTimeField(_("停止计时"), null=True, blank=True)
    breached_at = models.DateTimeField(_("超时时间"), null=True, blank=True)
    cancelled = models.BooleanField(
        _("已撤销"),
        default=False,
        help_text=_("申请撤回或任务取消：未超时的不计入达标率，已超时的仍计超时。"),
    )
    escalation_level = models.PositiveSmallIntegerField(
        _("预警级别"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )

    class Meta:
        verbose_name = _("时限计时")
        verbose_name_plural = _("时限计时")
        ordering = ["request", "task", "kind", "cycle"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "cycle"],
                condition=Q(task__isnull=True),
                name="slaclock_request_unique",
            ),
            models.UniqueConstraint(
                fields=["task", "kind", "cycle"], condition=Q(task__isnull=False), name="slaclock_task_unique"
            ),
        ]
        indexes = [models.Index(fields=["stopped_at", "due_at"], name="slaclock_running_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.request_id}/{self.task_id or '-'}"

    @property
    def is_running(self) -> bool:
        return self.running_since is not None and self.stopped_at is None

    @property
    def is_paused(self) -> bool:
        return self.stopped_at is None and self.running_since is None

    @property
    def met(self) -> bool | None:
        """True when stopped in time, False once breached, None while still open and not breached."""
        if self.breached_at is not None:
            return False
        return True if self.stopped_at is not None else None


class Notice(models.Model):
    """A message to one user: an SLA warning or escalation, or news about their request or task."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=NoticeKind.choices)
    request = models.ForeignKey(
        "servicedesk.ServiceRequest",
        verbose_name=_("服务申请"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    clock = models.ForeignKey(
        SlaClock,
        verbose_name=_("时限计时"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notices",
    )
    message = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_recipient_idx")]

    def __str__(self) -> str:
        return self.message[:60]
