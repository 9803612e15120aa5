"""Actor-scoped reads of enterprise claims, and the claim-deadline policy in force (house rule 4).

A claimant sees their own claims; bureau users see claims on enterprises in their jurisdiction. Missing
and forbidden claims give the same NotFound.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.accounts.scope import scope_for
from nqi.core import workdays
from nqi.core.errors import NotFound
from nqi.core.transitions import available_transitions, status_history
from nqi.core.workflow import AvailableTransition
from nqi.enterprises.models import EnterpriseClaim, EnterpriseClaimPolicy
from nqi.enterprises.workflow import ENTERPRISE_CLAIM, EnterpriseClaimStatus


@dataclass(frozen=True)
class ClaimPolicy:
    """The verification deadline that governs claims submitted on a day, with the version it came from."""

    version: int
    effective_from: dt.date
    verification_working_days: int
    basis: object  # str or a lazy translation


SHIPPED_CLAIM_POLICY = ClaimPolicy(
    version=0,
    effective_from=dt.date(2020, 1, 1),
    verification_working_days=5,
    # [INF] not a statutory period: the spirit of 《优化营商环境条例》 (shorter handling times) and, by
    # analogy, 《行政许可法》第三十二条's five days to tell an applicant what is missing [MEM].
    basis=_(
        "出厂默认值（推断，非法定时限）：参照《优化营商环境条例》压减办理时限的精神，"
        "并比照《行政许可法》第三十二条“五日内一次告知”，核验时限定为 5 个工作日。"
    ),
)

SORTS = {
    "-created": ("-created_at", "-id"),
    "created": ("created_at", "id"),
    "due": ("due_at", "id"),
    "enterprise": ("enterprise__name", "id"),
}


@dataclass(frozen=True)
class EnterpriseClaimFilter:
    status: str = ""
    due: str = ""  # "overdue" | "open" (not yet overdue) | ""
    q: str = ""
    region: str = ""
    sort: str = "-created"


def enterpriseclaimpolicy_in_force(*, on: dt.date | None = None) -> ClaimPolicy:
    """The policy row with the latest `effective_from` on or before `on` (today), else the shipped default."""
    on = on or timezone.localdate()
    row = EnterpriseClaimPolicy.objects.filter(effective_from__lte=on).order_by("-effective_from", "-version")
    row = row.first()
    if row is None:
        return SHIPPED_CLAIM_POLICY
    return ClaimPolicy(row.version, row.effective_from, row.verification_working_days, row.basis)


def _start_of_today() -> dt.datetime:
    return dt.datetime.combine(timezone.localdate(), dt.time.min, tzinfo=workdays.SHANGHAI)


def overdue_q() -> Q:
    """Waiting claims whose due day has passed (a deadline ends at close of its last working day)."""
    return Q(status=EnterpriseClaimStatus.SUBMITTED, due_at__lt=_start_of_today())


def _visibility_q(actor) -> Q:
    if getattr(actor, "is_system", False):
        return Q()
    scope = scope_for(actor)
    if scope.unrestricted:
        return Q()
    allowed = Q(claimant_id=actor.pk) if getattr(actor, "pk", None) else Q(pk__in=[])
    for path in scope.jurisdiction_paths:
        allowed |= Q(enterprise__region__path__startswith=path)
    return allowed


def enterpriseclaim_list_visible_to(
    *, actor, filters: EnterpriseClaimFilter | None = None
) -> QuerySet[EnterpriseClaim]:
    """Claims the actor may see, filtered and sorted; enterprise, region and claimant joined for lists."""
    f = filters or EnterpriseClaimFilter()
    qs = EnterpriseClaim.objects.filter(_visibility_q(actor)).select_related(
        "enterprise", "enterprise__region", "enterprise__region__parent", "claimant"
    )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.due == "overdue":
        qs = qs.filter(overdue_q())
    elif f.due == "open":
        qs = qs.filter(status=EnterpriseClaimStatus.SUBMITTED).exclude(overdue_q())
    if f.q:
        q = f.q.strip()
        qs = qs.filter(
            Q(enterprise__name__contains=q) | Q(enterprise__uscc__startswith=q.upper()) | Q(applicant_name=q)
        )
    if f.region:
        qs = qs.filter(enterprise__region__path__contains=f"/{f.region}/")
    return qs.order_by(*SORTS.get(f.sort, SORTS["-created"]))


def enterpriseclaim_get_for(*, actor, pk) -> EnterpriseClaim:
    try:
        return (
            EnterpriseClaim.objects.filter(_visibility_q(actor))
            .select_related(
                "enterprise",
                "enterprise__region",
                "enterprise__region__parent",
                "enterprise__organization",
                "claimant",
                "organization",
                "decided_by",
            )
            .get(pk=pk)
        )
    except (EnterpriseClaim.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("enterprise claim not found") from exc


def enterpriseclaim_counts(*, actor) -> dict:
    """Waiting and overdue claims the actor may see (list header, home badges)."""
    qs = EnterpriseClaim.objects.filter(_visibility_q(actor), status=EnterpriseClaimStatus.SUBMITTED)
    return {"open": qs.count(), "overdue": qs.filter(overdue_q()).count()}


def enterpriseclaim_available_transitions(*, actor, claim: EnterpriseClaim) -> list[AvailableTransition]:
    """The buttons `actor` may press on `claim` now (from the table in workflow.py)."""
    return available_transitions(actor, claim, ENTERPRISE_CLAIM)


def enterpriseclaim_timeline(*, claim: EnterpriseClaim) -> list[dict]:
    """Submission, then every status change, oldest first; `claim` was already fetched with `_get_for`."""
    labels = {t.name: t.label for t in ENTERPRISE_CLAIM.transitions}
    entries = [
        {
            "at": claim.created_at,
            "actor": claim.claimant,
            "label": _("提交申请"),
            "to": ENTERPRISE_CLAIM.state(EnterpriseClaimStatus.SUBMITTED).label,
            "to_value": EnterpriseClaimStatus.SUBMITTED.value,
            "comment": "",
        }
    ]
    for change in status_history(claim):
        entries.append(
            {
                "at": change.occurred_at,
                "actor": change.actor,
                "label": labels.get(change.transition, change.transition),
                "to": ENTERPRISE_CLAIM.state(change.to_status).label,
                "to_value": change.to_status,
                "comment": change.comment,
            }
        )
    return entries


def deadline_statuses(claims) -> dict[int, object]:
    """Deadline badges for a page of claims with one working-day calendar (one overrides query)."""
    calendar = workdays.get_calendar()
    return {
        c.pk: calendar.describe_deadline(timezone.localtime(c.due_at).date())
        for c in claims
        if c.due_at and c.status == EnterpriseClaimStatus.SUBMITTED
    }
