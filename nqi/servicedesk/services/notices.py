"""Notices to the people a request concerns: its enterprise, the window, providers, the manager, the bureau.

A notice is a domain record written in the same transaction as the change that caused it, so a refused
change leaves no stray notice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import Membership, Organization
from nqi.core import auditing
from nqi.servicedesk.choices import StaffRole
from nqi.servicedesk.models import Notice, PlatformStaff


def enterprise_users(enterprise) -> list[int]:
    if enterprise.organization_id is None:
        return []
    return list(
        Membership.objects.filter(
            organization_id=enterprise.organization_id, is_active=True, role__in=[Role.OWNER, Role.STAFF]
        ).values_list("user_id", flat=True)
    )


def platform_users(platform_id: int, role: str) -> list[int]:
    return list(
        PlatformStaff.objects.filter(platform_id=platform_id, role=role, is_active=True).values_list(
            "user_id", flat=True
        )
    )


def provider_users(institution) -> list[int]:
    if institution.organization_id is None:
        return []
    return list(
        Membership.objects.filter(organization_id=institution.organization_id, is_active=True).values_list(
            "user_id", flat=True
        )
    )


def bureau_officers(region_path: str) -> list[int]:
    """Officers of the most local bureau whose jurisdiction contains the platform (district before city)."""
    bureaus = [
        (org.jurisdiction.path, org.pk)
        for org in Organization.objects.filter(kind=OrganizationKind.BUREAU, is_active=True).select_related(
            "jurisdiction"
        )
        if org.jurisdiction and region_path.startswith(org.jurisdiction.path)
    ]
    for _path, org_id in sorted(bureaus, key=lambda b: -len(b[0])):
        users = list(
            Membership.objects.filter(
                organization_id=org_id, is_active=True, role__in=[Role.OFFICER, Role.ADMIN]
            ).values_list("user_id", flat=True)
        )
        if users:
            return users
    return []


def notify(user_ids, *, kind: str, message: str, request=None, clock=None) -> int:
    """Write one notice per distinct recipient."""
    rows = [
        Notice(recipient_id=uid, kind=kind, message=str(message)[:500], request=request, clock=clock)
        for uid in dict.fromkeys(user_ids)
    ]
    Notice.objects.bulk_create(rows)
    return len(rows)


def managers_of(platform_id: int) -> list[int]:
    return platform_users(platform_id, StaffRole.MANAGER)


def clerks_of(platform_id: int) -> list[int]:
    return platform_users(platform_id, StaffRole.CLERK)


def notice_mark_read(*, actor, notice_ids=None) -> int:
    """Mark the actor's own notices read (all unread ones when `notice_ids` is None)."""
    with transaction.atomic():
        qs = Notice.objects.filter(recipient=actor, read_at__isnull=True)
        if notice_ids is not None:
            qs = qs.filter(pk__in=list(notice_ids))
        count = qs.update(read_at=timezone.now())
        if count:
            auditing.record(actor=actor, event_type="servicedesk.notice_read", summary=str(count))
    return count
