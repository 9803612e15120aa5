"""Tasks from sampling to publication (SAMR Order 18), each step through the task workflow's one door.

Sampling record: samples are bought from goods for sale, a test and a backup portion, sealed, by ≥ 2
inspectors; a refusal is recorded with its circumstances. The lab enters a result per test item with the
standard clause. The enterprise, once notified, may apply for a re-test within 15 days of receiving the
conclusion (calendar days; a last day falling on a holiday rolls to the next working day, 《民法典》第二百
零三条). Failures are rectified by a deadline in working days and re-checked; results are published.
Every conclusion is recorded as a quality event, which regrades the enterprise after commit.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing, workdays
from nqi.core.errors import DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.core.transitions import transition
from nqi.spotchecks.choices import ItemVerdict, RetestOutcome, Stage, TaskStatus, Verdict
from nqi.spotchecks.models import LabScope, SamplePhoto, Task, TestResult
from nqi.spotchecks.workflow import TASK_WORKFLOW
from nqi.supervision import services as supervision
from nqi.supervision.choices import PolicyDomain, QualityEventKind
from nqi.supervision.selectors import policy_in_force

PUBLISHABLE = {
    TaskStatus.CLOSED,
    TaskStatus.RECTIFYING,
    TaskStatus.RECHECKING,
    TaskStatus.ENFORCEMENT,
    TaskStatus.REFUSED,
}
IMAGE_MAGIC = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",)}


def _params() -> dict:
    return policy_in_force(PolicyDomain.SAMPLING).params


def task_transition(
    *, actor, task: Task, name: str, comment: str = "", expected_version=None, changes=None
) -> Task:
    """The one door for a task's status (see workflow.TASK_WORKFLOW)."""
    return transition(
        actor=actor,
        obj=task,
        workflow=TASK_WORKFLOW,
        name=name,
        comment=comment,
        expected_version=expected_version,
        changes=changes,
    )


def _date(value, field: str, errors: dict, *, required=True) -> dt.date | None:
    if value in (None, ""):
        if required:
            errors[field] = [_("请填写日期。")]
        return None
    try:
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        errors[field] = [_("日期格式应为 YYYY-MM-DD。")]
        return None
    if day > timezone.localdate():
        errors[field] = [_("日期不能晚于今天。")]
    return day


def _positive(value, field: str, errors: dict, *, minimum=1) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = [_("请填写整数。")]
        return None
    if number < minimum:
        errors[field] = [_("不能小于 %(n)s。") % {"n": minimum}]
    return number


def clean_sampling(task: Task, data: dict) -> dict:
    """The sampling record (抽样单), complete or refused with every faulty field named."""
    errors: dict[str, list] = {}
    cleaned = {"sampled_on": _date(data.get("sampled_on"), "sampled_on", errors)}
    for field in ("product_name", "batch_number", "unit", "seal_number"):
        cleaned[field] = str(data.get(field) or "").strip()
        if not cleaned[field]:
            errors[field] = [_("必填。")]
    cleaned["seller_name"] = str(data.get("seller_name") or "").strip()
    if task.stage != Stage.PRODUCTION and not cleaned["seller_name"]:
        errors["seller_name"] = [_("流通和电商抽样须填写被抽样单位。")]
    cleaned["quantity_test"] = _positive(data.get("quantity_test"), "quantity_test", errors)
    cleaned["quantity_backup"] = _positive(data.get("quantity_backup"), "quantity_backup", errors)
    try:
        price = Decimal(str(data.get("price_paid")))
        if price < 0 or price.as_tuple().exponent < -2:
            raise InvalidOperation
        cleaned["price_paid"] = price
    except (InvalidOperation, ValueError):
        errors["price_paid"] = [_("购样费用须为不小于 0 的金额（元，两位小数）。")]
    if task.inspectors.count() < int(_params().get("inspectors_per_task", 2)):
        errors["inspectors"] = [_("抽样人员不少于 2 名。")]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def task_record_sampling(*, actor, task: Task, data: dict, photos=(), expected_version=None) -> Task:
    """Record the sampling form (batch, test/backup quantities, price paid, seal number) and photos."""
    authorize(actor, "spotchecks.sample_task", task)
    cleaned = clean_sampling(task, data)
    for photo in photos:
        _check_photo(photo)
    with transaction.atomic():
        task = task_transition(
            actor=actor, task=task, name="record_sampling", expected_version=expected_version, changes=cleaned
        )
        for photo in photos:
            SamplePhoto.objects.create(task=task, file=photo, uploaded_by=actor)
    return task


def task_record_refusal(*, actor, task: Task, reason: str) -> Task:
    """The enterprise refused sampling without a lawful reason: record the circumstances."""
    return task_transition(
        actor=actor,
        task=task,
        name="record_refusal",
        comment=reason,
        changes={"refusal_reason": reason.strip()},
    )


def _check_photo(photo) -> None:
    params = _params()
    limit = int(params.get("photo_max_bytes", 5 * 1024 * 1024))
    allowed = params.get("photo_types", ["image/jpeg", "image/png"])
    if photo.size > limit:
        raise ValidationFailed(
            {"photos": [_("照片 %(n)s 超过 %(m)s MB。") % {"n": photo.name, "m": limit // (1024 * 1024)}]}
        )
    head = photo.read(16)
    photo.seek(0)
    kind = next((t for t in allowed if any(head.startswith(m) for m in IMAGE_MAGIC.get(t, ()))), None)
    if kind is None:
        raise ValidationFailed({"photos": [_("照片 %(n)s 不是 JPEG 或 PNG 图片。") % {"n": photo.name}]})


def samplephoto_add(*, actor, task: Task, photo) -> SamplePhoto:
    authorize(actor, "spotchecks.sample_task", task)
    _check_photo(photo)
    with transaction.atomic():
        saved = SamplePhoto.objects.create(task=task, file=photo, uploaded_by=actor)
        auditing.record(
            actor=actor, event_type="spotchecks.samplephoto_added", target=task, summary=saved.file.name
        )
    return saved


def _clean_results(task: Task, results: list[dict]) -> list[TestResult]:
    errors, rows, seen = {}, [], set()
    for n, r in enumerate(results, start=1):
        item, clause = str(r.get("item", "")).strip(), str(r.get("standard_clause", "")).strip()
        verdict = r.get("verdict")
        if not item:
            errors[f"row {n}.item"] = [_("请填写检验项目。")]
        elif not clause:
            errors[f"row {n}.standard_clause"] = [_("请填写判定依据的标准条款。")]
        elif verdict not in ItemVerdict.values:
            errors[f"row {n}.verdict"] = [_("单项判定须为符合或不符合。")]
        else:
            seen.add(item)
            rows.append(
                TestResult(
                    task=task,
                    item=item,
                    standard_clause=clause,
                    verdict=verdict,
                    requirement=str(r.get("requirement", ""))[:200],
                    measured=str(r.get("measured", ""))[:200],
                )
            )
    missing = [i for i in task.category.test_items if i not in seen]
    if missing and not errors:
        errors["results"] = [_("缺少检验项目的结果：%(i)s") % {"i": "、".join(missing[:5])}]
    if errors:
        raise ValidationFailed(errors)
    return rows


def task_submit_results(*, actor, task: Task, results: list[dict], expected_version=None) -> Task:
    """The lab's result per test item with the standard clause; any failed item makes the batch 不合格."""
    authorize(actor, "spotchecks.test_task", task)
    rows = _clean_results(task, results)
    verdict = Verdict.UNQUALIFIED if any(r.verdict == ItemVerdict.FAIL for r in rows) else Verdict.QUALIFIED
    with transaction.atomic():
        task = task_transition(
            actor=actor,
            task=task,
            name="submit_results",
            expected_version=expected_version,
            changes={"verdict": verdict},
        )
        TestResult.objects.bulk_create(rows)
    return task


def objection_due(notified_on: dt.date, days: int) -> dt.date:
    """Last day to apply for a re-test: `days` calendar days after receipt (the receipt day is not
    counted, 《民法典》第二百零一条), rolled to the next working day if it is a holiday (第二百零三条)."""
    return workdays.get_calendar().roll_forward(notified_on + dt.timedelta(days=days))


def _record_result_event(actor, task: Task, kind: str) -> None:
    supervision.qualityevent_record(
        actor=actor,
        enterprise=task.enterprise,
        kind=kind,
        occurred_on=task.notified_on,
        category=task.category,
        summary=f"{task.plan.name} {task.category.name}"[:200],
        source_ref=f"spotchecks.task:{task.pk}",
    )


def task_notify(*, actor, task: Task, notified_on=None, expected_version=None) -> Task:
    """Deliver the conclusion to the enterprise; opens the objection window and feeds grading."""
    errors = {}
    day = _date(notified_on or timezone.localdate(), "notified_on", errors)
    if errors:
        raise ValidationFailed(errors)
    due = objection_due(day, int(_params()["objection_days"]))
    with transaction.atomic():
        task = task_transition(
            actor=actor,
            task=task,
            name="notify",
            expected_version=expected_version,
            changes={"notified_on": day, "objection_due_on": due},
        )
        kind = (
            QualityEventKind.SPOTCHECK_FAIL
            if task.verdict == Verdict.UNQUALIFIED
            else QualityEventKind.SPOTCHECK_PASS
        )
        _record_result_event(actor, task, kind)
    return task


def _retest_lab(task: Task):
    """Another lab whose scope covers the product (Order 18: the re-test is done by a different lab)."""
    needed = set(task.category.test_items)
    for scope in (
        LabScope.objects.filter(category=task.category)
        .exclude(institution=task.lab)
        .select_related("institution")
        .order_by("institution_id")
    ):
        if needed <= set(scope.test_items) and scope.institution.cma_state in ("valid", "expiring"):
            return scope.institution
    raise DomainError(_("没有其他具备该产品检验能力的机构可承担复检。"), code="no_retest_lab")


def task_object(*, actor, task: Task, reason: str, expected_version=None) -> Task:
    """The enterprise applies for a re-test within the window; another lab is designated."""
    lab = _retest_lab(task)
    return task_transition(
        actor=actor,
        task=task,
        name="object",
        comment=reason,
        expected_version=expected_version,
        changes={"objection_text": reason.strip(), "objected_on": timezone.localdate(), "retest_lab": lab},
    )


def _rectification_due() -> dt.date:
    return workdays.add_working_days(timezone.localdate(), int(_params()["rectification_working_days"]))


def task_retest(*, actor, task: Task, outcome: str, comment: str = "", expected_version=None) -> Task:
    """Record the re-test conclusion: upheld → rectification; overturned → qualified and the failure voided."""
    if outcome not in RetestOutcome.values:
        raise ValidationFailed({"outcome": [_("复检结论无效。")]})
    with transaction.atomic():
        if outcome == RetestOutcome.UPHELD:
            return task_transition(
                actor=actor,
                task=task,
                name="retest_upheld",
                comment=comment,
                expected_version=expected_version,
                changes={"retest_outcome": outcome, "rectification_due_on": _rectification_due()},
            )
        task = task_transition(
            actor=actor,
            task=task,
            name="retest_overturned",
            comment=comment,
            expected_version=expected_version,
            changes={"retest_outcome": outcome, "verdict": Verdict.QUALIFIED},
        )
        supervision.qualityevent_void(
            actor=actor,
            source_ref=f"spotchecks.task:{task.pk}",
            kind=QualityEventKind.SPOTCHECK_FAIL,
            reason=_("复检改判合格"),
        )
        _record_result_event(actor, task, QualityEventKind.SPOTCHECK_PASS)
    return task


def task_order_rectification(*, actor, task: Task, comment: str = "", expected_version=None) -> Task:
    """No objection in time: the failure stands; order rectification by the policy's deadline."""
    return task_transition(
        actor=actor,
        task=task,
        name="order_rectification",
        comment=comment,
        expected_version=expected_version,
        changes={"rectification_due_on": _rectification_due()},
    )


def task_publish(*, actor, task: Task) -> Task:
    """Publish a final result on the public page (一公开); only final conclusions are published."""
    authorize(actor, "spotchecks.publish_task", task)
    with transaction.atomic():
        current = Task.objects.select_for_update().get(pk=task.pk)
        if current.status not in PUBLISHABLE:
            raise DomainError(_("结论尚未生效，暂不能公示。"), code="not_publishable")
        if current.published_at is None:
            current.published_at = timezone.now()
            current.save(update_fields=["published_at", "updated_at"])
            auditing.record(
                actor=actor, event_type="spotchecks.task_published", target=current, summary=str(current)
            )
    return current
