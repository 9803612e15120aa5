"""Industry standard systems (产业标准体系) and key standard projects (重点标准研制攻坚).

A standard system is the 标准体系表 of one featured industry (GB/T 13016—2018 标准体系构建原则和要求):
a tree of categories whose leaves are existing catalog standards or standards still to be made.
A key standard project is one standard an industry's lead enterprise develops with the bureau's
support, tracked through the drafting stages of 《国家标准管理办法》(2022) 第三章.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel, WorkflowRecord
from nqi.standards.choices import KeyProjectStatus, ParticipantRole, StandardFamily


class StandardSystem(TimeStampedModel):
    featured_industry = models.ForeignKey(
        "industries.FeaturedIndustry",
        verbose_name=_("特色产业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standard_systems",
    )
    name = models.CharField(_("体系名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("产业标准体系")
        verbose_name_plural = _("产业标准体系")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SystemCategory(models.Model):
    """A node of the system tree (e.g. 基础通用 → 术语); `code` is the 体系表 numbering (101, 201.3)."""

    system = models.ForeignKey(
        StandardSystem, verbose_name=_("标准体系"), on_delete=models.CASCADE, related_name="categories"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("体系编号"), max_length=20, blank=True)
    name = models.CharField(_("类目名称"), max_length=200)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("体系类目")
        verbose_name_plural = _("体系类目")
        ordering = ["system", "position", "code", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class SystemEntry(models.Model):
    """A standard in a category: an existing catalog record, or a planned one (待制定) by number/title."""

    category = models.ForeignKey(
        SystemCategory, verbose_name=_("类目"), on_delete=models.CASCADE, related_name="entries"
    )
    standard = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("标准"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="system_entries",
    )
    planned_title = models.CharField(_("拟制定标准名称"), max_length=300, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("体系标准")
        verbose_name_plural = _("体系标准")
        ordering = ["category", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(standard__isnull=False) | ~models.Q(planned_title=""),
                name="systementry_standard_or_plan",
            )
        ]

    def __str__(self) -> str:
        return str(self.standard) if self.standard_id else self.planned_title


class KeyStandardProject(TimeStampedModel, WorkflowRecord):
    """A 重点标准研制攻坚 project; its status moves only through `keyproject_transition`."""

    code = models.CharField(_("项目编号"), max_length=30, unique=True)
    name = models.CharField(_("项目名称"), max_length=300)
    featured_industry = models.ForeignKey(
        "industries.FeaturedIndustry",
        verbose_name=_("特色产业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="key_standard_projects",
    )
    lead_enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("牵头企业"),
        on_delete=models.PROTECT,
        related_name="led_standard_projects",
    )
    target_family = models.CharField(_("拟制定标准类别"), max_length=15, choices=StandardFamily.choices)
    target_title = models.CharField(_("拟制定标准名称"), max_length=300)
    standard = models.ForeignKey(
        "standards.Standard",
        verbose_name=_("发布的标准"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_projects",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=KeyProjectStatus.choices, default=KeyProjectStatus.PROPOSED
    )
    started_on = models.DateField(_("启动日期"), null=True, blank=True)
    planned_finish_on = models.DateField(_("计划完成日期"), null=True, blank=True)
    description = models.TextField(_("项目内容"), blank=True)

    class Meta:
        verbose_name = _("重点标准研制项目")
        verbose_name_plural = _("重点标准研制项目")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class KeyProjectParticipant(models.Model):
    project = models.ForeignKey(
        KeyStandardProject, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="participants"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standard_project_roles",
    )
    name = models.CharField(_("单位名称"), max_length=200)
    role = models.CharField(_("角色"), max_length=10, choices=ParticipantRole.choices)

    class Meta:
        verbose_name = _("项目参与单位")
        verbose_name_plural = _("项目参与单位")
        ordering = ["project", "role", "name"]

    def __str__(self) -> str:
        return self.name


class KeyProjectMilestone(models.Model):
    project = models.ForeignKey(
        KeyStandardProject, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    name = models.CharField(_("节点"), max_length=200)
    due_on = models.DateField(_("计划日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("项目里程碑")
        verbose_name_plural = _("项目里程碑")
        ordering = ["project", "due_on", "id"]

    def __str__(self) -> str:
        return self.name
