"""Template tags shared by every page: permission checks, query-string edits, masking, badges."""

from django import template
from django.utils.http import urlencode

from nqi.core import permissions
from nqi.core.masking import mask_identifier, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, name, obj=None):
    """`{% can "enterprises.change_enterprise" enterprise as allowed %}`."""
    return permissions.has_perm(context["request"].user, name, obj)


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None or '' removes them)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def masked_phone(value):
    return mask_phone(value)


@register.filter
def masked_id(value):
    return mask_identifier(value)


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.inclusion_tag("partials/_deadline.html")
def deadline(due_at):
    """A badge saying "due in 2 working days" / "overdue by 1" for an aware datetime or a date."""
    from django.utils import timezone

    from nqi.core import workdays

    if not due_at:
        return {"status": None}
    due_on = timezone.localtime(due_at).date() if hasattr(due_at, "hour") else due_at
    return {"status": workdays.describe_deadline(due_on)}


@register.filter
def as_field_widget(bound_field):
    """Render a form field's widget with Bootstrap's error state (`is-invalid`) when it has errors.

    Django sets aria-invalid and aria-describedby (`<id>_helptext`, `<id>_error`); the partial
    `_field.html` renders elements with exactly those ids.
    """
    if not bound_field.errors:
        return bound_field.as_widget()
    css = bound_field.field.widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{css} is-invalid".strip()})
