"""Spot-check plans, their reproducible 双随机 draw, tasks, samples, results and after-treatment.

SAMR Order 18 (《产品质量监督抽查管理暂行办法》, in force 2020-01-01): targets and inspectors are drawn at
random (双随机), samples are bought from goods for sale with a test and a backup portion under seal,
results go to the enterprise, which may apply for a re-test within 15 days, failures are rectified
and re-checked, and results are published (一公开).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel, WorkflowRecord
from nqi.spotchecks.choices import (
    ItemVerdict,
    PlanLevel,
    PlanStatus,
    RetestOutcome,
    SelectionReason,
    Stage,
    TaskStatus,
    Verdict,
)


class Plan(TimeStampedModel, WorkflowRecord):
    """A spot-check plan of one organiser for a year (and quarter), with its published draw.

    After the draw, `seed`, `input_digest` (SHA-256 of the canonical inputs, stored in `inputs_file`),
    `result_digest` and `algorithm_version` let anyone re-run the draw and get the same tasks.
    """

    name = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    level = models.CharField(_("层级"), max_length=12, choices=PlanLevel.choices, default=PlanLevel.CITY)
    organizer = models.ForeignKey(
        "accounts.Organization", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    policy = models.ForeignKey(
        "supervision.Policy",
        verbose_name=_("抽样策略版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    input_digest = models.CharField(_("输入摘要"), max_length=64, blank=True)
    result_digest = models.CharField(_("结果摘要"), max_length=64, blank=True)
    algorithm_version = models.CharField(_("算法版本"), max_length=20, blank=True)
    inputs_file = models.FileField(_("抽取输入"), upload_to="spotchecks/draws/", blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("抽查计划")
        verbose_name_plural = _("抽查计划")
        ordering = ["-year", "-quarter", "-id"]

    def __str__(self) -> str:
        return self.name


class PlanItem(models.Model):
    """A product of the plan at one stage with its batch quota."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(
        "supervision.ProductCategory", verbose_name=_("产品"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("抽样环节"), max_length=12, choices=Stage.choices)
    quota = models.PositiveIntegerField(_("批次数"))

    class Meta:
        verbose_name = _("计划产品")
        verbose_name_plural = _("计划产品")
        ordering = ["plan", "category", "stage"]
        constraints = [models.UniqueConstraint(fields=["plan", "category", "stage"], name="planitem_uniq")]

    def __str__(self) -> str:
        return f"{self.category} {self.get_stage_display()} ×{self.quota}"


class LabScope(TimeStampedModel):
    """Test items of a catalogue product that a lab's CMA accreditation scope (资质认定能力范围) covers."""

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("检验检测机构"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "supervision.ProductCategory", verbose_name=_("产品"), on_delete=models.CASCADE, related_name="+"
    )
    test_items = models.JSONField(_("能力范围内检验项目"), default=list)

    class Meta:
        verbose_name = _("检验能力范围")
        verbose_name_plural = _("检验能力范围")
        ordering = ["institution", "category"]
        constraints = [models.UniqueConstraint(fields=["institution", "category"], name="labscope_uniq")]

    def __str__(self) -> str:
        return f"{self.institution_id}:{self.category_id}"


class InspectorConflict(TimeStampedModel):
    """A declared conflict of interest: the inspector must never be drawn for this enterprise (回避)."""

    inspector = models.ForeignKey(
        "accounts.User", verbose_name=_("检查人员"), on_delete=models.CASCADE, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("回避原因"), max_length=200)

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        ordering = ["inspector", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["inspector", "enterprise"], name="inspectorconflict_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.inspector_id}×{self.enterprise_id}"


class Task(TimeStampedModel, WorkflowRecord):
    """One batch to sample: the drawn target, its lab and inspectors, and everything that follows."""

    plan = models.ForeignKey(Plan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="tasks")
    item = models.ForeignKey(
        PlanItem, verbose_name=_("计划产品"), on_delete=models.CASCADE, related_name="tasks"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("被抽查企业"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        "supervision.ProductCategory", verbose_name=_("产品"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("抽样环节"), max_length=12, choices=Stage.choices)
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区县"), on_delete=models.PROTECT, related_name="+"
    )
    lab = models.ForeignKey(
        "institutions.Institution", verbose_name=_("承检机构"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("抽中方式"), max_length=10, choices=SelectionReason.choices)
    rank = models.PositiveIntegerField(_("抽取序号"))
    status = models.CharField(_("状态"), max_length=15, choices=TaskStatus.choices, default=TaskStatus.DRAWN)
    # sampling record (抽样单)
    sampled_on = models.DateField(_("抽样日期"), null=True, blank=True)
    seller_name = models.CharField(_("被抽样单位"), max_length=200, blank=True)
    product_name = models.CharField(_("样品名称"), max_length=200, blank=True)
    batch_number = models.CharField(_("批号/生产日期"), max_length=60, blank=True)
    quantity_test = models.PositiveIntegerField(_("检验样品数量"), null=True, blank=True)
    quantity_backup = models.PositiveIntegerField(_("备用样品数量"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=10, blank=True)
    price_paid = models.DecimalField(
        _("购样费用（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    seal_number = models.CharField(_("封样编号"), max_length=40, blank=True)
    refusal_reason = models.TextField(_("拒检情况"), blank=True)
    # results and notification
    verdict = models.CharField(_("检验结论"), max_length=12, choices=Verdict.choices, blank=True)
    notified_on = models.DateField(_("企业收到结论日期"), null=True, blank=True)
    objection_due_on = models.DateField(_("复检申请截止日"), null=True, blank=True)
    # objection and re-test (复检)
    objection_text = models.TextField(_("异议理由"), blank=True)
    objected_on = models.DateField(_("申请复检日期"), null=True, blank=True)
    retest_lab = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("复检机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    retest_outcome = models.CharField(_("复检结论"), max_length=12, choices=RetestOutcome.choices, blank=True)
    # after-treatment (后处理)
    rectification_due_on = models.DateField(_("整改期限"), null=True, blank=True)
    rectification_report = models.TextField(_("整改报告"), blank=True)
    recheck_passed = models.BooleanField(_("复查合格"), null=True, blank=True)
    enforcement_note = models.TextField(_("移送说明"), blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("抽查任务")
        verbose_name_plural = _("抽查任务")
        ordering = ["plan", "rank"]
        indexes = [
            models.Index(fields=["status", "plan"], name="task_status_plan_idx"),
            models.Index(fields=["enterprise", "category"], name="task_ent_cat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}-{self.rank:04d} {self.category}"


class TaskInspector(models.Model):
    """An inspector drawn for a task (≥ 2 per task; Order 18 and the 双随机 rules)."""

    task = models.ForeignKey(
        Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="inspectors"
    )
    inspector = models.ForeignKey(
        "accounts.User", verbose_name=_("检查人员"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("抽样人员")
        verbose_name_plural = _("抽样人员")
        ordering = ["task", "inspector"]
        constraints = [models.UniqueConstraint(fields=["task", "inspector"], name="taskinspector_uniq")]

    def __str__(self) -> str:
        return f"{self.task_id}:{self.inspector_id}"


class SamplePhoto(models.Model):
    """A photo taken at sampling (sealed samples, the batch label); kept in Django storage."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="spotchecks/photos/%Y/%m/")
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("抽样照片")
        verbose_name_plural = _("抽样照片")
        ordering = ["task", "id"]

    def __str__(self) -> str:
        return self.file.name


class TestResult(models.Model):
    """One test item's result with the standard clause it was judged against."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="results")
    item = models.CharField(_("检验项目"), max_length=120)
    standard_clause = models.CharField(_("标准条款"), max_length=120)
    requirement = models.CharField(_("标准要求"), max_length=200, blank=True)
    measured = models.CharField(_("实测结果"), max_length=200, blank=True)
    verdict = models.CharField(_("单项判定"), max_length=5, choices=ItemVerdict.choices)
    is_retest = models.BooleanField(_("复检"), default=False)

    class Meta:
        verbose_name = _("检验结果")
        verbose_name_plural = _("检验结果")
        ordering = ["task", "is_retest", "id"]

    def __str__(self) -> str:
        return f"{self.item} {self.verdict}"
