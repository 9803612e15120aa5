"""Service requests and the sub-tasks the window routes them into (glossary: service request, task).

One window accepts every request (一个窗口统一受理); a request may need several providers, so the window
splits it into one task per (item, provider). The request closes when every task is done.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel, WorkflowRecord
from nqi.servicedesk.choices import Channel, Priority, RequestStatus, TaskStatus


class ServiceRequest(TimeStampedModel, WorkflowRecord):
    number = models.CharField(_("申请编号"), max_length=20, unique=True, null=True, blank=True)
    platform = models.ForeignKey(
        "servicedesk.Platform", verbose_name=_("平台"), on_delete=models.PROTECT, related_name="requests"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    items = models.ManyToManyField(
        "servicedesk.ServiceItem", verbose_name=_("服务事项"), related_name="requests"
    )
    documents = models.ManyToManyField(
        "servicedesk.EnterpriseDocument",
        verbose_name=_("申请材料"),
        through="servicedesk.RequestDocument",
        related_name="requests",
    )
    channel = models.CharField(_("受理渠道"), max_length=15, choices=Channel.choices, db_index=True)
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(
        _("状态"),
        max_length=15,
        choices=RequestStatus.choices,
        default=RequestStatus.SUBMITTED,
        db_index=True,
    )
    title = models.CharField(_("需求概述"), max_length=200)
    description = models.TextField(_("需求描述"), blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, db_index=True)
    return_reason = models.TextField(_("退回原因"), blank=True)

    class Meta:
        verbose_name = _("服务申请")
        verbose_name_plural = _("服务申请")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["platform", "status"], name="servicerequest_platform_idx"),
            models.Index(fields=["enterprise", "submitted_at"], name="servicerequest_ent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.title}"


class RequestDocument(models.Model):
    """A library document used by one request; `reused` when it was on file before the request (once-only)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="document_links")
    document = models.ForeignKey(
        "servicedesk.EnterpriseDocument", on_delete=models.PROTECT, related_name="request_links"
    )
    reused = models.BooleanField(_("复用已有材料"), default=False)

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["request", "document"]
        constraints = [models.UniqueConstraint(fields=["request", "document"], name="requestdocument_unique")]

    def __str__(self) -> str:
        return f"{self.request_id}:{self.document_id}"


class ServiceTask(TimeStampedModel, WorkflowRecord):
    """The part of a request one provider does for one catalog item."""

    request = models.ForeignKey(
        ServiceRequest, verbose_name=_("服务申请"), on_delete=models.CASCADE, related_name="tasks"
    )
    item = models.ForeignKey(
        "servicedesk.ServiceItem", verbose_name=_("服务事项"), on_delete=models.PROTECT, related_name="tasks"
    )
    provider = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("服务机构"),
        on_delete=models.PROTECT,
        related_name="service_tasks",
    )
    status = models.CharField(
        _("状态"), max_length=15, choices=TaskStatus.choices, default=TaskStatus.ROUTED, db_index=True
    )
    note = models.CharField(_("分派说明"), max_length=300, blank=True)
    routed_at = models.DateTimeField(_("分派时间"))
    accepted_at = models.DateTimeField(_("接单时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("交付时间"), null=True, blank=True)
    info_request = models.TextField(_("需补充的信息"), blank=True)
    result_summary = models.TextField(_("办理结果"), blank=True)
    report_numbers = models.JSONField(_("报告/证书编号"), default=list, blank=True)

    class Meta:
        verbose_name = _("服务任务")
        verbose_name_plural = _("服务任务")
        ordering = ["request", "id"]
        indexes = [models.Index(fields=["provider", "status"], name="servicetask_provider_idx")]

    def __str__(self) -> str:
        return f"{self.request.number or self.request_id} · {self.item} · {self.provider}"
