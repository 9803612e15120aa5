"""Model mixins shared by every domain app (no concrete domain models live in core)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds created_at / updated_at, set by the database layer on every save."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class WorkflowRecord(models.Model):
    """Fields every record with a workflow carries besides its own `status` field.

    `version` lets the transition door detect a stale page on SQLite (no row locks there);
    `due_at` is the deadline of the current state when its transition declared one.
    """

    version = models.PositiveIntegerField(_("版本"), default=1)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True, db_index=True)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """One row per workflow transition of any record: the per-object timeline (house rule 6)."""

    workflow = models.CharField(_("流程"), max_length=60)
    target_type = models.CharField(_("对象类型"), max_length=80)
    target_id = models.CharField(_("对象编号"), max_length=64)
    transition = models.CharField(_("操作"), max_length=60)
    from_status = models.CharField(_("原状态"), max_length=40)
    to_status = models.CharField(_("新状态"), max_length=40)
    comment = models.TextField(_("意见"), blank=True)
    actor = models.ForeignKey(
        "accounts.User", verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(_("时间"), auto_now_add=True)
    due_at = models.DateTimeField(_("新状态办理时限"), null=True, blank=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["target_type", "target_id", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="statuschange_target_idx")]

    def __str__(self) -> str:
        return f"{self.target_type}#{self.target_id} {self.from_status}→{self.to_status}"


class WorkingDayOverride(models.Model):
    """A bureau's correction to the statutory calendar: a year the package does not know yet, a local closure.

    Statutory holidays follow the State Council's annual notice (国务院办公厅关于放假安排的通知);
    `chinese-calendar` carries them for the years it knows. An override wins over the package.
    """

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("工作日"))
    reason = models.CharField(_("原因"), max_length=120)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'工作日' if self.is_working_day else '休息日'}"
