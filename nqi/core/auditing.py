"""The seam every service uses to record an audit event, and the request context it carries.

`record()` is called inside the service's transaction; the audit app registers the recorder that
writes the hash-chained AuditEvent (core sits below audit in the dependency order, so the audit app
plugs itself in at start-up instead of being imported here). The request context — request id, client
IP, acting organization — is set by the audit middleware and read here, so services never see requests.
"""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str = ""


_context: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "nqi_request_context",
    default=RequestContext(),  # noqa: B039 — frozen dataclass, immutable
)
_recorder: Callable | None = None
_bulk_recorder: Callable | None = None


def set_context(*, request_id: str | None = None, ip: str = ""):
    return _context.set(RequestContext(request_id=request_id or uuid.uuid4().hex, ip=ip))


def reset_context(token) -> None:
    _context.reset(token)


def current_context() -> RequestContext:
    return _context.get()


def register_recorder(recorder: Callable, bulk_recorder: Callable) -> None:
    global _recorder, _bulk_recorder
    _recorder, _bulk_recorder = recorder, bulk_recorder


def record(
    *,
    actor,
    event_type: str,
    target: models.Model | None = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    data: dict | None = None,
):
    """Record one audit event in the current transaction. `event_type` is dotted: `app.entity_verb`."""
    if _recorder is None:
        raise RuntimeError("the audit app is not installed")
    return _recorder(
        actor=actor,
        event_type=event_type,
        target=target,
        summary=summary,
        before=before,
        after=after,
        data=data,
        context=current_context(),
    )


def record_many(*, actor, event_type: str, items) -> int:
    """Record one event per (target, summary, after) item in one chain segment (bulk writes)."""
    if _bulk_recorder is None:
        raise RuntimeError("the audit app is not installed")
    return _bulk_recorder(actor=actor, event_type=event_type, items=list(items), context=current_context())


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """A JSON-safe before/after picture of selected fields (foreign keys by id, dates ISO)."""
    result = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | float | bool | list | dict):
            value = str(value)
        result[name] = value
    return result


def changed_fields(before: dict, after: dict) -> dict:
    """Only the keys whose value changed, as {field: [old, new]}."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
