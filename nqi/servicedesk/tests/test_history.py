"""Bulk import of past requests: replayed against the same tables and clocks; bad batches write nothing.
Also the key figures (distinct enterprises served) and the follow-up rules."""

import datetime as dt

import pytest
from django.utils import timezone

from nqi.core.errors import DomainError, ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.workdays import SHANGHAI as SH
from nqi.servicedesk.choices import Channel, ClockKind, Priority, RequestStatus
from nqi.servicedesk.models import FollowUp, ServiceRequest, SlaClock
from nqi.servicedesk.selectors import kpis
from nqi.servicedesk.services import aftercare
from nqi.servicedesk.services.history import servicerequest_bulk_import
from nqi.servicedesk.services.history_plan import PastEvent, PastRequest, PastTask

pytestmark = pytest.mark.django_db


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=SH)


def past(desk, provider=None, events=None, task_events=None):
    record = PastRequest(
        platform=desk.platform,
        enterprise=desk.enterprise,
        items=[desk.testing],
        channel=Channel.WALK_IN,
        priority=Priority.NORMAL,
        title="国庆前送检",
        submitted_at=at("2025-09-30 10:00"),
    )
    record.events = (
        events
        if events is not None
        else [
            PastEvent("accept", at("2025-09-30 11:00")),
            PastEvent("route", at("2025-09-30 11:10")),
            PastEvent("close", at("2025-10-20 16:00")),
        ]
    )
    task = PastTask(item=desk.testing, provider=provider or desk.lab, routed_at=at("2025-09-30 11:10"))
    task.events = (
        task_events
        if task_events is not None
        else [
            PastEvent("accept", at("2025-09-30 14:00")),
            PastEvent("request_info", at("2025-09-30 16:00")),
            PastEvent("provide_info", at("2025-10-10 09:00")),
            PastEvent("deliver", at("2025-10-20 16:00")),
        ]
    )
    record.tasks = [task]
    return record


def test_import_replays_clocks_across_national_day_with_pause(desk, system):
    (request,) = servicerequest_bulk_import(actor=system, records=[past(desk)])
    assert request.status == RequestStatus.CLOSED and request.number.startswith("FW2025")
    resolution = SlaClock.objects.get(task__request=request, kind=ClockKind.RESOLUTION)
    # 09-30 11:10–12:00, 13:30–16:00 (3 h 20 m) before the pause; resumed 10-10 09:00 (调休 10-11 counts)
    # until 10-20 16:00: 10-10 7 h, 10-11 7 h, 10-13…10-17 35 h, 10-20 5.5 h
    assert resolution.consumed_seconds == int((3 + 20 / 60 + 7 + 7 + 35 + 5.5) * 3600)
    # the target is 5 working days (35 h): it ran out on 10-15 at 14:10, and stays breached after delivery
    assert resolution.breached_at == at("2025-10-15 14:10") and resolution.stopped_at == at(
        "2025-10-20 16:00"
    )
    response = SlaClock.objects.get(task__request=request, kind=ClockKind.RESPONSE)
    assert response.consumed_seconds == 80 * 60 and response.met  # 11:10–12:00 and 13:30–14:00
    history = StatusChange.objects.filter(target_type="servicedesk.servicetask").order_by("occurred_at")
    assert [c.transition for c in history] == ["accept", "request_info", "provide_info", "deliver"]
    assert history.first().occurred_at == at("2025-09-30 14:00")
    assert FollowUp.objects.get(request=request).due_on == dt.date(2026, 10, 20)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"events": [PastEvent("close", at("2025-10-01 09:00"))]}, "events"),  # closed before accepted
        (
            {"task_events": [PastEvent("deliver", at("2025-10-20 16:00"))]},
            "events",
        ),  # delivered before accepted
        ({"events": [PastEvent("accept", at("2030-01-01 09:00"))]}, "events"),  # in the future
        ({"provider": "outsider"}, "provider"),  # not on the platform
    ],
)
def test_bad_batch_is_refused_whole(desk, system, change, field):
    if change.get("provider") == "outsider":
        change["provider"] = desk.outsider
    good = past(desk)
    with pytest.raises(ValidationFailed) as caught:
        servicerequest_bulk_import(actor=system, records=[good, past(desk, **change)])
    assert field in caught.value.errors
    assert ServiceRequest.objects.count() == 0 and SlaClock.objects.count() == 0


def test_served_counts_each_enterprise_once_per_year(desk, system):
    servicerequest_bulk_import(actor=system, records=[past(desk), past(desk)])
    other = past(desk, events=[PastEvent("return", at("2025-09-30 11:00"), comment="缺材料")], task_events=[])
    other.tasks = []
    servicerequest_bulk_import(actor=system, records=[other])
    officer = desk.manager  # platform staff see the platform
    assert kpis.kpi_enterprises_served(actor=officer, year=2025) == 1
    assert kpis.kpi_enterprises_served(actor=officer, year=2026) == 0
    assert {r["key"]: r["n"] for r in kpis.kpi_requests_by_channel(actor=officer, year=2025)}["walk_in"] == 3
    assert kpis.kpi_median_response_hours(actor=officer, year=2025) == 1.0


class TestFollowUp:
    def test_answer_only_when_due_and_once(self, desk, system):
        (request,) = servicerequest_bulk_import(actor=system, records=[past(desk)])
        followup = FollowUp.objects.get(request=request)
        today = timezone.localdate()
        data = {
            "problem_solved": "1",
            "sales_gain": "120.5",
            "certifications_gained": "1",
            "standards_gained": "0",
        }
        if today < followup.due_on - dt.timedelta(days=30):
            with pytest.raises(DomainError) as caught:
                aftercare.followup_answer(actor=desk.owner, request=request, data=data)
            assert caught.value.code == "followup_not_due"
            FollowUp.objects.filter(pk=followup.pk).update(due_on=today)
        answered = aftercare.followup_answer(actor=desk.owner, request=request, data=data)
        assert answered.problem_solved and str(answered.sales_gain) == "120.50"
        with pytest.raises(DomainError):
            aftercare.followup_answer(actor=desk.clerk, request=request, data=data)

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"problem_solved": ""}, "problem_solved"),
            ({"problem_solved": "1", "sales_gain": "很多"}, "sales_gain"),
            ({"problem_solved": "0", "certifications_gained": "-1"}, "certifications_gained"),
        ],
    )
    def test_bad_answers_name_the_field(self, desk, system, data, field):
        (request,) = servicerequest_bulk_import(actor=system, records=[past(desk)])
        FollowUp.objects.filter(request=request).update(due_on=timezone.localdate())
        with pytest.raises(ValidationFailed) as caught:
            aftercare.followup_answer(actor=desk.owner, request=request, data=data)
        assert field in caught.value.errors


def test_add_months_handles_month_ends():
    assert aftercare.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert aftercare.add_months(dt.date(2025, 10, 31), 4) == dt.date(2026, 2, 28)
