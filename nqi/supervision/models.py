"""Graded and classified product-quality supervision (分级分类监管; Jiaxing local standard DB3304/T 055).

Products are graded 高/中/低 by risk, enterprises classed AA/A/B/C from three years of facts, counties
coloured by their share of C-class enterprises, and a product-risk × enterprise-class matrix chooses the
supervision mode. Every number that tunes these rules lives in a versioned, effective-dated `Policy` row;
every grade keeps the policy version it used, and each factor's contribution, so a grade can be explained.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel
from nqi.supervision.choices import (
    CountyColour,
    CreditClass,
    EnterpriseClass,
    GradingRunStatus,
    GradingTrigger,
    PolicyDomain,
    QualityEventKind,
    RiskLevel,
    RiskSignalKind,
    SupervisionMode,
    VulnerableGroup,
)


class Policy(TimeStampedModel):
    """One version of the tunable rules of a domain, in force from `effective_from` until a later version.

    `params` holds weights, thresholds and matrices; `sources` says for each key where the value comes
    from (a clause of DB3304/T 055, a SAMR order, or "INF" when it is this platform's inference).
    """

    domain = models.CharField(_("适用领域"), max_length=20, choices=PolicyDomain.choices)
    version = models.PositiveIntegerField(_("版本号"))
    effective_from = models.DateField(_("生效日期"))
    params = models.JSONField(_("参数"))
    sources = models.JSONField(_("依据"), default=dict, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("监管策略")
        verbose_name_plural = _("监管策略")
        ordering = ["domain", "-effective_from", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "version"], name="policy_domain_version_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()} v{self.version}"


class ProductCategory(TimeStampedModel):
    """A product of the spot-check catalogue (产品循环池) with its inherent risk factors.

    `risk_level` / `risk_score` mirror the latest ProductRiskGrade so enterprise grading can join them.
    """

    code = models.CharField(_("产品编码"), max_length=20, unique=True)
    group = models.CharField(_("产品大类"), max_length=40, db_index=True)
    name = models.CharField(_("产品名称"), max_length=80)
    name_en = models.CharField(_("英文名称"), max_length=120, blank=True)
    test_items = models.JSONField(_("检验项目"), default=list)
    reference_standards = models.TextField(_("依据标准"), blank=True)
    risk_notes = models.TextField(_("风险提示"), blank=True)
    jiaxing_relevance = models.CharField(_("嘉兴相关产业"), max_length=200, blank=True)
    hazard_severity = models.PositiveSmallIntegerField(
        _("固有危害严重度"), help_text=_("1 轻微 … 4 严重/致命")
    )
    vulnerable_group = models.CharField(
        _("敏感人群"), max_length=10, choices=VulnerableGroup.choices, default=VulnerableGroup.NONE
    )
    keywords = models.JSONField(_("产品名称关键词"), default=list, blank=True)
    source_url = models.TextField(_("来源"), blank=True)
    confidence = models.CharField(_("可信度"), max_length=10, blank=True)
    risk_level = models.CharField(_("当前风险等级"), max_length=10, choices=RiskLevel.choices, blank=True)
    risk_score = models.FloatField(_("当前风险分"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽查产品目录")
        verbose_name_plural = _("抽查产品目录")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class RiskSignal(TimeStampedModel):
    """Complaints, recalls and domestic/foreign alerts about a product category (产品分级的质量数据)."""

    category = models.ForeignKey(
        ProductCategory, verbose_name=_("产品"), on_delete=models.CASCADE, related_name="signals"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=RiskSignalKind.choices)
    occurred_on = models.DateField(_("日期"))
    count = models.PositiveIntegerField(_("数量"), default=1)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("产品风险信号")
        verbose_name_plural = _("产品风险信号")
        ordering = ["category", "-occurred_on"]


class GradingRun(models.Model):
    """One regrade: the whole city (a job) or one enterprise after an event; its progress and outcome."""

    trigger = models.CharField(_("触发方式"), max_length=10, choices=GradingTrigger.choices)
    status = models.CharField(
        _("状态"), max_length=10, choices=GradingRunStatus.choices, default=GradingRunStatus.RUNNING
    )
    policy = models.ForeignKey(Policy, verbose_name=_("策略版本"), on_delete=models.PROTECT, related_name="+")
    as_of = models.DateField(_("评定基准日"))
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("发起人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    total = models.PositiveIntegerField(_("企业数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    changed = models.PositiveIntegerField(_("类别变化数"), default=0)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("分级评定批次")
        verbose_name_plural = _("分级评定批次")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} #{self.pk}"


class ProductRiskGrade(models.Model):
    """A product category's risk grade from one run, with each factor's points (score out of 100)."""

    run = models.ForeignKey(
        GradingRun, verbose_name=_("评定批次"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("产品"), on_delete=models.CASCADE, related_name="grades"
    )
    policy = models.ForeignKey(Policy, verbose_name=_("策略版本"), on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("风险等级"), max_length=10, choices=RiskLevel.choices)
    score = models.FloatField(_("风险分"))
    factors = models.JSONField(_("因子得分"), help_text=_("{因子: {value, points}}"))
    graded_at = models.DateTimeField(_("评定时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("产品风险等级")
        verbose_name_plural = _("产品风险等级")
        ordering = ["category", "-id"]

    def __str__(self) -> str:
        return f"{self.category_id} {self.level} {self.score}"


class CreditRating(TimeStampedModel):
    """The enterprise's current credit-risk class from the credit publicity system (国市监信发〔2022〕6号)."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.CASCADE,
        related_name="credit_rating",
    )
    credit_class = models.CharField(_("信用风险分类"), max_length=1, choices=CreditClass.choices)
    rated_on = models.DateField(_("分类日期"))
    source = models.CharField(_("来源"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("信用风险分类")
        verbose_name_plural = _("信用风险分类")
        ordering = ["enterprise"]


class EnterpriseCategory(models.Model):
    """The enterprise makes products of this catalogue category: the candidate register of 双随机 draws."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("产品"), on_delete=models.CASCADE, related_name="producers"
    )
    product = models.ForeignKey(
        "enterprises.Product", verbose_name=_("企业产品"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("企业产品归类")
        verbose_name_plural = _("企业产品归类")
        ordering = ["enterprise", "category"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "category"], name="enterprisecategory_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id}:{self.category_id}"


class QualityEvent(TimeStampedModel):
    """A dated quality fact about an enterprise (spot-check result, recall, complaint, certificate, programme).

    `source_ref` makes recording idempotent (e.g. "spotchecks.task:42"); a voided event (a failure
    overturned on re-test) stays for the record but no longer counts.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("产品"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=QualityEventKind.choices)
    occurred_on = models.DateField(_("日期"))
    summary = models.CharField(_("摘要"), max_length=200, blank=True)
    source_ref = models.CharField(_("来源编号"), max_length=80, blank=True)
    is_void = models.BooleanField(_("已撤销"), default=False)

    class Meta:
        verbose_name = _("质量事件")
        verbose_name_plural = _("质量事件")
        ordering = ["enterprise", "-occurred_on"]
        indexes = [
            models.Index(fields=["occurred_on", "enterprise"], name="qualityevent_date_ent_idx"),
            models.Index(fields=["enterprise", "occurred_on"], name="qualityevent_ent_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_ref", "kind"],
                condition=~models.Q(source_ref=""),
                name="qualityevent_source_uniq",
            )
        ]


class EnterpriseGrade(models.Model):
    """An enterprise's current class, supervision mode and the points each factor contributed.

    One row per enterprise, replaced by every regrade; class changes are kept in EnterpriseGradeChange.
    """

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="grade"
    )
    # Run, policy and county are written only by the regrade engine from rows it has just read, so they
    # carry no database constraint or index of their own: on PostgreSQL each deferred FK check costs the
    # 200,000-row city regrade seconds at commit. Grades are read by enterprise and by county (the
    # composite index below).
    run = models.ForeignKey(
        GradingRun,
        verbose_name=_("评定批次"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("策略版本"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    county = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在区县"),
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    grade_class = models.CharField(_("企业分类"), max_length=2, choices=EnterpriseClass.choices)
    mode = models.CharField(_("监管方式"), max_length=15, choices=SupervisionMode.choices)
    max_product_risk = models.CharField(_("最高产品风险"), max_length=10, choices=RiskLevel.choices)
    score = models.FloatField(_("综合得分"))
    credit_class = models.CharField(_("信用风险分类"), max_length=1, blank=True)
    failures = models.PositiveIntegerField(_("抽查不合格（3年）"), default=0)
    passes = models.PositiveIntegerField(_("抽查合格（3年）"), default=0)
    recalls = models.PositiveIntegerField(_("召回（3年）"), default=0)
    complaints = models.PositiveIntegerField(_("投诉（3年）"), default=0)
    certifications = models.PositiveIntegerField(_("认证"), default=0)
    programmes = models.PositiveIntegerField(_("质量提升项目"), default=0)
    spotcheck_points = models.FloatField(_("抽查得分"), default=0)
    recall_points = models.FloatField(_("召回得分"), default=0)
    complaint_points = models.FloatField(_("投诉得分"), default=0)
    certification_points = models.FloatField(_("认证得分"), default=0)
    programme_points = models.FloatField(_("质量提升得分"), default=0)
    credit_points = models.FloatField(_("信用得分"), default=0)
    capped_by_credit = models.BooleanField(_("因信用 D 类直接定为 C"), default=False)
    graded_at = models.DateTimeField(_("评定时间"))

    class Meta:
        verbose_name = _("企业分类")
        verbose_name_plural = _("企业分类")
        ordering = ["enterprise"]
        indexes = [models.Index(fields=["county", "grade_class"], name="enterprisegrade_county_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.grade_class}"


class EnterpriseGradeChange(models.Model):
    """A change of an enterprise's class or mode, with the run (and so the policy) that made it."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    run = models.ForeignKey(
        GradingRun, verbose_name=_("评定批次"), on_delete=models.CASCADE, related_name="+"
    )
    from_class = models.CharField(_("原分类"), max_length=2, blank=True)
    to_class = models.CharField(_("新分类"), max_length=2)
    from_mode = models.CharField(_("原监管方式"), max_length=15, blank=True)
    to_mode = models.CharField(_("新监管方式"), max_length=15)
    changed_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("企业分类变化")
        verbose_name_plural = _("企业分类变化")
        ordering = ["enterprise", "-id"]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.from_class}→{self.to_class}"


class CountyGrade(models.Model):
    """A county's colour from its share of C-class enterprises (区域分色); `is_current` marks the latest."""

    run = models.ForeignKey(
        GradingRun, verbose_name=_("评定批次"), on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+"
    )
    policy = models.ForeignKey(Policy, verbose_name=_("策略版本"), on_delete=models.PROTECT, related_name="+")
    enterprises = models.PositiveIntegerField(_("企业数"))
    class_counts = models.JSONField(_("各类企业数"), default=dict)
    c_share = models.FloatField(_("C 类占比"))
    colour = models.CharField(_("颜色"), max_length=10, choices=CountyColour.choices)
    is_current = models.BooleanField(_("当前"), default=True, db_index=True)
    graded_at = models.DateTimeField(_("评定时间"))

    class Meta:
        verbose_name = _("区域分色")
        verbose_name_plural = _("区域分色")
        ordering = ["region", "-id"]

    def __str__(self) -> str:
        return f"{self.region_id} {self.colour}"
