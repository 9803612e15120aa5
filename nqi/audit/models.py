"""AuditEvent: one business write, who did it, on what, before and after (glossary: audit event).

Events are append-only and hash-chained: each carries the SHA-256 of its own content and of the event
before it, and `AuditChainHead` keeps the last link, so `nqi audit verify` finds an edited, inserted or
deleted row (including the newest one). 《网络安全法》第二十一条 requires logs kept ≥ 6 months;
《数据安全法》第二十七条 requires traceability of data processing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人名称"), max_length=150)
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("操作人所属组织"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event_type = models.CharField(_("事件类型"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_label = models.CharField(_("对象"), max_length=255, blank=True)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    data = models.JSONField(_("附加数据"), null=True, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=45, blank=True)
    prev_hash = models.CharField(_("前一事件哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit events are append-only")


class AuditChainHead(models.Model):
    """The newest link of the chain (a single row); lets verify detect a deleted tail."""

    last_event_id = models.BigIntegerField(_("最新事件"), default=0)
    last_hash = models.CharField(_("最新哈希"), max_length=64, default="0" * 64)
    length = models.BigIntegerField(_("链长"), default=0)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"head #{self.last_event_id}"
