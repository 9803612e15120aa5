"""Writes on service requests: online submission, window registration, and the request's transitions.

Every status change goes through `nqi.core.transitions.transition` (the one door) inside the same
transaction as the SLA clocks and notices it moves.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing, transitions, workdays
from nqi.core.errors import DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.enterprises.choices import EnterpriseStatus
from nqi.servicedesk.choices import CLERK_CHANNELS, Channel, ClockKind, NoticeKind, Priority, RequestStatus
from nqi.servicedesk.models import RequestDocument, ServiceItem, ServiceRequest
from nqi.servicedesk.services import clocks, documents, notices
from nqi.servicedesk.uploads import removed_on_failure
from nqi.servicedesk.workflow import REQUEST_WORKFLOW

PHONE = re.compile(r"^[0-9+\-\s()]{5,20}$")


def _clean_fields(data: dict) -> dict:
    errors: dict[str, list] = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = [_("请填写需求概述。")]
    elif len(title) > 200:
        errors["title"] = [_("需求概述不能超过 200 字。")]
    priority = data.get("priority") or Priority.NORMAL
    if priority not in Priority.values:
        errors["priority"] = [_("优先级无效。")]
    phone = (data.get("contact_phone") or "").strip()
    if phone and not PHONE.match(phone):
        errors["contact_phone"] = [_("联系电话格式不正确。")]
    if errors:
        raise ValidationFailed(errors)
    return {
        "title": title,
        "description": (data.get("description") or "").strip()[:5000],
        "priority": priority,
        "contact_name": (data.get("contact_name") or "").strip()[:60],
        "contact_phone": phone,
    }


def _clean_items(platform, item_ids) -> list[ServiceItem]:
    ids = [int(i) for i in item_ids or [] if str(i).isdigit()]
    if not ids:
        raise ValidationFailed({"items": [_("请至少选择一项服务事项。")]})
    items = list(ServiceItem.objects.filter(platform=platform, is_active=True, pk__in=ids).order_by("pk"))
    if len(items) != len(set(ids)):
        raise ValidationFailed(
            {"items": [_("所选服务事项不属于平台“%(p)s”或已停用。") % {"p": platform.name}]}
        )
    return items


def _create(*, actor, platform, enterprise, channel, item_ids, data, uploads) -> ServiceRequest:
    """Validate everything first, then write the request, its documents and its response clock at once."""
    if not platform.is_active:
        raise ValidationFailed({"platform": [_("该平台已停用。")]})
    if enterprise.status != EnterpriseStatus.ACTIVE:
        raise ValidationFailed(
            {
                "enterprise": [
                    _("企业登记状态为“%(s)s”，不能申请服务。") % {"s": enterprise.get_status_display()}
                ]
            }
        )
    fields = _clean_fields(data)
    items = _clean_items(platform, item_ids)
    cleaned_uploads = documents.clean_document_uploads(uploads)
    required = documents.required_kinds(items)
    reused = documents.check_coverage(enterprise_id=enterprise.pk, required=required, uploads=cleaned_uploads)
    now = timezone.now()
    calendar = workdays.get_calendar()
    with removed_on_failure() as written, transaction.atomic():
        request = ServiceRequest.objects.create(
            platform=platform,
            enterprise=enterprise,
            channel=channel,
            submitted_at=now,
            submitted_by=actor if getattr(actor, "pk", None) else None,
            status=RequestStatus.SUBMITTED,
            contact_name=fields.pop("contact_name") or enterprise.contact_name,
            contact_phone=fields.pop("contact_phone") or enterprise.contact_phone,
            **fields,
        )
        request.number = f"FW{now.year}{request.pk:07d}"
        request.save(update_fields=["number"])
        request.items.set(items)
        stored = documents.store_documents(
            actor=actor, enterprise=enterprise, uploads=cleaned_uploads, written=written
        )
        RequestDocument.objects.bulk_create(
            [RequestDocument(request=request, document=d, reused=True) for d in reused.values()]
            + [RequestDocument(request=request, document=d, reused=False) for d in stored]
        )
        clock = clocks.start_request_clock(
            request=request, items=items, kind=ClockKind.RESPONSE, at=now, calendar=calendar
        )
        ServiceRequest.objects.filter(pk=request.pk).update(due_at=clock.due_at)
        request.due_at = clock.due_at
        auditing.record(
            actor=actor,
            event_type="servicedesk.servicerequest_submitted",
            target=request,
            summary=f"{enterprise.name}：{request.title}（{Channel(channel).label}）",
            after={
                "platform": platform.pk,
                "items": [i.pk for i in items],
                "channel": channel,
                "reused_documents": sorted(reused),
                "uploaded_documents": sorted(cleaned_uploads),
            },
        )
    return request


def servicerequest_submit(
    *, actor, enterprise, platform, item_ids, data: dict, uploads: dict | None = None
) -> ServiceRequest:
    """An enterprise applies online (portal or API) for one or more items of one platform's catalog."""
    authorize(actor, "servicedesk.submit_servicerequest", enterprise)
    return _create(
        actor=actor,
        platform=platform,
        enterprise=enterprise,
        channel=Channel.ONLINE,
        item_ids=item_ids,
        data=data,
        uploads=uploads,
    )


def servicerequest_register(
    *, actor, platform, enterprise, channel: str, item_ids, data: dict, uploads: dict | None = None
) -> ServiceRequest:
    """A window clerk records a walk-in, phone or housekeeper-referred request; the channel is kept."""
    authorize(actor, "servicedesk.register_servicerequest", platform)
    if channel not in CLERK_CHANNELS:
        raise ValidationFailed({"channel": [_("窗口登记的渠道须为现场、电话或质量管家代办。")]})
    return _create(
        actor=actor,
        platform=platform,
        enterprise=enterprise,
        channel=channel,
        item_ids=item_ids,
        data=data,
        uploads=uploads,
    )


def _effects_for(request, name: str, actor, comment: str, now, calendar) -> None:
    """What each request transition does to clocks, dates and notices (in the door's transaction)."""
    if name in ("accept", "return"):
        clocks.move(
            clocks.open_clocks(request=request, kind=ClockKind.RESPONSE, request_level=True),
            "stop",
            now,
            calendar,
        )
    if name == "accept":
        clocks.start_request_clock(
            request=request,
            items=list(request.items.all()),
            kind=ClockKind.RESOLUTION,
            at=now,
            calendar=calendar,
        )
    if name == "return":
        notices.notify(
            notices.enterprise_users(request.enterprise),
            kind=NoticeKind.RETURNED,
            request=request,
            message=_("申请 %(n)s 被退回：%(c)s") % {"n": request.number, "c": comment[:300]},
        )
    if name == "resubmit":
        cycle = request.clocks.filter(task__isnull=True, kind=ClockKind.RESPONSE).count() + 1
        clocks.start_request_clock(
            request=request,
            items=list(request.items.all()),
            kind=ClockKind.RESPONSE,
            at=now,
            calendar=calendar,
            cycle=cycle,
        )
    if name == "withdraw":
        clocks.cancel_open(clocks.open_clocks(request=request), now, calendar)
    if name == "close":
        clocks.move(clocks.open_clocks(request=request, request_level=True), "stop", now, calendar)
        from nqi.servicedesk.services.aftercare import followup_schedule

        followup_schedule(request=request, closed_at=now)
        notices.notify(
            notices.enterprise_users(request.enterprise),
            kind=NoticeKind.CLOSED,
            request=request,
            message=_("申请 %(n)s 已办结，欢迎评价服务。") % {"n": request.number},
        )
    ServiceRequest.objects.filter(pk=request.pk).update(due_at=clocks.current_due(request=request))


CHANGES = {
    "accept": lambda now, comment: {"accepted_at": now},
    "return": lambda now, comment: {"return_reason": comment},
    "close": lambda now, comment: {"closed_at": now},
}


def servicerequest_transition(
    *, actor, request: ServiceRequest, name: str, comment: str = "", expected_version: int | None = None
) -> ServiceRequest:
    """Move a request along its workflow (accept, return with reasons, resubmit, withdraw, close)."""
    if name == "route":
        raise DomainError(
            _("分派请使用分派表单，选择服务事项与服务机构。"), code="use_route", field="transition"
        )
    now = timezone.now()
    calendar = workdays.get_calendar()
    with transaction.atomic():
        changes = CHANGES.get(name, lambda n, c: {})(now, (comment or "").strip())
        moved = transitions.transition(
            actor=actor,
            obj=request,
            workflow=REQUEST_WORKFLOW,
            name=name,
            comment=comment,
            expected_version=expected_version,
            changes=changes,
        )
        _effects_for(moved, name, actor, (comment or "").strip(), now, calendar)
    moved.refresh_from_db()
    return moved
