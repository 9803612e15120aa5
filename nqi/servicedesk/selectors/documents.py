"""Reads of the enterprise document library (once-only) and of request attachments."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.core.errors import NotFound
from nqi.servicedesk.models import Attachment, EnterpriseDocument, RequestDocument
from nqi.servicedesk.selectors.requests import servicerequest_list_visible_to, task_visibility_q
from nqi.servicedesk.selectors.scope import desk_scope_for


def current_q() -> Q:
    """Reusable documents: not replaced and not expired."""
    return Q(replaced_by__isnull=True) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
    )


def documents_on_file(*, enterprise_id: int, kinds) -> dict[str, EnterpriseDocument]:
    """The current library document of each kind the enterprise has given (newest wins)."""
    found: dict[str, EnterpriseDocument] = {}
    for doc in EnterpriseDocument.objects.filter(
        current_q(), enterprise_id=enterprise_id, kind__in=list(kinds)
    ).order_by("kind", "-created_at", "-pk"):
        found.setdefault(doc.kind, doc)
    return found


def enterprisedocument_list_visible_to(
    *, actor, enterprise_id: int | None = None, kind: str = "", current_only: bool = False
) -> QuerySet[EnterpriseDocument]:
    """An enterprise sees its library; others see documents used by requests they may see."""
    scope = scope_for(actor)
    if getattr(actor, "is_system", False):
        allowed = Q()
    else:
        allowed = Q(enterprise__organization_id__in=list(scope.org_ids(OrganizationKind.ENTERPRISE)))
        linked = RequestDocument.objects.filter(
            request__in=servicerequest_list_visible_to(actor=actor).values("pk")
        ).values("document_id")
        allowed |= Q(pk__in=linked)
    qs = EnterpriseDocument.objects.filter(allowed).select_related("enterprise", "uploaded_by")
    if enterprise_id:
        qs = qs.filter(enterprise_id=enterprise_id)
    if kind:
        qs = qs.filter(kind=kind)
    if current_only:
        qs = qs.filter(current_q())
    return qs.order_by("kind", "-created_at", "-pk")


def enterprisedocument_get_for(*, actor, pk) -> EnterpriseDocument:
    try:
        return enterprisedocument_list_visible_to(actor=actor).get(pk=pk)
    except (EnterpriseDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("document not found") from exc


def attachment_get_for(*, actor, pk) -> Attachment:
    """An attachment is visible with its task (or its request, for request-level files)."""
    from nqi.servicedesk.models import ServiceTask

    tasks = ServiceTask.objects.filter(task_visibility_q(actor)).values("pk")
    requests = servicerequest_list_visible_to(actor=actor).values("pk")
    desk = desk_scope_for(actor)
    q = Q(task__in=tasks) | Q(task__isnull=True, request__in=requests)
    if desk.provider_ids:
        # providers also read what the enterprise gave in answer to their own questions
        q |= Q(task__provider_id__in=list(desk.provider_ids))
    try:
        return Attachment.objects.filter(q).select_related("request", "task").get(pk=pk)
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("attachment not found") from exc
