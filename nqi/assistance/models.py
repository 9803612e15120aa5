"""Quality housekeepers, their "双管家" pairings with enterprises, visits and the problems found and solved.

"双管家" (Jiaxing): a 质量管理 housekeeper inside the firm (usually its chief quality officer) paired with a
质量技术 housekeeper from outside (an expert of a testing or standards institution), DOMAIN.md §11b.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nqi.assistance.choices import ProblemStatus, VisitKind
from nqi.core.models import TimeStampedModel, WorkflowRecord
from nqi.servicedesk.choices import ServiceDomain


class Housekeeper(TimeStampedModel):
    """An external quality housekeeper: an expert user of the expert panel, with domains, industries, regions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.PROTECT, related_name="housekeeper"
    )
    employer = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("所在机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="housekeepers",
    )
    title = models.CharField(_("职称"), max_length=60, blank=True)
    domains = models.JSONField(_("专业领域"), default=list)
    industries = models.ManyToManyField(
        "industries.FeaturedIndustry",
        verbose_name=_("熟悉的特色产业"),
        blank=True,
        related_name="housekeepers",
    )
    regions = models.ManyToManyField(
        "regions.Region", verbose_name=_("服务区域"), blank=True, related_name="+"
    )
    appointed_on = models.DateField(_("聘任日期"), db_index=True)
    is_active = models.BooleanField(_("在聘"), default=True)

    class Meta:
        verbose_name = _("质量管家")
        verbose_name_plural = _("质量管家")
        ordering = ["-appointed_on", "pk"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def domain_labels(self) -> list:
        return [ServiceDomain(d).label for d in self.domains if d in ServiceDomain.values]


class Pairing(TimeStampedModel):
    """双管家: the enterprise's internal quality manager paired with one external housekeeper."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="housekeeper_pairings",
    )
    housekeeper = models.ForeignKey(
        Housekeeper, verbose_name=_("外部质量管家"), on_delete=models.PROTECT, related_name="pairings"
    )
    internal_name = models.CharField(_("企业内部质量管家"), max_length=60)
    internal_title = models.CharField(_("内部管家职务"), max_length=60, blank=True)
    internal_phone = models.CharField(_("内部管家电话"), max_length=20, blank=True)
    started_on = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("双管家结对")
        verbose_name_plural = _("双管家结对")
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(ended_on__isnull=True), name="pairing_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.internal_name} + {self.housekeeper}"


class Visit(TimeStampedModel):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="housekeeper_visits",
    )
    kind = models.CharField(_("服务类型"), max_length=10, choices=VisitKind.choices, db_index=True)
    visited_on = models.DateField(_("日期"), db_index=True)
    lead = models.ForeignKey(
        Housekeeper, verbose_name=_("带队管家"), on_delete=models.PROTECT, related_name="led_visits"
    )
    housekeepers = models.ManyToManyField(Housekeeper, verbose_name=_("参加的管家"), related_name="visits")
    enterprise_participants = models.CharField(_("企业参加人员"), max_length=300, blank=True)
    findings = models.TextField(_("发现与建议"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("走访服务")
        verbose_name_plural = _("走访服务")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.get_kind_display()} {self.enterprise}"


class Problem(TimeStampedModel, WorkflowRecord):
    """A quality problem found at an enterprise, open until solved (solution and date) or dropped."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="quality_problems",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("发现于走访"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    domain = models.CharField(_("领域"), max_length=20, choices=ServiceDomain.choices, db_index=True)
    description = models.TextField(_("问题描述"))
    found_on = models.DateField(_("发现日期"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    solution = models.TextField(_("解决措施"), blank=True)
    solved_on = models.DateField(_("解决日期"), null=True, blank=True, db_index=True)
    service_request = models.ForeignKey(
        "servicedesk.ServiceRequest",
        verbose_name=_("关联服务申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quality_problems",
    )

    class Meta:
        verbose_name = _("质量问题")
        verbose_name_plural = _("质量问题")
        ordering = ["-found_on", "-pk"]

    def __str__(self) -> str:
        return self.description[:40]
