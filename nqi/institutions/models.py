"""Institutions (glossary: institution): labs, metrology institutes, certification bodies and others.

A testing lab or metrology institute issuing data to the public must hold a CMA certificate
(资质认定证书, 12-digit number) within its validity period (SAMR Order 39 第二条, 第十四条: six years).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel
from nqi.institutions.choices import InstitutionKind


class Institution(TimeStampedModel):
    kind = models.CharField(_("机构类型"), max_length=25, choices=InstitutionKind.choices, db_index=True)
    name = models.CharField(_("机构名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="institutions"
    )
    cma_number = models.CharField(_("CMA 证书编号"), max_length=12, blank=True)
    cma_valid_from = models.DateField(_("CMA 有效期自"), null=True, blank=True)
    cma_valid_until = models.DateField(_("CMA 有效期至"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    website = models.URLField(_("网站"), blank=True)
    scope_summary = models.TextField(_("业务范围"), blank=True)
    featured_industries = models.ManyToManyField(
        "industries.FeaturedIndustry",
        verbose_name=_("服务的特色产业"),
        blank=True,
        related_name="institutions",
    )
    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("平台组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="institution",
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("技术机构")
        verbose_name_plural = _("技术机构")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def cma_state(self) -> str:
        """valid / expiring (within 90 days) / expired / none."""
        if not self.cma_number or not self.cma_valid_until:
            return "none"
        today = timezone.localdate()
        if self.cma_valid_until < today:
            return "expired"
        if (self.cma_valid_until - today).days <= 90:
            return "expiring"
        return "valid"
