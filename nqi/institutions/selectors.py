"""Actor-scoped reads of institutions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.core.errors import NotFound
from nqi.institutions.models import Institution
from nqi.institutions.rules import sees_directory


def visibility_q(actor) -> Q:
    if getattr(actor, "is_system", False) or sees_directory(actor):
        return Q()
    own = scope_for(actor).org_ids(OrganizationKind.INSTITUTION)
    return Q(organization_id__in=list(own))


def institution_list_visible_to(*, actor, q: str = "", kind: str = "", region: str = "", sort: str = "name"):
    qs: QuerySet[Institution] = Institution.objects.filter(visibility_q(actor)).select_related("region")
    if q:
        qs = qs.filter(
            Q(name__contains=q.strip()) | Q(uscc__startswith=q.strip().upper()) | Q(cma_number=q.strip())
        )
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region__path__contains=f"/{region}/")
    order = {"name": "name", "-name": "-name", "cma": "cma_valid_until", "kind": "kind"}.get(sort, "name")
    return qs.order_by(order, "pk")


def institution_get_for(*, actor, pk) -> Institution:
    try:
        return (
            Institution.objects.filter(visibility_q(actor))
            .select_related("region", "organization")
            .prefetch_related("featured_industries")
            .get(pk=pk)
        )
    except (Institution.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("institution not found") from exc
