"""Importing past requests (the previous platform's records, the demo city's year) in bulk.

Each past request is replayed against the same transition tables and the same SLA arithmetic as live
work — a sequence the table does not allow, an item of another platform or a provider not on the
platform refuses the whole batch — and its timeline is written as it happened: status-change rows,
clocks (paused while waiting for the enterprise, breached when late), tasks, rating and follow-up. It
never changes the status of a live record. Bureau administrators (and the system) only.
"""

from __future__ import annotations

import functools

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing, workdays
from nqi.core.errors import ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.permissions import authorize
from nqi.servicedesk.choices import TaskStatus
from nqi.servicedesk.models import (
    FollowUp,
    Rating,
    RequestDocument,
    ServiceRequest,
    ServiceTask,
    SlaClock,
)
from nqi.servicedesk.services.aftercare import FOLLOWUP_MONTHS, add_months
from nqi.servicedesk.services.history_plan import (
    ORDER,
    PastRequest,
    PolicyBook,
    replay,
    request_clocks,
    run_clock,
    task_clocks,
)
from nqi.servicedesk.workflow import REQUEST_WORKFLOW, TASK_WORKFLOW


def _status_rows(workflow, target_type, obj_id, events, initial):
    rows, state = [], initial
    for event in events:
        target = workflow.get_transition(event.name, state).target
        rows.append(
            (
                StatusChange(
                    workflow=workflow.name,
                    target_type=target_type,
                    target_id=str(obj_id),
                    transition=event.name,
                    from_status=state,
                    to_status=target,
                    comment=event.comment,
                    actor=event.actor if getattr(event.actor, "pk", None) else None,
                ),
                event.at,
            )
        )
        state = target
    return rows


def _check(records, now):
    for number, record in enumerate(records, start=1):
        where = _("第 %(n)s 条") % {"n": number}
        participants = record.platform._participant_ids
        if any(item.platform_id != record.platform.pk for item in record.items) or not record.items:
            raise ValidationFailed({"items": [_("%(w)s：服务事项不属于该平台。") % {"w": where}]})
        every = [record.submitted_at, *[e.at for e in record.events]]
        for task in record.tasks:
            if task.provider.pk not in participants:
                raise ValidationFailed(
                    {
                        "provider": [
                            _("%(w)s：“%(p)s”不是本平台的入驻机构。") % {"w": where, "p": task.provider.name}
                        ]
                    }
                )
            replay(TASK_WORKFLOW, task.events, where)
            every += [task.routed_at, *[e.at for e in task.events]]
        replay(REQUEST_WORKFLOW, record.events, where)
        if max(every) > now:
            raise ValidationFailed({"events": [_("%(w)s：包含未来的时间。") % {"w": where}]})


def servicerequest_bulk_import(*, actor, records: list[PastRequest], now=None) -> list[ServiceRequest]:
    """Write past requests with their whole timeline, all-or-nothing."""
    authorize(actor, "servicedesk.import_history")
    now = now or timezone.now()
    calendar = workdays.get_calendar()
    # thousands of clocks ask about the same few hundred days: remember each day's answer for this import
    calendar.is_working_day = functools.lru_cache(maxsize=None)(calendar.is_working_day)
    book = PolicyBook(calendar)
    for platform in {r.platform.pk: r.platform for r in records}.values():
        platform._participant_ids = set(platform.participants.values_list("pk", flat=True))
    _check(records, now)
    requests = _build_requests(records)
    tasks = _build_tasks(records, requests)
    clocks = _build_clocks(records, requests, tasks, book, now, calendar)
    with transaction.atomic():
        _write_requests(records, requests)
        ServiceTask.objects.bulk_create(tasks, batch_size=1000)
        SlaClock.objects.bulk_create(clocks, batch_size=2000)
        _write_timeline(records, requests, tasks)
        _write_aftercare(records, requests)
        auditing.record_many(
            actor=actor,
            event_type="servicedesk.servicerequest_imported",
            items=[
                (r, f"{r.number} {r.title}", {"status": r.status, "channel": r.channel}) for r in requests
            ],
        )
    return requests


def _final(events, name):
    found = [e for e in events if e.name == name]
    return found[-1] if found else None


def _build_requests(records):
    rows = []
    for record in records:
        status = replay(REQUEST_WORKFLOW, record.events, "")
        accepted, closed, returned = (_final(record.events, n) for n in ("accept", "close", "return"))
        rows.append(
            ServiceRequest(
                platform=record.platform,
                enterprise=record.enterprise,
                channel=record.channel,
                priority=record.priority,
                status=status,
                title=record.title,
                description=record.description,
                contact_name=record.enterprise.contact_name,
                contact_phone=record.enterprise.contact_phone,
                submitted_at=record.submitted_at,
                submitted_by=record.submitted_by,
                accepted_at=accepted.at if accepted else None,
                closed_at=closed.at if closed else None,
                return_reason=returned.comment if returned else "",
                version=1 + len(record.events),
                status_changed_at=record.events[-1].at if record.events else None,
            )
        )
    return rows


def _write_requests(records, rows):
    created = ServiceRequest.objects.bulk_create(rows, batch_size=500)
    for request in created:
        request.number = f"FW{timezone.localtime(request.submitted_at).year}{request.pk:07d}"
    _update_column(ServiceRequest, "number", [(r.number, r.pk) for r in created])
    through = ServiceRequest.items.through
    through.objects.bulk_create(
        [
            through(servicerequest_id=r.pk, serviceitem_id=i.pk)
            for r, rec in zip(created, records, strict=True)
            for i in rec.items
        ],
        batch_size=2000,
    )
    RequestDocument.objects.bulk_create(
        [
            RequestDocument(request=r, document=d, reused=reused)
            for r, rec in zip(created, records, strict=True)
            for d, reused in rec.documents
        ],
        batch_size=2000,
    )


def _update_column(model, column: str, pairs) -> None:
    """Set one column row by row in a single executemany (bulk_update's CASE expressions are far slower)."""
    field = model._meta.get_field(column)
    table, name = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
    rows = [(field.get_db_prep_save(value, connection), pk) for value, pk in pairs]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {name} = %s WHERE id = %s", rows)


def _build_tasks(records, requests):
    rows = []
    for request, record in zip(requests, records, strict=True):
        for past in record.tasks:
            accepted, delivered = _final(past.events, "accept"), _final(past.events, "deliver")
            rows.append(
                ServiceTask(
                    request=request,
                    item=past.item,
                    provider=past.provider,
                    routed_at=past.routed_at,
                    status=replay(TASK_WORKFLOW, past.events, ""),
                    accepted_at=accepted.at if accepted else None,
                    delivered_at=delivered.at if delivered else None,
                    info_request=past.info_request,
                    result_summary=past.result_summary if delivered else "",
                    report_numbers=list(past.report_numbers) if delivered else [],
                    version=1 + len(past.events),
                    status_changed_at=past.events[-1].at if past.events else None,
                )
            )
    return rows


def _build_clocks(records, requests, tasks, book, now, calendar):
    clocks, task_iter = [], iter(tasks)
    due = {}
    for request, record in zip(requests, records, strict=True):
        for clock, steps in request_clocks(record, request, book):
            steps.sort(key=lambda s: (s[1], ORDER[s[0]]))
            clocks.append(run_clock(clock, steps, now, calendar))
            if clock.stopped_at is None and clock.due_at:
                due[("r", id(request))] = min(clock.due_at, due.get(("r", id(request)), clock.due_at))
        for past in record.tasks:
            task = next(task_iter)
            for clock, steps in task_clocks(record, request, task, past, book):
                steps.sort(key=lambda s: (s[1], ORDER[s[0]]))
                clocks.append(run_clock(clock, steps, now, calendar))
                if clock.stopped_at is None and clock.due_at:
                    due[("t", id(task))] = min(clock.due_at, due.get(("t", id(task)), clock.due_at))
    for request in requests:
        request.due_at = due.get(("r", id(request)))
    for task in tasks:
        task.due_at = due.get(("t", id(task)))
    return clocks


def _write_timeline(records, requests, tasks):
    rows, task_iter = [], iter(tasks)
    for request, record in zip(requests, records, strict=True):
        rows += _status_rows(
            REQUEST_WORKFLOW,
            "servicedesk.servicerequest",
            request.pk,
            record.events,
            REQUEST_WORKFLOW.initial,
        )
        for past in record.tasks:
            task = next(task_iter)
            rows += _status_rows(
                TASK_WORKFLOW, "servicedesk.servicetask", task.pk, past.events, TaskStatus.ROUTED
            )
    created = StatusChange.objects.bulk_create([row for row, _at in rows], batch_size=2000)
    # auto_now_add stamped the import time; keep when each change really happened
    _update_column(
        StatusChange,
        "occurred_at",
        [(at, change.pk) for change, (_row, at) in zip(created, rows, strict=True)],
    )


def _write_aftercare(records, requests):
    ratings, followups = [], []
    for request, record in zip(requests, records, strict=True):
        if record.rating and request.closed_at:
            score, comment, at, user = record.rating
            ratings.append(Rating(request=request, score=score, comment=comment, rated_at=at, rated_by=user))
        if request.closed_at:
            values = dict(record.followup or {})
            followups.append(
                FollowUp(
                    request=request,
                    due_on=add_months(timezone.localtime(request.closed_at).date(), FOLLOWUP_MONTHS),
                    **values,
                )
            )
    Rating.objects.bulk_create(ratings, batch_size=2000)
    FollowUp.objects.bulk_create(followups, batch_size=2000)
