"""Forerunner rankings (企业标准"领跑者" 单指标排行榜; glossary: ranking list, forerunner).

One list per year, product category and core indicator, built from the declared comparisons of that
category: each entry is a declared enterprise standard with its value for the indicator and its tier
(None when it is below the national/industry requirement). A list is public once `published_at` is set;
an unpublished reason ("all_equal", "too_few") is kept when the rules forbid a ranking. The tier count
and the policy version used are stored with the list.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.choices import Direction
from nqi.core.models import TimeStampedModel


class RankingList(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("年度"))
    category = models.CharField(_("产品类别"), max_length=100)
    quantity = models.CharField(_("核心指标（量）"), max_length=60)
    indicator_name = models.CharField(_("核心指标"), max_length=200)
    unit = models.CharField(_("单位"), max_length=40, blank=True)
    direction = models.CharField(_("要求方向"), max_length=5, choices=Direction.choices)
    requirement_text = models.CharField(_("国家/行业标准要求"), max_length=120, blank=True)
    requirement_source = models.CharField(_("要求出处"), max_length=160, blank=True)
    tiers = models.PositiveSmallIntegerField(_("档数"), default=3)
    policy_version = models.PositiveIntegerField(_("分档规则版本"), default=0)
    unpublished_reason = models.CharField(_("不发布原因"), max_length=20, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编制人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("领跑者排行榜")
        verbose_name_plural = _("领跑者排行榜")
        ordering = ["-year", "category", "quantity"]
        constraints = [
            models.UniqueConstraint(fields=["year", "category", "quantity"], name="rankinglist_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.category} {self.indicator_name}"


class RankingEntry(models.Model):
    ranking = models.ForeignKey(
        RankingList, verbose_name=_("排行榜"), on_delete=models.CASCADE, related_name="entries"
    )
    comparison = models.ForeignKey(
        "benchmarking.Comparison",
        verbose_name=_("对标"),
        on_delete=models.CASCADE,
        related_name="ranking_entries",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="ranking_entries",
    )
    standard_number = models.CharField(_("企业标准"), max_length=120)
    value_text = models.CharField(_("指标值"), max_length=60)
    tier = models.PositiveSmallIntegerField(_("档次"), null=True, blank=True)
    is_forerunner = models.BooleanField(_("领跑者"), default=False, db_index=True)

    class Meta:
        verbose_name = _("排行榜条目")
        verbose_name_plural = _("排行榜条目")
        ordering = ["ranking", "tier", "enterprise__name"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.value_text} T{self.tier}"
