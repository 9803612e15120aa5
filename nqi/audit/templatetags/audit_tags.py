"""Template helpers for audit events: compact before/after diffs and links to the audited record."""

from __future__ import annotations

import json

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.urls import NoReverseMatch, reverse

register = template.Library()
MAX_ROWS = 8
MAX_VALUE = 60


def _field(target_type: str, name: str):
    """The model field an audited key names; None for keys that are not concrete columns
    (reverse relations, computed keys such as an import's list of child records)."""
    try:
        field = apps.get_model(target_type)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return field if getattr(field, "concrete", False) else None


def _short(value, field=None) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and getattr(field, "choices", None) and isinstance(value, str):
        value = str(dict(field.flatchoices).get(value, value))
    elif field is not None and field.is_relation and isinstance(value, int | str):
        value = f"#{value}"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


@register.filter
def audit_changes(event) -> list[dict]:
    """Changed fields as [{label, old, new}] (at most MAX_ROWS): only keys whose value differs."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    keys = [k for k in after if before.get(k) != after.get(k)] + [k for k in before if k not in after]
    rows = []
    for key in keys[:MAX_ROWS]:
        field = _field(event.target_type, key)
        rows.append(
            {
                "label": str(field.verbose_name) if field is not None else key,
                "old": _short(before.get(key), field) if key in before else None,
                "new": _short(after.get(key), field) if key in after else None,
            }
        )
    return rows


@register.filter
def audit_more_changes(event) -> int:
    """How many changed fields `audit_changes` left out."""
    before, after = event.before or {}, event.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return 0
    keys = {k for k in after if before.get(k) != after.get(k)} | {k for k in before if k not in after}
    return max(0, len(keys) - MAX_ROWS)


@register.filter
def audit_target_url(event) -> str:
    """The record's page by the house URL convention `<app>:<model>_detail`, or "" when there is none."""
    if not event.target_type or not event.target_id:
        return ""
    app_label, _, model_name = event.target_type.partition(".")
    try:
        return reverse(f"{app_label}:{model_name}_detail", kwargs={"pk": event.target_id})
    except NoReverseMatch:
        return ""
