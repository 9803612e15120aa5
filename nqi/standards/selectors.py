"""Reads of the standards app (house rule 4). Catalog metadata is public to every signed-in user;
watchers, affected enterprises and notices are scoped by the enterprise register's visibility rule.
Catalog search lives in `nqi.standards.search`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Prefetch, Q, QuerySet

from nqi.accounts.choices import OrganizationKind
from nqi.accounts.scope import scope_for
from nqi.core.errors import NotFound
from nqi.core.permissions import authorize, has_perm
from nqi.enterprises.selectors import visibility_q
from nqi.standards.choices import StandardStatus
from nqi.standards.models import (
    CatalogImport,
    CcsCode,
    IcsCode,
    KeyStandardProject,
    Notice,
    ProductStandard,
    Standard,
    StandardRelation,
    StandardSystem,
    StandardWatch,
    SystemCategory,
)
from nqi.standards.numbers import number_fields

CHAIN_DEPTH = 12


def standard_get_for(*, actor, pk) -> Standard:
    """One catalog record with what its page shows beside it."""
    authorize(actor, "standards.view_standard")
    try:
        return Standard.objects.select_related("adopted_standard").get(pk=pk)
    except (Standard.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("standard not found") from exc


def standard_get_by_number(number: str) -> Standard:
    """The edition a number names: exactly, or — without a year — the one in force (else the newest)."""
    fields = number_fields(number)
    found = Standard.objects.filter(edition_key=fields["edition_key"]).first()
    if found is None and not fields["year"]:
        found = (
            Standard.objects.filter(series_key=fields["series_key"])
            .annotate(in_force=Q(status=StandardStatus.CURRENT))
            .order_by("-in_force", F("year").desc(nulls_last=True), "-pk")
            .first()
        )
    if found is None:
        raise NotFound("standard not found")
    return found


def standard_editions(standard: Standard) -> list[Standard]:
    """Every edition of the same standard number, newest first."""
    return list(
        Standard.objects.filter(series_key=standard.series_key)
        .only("pk", "canonical", "status", "year", "published_on", "implemented_on", "withdrawn_on")
        .order_by(F("year").desc(nulls_last=True), "-pk")
    )


def standard_chain(standard: Standard) -> dict:
    """The replacement chain both ways: what this edition replaces (older, transitively) and what
    replaced it (newer), plus relations to numbers not in the catalog."""
    older, newer, seen = [], [], {standard.pk}
    frontier = [standard.pk]
    for _depth in range(CHAIN_DEPTH):
        step = list(StandardRelation.objects.filter(source_id__in=frontier).select_related("target"))
        older.extend(step)
        frontier = [r.target_id for r in step if r.target_id and r.target_id not in seen]
        seen.update(frontier)
        if not frontier:
            break
    frontier = [standard.pk]
    for _depth in range(CHAIN_DEPTH):
        step = list(StandardRelation.objects.filter(target_id__in=frontier).select_related("source"))
        newer.extend(step)
        frontier = [r.source_id for r in step if r.source_id not in seen]
        seen.update(frontier)
        if not frontier:
            break
    return {"replaces": older, "replaced_by": newer}


def standard_adopters(standard: Standard) -> list[Standard]:
    """Catalog standards that adopt this (international) standard, with their degree."""
    return list(Standard.objects.filter(adopted_standard=standard).order_by("edition_key")[:50])


def standard_classification(standard: Standard) -> dict:
    codes = standard.ics_codes.split()
    titles = dict(IcsCode.objects.filter(code__in=codes).values_list("code", "title_en"))
    ccs = CcsCode.objects.filter(code=standard.ccs_code).first() if standard.ccs_code else None
    return {"ics": [(code, titles.get(code, "")) for code in codes], "ccs": ccs}


def standard_watch_summary(*, actor, standard: Standard) -> dict:
    """Who watches a standard, as far as the actor may know: bureau staff see watching enterprises of
    their jurisdiction and bureau colleagues; everyone sees the count and whether they watch."""
    watches = StandardWatch.objects.filter(standard=standard)
    visible = []
    if scope_for(actor).is_bureau:
        visible = list(
            watches.filter(Q(enterprise__isnull=True) | Q(visibility_q(actor, "enterprise__")))
            .select_related("user", "enterprise")
            .order_by("-created_at")[:50]
        )
    return {
        "count": watches.count(),
        "mine": watches.filter(user=actor).exists() if getattr(actor, "pk", None) else False,
        "visible": visible,
    }


def standard_affected_visible_to(*, actor, standard: Standard) -> QuerySet[ProductStandard]:
    """Products made to this standard (and their enterprises) that the actor may see."""
    return (
        ProductStandard.objects.filter(standard=standard)
        .filter(visibility_q(actor, "product__enterprise__"))
        .select_related("product", "product__enterprise", "product__enterprise__region")
        .order_by("product__enterprise__name", "product__name")
    )


def standard_in_force_on(day: dt.date) -> Q:
    """In force on `day`: started (implemented, else published) on or before it, and not yet ended
    (an end date after `day`, or none while still 现行/即将实施). Rows missing the dates this needs are
    left out (see `standard_undetermined_on`): evidence must not rest on a guess."""
    started = Q(implemented_on__lte=day) | Q(implemented_on__isnull=True, published_on__lte=day)
    not_ended = Q(withdrawn_on__gt=day) | Q(
        withdrawn_on__isnull=True, status__in=[StandardStatus.CURRENT, StandardStatus.UPCOMING]
    )
    return started & not_ended


def standard_undetermined_on(qs: QuerySet[Standard]) -> int:
    """How many records cannot be placed on a date: no start date, or ended without an end date."""
    ended = [StandardStatus.REPLACED, StandardStatus.WITHDRAWN]
    return qs.filter(
        Q(implemented_on__isnull=True, published_on__isnull=True)
        | Q(status__in=ended, withdrawn_on__isnull=True)
    ).count()


def notice_list_visible_to(*, actor) -> QuerySet[Notice]:
    """Notices addressed to the actor, or to an enterprise the actor belongs to."""
    orgs = scope_for(actor).org_ids(OrganizationKind.ENTERPRISE)
    mine = Q(recipient_user_id=getattr(actor, "pk", None))
    if orgs:
        mine |= Q(recipient_enterprise__organization_id__in=list(orgs))
    return Notice.objects.filter(mine).select_related("standard", "successor", "recipient_enterprise")


def notice_unread_count(*, actor) -> int:
    return notice_list_visible_to(actor=actor).filter(read_at__isnull=True).count()


def watch_list_for(*, actor) -> QuerySet[StandardWatch]:
    return StandardWatch.objects.filter(user=actor).select_related("standard").order_by("-created_at")


def catalogimport_list() -> QuerySet[CatalogImport]:
    return CatalogImport.objects.select_related("actor")


def standardsystem_list_visible_to(*, actor) -> QuerySet[StandardSystem]:
    authorize(actor, "standards.view_standardsystem")
    return StandardSystem.objects.select_related("featured_industry", "featured_industry__region").annotate(
        entry_count=Count("categories__entries", distinct=True)
    )


def standardsystem_get_for(*, actor, pk) -> StandardSystem:
    try:
        return standardsystem_list_visible_to(actor=actor).get(pk=pk)
    except (StandardSystem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("standard system not found") from exc


def standardsystem_tree(system: StandardSystem) -> list[dict]:
    """The category tree with entries, as nested dicts in display order (two queries)."""
    categories = list(
        SystemCategory.objects.filter(system=system).prefetch_related(
            Prefetch("entries", queryset=_entries_queryset())
        )
    )
    children: dict[int | None, list] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)

    def build(parent_id, depth):
        return [
            {
                "category": c,
                "depth": depth,
                "entries": list(c.entries.all()),
                "children": build(c.pk, depth + 1),
            }
            for c in children.get(parent_id, [])
        ]

    return build(None, 0)


def _entries_queryset():
    from nqi.standards.models import SystemEntry

    return SystemEntry.objects.select_related("standard").order_by("position", "pk")


def keyproject_list_visible_to(*, actor, status: str = "") -> QuerySet[KeyStandardProject]:
    """Bureau staff and experts see every project; an enterprise user those their enterprise leads
    or takes part in."""
    authorize(actor, "standards.view_keyproject")
    qs = KeyStandardProject.objects.select_related("lead_enterprise", "featured_industry", "standard")
    if not (scope_for(actor).is_bureau or has_perm(actor, "standards.manage_standardsystem")):
        orgs = list(scope_for(actor).org_ids(OrganizationKind.ENTERPRISE))
        qs = qs.filter(
            Q(lead_enterprise__organization_id__in=orgs)
            | Q(participants__enterprise__organization_id__in=orgs)
        ).distinct()
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def keyproject_get_for(*, actor, pk) -> KeyStandardProject:
    try:
        return keyproject_list_visible_to(actor=actor).get(pk=pk)
    except (KeyStandardProject.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("key standard project not found") from exc


def keyproject_counts_by_status() -> dict[str, int]:
    return dict(KeyStandardProject.objects.values_list("status").annotate(n=Count("pk")).order_by())


def status_timeline(obj, workflow) -> list[dict]:
    """A record's status changes with the states' labels, newest first."""
    from nqi.core.transitions import status_history

    def label(value):
        try:
            return workflow.state(value).label
        except KeyError:
            return value

    return [
        {"change": c, "from_label": label(c.from_status), "to_label": label(c.to_status)}
        for c in status_history(obj).order_by("-id")[:30]
    ]
