"""The standards catalog (glossary: standard, standard number, ICS, CCS, replacement, adoption).

One `Standard` row is one edition of one standard (GB/T 19580—2012 and GB/T 19580—2004 are two rows),
as on std.samr.gov.cn. Its number is kept exactly as received (`number`) and in canonical form
(`canonical`, official em dash), with the normalised keys of `nqi.search.standard_numbers` that
search and product linking use (`edition_key` with year and amendment, `series_key` without the
year). A number the parser cannot read is kept verbatim with `parse_warning` set — never rejected (DOMAIN.md §18).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel, WorkflowRecord
from nqi.standards.choices import (
    AdoptionDegree,
    Confidence,
    ImportKind,
    Mandate,
    RelationKind,
    StandardFamily,
    StandardStatus,
)


class IcsCode(models.Model):
    """One node of the International Classification for Standards, edition 7 (ISO, 2015):
    field NN, group NN.NNN, sub-group NN.NNN.NN."""

    code = models.CharField(_("ICS 代码"), max_length=12, primary_key=True)
    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    title_en = models.CharField(_("英文名称"), max_length=300)
    title_zh = models.CharField(_("中文名称"), max_length=200, blank=True)
    notes = models.TextField(_("注释"), blank=True)

    class Meta:
        verbose_name = _("国际标准分类（ICS）")
        verbose_name_plural = _("国际标准分类（ICS）")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh or self.title_en}"


class CcsCode(models.Model):
    """One node of 中国标准文献分类法 (CCS): 24 first-level letters, second-level ranges (A00/09),
    third-level categories (A00)."""

    code = models.CharField(_("CCS 代码"), max_length=8, primary_key=True)
    level = models.PositiveSmallIntegerField(_("层级"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    title_zh = models.CharField(_("名称"), max_length=200)
    notes = models.TextField(_("注释"), blank=True)

    class Meta:
        verbose_name = _("中国标准文献分类（CCS）")
        verbose_name_plural = _("中国标准文献分类（CCS）")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title_zh}"


class Standard(TimeStampedModel, WorkflowRecord):
    """One edition of a standard. Its status changes only through `standard_status_change`
    (workflow `standard_status`), which notifies watchers and affected enterprises."""

    number = models.CharField(_("标准号（原文）"), max_length=120)
    canonical = models.CharField(_("标准号"), max_length=120)
    edition_key = models.CharField(_("版本检索键"), max_length=120, unique=True)
    series_key = models.CharField(_("标准检索键（不含年代号）"), max_length=120, db_index=True)
    family = models.CharField(_("标准类别"), max_length=15, choices=StandardFamily.choices)
    designation = models.CharField(_("标准代号"), max_length=40, blank=True)
    prefix = models.CharField(_("发布者代号"), max_length=40, blank=True)
    mandate = models.CharField(_("标准性质"), max_length=12, choices=Mandate.choices, blank=True)
    serial = models.CharField(_("顺序号"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("年代号"), null=True, blank=True)
    supplement = models.CharField(_("修改单/勘误"), max_length=120, blank=True)
    parse_warning = models.CharField(_("标准号解析提示"), max_length=200, blank=True)

    title_zh = models.CharField(_("中文名称"), max_length=500, blank=True)
    title_en = models.CharField(_("英文名称"), max_length=600, blank=True)
    issuer = models.CharField(_("发布机构"), max_length=200, blank=True)
    committee = models.CharField(_("归口单位/技术委员会"), max_length=200, blank=True)
    doctype = models.CharField(_("文件类型"), max_length=40, blank=True)

    status = models.CharField(
        _("标准状态"),
        max_length=12,
        choices=StandardStatus.choices,
        default=StandardStatus.CURRENT,
        db_index=True,
    )
    status_verified = models.BooleanField(
        _("状态已核实"), default=True, help_text=_("来源未载明状态时按代替关系推断，标为未核实。")
    )
    stage_code = models.CharField(_("ISO/IEC 阶段代码"), max_length=12, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    implemented_on = models.DateField(_("实施日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("废止/被代替日期"), null=True, blank=True)

    ics_codes = models.CharField(
        _("ICS"), max_length=200, blank=True, help_text=_("ICS 代码，空格分隔，第一个为主分类")
    )
    ics_field = models.CharField(_("ICS 大类（主分类）"), max_length=2, blank=True)
    ccs_code = models.CharField(_("CCS"), max_length=8, blank=True)
    ccs_class = models.CharField(_("CCS 一级类目"), max_length=1, blank=True)

    adopted_number = models.CharField(_("采用国际标准"), max_length=120, blank=True)
    adopted_standard = models.ForeignKey(
        "self",
        verbose_name=_("采用的国际标准"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adoptions",
    )
    adoption_degree = models.CharField(
        _("采用程度"), max_length=3, choices=AdoptionDegree.choices, blank=True
    )
    abstract = models.TextField(_("摘要"), blank=True)
    topic = models.CharField(_("主题（产业）"), max_length=40, blank=True)

    source = models.CharField(_("数据来源"), max_length=15, choices=ImportKind.choices, blank=True)
    source_url = models.TextField(_("来源链接"), blank=True)
    confidence = models.CharField(_("可信度"), max_length=10, choices=Confidence.choices)
    # Catalog rows arrive 20,000+ a second: no index on the bookkeeping timestamps and deadline.
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("标准")
        verbose_name_plural = _("标准")
        ordering = ["edition_key"]
        indexes = [
            # What `loading.resolve_links` looks for after every import, however few rows it brought:
            # without them it read the whole catalog each time (1.6 M records: 0.5 + 0.3 s).
            models.Index(
                fields=["adopted_number"],
                condition=Q(adopted_standard__isnull=True) & ~Q(adopted_number=""),
                name="standard_adoption_unresolved",
            ),
            models.Index(
                fields=["id"],
                condition=Q(status="replaced", withdrawn_on__isnull=True),
                name="standard_replaced_undated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.canonical} {self.title_zh or self.title_en}".strip()

    @property
    def title(self) -> str:
        return self.title_zh or self.title_en

    @property
    def source_url_list(self) -> list[str]:
        return [u.strip() for u in self.source_url.split(" | ") if u.strip().startswith("http")]

    @property
    def is_unverified(self) -> bool:
        return self.confidence in (Confidence.MEMORY, Confidence.SYNTHETIC)


class StandardIcs(models.Model):
    """An ICS code printed on a standard (ISO records often carry several); `Standard.ics_codes` holds
    the same codes as text for the search index and list pages."""

    # No index of its own: `standardics_unique` (standard, code) serves lookups by standard, and an
    # import then updates one index less per row.
    standard = models.ForeignKey(
        Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="ics_links", db_index=False
    )
    code = models.CharField(_("ICS 代码"), max_length=12, db_index=True)

    class Meta:
        verbose_name = _("标准的 ICS 分类")
        verbose_name_plural = _("标准的 ICS 分类")
        ordering = ["standard", "code"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="standardics_unique")]

    def __str__(self) -> str:
        return self.code


class StandardRelation(models.Model):
    """`source` (the newer edition) replaces, partially replaces or amends `target`.

    The older standard may not be in the catalog (yet): its number is kept in `target_number` /
    `target_key`, and `target` is filled in when a later import brings it.
    """

    source = models.ForeignKey(  # indexed by `standardrelation_unique` (source, target_key, kind)
        Standard,
        verbose_name=_("新标准"),
        on_delete=models.CASCADE,
        related_name="relations_out",
        db_index=False,
    )
    target = models.ForeignKey(
        Standard,
        verbose_name=_("被代替标准"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="relations_in",
    )
    target_number = models.CharField(_("被代替标准号"), max_length=120)
    target_key = models.CharField(_("被代替标准检索键"), max_length=120, db_index=True)
    kind = models.CharField(
        _("关系"), max_length=20, choices=RelationKind.choices, default=RelationKind.REPLACES
    )

    class Meta:
        verbose_name = _("代替关系")
        verbose_name_plural = _("代替关系")
        ordering = ["source", "target_key"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target_key", "kind"], name="standardrelation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source.canonical} {self.get_kind_display()} {self.target_number}"


class StandardDrafter(models.Model):
    """A drafting organization (起草单位), linked to the enterprise register when the names match."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("标准"), on_delete=models.CASCADE, related_name="drafters"
    )
    name = models.CharField(_("单位名称"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_standards",
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("起草单位")
        verbose_name_plural = _("起草单位")
        ordering = ["standard", "position"]

    def __str__(self) -> str:
        return self.name


class CatalogImport(models.Model):
    """One import batch into the catalog, with its counts (one audit event per batch, not per row)."""

    kind = models.CharField(_("导入类型"), max_length=15, choices=ImportKind.choices)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    skipped_count = models.PositiveIntegerField(_("跳过（已存在或重复）"), default=0)
    warning_count = models.PositiveIntegerField(_("警告"), default=0)
    error_count = models.PositiveIntegerField(_("错误行（已跳过）"), default=0)
    relation_count = models.PositiveIntegerField(_("代替关系"), default=0)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)
    report = models.JSONField(_("逐行报告（前 200 条）"), default=list, blank=True)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("标准导入批次")
        verbose_name_plural = _("标准导入批次")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_count}"
