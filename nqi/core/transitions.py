"""The one door through which any workflow status changes (house rule 6).

`transition()` authorizes against the transition's permission, locks and re-reads the record
(`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the IMMEDIATE write transaction serialises writers and
the record's `version` catches a stale page), enforces the declared table and its guards, stamps the
deadline of the new state in working days, writes the StatusChange row and the AuditEvent in the same
transaction, and runs side effects only after commit. Apps wrap it in `<entity>_transition(...)`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core import auditing, workdays
from nqi.core.errors import Conflict, DomainError, ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.permissions import authorize, has_perm
from nqi.core.workflow import AvailableTransition, Workflow, available

Effect = Callable[[object, object], None]  # (record, actor) after commit


def _target_type(obj) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}"


def transition(
    *,
    actor,
    obj,
    workflow: Workflow,
    name: str,
    comment: str = "",
    expected_version: int | None = None,
    changes: dict | None = None,
    effects: dict[str, list[Effect]] | None = None,
    data: dict | None = None,
    deadline_working_days: int | None = None,
):
    """Move `obj` along transition `name`; returns the re-read, updated record.

    `changes` are extra field values set in the same write (e.g. a rejection reason);
    `effects[name]` are callables run after commit (notices, regrading, reindexing).
    `deadline_working_days` overrides the table's deadline for the new state (e.g. from a policy row).
    """
    model = type(obj)
    field = workflow.status_field
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk)
        if expected_version is not None and getattr(current, "version", expected_version) != expected_version:
            raise Conflict(_("该记录已被他人处理，请刷新页面后重试。"), code="stale_version")
        step = workflow.get_transition(name, getattr(current, field))
        authorize(actor, step.permission, current)
        refusal = step.refusal(current, actor)
        if refusal:
            raise DomainError(refusal, code="guard_refused", field="transition")
        comment = (comment or "").strip()
        if step.requires_comment and not comment:
            raise ValidationFailed({"comment": [_("此操作须填写意见。")]})
        before = getattr(current, field)
        now = timezone.now()
        setattr(current, field, step.target)
        update = [field]
        for key, value in (changes or {}).items():
            setattr(current, key, value)
            update.append(key)
        if hasattr(current, "version"):
            days = deadline_working_days if deadline_working_days is not None else step.deadline_working_days
            current.version += 1
            current.status_changed_at = now
            current.due_at = workdays.get_calendar().deadline_at(now, days) if days is not None else None
            update += ["version", "status_changed_at", "due_at"]
        current.save(update_fields=update)
        StatusChange.objects.create(
            workflow=workflow.name,
            target_type=_target_type(current),
            target_id=str(current.pk),
            transition=step.name,
            from_status=before,
            to_status=step.target,
            comment=comment,
            actor=actor if getattr(actor, "pk", None) else None,
            due_at=getattr(current, "due_at", None),
        )
        auditing.record(
            actor=actor,
            event_type=f"{current._meta.app_label}.{current._meta.model_name}_{step.name}",
            target=current,
            summary=f"{workflow.state(before).label} → {workflow.state(step.target).label}"
            + (f"：{comment[:200]}" if comment else ""),
            before={field: before},
            after={field: step.target},
            data=data,
        )
        for effect in (effects or {}).get(step.name, []):
            transaction.on_commit(lambda effect=effect: effect(current, actor))
    return current


def available_transitions(actor, obj, workflow: Workflow) -> list[AvailableTransition]:
    """The buttons `actor` may press on `obj` now, each enabled or disabled with the guard's reason."""
    return available(
        workflow,
        getattr(obj, workflow.status_field),
        lambda step: has_perm(actor, step.permission, obj),
        obj,
        actor,
    )


def status_history(obj):
    """The StatusChange timeline of one record, oldest first."""
    return StatusChange.objects.filter(target_type=_target_type(obj), target_id=str(obj.pk)).select_related(
        "actor"
    )
