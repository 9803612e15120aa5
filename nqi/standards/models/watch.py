"""Watching standards and the notices their changes cause (glossary: watch, notice, executed standard).

A product's 执行标准 (free text on `enterprises.Product.standard_code`) is linked to catalog records
by normalised number (`ProductStandard`), so a change of a standard's status reaches every enterprise
whose products are made to it — 《产品质量法》第二十六条 requires products to meet the standards
they declare, and an enterprise must switch to the new edition when one is replaced.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.standards.choices import MatchedBy, NoticeKind, NoticeReason


class StandardWatch(models.Model):
    """A user's watch on a standard; for an enterprise user it is held for their enterprise too, so
    every member of that enterprise sees the notices."""

    standard = models.ForeignKey(
        "standards.Standard", verbose_name=_("标准"), on_delete=models.CASCADE, related_name="watches"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("关注人"), on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("代表企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="standard_watches",
    )
    created_at = models.DateTimeField(_("关注时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("标准关注")
        verbose_name_plural = _("标准关注")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["standard", "user"], name="standardwatch_unique")]

    def __str__(self) -> str:
        return f"{self.user} → {self.standard.canonical}"


class ProductStandard(models.Model):
    """The link from a product to a catalog standard it is made to."""

    product = models.ForeignKey(
        "enterprises.Product", verbose_name=_("产品"), on_delete=models.CASCADE, related_name="standard_links"
    )
    standard = models.ForeignKey(
        "standards.Standard", verbose_name=_("标准"), on_delete=models.CASCADE, related_name="product_links"
    )
    code_text = models.CharField(_("执行标准（原文）"), max_length=120)
    matched_by = models.CharField(_("匹配方式"), max_length=10, choices=MatchedBy.choices)
    created_at = models.DateTimeField(_("匹配时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("产品执行标准")
        verbose_name_plural = _("产品执行标准")
        ordering = ["product", "standard"]
        constraints = [models.UniqueConstraint(fields=["product", "standard"], name="productstandard_unique")]

    def __str__(self) -> str:
        return f"{self.product} → {self.code_text}"


class Notice(models.Model):
    """A message that a watched or executed standard changed; addressed to a user or an enterprise."""

    standard = models.ForeignKey(
        "standards.Standard", verbose_name=_("标准"), on_delete=models.CASCADE, related_name="notices"
    )
    successor = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("新标准"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("变更类型"), max_length=15, choices=NoticeKind.choices)
    reason = models.CharField(_("通知原因"), max_length=10, choices=NoticeReason.choices)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipient_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("接收企业"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="standard_notices",
    )
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"), blank=True)
    products = models.JSONField(_("涉及产品"), default=list, blank=True)
    effective_on = models.DateField(_("生效日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("通知时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准变更通知")
        verbose_name_plural = _("标准变更通知")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient_user", "-created_at"], name="notice_user_idx"),
            models.Index(fields=["recipient_enterprise", "-created_at"], name="notice_enterprise_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient_user__isnull=False)
                | models.Q(recipient_enterprise__isnull=False),
                name="notice_has_recipient",
            )
        ]

    def __str__(self) -> str:
        return self.title
