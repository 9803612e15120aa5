"""Routing a request into provider tasks, and each task's transitions (accept, ask, answer, deliver, cancel).

Routing refuses a provider that does not participate in the request's platform or does not offer the item
(一个平台、一揽子服务: the window hands work only to the platform's own institutions). While a provider waits
for the enterprise the task's resolution clock and the request's are paused. When the last task is done
the request closes by itself (acting as the system).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.accounts.services import system_actor
from nqi.core import auditing, transitions, workdays
from nqi.core.errors import DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.core.workflow import TransitionNotAllowed
from nqi.institutions.models import Institution
from nqi.servicedesk.choices import AttachmentPurpose, ClockKind, NoticeKind, RequestStatus, TaskStatus
from nqi.servicedesk.models import Attachment, ServiceRequest, ServiceTask
from nqi.servicedesk.selectors.requests import servicerequest_task_counts
from nqi.servicedesk.services import clocks, notices
from nqi.servicedesk.uploads import clean_uploads, removed_on_failure, save_file
from nqi.servicedesk.workflow import REQUEST_WORKFLOW, TASK_WORKFLOW


def _clean_assignments(request: ServiceRequest, assignments) -> list[tuple]:
    """[(item_id, provider_id, note)] → [(item, provider, note)], each checked against platform and item."""
    if not assignments:
        raise ValidationFailed({"assignments": [_("请至少分派一项服务任务。")]})
    items = {i.pk: i for i in request.items.all()}
    participants = set(request.platform.participants.values_list("pk", flat=True))
    providers = Institution.objects.in_bulk([a[1] for a in assignments if str(a[1]).isdigit()])
    open_pairs = set(
        request.tasks.exclude(status__in=[TaskStatus.CANCELLED]).values_list("item_id", "provider_id")
    )
    cleaned, seen = [], set()
    for row, (item_id, provider_id, note) in enumerate(assignments, start=1):
        item = items.get(int(item_id)) if str(item_id).isdigit() else None
        provider = providers.get(int(provider_id)) if str(provider_id).isdigit() else None
        if item is None:
            raise ValidationFailed({"item": [_("第 %(r)s 行：该服务事项不在本申请中。") % {"r": row}]})
        if provider is None:
            raise ValidationFailed({"provider": [_("第 %(r)s 行：服务机构不存在。") % {"r": row}]})
        if provider.pk not in participants:
            raise DomainError(
                _("第 %(r)s 行：“%(p)s”不是平台“%(pl)s”的入驻机构，不能分派。")
                % {"r": row, "p": provider.name, "pl": request.platform.name},
                code="provider_not_on_platform",
                field="provider",
            )
        if not item.providers.filter(pk=provider.pk).exists():
            raise DomainError(
                _("第 %(r)s 行：“%(p)s”不提供服务事项“%(i)s”。")
                % {"r": row, "p": provider.name, "i": item.name},
                code="provider_not_for_item",
                field="provider",
            )
        if (item.pk, provider.pk) in open_pairs or (item.pk, provider.pk) in seen:
            raise ValidationFailed(
                {"provider": [_("第 %(r)s 行：该事项已分派给“%(p)s”。") % {"r": row, "p": provider.name}]}
            )
        seen.add((item.pk, provider.pk))
        cleaned.append((item, provider, (note or "").strip()[:300]))
    return cleaned


def servicerequest_route(
    *, actor, request: ServiceRequest, assignments, expected_version: int | None = None
) -> ServiceRequest:
    """Split an accepted request into tasks, one per (item, provider); later calls may add tasks."""
    authorize(actor, "servicedesk.route_servicerequest", request)
    now = timezone.now()
    calendar = workdays.get_calendar()
    with transaction.atomic():
        current = (
            ServiceRequest.objects.select_for_update()
            .select_related("platform", "enterprise")
            .get(pk=request.pk)
        )
        if current.status not in (RequestStatus.ACCEPTED, RequestStatus.IN_SERVICE):
            raise TransitionNotAllowed(
                _("当前状态“%(s)s”下不能分派，请刷新后重试。") % {"s": current.get_status_display()},
                field="transition",
            )
        cleaned = _clean_assignments(current, assignments)
        for item, provider, note in cleaned:
            task = ServiceTask.objects.create(
                request=current, item=item, provider=provider, note=note, routed_at=now
            )
            task.request = current
            started = clocks.start_task_clocks(task=task, at=now, calendar=calendar)
            ServiceTask.objects.filter(pk=task.pk).update(due_at=min(c.due_at for c in started))
            auditing.record(
                actor=actor,
                event_type="servicedesk.servicetask_routed",
                target=task,
                summary=f"{current.number}：{item.name} → {provider.name}",
                after={"item": item.pk, "provider": provider.pk},
            )
            notices.notify(
                notices.provider_users(provider),
                kind=NoticeKind.ROUTED,
                request=current,
                message=_("新的服务任务：%(n)s %(i)s（%(e)s）")
                % {"n": current.number, "i": item.name, "e": current.enterprise.name},
            )
        if current.status == RequestStatus.ACCEPTED:
            transitions.transition(
                actor=actor,
                obj=current,
                workflow=REQUEST_WORKFLOW,
                name="route",
                expected_version=expected_version,
                comment="；".join(f"{i.name} → {p.name}" for i, p, _n in cleaned),
            )
            # the door clears `due_at` (routing has no statutory deadline); the SLA clock still runs
            ServiceRequest.objects.filter(pk=current.pk).update(due_at=clocks.current_due(request=current))
    return ServiceRequest.objects.get(pk=request.pk)


def _sync_request_clock(request, now, calendar) -> None:
    """The request's resolution clock pauses while any task waits for the enterprise."""
    waiting = servicerequest_task_counts(request)["awaiting"]
    open_ = clocks.open_clocks(request=request, kind=ClockKind.RESOLUTION, request_level=True)
    clocks.move(open_, "pause" if waiting else "resume", now, calendar)
    ServiceRequest.objects.filter(pk=request.pk).update(due_at=clocks.current_due(request=request))


def _after_task_move(task, name, actor, comment, now, calendar) -> None:
    request = task.request
    if name == "accept":
        clocks.move(clocks.open_clocks(task=task, kind=ClockKind.RESPONSE), "stop", now, calendar)
    elif name == "request_info":
        clocks.move(clocks.open_clocks(task=task), "pause", now, calendar)
        notices.notify(
            notices.enterprise_users(request.enterprise),
            kind=NoticeKind.INFO_REQUESTED,
            request=request,
            message=_("%(p)s 请您补充：%(c)s") % {"p": task.provider.name, "c": comment[:300]},
        )
    elif name == "provide_info":
        clocks.move(clocks.open_clocks(task=task), "resume", now, calendar)
    elif name == "deliver":
        clocks.move(clocks.open_clocks(task=task), "stop", now, calendar)
        notices.notify(
            notices.enterprise_users(request.enterprise),
            kind=NoticeKind.DELIVERED,
            request=request,
            message=_("%(p)s 已交付“%(i)s”的办理结果。") % {"p": task.provider.name, "i": task.item.name},
        )
    elif name == "cancel":
        clocks.cancel_open(clocks.open_clocks(task=task), now, calendar)
    ServiceTask.objects.filter(pk=task.pk).update(due_at=clocks.current_due(task=task))
    _sync_request_clock(request, now, calendar)
    if name in ("deliver", "cancel"):
        _close_when_done(request)


def _close_when_done(request) -> None:
    counts = servicerequest_task_counts(request)
    if counts["open"] == 0 and counts["delivered"] and request.status == RequestStatus.IN_SERVICE:
        from nqi.servicedesk.services.requests import servicerequest_transition

        servicerequest_transition(
            actor=system_actor(), request=request, name="close", comment=_("全部服务任务已完成，自动办结。")
        )


TASK_CHANGES = {
    "accept": lambda now, c: {"accepted_at": now},
    "request_info": lambda now, c: {"info_request": c},
}


def servicetask_transition(
    *,
    actor,
    task: ServiceTask,
    name: str,
    comment: str = "",
    expected_version: int | None = None,
    uploads=None,
) -> ServiceTask:
    """Accept, ask the enterprise for information, answer it (with files), or cancel a task."""
    if name == "deliver":
        raise DomainError(_("交付请填写办理结果并上传报告。"), code="use_deliver", field="transition")
    files = clean_uploads(uploads, field="files")
    if files and name != "provide_info":
        raise ValidationFailed({"files": [_("此操作不能上传文件。")]})
    now = timezone.now()
    calendar = workdays.get_calendar()
    comment = (comment or "").strip()
    with removed_on_failure() as written, transaction.atomic():
        moved = transitions.transition(
            actor=actor,
            obj=task,
            workflow=TASK_WORKFLOW,
            name=name,
            comment=comment,
            expected_version=expected_version,
            changes=TASK_CHANGES.get(name, lambda n, c: {})(now, comment),
        )
        moved = ServiceTask.objects.select_related("request", "request__enterprise", "item", "provider").get(
            pk=moved.pk
        )
        _attach(moved, files, AttachmentPurpose.INFO, actor, written)
        _after_task_move(moved, name, actor, comment, now, calendar)
    return ServiceTask.objects.get(pk=task.pk)


def _attach(task, files, purpose, actor, written) -> None:
    for clean in files:
        attachment = Attachment(
            request=task.request,
            task=task,
            purpose=purpose,
            name=clean.name,
            content_type=clean.content_type,
            size=clean.size,
            sha256=clean.sha256,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        save_file(attachment.file, clean, written)
        attachment.save()


def clean_report_numbers(raw) -> list[str]:
    if isinstance(raw, str):
        raw = raw.replace("，", ",").replace("\n", ",").split(",")
    numbers = [str(n).strip()[:60] for n in raw or [] if str(n).strip()]
    return list(dict.fromkeys(numbers))[:50]


def servicetask_deliver(
    *,
    actor,
    task: ServiceTask,
    summary: str,
    report_numbers=None,
    uploads=None,
    expected_version: int | None = None,
) -> ServiceTask:
    """Deliver the result: a summary plus report/certificate numbers or result files (at least one)."""
    summary = (summary or "").strip()
    numbers = clean_report_numbers(report_numbers)
    files = clean_uploads(uploads, field="files")
    errors = {}
    if not summary:
        errors["summary"] = [_("请填写办理结果。")]
    if not numbers and not files:
        errors["report_numbers"] = [_("请填写报告/证书编号或上传结果文件（至少一项）。")]
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    calendar = workdays.get_calendar()
    with removed_on_failure() as written, transaction.atomic():
        moved = transitions.transition(
            actor=actor,
            obj=task,
            workflow=TASK_WORKFLOW,
            name="deliver",
            comment=summary,
            expected_version=expected_version,
            changes={"delivered_at": now, "result_summary": summary, "report_numbers": numbers},
            data={"report_numbers": numbers, "files": [f.name for f in files]},
        )
        moved = ServiceTask.objects.select_related("request", "request__enterprise", "item", "provider").get(
            pk=moved.pk
        )
        _attach(moved, files, AttachmentPurpose.RESULT, actor, written)
        _after_task_move(moved, "deliver", actor, summary, now, calendar)
    return ServiceTask.objects.get(pk=task.pk)
