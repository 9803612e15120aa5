"""One-stop platforms, their staff, their service catalogs and the SLA policy (glossary: platform, service item).

A platform is shared by one featured industry (一个平台产业共享) and run by a host institution; the
participating institutions are the providers its window may route work to (DB33/T 2428—2022 建、管、服、评).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel
from nqi.servicedesk.choices import DocumentKind, Priority, ServiceDomain, StaffRole


class Platform(TimeStampedModel):
    code = models.CharField(_("平台编号"), max_length=20, unique=True)
    name = models.CharField(_("平台名称"), max_length=200)
    featured_industry = models.ForeignKey(
        "industries.FeaturedIndustry",
        verbose_name=_("服务的特色产业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="platforms",
    )
    host = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("运营单位"),
        on_delete=models.PROTECT,
        related_name="hosted_platforms",
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="+"
    )
    regions_served = models.ManyToManyField(
        "regions.Region", verbose_name=_("服务区域"), blank=True, related_name="served_by_platforms"
    )
    participants = models.ManyToManyField(
        "institutions.Institution",
        verbose_name=_("入驻机构"),
        blank=True,
        related_name="platforms",
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    opening_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("服务电话"), max_length=30, blank=True)
    description = models.TextField(_("简介"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("一站式服务平台")
        verbose_name_plural = _("一站式服务平台")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PlatformStaff(TimeStampedModel):
    """A person working a platform: window clerks accept and route, the manager answers escalations."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="platform_roles",
    )
    role = models.CharField(_("岗位"), max_length=10, choices=StaffRole.choices)
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("平台人员")
        verbose_name_plural = _("平台人员")
        ordering = ["platform", "role", "user"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "user", "role"], name="platformstaff_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.platform} ({self.get_role_display()})"


class ServiceItem(TimeStampedModel):
    """One entry of a platform's service package (一揽子服务): what it is, who provides it, what it costs.

    Fee-bearing services are charged by the providing institution, never by the window (DB3209/T 1218—2022);
    `required_documents` lists DocumentKind values the enterprise must have given the platform.
    """

    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("事项编号"), max_length=30)
    domain = models.CharField(_("服务领域"), max_length=20, choices=ServiceDomain.choices, db_index=True)
    name = models.CharField(_("服务事项"), max_length=200)
    description = models.TextField(_("服务内容"), blank=True)
    providers = models.ManyToManyField(
        "institutions.Institution", verbose_name=_("服务机构"), related_name="service_items"
    )
    is_free = models.BooleanField(_("免费"), default=True)
    fee_note = models.CharField(_("收费说明"), max_length=200, blank=True)
    promised_working_days = models.PositiveSmallIntegerField(_("承诺时限（工作日）"))
    required_documents = models.JSONField(_("所需材料"), default=list, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        ordering = ["platform", "domain", "code"]
        constraints = [models.UniqueConstraint(fields=["platform", "code"], name="serviceitem_unique_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def required_labels(self) -> list:
        return [DocumentKind(k).label for k in self.required_documents or [] if k in DocumentKind.values]


class SlaPolicy(models.Model):
    """Response and resolution targets per priority (and optionally per item), in working hours.

    Versioned and effective-dated: a clock stores the row it was started under, so a later policy never
    rewrites past compliance. A row without an item is the default for its priority; resolution defaults
    to the item's promised working days × the working hours of a day × `resolution_factor`.
    """

    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("服务事项"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sla_policies",
    )
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices)
    version = models.PositiveIntegerField(_("版本"))
    effective_from = models.DateTimeField(_("生效时间"))
    response_hours = models.DecimalField(_("响应时限（工作小时）"), max_digits=6, decimal_places=2)
    resolution_hours = models.DecimalField(
        _("办结时限（工作小时）"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    resolution_factor = models.DecimalField(_("办结时限系数"), max_digits=4, decimal_places=2, default=1)
    warn_percent = models.PositiveSmallIntegerField(_("预警阈值（%）"), default=80)
    bureau_percent = models.PositiveSmallIntegerField(_("上报监管部门阈值（%）"), default=150)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("时限标准")
        verbose_name_plural = _("时限标准")
        ordering = ["priority", "item", "-effective_from"]
        constraints = [models.UniqueConstraint(fields=["version"], name="slapolicy_unique_version")]

    def __str__(self) -> str:
        return f"v{self.version} {self.get_priority_display()} {self.item or _('默认')}"
