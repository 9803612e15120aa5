"""Planning a past request's SLA clocks: the same arithmetic as live work, replayed over its timeline.

Used by `history.servicerequest_bulk_import`; pure apart from reading the SLA policy rows once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from nqi.core.errors import DomainError, ValidationFailed
from nqi.servicedesk import clock as arithmetic
from nqi.servicedesk.choices import ClockKind
from nqi.servicedesk.models import SlaClock, SlaPolicy
from nqi.servicedesk.services.clocks import apply_state


@dataclass
class PastEvent:
    name: str
    at: dt.datetime
    actor: object = None
    comment: str = ""


@dataclass
class PastTask:
    item: object
    provider: object
    routed_at: dt.datetime
    events: list[PastEvent] = field(default_factory=list)
    result_summary: str = ""
    report_numbers: list = field(default_factory=list)
    info_request: str = ""


@dataclass
class PastRequest:
    platform: object
    enterprise: object
    items: list
    channel: str
    priority: str
    title: str
    submitted_at: dt.datetime
    submitted_by: object = None
    description: str = ""
    events: list[PastEvent] = field(default_factory=list)
    tasks: list[PastTask] = field(default_factory=list)
    documents: list = field(default_factory=list)  # [(EnterpriseDocument, reused)]
    rating: tuple | None = None  # (score, comment, rated_at, user)
    followup: dict | None = None  # answered values, with "answered_at"


class PolicyBook:
    """All SLA policy rows in memory: the same choice as `slapolicy_for`, without a query per clock."""

    def __init__(self, calendar):
        self.rows = list(SlaPolicy.objects.order_by("-effective_from", "-version"))
        self.per_day = Decimal(str(arithmetic.hours_per_working_day(calendar)))

    def pick(self, item, priority, at):
        rows = [r for r in self.rows if r.priority == priority and r.effective_from <= at]
        return next((r for r in rows if r.item_id == item.pk), None) or next(
            r for r in rows if r.item_id is None
        )

    def targets(self, item, priority, at):
        policy = self.pick(item, priority, at)
        resolution = policy.resolution_hours
        if resolution is None:
            resolution = Decimal(item.promised_working_days) * self.per_day * policy.resolution_factor
        return policy, dt.timedelta(hours=float(policy.response_hours)), dt.timedelta(hours=float(resolution))


def replay(workflow, events, where) -> str:
    """Walk `events` through the table; the state reached, or ValidationFailed naming the record."""
    state, last = workflow.initial, None
    for event in events:
        if last and event.at < last:
            raise ValidationFailed(
                {"events": [_("%(w)s：时间顺序错误（%(n)s）。") % {"w": where, "n": event.name}]}
            )
        try:
            state = workflow.get_transition(event.name, state).target
        except DomainError as exc:
            raise ValidationFailed({"events": [f"{where}：{getattr(exc, 'message', exc)}"]}) from exc
        last = event.at
    return state


def run_clock(clock, steps, now, calendar) -> SlaClock:
    """Replay `steps` up to `now`; a late clock is marked breached. Escalation is left to the next SLA
    check, which then tells the platform and the bureau about what is still open and late."""
    state = arithmetic.start(clock.started_at, dt.timedelta(seconds=clock.target_seconds), calendar)
    for operation, at in steps:
        if at > now:
            break
        state = getattr(arithmetic, "stop" if operation == "cancel" else operation)(state, at, calendar)
        clock.cancelled = clock.cancelled or operation == "cancel"
    apply_state(clock, arithmetic.check(state, now, calendar))
    return clock


def new_clock(request, task, kind, cycle, policy, target, at) -> SlaClock:
    return SlaClock(
        request=request,
        task=task,
        kind=kind,
        cycle=cycle,
        policy=policy,
        target_seconds=int(target.total_seconds()),
        started_at=at,
    )


ORDER = {"pause": 0, "resume": 1, "stop": 2, "cancel": 2}


def request_clocks(record, request, book):
    """(clock, steps) for the request's response cycles and its resolution, paused while tasks wait."""
    plans, response, resolution, cycle = [], None, None, 0
    for event in [PastEvent("submit", record.submitted_at), *record.events]:
        if event.name in ("submit", "resubmit"):
            cycle += 1
            policy, target, _r = min(
                (book.targets(i, record.priority, event.at) for i in record.items), key=lambda r: r[1]
            )
            response = (new_clock(request, None, ClockKind.RESPONSE, cycle, policy, target, event.at), [])
            plans.append(response)
        elif event.name in ("accept", "return") and response:
            response[1].append(("stop", event.at))
            response = None
            if event.name == "accept":
                policy, _t, target = max(
                    (book.targets(i, record.priority, event.at) for i in record.items), key=lambda r: r[2]
                )
                resolution = (
                    new_clock(request, None, ClockKind.RESOLUTION, 1, policy, target, event.at),
                    [],
                )
                plans.append(resolution)
        elif event.name == "withdraw":
            for _clock, steps in plans:
                steps.append(("cancel", event.at))
        elif event.name == "close" and resolution:
            resolution[1].append(("stop", event.at))
    if resolution:
        waiting, marks = 0, []
        for task in record.tasks:
            marks += [
                (e.at, 1 if e.name == "request_info" else -1)
                for e in task.events
                if e.name in ("request_info", "provide_info")
            ]
        for at, delta in sorted(marks):
            waiting += delta
            if waiting == 1 and delta == 1:
                resolution[1].append(("pause", at))
            elif waiting == 0:
                resolution[1].append(("resume", at))
    return plans


def task_clocks(record, request, task_row, past, book):
    policy, response, resolution = book.targets(past.item, record.priority, past.routed_at)
    plans = [
        (new_clock(request, task_row, ClockKind.RESPONSE, 1, policy, response, past.routed_at), []),
        (new_clock(request, task_row, ClockKind.RESOLUTION, 1, policy, resolution, past.routed_at), []),
    ]
    steps = {
        "accept": [(0, "stop")],
        "request_info": [(1, "pause")],
        "provide_info": [(1, "resume")],
        "deliver": [(1, "stop")],
        "cancel": [(0, "cancel"), (1, "cancel")],
    }
    for event in past.events:
        for index, operation in steps.get(event.name, []):
            plans[index][1].append((operation, event.at))
    return plans
