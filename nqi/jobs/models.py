"""Job: one run of a long operation (an import, a report) with its progress and outcome (glossary: job).

A job is queued by a user or a command, picked up by a worker (`nqi worker`, django-tasks' database
backend), and finishes succeeded, failed with a reason a person can act on, or cancelled before it
started. Its status moves only through the `job` workflow (workflow.py). While it runs, progress and a
heartbeat are written outside the job's own transaction (progress.py) so pages can show them live, and a
job whose heartbeat stops (the worker was killed) can be marked failed and run again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.models import TimeStampedModel, WorkflowRecord
from nqi.jobs.choices import ACTIVE_STATUSES, JobStatus


class Job(TimeStampedModel, WorkflowRecord):
    kind = models.CharField(_("类型"), max_length=60, db_index=True)
    label = models.CharField(_("名称"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    payload = models.JSONField(_("参数"), default=dict, blank=True)
    progress_done = models.PositiveBigIntegerField(_("已完成量"), default=0)
    progress_total = models.PositiveBigIntegerField(_("总量"), null=True, blank=True)
    message = models.CharField(_("进度说明"), max_length=300, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    result = models.JSONField(_("结果"), null=True, blank=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("运行次数"), default=0)
    task_result_id = models.CharField(_("任务队列编号"), max_length=64, blank=True)
    key = models.UUIDField(_("进度通道"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="job_requester_idx")]

    def __str__(self) -> str:
        return f"{self.label} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int | None:
        """Whole-number percentage done, or None while the total is unknown."""
        if not self.progress_total:
            return None
        return min(100, int(self.progress_done * 100 / self.progress_total))
