"""Shared bits of the window's views: 404 for NotFound, errors into the form or the message bar."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404

from nqi.core.errors import DomainError, NotFound, ValidationFailed


def or_404(getter, **kwargs):
    try:
        return getter(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def message_error(request, exc: DomainError) -> None:
    """Put a refused action's reason(s) in the message bar (post/redirect/get pages)."""
    if isinstance(exc, ValidationFailed):
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, str(text))
    else:
        messages.error(request, str(exc.message))


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
