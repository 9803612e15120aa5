"""Enterprises an actor may see beyond jurisdiction and membership, granted by other apps.

An external quality housekeeper (assistance, 双管家) is neither a bureau nor a member of the enterprise,
yet works with it: the assistance app grants its housekeepers the enterprises they are paired with or
visited. Apps register a grant in their AppConfig.ready(); the enterprises app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_GRANTS: list[Callable[[object], Iterable[int]]] = []


def grant_enterprise_visibility(grant: Callable[[object], Iterable[int]]):
    """Register `grant(actor) → enterprise ids` the actor may also see (read only)."""
    if grant not in _GRANTS:
        _GRANTS.append(grant)
    return grant


def granted_enterprise_ids(actor) -> frozenset:
    """Every id some registered grant gives `actor`."""
    ids: set = set()
    for grant in _GRANTS:
        ids.update(grant(actor) or ())
    return frozenset(ids)
