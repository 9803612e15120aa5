"""After a request closes: one satisfaction rating by the enterprise, and the follow-up 12 months later.

The follow-up asks whether the problem was solved and what the enterprise gained (new sales,
certifications, standards), so the platform's impact is measured, not assumed (DB33/T 2428—2022 评价与改进).
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing
from nqi.core.errors import Conflict, DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.servicedesk.choices import RequestStatus
from nqi.servicedesk.models import FollowUp, Rating, ServiceRequest

FOLLOWUP_MONTHS = 12
FOLLOWUP_WINDOW_DAYS = 30  # the survey may be answered from a month before it falls due


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later; 29 Feb and month ends fall back to the month's last day."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def followup_schedule(*, request: ServiceRequest, closed_at) -> FollowUp:
    """Called when a request closes: the follow-up falls due 12 months after the closing date."""
    due = add_months(timezone.localtime(closed_at).date(), FOLLOWUP_MONTHS)
    followup, _created = FollowUp.objects.get_or_create(request=request, defaults={"due_on": due})
    return followup


def servicerequest_rate(*, actor, request: ServiceRequest, score, comment: str = "") -> Rating:
    """The enterprise rates a closed request once, 1 (very dissatisfied) to 5 (very satisfied)."""
    authorize(actor, "servicedesk.rate_servicerequest", request)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationFailed({"score": [_("满意度须为 1 到 5 分。")]})
    with transaction.atomic():
        current = ServiceRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != RequestStatus.CLOSED:
            raise DomainError(_("申请办结后才能评价。"), code="not_closed", field="score")
        if Rating.objects.filter(request=current).exists():
            raise Conflict(_("该申请已评价过。"), code="already_rated", field="score")
        try:
            rating = Rating.objects.create(
                request=current,
                score=score,
                comment=(comment or "").strip()[:2000],
                rated_by=actor,
                rated_at=timezone.now(),
            )
        except IntegrityError as exc:
            raise Conflict(_("该申请已评价过。"), code="already_rated", field="score") from exc
        auditing.record(
            actor=actor,
            event_type="servicedesk.servicerequest_rated",
            target=current,
            summary=f"{current.number}：{score}",
            after={"score": score},
        )
    return rating


def _decimal(value, field):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationFailed({field: [_("请输入数字。")]}) from exc
    if number < 0 or number > Decimal("9999999999"):
        raise ValidationFailed({field: [_("数值超出范围。")]})
    return number.quantize(Decimal("0.01"))


def _count(value, field) -> int:
    try:
        number = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed({field: [_("请输入整数。")]}) from exc
    if not 0 <= number <= 999:
        raise ValidationFailed({field: [_("数值超出范围。")]})
    return number


def followup_answer(*, actor, request: ServiceRequest, data: dict) -> FollowUp:
    """Record the 12-month follow-up (by the enterprise or by the window on the phone); answered once."""
    authorize(actor, "servicedesk.answer_followup", request)
    solved = data.get("problem_solved")
    if solved in ("1", "true", "True", True):
        solved = True
    elif solved in ("0", "false", "False", False):
        solved = False
    else:
        raise ValidationFailed({"problem_solved": [_("请选择问题是否已解决。")]})
    values = {
        "problem_solved": solved,
        "sales_gain": _decimal(data.get("sales_gain"), "sales_gain"),
        "certifications_gained": _count(data.get("certifications_gained"), "certifications_gained"),
        "standards_gained": _count(data.get("standards_gained"), "standards_gained"),
        "note": (data.get("note") or "").strip()[:2000],
    }
    with transaction.atomic():
        followup = FollowUp.objects.select_for_update().filter(request=request).first()
        if followup is None:
            raise DomainError(_("申请尚未办结，没有回访安排。"), code="no_followup", field="problem_solved")
        if followup.answered_at is not None:
            raise Conflict(_("该回访已完成。"), code="already_answered", field="problem_solved")
        if timezone.localdate() < followup.due_on - dt.timedelta(days=FOLLOWUP_WINDOW_DAYS):
            raise DomainError(
                _("回访日期为 %(d)s，届时再填写。") % {"d": followup.due_on.isoformat()},
                code="followup_not_due",
                field="problem_solved",
            )
        for key, value in values.items():
            setattr(followup, key, value)
        followup.answered_at = timezone.now()
        followup.answered_by = actor
        followup.save()
        auditing.record(
            actor=actor,
            event_type="servicedesk.followup_answered",
            target=request,
            summary=f"{request.number}",
            after={k: str(v) for k, v in values.items()},
        )
    return followup
