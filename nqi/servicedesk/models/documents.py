"""The enterprise document library (once-only) and files attached to requests and tasks.

Once-only principle (EU Regulation 2018/1724 art. 14; 浙江"最多跑一次" 材料不重复提交): a document an
enterprise has given the platform is stored once in its library and reused by every later request that
requires that kind, until it expires or is replaced.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel
from nqi.servicedesk.choices import AttachmentPurpose, DocumentKind


class EnterpriseDocument(TimeStampedModel):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("材料类型"), max_length=30, choices=DocumentKind.choices, db_index=True)
    title = models.CharField(_("材料名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="servicedesk/documents/%Y/%m/", max_length=300)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("已被替换为"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("企业材料")
        verbose_name_plural = _("企业材料")
        ordering = ["enterprise", "kind", "-created_at"]
        indexes = [models.Index(fields=["enterprise", "kind"], name="entdoc_enterprise_kind_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        """Reusable: not replaced and not expired."""
        return self.replaced_by_id is None and (
            self.valid_until is None or self.valid_until >= timezone.localdate()
        )


class Attachment(TimeStampedModel):
    """A file a provider delivers as a result, or the enterprise gives when asked for information."""

    request = models.ForeignKey(
        "servicedesk.ServiceRequest",
        verbose_name=_("服务申请"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    task = models.ForeignKey(
        "servicedesk.ServiceTask",
        verbose_name=_("服务任务"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    purpose = models.CharField(_("用途"), max_length=10, choices=AttachmentPurpose.choices)
    name = models.CharField(_("文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to="servicedesk/attachments/%Y/%m/", max_length=300)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["request", "id"]

    def __str__(self) -> str:
        return self.name
