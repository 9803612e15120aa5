"""Importing past visits and problems (last year's 诊检培攻导 records, the demo city) in bulk, all-or-nothing.

Each past problem is checked against the problem workflow (solved needs a solution and a date between
the visit and today); the solve or drop is written to the status-change timeline as it happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.assistance.choices import ProblemStatus, VisitKind
from nqi.assistance.models import Problem, Visit
from nqi.assistance.workflow import PROBLEM_WORKFLOW
from nqi.core import auditing
from nqi.core.errors import ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.permissions import authorize
from nqi.servicedesk.choices import ServiceDomain


@dataclass
class PastProblem:
    domain: str
    description: str
    solved_on: dt.date | None = None
    solution: str = ""
    service_request: object = None


@dataclass
class PastVisit:
    enterprise: object
    kind: str
    visited_on: dt.date
    housekeepers: list
    findings: str
    enterprise_participants: str = ""
    problems: list[PastProblem] = field(default_factory=list)


def _check(visits) -> None:
    today = timezone.localdate()
    for number, visit in enumerate(visits, start=1):
        where = _("第 %(n)s 次走访") % {"n": number}
        if visit.kind not in VisitKind.values or not visit.housekeepers or visit.visited_on > today:
            raise ValidationFailed({"visits": [_("%(w)s：类型、管家或日期无效。") % {"w": where}]})
        for problem in visit.problems:
            if problem.domain not in ServiceDomain.values:
                raise ValidationFailed({"problems": [_("%(w)s：问题领域无效。") % {"w": where}]})
            if problem.solved_on and not (
                visit.visited_on <= problem.solved_on <= today and problem.solution.strip()
            ):
                raise ValidationFailed(
                    {"problems": [_("%(w)s：已解决的问题须有措施，日期在走访与今天之间。") % {"w": where}]}
                )


def visit_bulk_import(*, actor, visits: list[PastVisit]) -> list[Visit]:
    authorize(actor, "assistance.manage_housekeeper")
    _check(visits)
    with transaction.atomic():
        rows = Visit.objects.bulk_create(
            [
                Visit(
                    enterprise=v.enterprise,
                    kind=v.kind,
                    visited_on=v.visited_on,
                    lead=v.housekeepers[0],
                    findings=v.findings,
                    enterprise_participants=v.enterprise_participants,
                    recorded_by=None,
                )
                for v in visits
            ],
            batch_size=1000,
        )
        through = Visit.housekeepers.through
        through.objects.bulk_create(
            [
                through(visit_id=row.pk, housekeeper_id=k.pk)
                for row, v in zip(rows, visits, strict=True)
                for k in v.housekeepers
            ],
            batch_size=2000,
        )
        problems = [
            Problem(
                enterprise=v.enterprise,
                visit=row,
                domain=p.domain,
                description=p.description,
                found_on=v.visited_on,
                status=ProblemStatus.SOLVED if p.solved_on else ProblemStatus.OPEN,
                solution=p.solution if p.solved_on else "",
                solved_on=p.solved_on,
                service_request=p.service_request,
                version=2 if p.solved_on else 1,
            )
            for row, v in zip(rows, visits, strict=True)
            for p in v.problems
        ]
        Problem.objects.bulk_create(problems, batch_size=1000)
        _timeline(problems)
        auditing.record_many(
            actor=actor,
            event_type="assistance.visit_imported",
            items=[
                (row, str(row), {"kind": row.kind, "problems": len(v.problems)})
                for row, v in zip(rows, visits, strict=True)
            ],
        )
    return rows


def _timeline(problems) -> None:
    solved = [p for p in problems if p.status == ProblemStatus.SOLVED]
    step = PROBLEM_WORKFLOW.get_transition("solve", ProblemStatus.OPEN)
    changes = StatusChange.objects.bulk_create(
        [
            StatusChange(
                workflow=PROBLEM_WORKFLOW.name,
                target_type="assistance.problem",
                target_id=str(p.pk),
                transition=step.name,
                from_status=ProblemStatus.OPEN,
                to_status=step.target,
                comment=p.solution[:200],
            )
            for p in solved
        ],
        batch_size=2000,
    )
    field_ = StatusChange._meta.get_field("occurred_at")
    moments = [
        (
            field_.get_db_prep_save(
                dt.datetime.combine(p.solved_on, dt.time(16, 0), tzinfo=timezone.get_current_timezone()),
                connection,
            ),
            c.pk,
        )
        for p, c in zip(solved, changes, strict=True)
    ]
    table = connection.ops.quote_name(StatusChange._meta.db_table)
    with connection.cursor() as cursor:  # auto_now_add stamped the import time; keep when it was solved
        cursor.executemany(f"UPDATE {table} SET occurred_at = %s WHERE id = %s", moments)
