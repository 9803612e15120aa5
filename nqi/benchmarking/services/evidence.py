"""Writes on improvement plans and test reports of a comparison (house rule 3).

Improvement items turn gaps into actions with an owner and a due date; the comparison keeps counts of
all and of open items for its workflow guards. Test reports are evidence: a report number and the
laboratory, optionally the file. An uploaded file must be a PDF, PNG or JPEG by its content (not its
name) and at most 10 MB; it is stored through Django storage with its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.benchmarking.models import Comparison, ImprovementItem, TestReport
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.core import auditing
from nqi.core.errors import Conflict, ValidationFailed
from nqi.core.permissions import authorize

MAX_REPORT_BYTES = 10 * 1024 * 1024
FILE_TYPES = {  # magic bytes → (content type, allowed extensions)
    b"%PDF-": ("application/pdf", ("pdf",)),
    b"\x89PNG\r\n\x1a\n": ("image/png", ("png",)),
    b"\xff\xd8\xff": ("image/jpeg", ("jpg", "jpeg")),
}
PLAN_STATUSES = (ComparisonStatus.COMPARED, ComparisonStatus.IMPROVING)
EVIDENCE_STATUSES = (
    ComparisonStatus.DRAFT,
    ComparisonStatus.COMPARED,
    ComparisonStatus.IMPROVING,
    ComparisonStatus.ATTAINED,
)


def _lock(comparison: Comparison, statuses) -> Comparison:
    current = Comparison.objects.select_for_update().get(pk=comparison.pk)
    if current.status not in statuses:
        raise Conflict(
            _("当前状态“%(s)s”下不能进行此操作。") % {"s": current.get_status_display()}, code="not_editable"
        )
    return current


def _recount(current: Comparison) -> None:
    items = current.plan_items.all()
    current.plan_item_count = items.count()
    current.open_item_count = items.filter(done_on__isnull=True).count()
    current.report_count = current.reports.count()
    current.save(update_fields=["plan_item_count", "open_item_count", "report_count", "updated_at"])


def clean_item(data: dict, today: dt.date) -> dict:
    errors: dict[str, list] = {}
    cleaned = {
        "indicator_name": str(data.get("indicator_name") or "").strip()[:200],
        "quantity": str(data.get("quantity") or "").strip()[:60],
        "target": str(data.get("target") or "").strip()[:120],
        "action": str(data.get("action") or "").strip()[:2000],
        "owner_name": str(data.get("owner_name") or "").strip()[:60],
        "due_on": data.get("due_on"),
    }
    for name in ("indicator_name", "action", "owner_name"):
        if not cleaned[name]:
            errors[name] = [_("此项为必填项。")]
    if not isinstance(cleaned["due_on"], dt.date):
        errors["due_on"] = [_("请填写计划完成日期。")]
    elif cleaned["due_on"] < today:
        errors["due_on"] = [_("计划完成日期不能早于今天。")]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def improvementitem_add(*, actor, comparison: Comparison, data: dict) -> ImprovementItem:
    """A measure to close a gap, with its owner and due date (after comparing, before attaining)."""
    authorize(actor, "benchmarking.change_comparison", comparison)
    cleaned = clean_item(data, timezone.localdate())
    with transaction.atomic():
        current = _lock(comparison, PLAN_STATUSES)
        item = ImprovementItem.objects.create(
            comparison=current, **cleaned, created_by=actor if getattr(actor, "pk", None) else None
        )
        _recount(current)
        auditing.record(
            actor=actor,
            event_type="benchmarking.improvementitem_added",
            target=current,
            summary=f"{item.indicator_name}: {item.owner_name} {item.due_on.isoformat()}",
        )
    return item


def improvementitem_complete(
    *, actor, item: ImprovementItem, done_on: dt.date | None = None
) -> ImprovementItem:
    authorize(actor, "benchmarking.change_comparison", item.comparison)
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationFailed({"done_on": [_("完成日期不能晚于今天。")]})
    with transaction.atomic():
        current = _lock(item.comparison, PLAN_STATUSES)
        locked = ImprovementItem.objects.select_for_update().get(pk=item.pk, comparison=current)
        if locked.done_on:
            raise Conflict(_("该措施已完成。"), code="already_done")
        locked.done_on = done_on
        locked.save(update_fields=["done_on", "updated_at"])
        _recount(current)
        auditing.record(
            actor=actor,
            event_type="benchmarking.improvementitem_completed",
            target=current,
            summary=locked.indicator_name,
        )
    return locked


def _detect(upload) -> tuple[bytes, str]:
    """The file's bytes and content type, by content; ValidationFailed names what is wrong."""
    if upload.size > MAX_REPORT_BYTES:
        raise ValidationFailed({"file": [_("文件过大（上限 10 MB）。")]})
    data = upload.read()
    name = (upload.name or "").lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    for magic, (content_type, extensions) in FILE_TYPES.items():
        if data.startswith(magic):
            if extension not in extensions:
                raise ValidationFailed({"file": [_("文件扩展名与内容不符。")]})
            return data, content_type
    raise ValidationFailed({"file": [_("只接受 PDF、PNG 或 JPEG 格式的检测报告。")]})


def testreport_add(
    *, actor, comparison: Comparison, report_number: str, lab_name: str, issued_on=None, upload=None
) -> TestReport:
    """Register a test report as evidence (number and laboratory required; the file is optional)."""
    authorize(actor, "benchmarking.change_comparison", comparison)
    errors: dict[str, list] = {}
    report_number, lab_name = (report_number or "").strip()[:60], (lab_name or "").strip()[:200]
    if not report_number:
        errors["report_number"] = [_("请填写报告编号。")]
    if not lab_name:
        errors["lab_name"] = [_("请填写检测机构。")]
    if issued_on and issued_on > timezone.localdate():
        errors["issued_on"] = [_("签发日期不能晚于今天。")]
    if errors:
        raise ValidationFailed(errors)
    data, content_type = _detect(upload) if upload else (b"", "")
    try:
        with transaction.atomic():
            current = _lock(comparison, EVIDENCE_STATUSES)
            report = TestReport(
                comparison=current, report_number=report_number, lab_name=lab_name, issued_on=issued_on,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )  # fmt: skip
            if upload:
                report.file_name = (upload.name or "")[:200]
                report.content_type, report.size = content_type, len(data)
                report.sha256 = hashlib.sha256(data).hexdigest()
                report.file.save(upload.name, ContentFile(data), save=False)
            report.save()
            _recount(current)
            auditing.record(
                actor=actor,
                event_type="benchmarking.testreport_added",
                target=current,
                summary=f"{report_number} {lab_name}",
                data={"sha256": report.sha256, "size": report.size},
            )
    except IntegrityError as exc:
        raise ValidationFailed({"report_number": [_("该报告编号已登记。")]}) from exc
    return report
