"""Enterprises and their products (glossary: enterprise, product).

An enterprise is identified by its 统一社会信用代码 (GB 32100—2015). Its registered region is derived
from USCC positions 3–8 when that division exists in the region tree and may be overridden (e.g. a firm
registered at city level but located in a district), which is recorded in `region_overridden`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel
from nqi.enterprises.choices import EnterpriseScale, EnterpriseStatus, ProductStatus


class Enterprise(TimeStampedModel):
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="enterprises"
    )
    region_overridden = models.BooleanField(_("区域人工指定"), default=False)
    industry = models.ForeignKey(
        "industries.Industry",
        verbose_name=_("国民经济行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    featured_industry = models.ForeignKey(
        "industries.FeaturedIndustry",
        verbose_name=_("特色产业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
    )
    scale = models.CharField(_("企业规模"), max_length=10, choices=EnterpriseScale.choices, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    address = models.CharField(_("住所"), max_length=300, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    status = models.CharField(
        _("登记状态"), max_length=15, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE
    )
    organization = models.OneToOneField(
        "accounts.Organization",
        verbose_name=_("平台组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprise",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["name"]
        indexes = [models.Index(fields=["region", "name"], name="enterprise_region_name_idx")]

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("生产企业"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("产品名称"), max_length=200)
    brand = models.CharField(_("品牌"), max_length=100, blank=True)
    model = models.CharField(_("型号规格"), max_length=100, blank=True)
    category = models.CharField(_("产品类别"), max_length=100, blank=True)
    standard_code = models.CharField(
        _("执行标准"), max_length=120, blank=True, help_text=_("如 GB 18580—2017、Q/JXJX 001—2024")
    )
    status = models.CharField(
        _("状态"), max_length=15, choices=ProductStatus.choices, default=ProductStatus.IN_PRODUCTION
    )

    class Meta:
        verbose_name = _("产品")
        verbose_name_plural = _("产品")
        ordering = ["enterprise", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.model}".strip()
