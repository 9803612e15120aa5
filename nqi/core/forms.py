"""Showing a service's refusal on the form that caused it."""

from nqi.core.errors import DomainError, ValidationFailed


def form_errors(form, exc: DomainError) -> None:
    """Attach a DomainError to `form`: each message under its field, or at the top when it names none."""
    errors = exc.errors if isinstance(exc, ValidationFailed) else {exc.field: [exc.message]}
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, str(message))
