"""Enterprises and their products (glossary: enterprise, product).

An enterprise is identified by its 统一社会信用代码 (GB 32100—2015). Its registered region is derived
from USCC positions 3–8 when that division exists in the region tree and may be overridden (e.g. a firm
registered at city level but located in a district), which is recorded in `region_overridden`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel, WorkflowRecord
from nqi.enterprises.choices import EnterpriseScale, EnterpriseStatus, ProductStatus
from nqi.enterprises.workflow import EnterpriseClaimStatus


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


class EnterpriseClaimPolicy(TimeStampedModel):
    """A versioned, effective-dated setting of the enterprise-claim verification deadline.

    The row with the latest `effective_from` on or before a day governs claims submitted that day; with
    no row, the shipped default applies (`claim_selectors.SHIPPED_CLAIM_POLICY`, version 0). Every claim
    stores the version and the number of working days it was given.
    """

    version = models.PositiveIntegerField(_("版本"), unique=True)
    effective_from = models.DateField(_("生效日期"))
    verification_working_days = models.PositiveSmallIntegerField(_("核验时限（工作日）"))
    basis = models.CharField(_("依据"), max_length=300)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("设定人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("企业认领时限政策")
        verbose_name_plural = _("企业认领时限政策")
        ordering = ["-effective_from", "-version"]

    def __str__(self) -> str:
        return f"v{self.version} {self.effective_from} {self.verification_working_days}"


class EnterpriseClaim(TimeStampedModel, WorkflowRecord):
    """An enterprise user's request to manage an enterprise on the platform (glossary: enterprise claim).

    Status changes only through `claims.enterpriseclaim_transition` (table in `workflow.py`). A claimant
    may hold at most one open claim per enterprise. `organization` is the platform organization that was
    linked to the enterprise when the claim was approved.
    """

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("认领企业"), on_delete=models.PROTECT, related_name="claims"
    )
    claimant = models.ForeignKey(
        "accounts.User", verbose_name=_("申请人账号"), on_delete=models.PROTECT, related_name="+"
    )
    applicant_name = models.CharField(_("申请人姓名"), max_length=60)
    applicant_position = models.CharField(_("职务"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20)
    statement = models.TextField(_("申请说明"), blank=True)
    status = models.CharField(
        _("状态"),
        max_length=15,
        choices=EnterpriseClaimStatus.choices,
        default=EnterpriseClaimStatus.SUBMITTED,
        db_index=True,
    )
    policy_version = models.PositiveIntegerField(_("时限政策版本"), default=0)
    deadline_working_days = models.PositiveSmallIntegerField(_("核验时限（工作日）"))
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("关联平台组织"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("核验人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    decision_comment = models.TextField(_("核验意见"), blank=True)

    class Meta:
        verbose_name = _("企业认领申请")
        verbose_name_plural = _("企业认领申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "claimant"],
                condition=models.Q(status="submitted"),
                name="enterpriseclaim_one_open_per_claimant",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="enterpriseclaim_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.applicant_name} → {self.enterprise}"
