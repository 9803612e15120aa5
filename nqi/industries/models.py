"""Industries (glossary: industry, featured industry).

`Industry` is one node of 国民经济行业分类 GB/T 4754—2017 (门类 letter, 大类 2 digits, 中类 3, 小类 4).
`FeaturedIndustry` is a county's 特色产业 / 块状经济 — the unit the bureau's 一县一业一策 and
产业提升 work is organised by — linked to the GB/T 4754 codes it spans, with its sources.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel


class Industry(models.Model):
    code = models.CharField(_("行业代码"), max_length=5, primary_key=True)
    name = models.CharField(_("名称"), max_length=120)
    level = models.PositiveSmallIntegerField(_("层级"), help_text=_("1 门类，2 大类，3 中类，4 小类"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    section = models.CharField(_("门类"), max_length=1, db_index=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["section", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FeaturedIndustry(TimeStampedModel):
    key = models.CharField(_("编号"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在区县"),
        on_delete=models.PROTECT,
        related_name="featured_industries",
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("国民经济行业"), related_name="featured_industries"
    )
    main_products = models.CharField(_("主要产品"), max_length=300, blank=True)
    leading_enterprises = models.CharField(_("龙头企业"), max_length=300, blank=True)
    scale_figures = models.CharField(_("规模数据"), max_length=300, blank=True)
    scale_year = models.CharField(_("数据年份"), max_length=20, blank=True)
    programme_refs = models.TextField(_("相关工作"), blank=True)
    source_urls = models.TextField(_("来源"), blank=True)
    confidence = models.CharField(_("可信度"), max_length=10, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("特色产业")
        verbose_name_plural = _("特色产业")
        ordering = ["region", "key"]

    def __str__(self) -> str:
        return f"{self.region.name}·{self.short_name}"

    @property
    def short_name(self) -> str:
        """The name without its parenthesised detail: 木业家具（家具及竹木制品） → 木业家具."""
        return self.name.split("（")[0].split("(")[0]
