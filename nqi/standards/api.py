"""Standards endpoints: catalog search, one standard, watch, notices, status change — the same search,
selectors and services as the pages."""

from __future__ import annotations

from ninja import Query, Router
from ninja.pagination import LimitOffsetPagination, paginate

from nqi.core.errors import NotFound
from nqi.core.permissions import authorize
from nqi.standards import selectors, services
from nqi.standards.schemas import (
    NoticeOut,
    StandardOut,
    StandardSearchIn,
    StandardSearchOut,
    StatusChangeIn,
    WatchOut,
)
from nqi.standards.search import SearchFilters, standard_search

router = Router(tags=["standards"])


def _detail(request, standard):
    """The standard with its replacement chain and watch counts attached for StandardOut."""
    chain = selectors.standard_chain(standard)
    watch = selectors.standard_watch_summary(actor=request.user, standard=standard)
    standard.replaces = [
        {"kind": r.kind, "number": r.target_number, "standard_id": r.target_id} for r in chain["replaces"]
    ]
    standard.replaced_by = [
        {"kind": r.kind, "number": r.source.canonical, "standard_id": r.source_id}
        for r in chain["replaced_by"]
    ]
    standard.watchers, standard.watching = watch["count"], watch["mine"]
    return standard


@router.get("/search", response=StandardSearchOut, summary="Search the standards catalog")
def standard_search_api(request, params: Query[StandardSearchIn]):
    authorize(request.user, "standards.view_standard")
    filters = SearchFilters(
        family=params.family[:20],
        mandate=params.mandate[:20],
        status=params.status[:20],
        ics=params.ics[:12],
        ccs=params.ccs[:3],
        issuer=params.issuer[:200],
        year_from=params.year_from,
        year_to=params.year_to,
        as_of=params.as_of,
    )
    result = standard_search(
        actor=request.user,
        query=params.q,
        filters=filters,
        page=params.page,
        sort=params.sort,
        page_size=params.page_size,
    )
    return {**result.__dict__, "hits": [h.__dict__ for h in result.hits]}


@router.get("/by-number", response=StandardOut, summary="Get a standard by its number (any form)")
def standard_by_number(request, number: str):
    authorize(request.user, "standards.view_standard")
    return _detail(request, selectors.standard_get_by_number(number[:200]))


@router.get("/notices", response=list[NoticeOut], summary="Standard-change notices addressed to you")
@paginate(LimitOffsetPagination)
def notice_list(request, unread: bool = False):
    qs = selectors.notice_list_visible_to(actor=request.user).order_by("-created_at", "-id")
    return qs.filter(read_at__isnull=True) if unread else qs


@router.get("/{int:standard_id}", response=StandardOut, summary="Get a standard")
def standard_get(request, standard_id: int):
    return _detail(request, selectors.standard_get_for(actor=request.user, pk=standard_id))


@router.post("/{int:standard_id}/watch", response=WatchOut, summary="Watch a standard")
def standard_watch(request, standard_id: int):
    standard = selectors.standard_get_for(actor=request.user, pk=standard_id)
    services.standardwatch_add(actor=request.user, standard=standard)
    return _watch(request, standard)


@router.delete("/{int:standard_id}/watch", response=WatchOut, summary="Stop watching a standard")
def standard_unwatch(request, standard_id: int):
    standard = selectors.standard_get_for(actor=request.user, pk=standard_id)
    services.standardwatch_remove(actor=request.user, standard=standard)
    return _watch(request, standard)


def _watch(request, standard) -> dict:
    summary = selectors.standard_watch_summary(actor=request.user, standard=standard)
    return {"standard_id": standard.pk, "watching": summary["mine"], "watchers": summary["count"]}


@router.post("/{int:standard_id}/status", response=StandardOut, summary="Change a standard's status")
def standard_status(request, standard_id: int, payload: StatusChangeIn):
    standard = selectors.standard_get_for(actor=request.user, pk=standard_id)
    try:
        successor = selectors.standard_get_by_number(payload.successor[:200]) if payload.successor else None
    except NotFound as exc:
        raise NotFound("successor not in the catalog", field="successor") from exc
    changed = services.standard_status_change(
        actor=request.user,
        standard=standard,
        name=payload.transition[:40],
        comment=payload.comment[:500],
        successor=successor,
        partial=payload.partial,
        effective_on=payload.effective_on,
        expected_version=payload.expected_version,
    )
    return _detail(request, changed)
