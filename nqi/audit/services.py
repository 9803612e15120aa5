"""Writing audit events: every service's audit record ends here, inside the service's transaction."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from nqi.audit.chain import GENESIS, link_hash
from nqi.audit.models import AuditChainHead, AuditEvent
from nqi.core import bulk

# Arbitrary constant naming the PostgreSQL advisory lock that serialises chain appends.
_CHAIN_LOCK_KEY = 0x4E5149_0A


def _lock_chain() -> AuditChainHead:
    """Serialise appends so each event links to the true predecessor.

    SQLite runs write transactions one at a time (IMMEDIATE mode), so it needs nothing more; on
    PostgreSQL a transaction-scoped advisory lock is taken before reading the head.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    head = AuditChainHead.objects.order_by("id").first()
    if head is None:
        head = AuditChainHead.objects.create(last_hash=GENESIS)
    return head


def _actor_fields(actor) -> dict:
    if actor is None:
        return {"actor_id": None, "actor_label": "anonymous", "organization_id": None}
    org_id = getattr(actor, "acting_organization_id", None)
    if org_id is None and hasattr(actor, "memberships") and not getattr(actor, "is_system", False):
        first = (
            actor.memberships.filter(is_active=True)
            .order_by("id")
            .values_list("organization_id", flat=True)[:1]
        )
        org_id = next(iter(first), None)
    return {"actor_id": actor.pk, "actor_label": str(actor)[:150], "organization_id": org_id}


def _target_fields(target) -> dict:
    if target is None:
        return {"target_type": "", "target_id": "", "target_label": ""}
    meta = target._meta
    return {
        "target_type": f"{meta.app_label}.{meta.model_name}",
        "target_id": str(target.pk),
        "target_label": str(target)[:255],
    }


def _build(actor, event_type, target, summary, before, after, data, context, *, who=None, when=None) -> dict:
    """One event's fields; bulk callers pass the actor's fields (`who`) and time (`when`) computed once."""
    return {
        "occurred_at": when or timezone.now(),
        **(who or _actor_fields(actor)),
        "event_type": event_type,
        **_target_fields(target),
        "summary": str(summary)[:500],
        "before": before,
        "after": after,
        "data": data,
        "request_id": context.request_id,
        "ip": context.ip,
    }


def _append(head: AuditChainHead, rows: list[dict]) -> list[AuditEvent]:
    events = []
    prev = head.last_hash
    for fields in rows:
        digest = link_hash(prev, fields)
        events.append(AuditEvent(prev_hash=prev, hash=digest, **fields))
        prev = digest
    created = AuditEvent.objects.bulk_create(events, batch_size=5000)
    if created and created[-1].pk is None:
        # SQLite before 3.35 cannot return ids from bulk inserts; the chain is re-read in id order.
        created = list(AuditEvent.objects.order_by("-id")[: len(events)])[::-1]
    head.last_event_id = created[-1].pk
    head.last_hash = prev
    head.length += len(created)
    head.save(update_fields=["last_event_id", "last_hash", "length"])
    return created


_COLUMNS = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


def _append_bulk(head: AuditChainHead, rows: list[dict]) -> None:
    """`_append` for imports: the rows go in by one prepared INSERT without building a model instance
    per event, which cost more than hashing the chain (bench/import_enterprises.py)."""
    prev, values = head.last_hash, []
    names = [f.attname for f in _COLUMNS]
    for fields in rows:
        digest = link_hash(prev, fields)
        record = {**fields, "prev_hash": prev, "hash": digest}
        values.append([record.get(name) for name in names])
        prev = digest
    bulk.insert_rows(AuditEvent, _COLUMNS, values)
    head.last_event_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    head.last_hash = prev
    head.length += len(rows)
    head.save(update_fields=["last_event_id", "last_hash", "length"])


def auditevent_record(
    *, actor, event_type, target=None, summary="", before=None, after=None, data=None, context
):
    """Append one event to the chain, in the caller's transaction (rolled back with it)."""
    with transaction.atomic():
        head = _lock_chain()
        return _append(head, [_build(actor, event_type, target, summary, before, after, data, context)])[0]


def auditevent_record_many(*, actor, event_type, items, context) -> int:
    """Append one event per (target, summary, after) item in one chain segment; for bulk imports."""
    with transaction.atomic():
        head = _lock_chain()
        who, when = _actor_fields(actor), timezone.now()
        rows = [
            _build(actor, event_type, t, s, None, a, None, context, who=who, when=when) for t, s, a in items
        ]
        if rows:
            _append_bulk(head, rows)
        return len(rows)
