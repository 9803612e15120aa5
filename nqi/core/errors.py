"""DomainError: the one exception type services raise for business-rule failures.

It carries a stable machine `code`, a translated human `message` and, when one input is at fault, the
`field` it belongs to. Pages show it as a field error, the API returns it as `{code, message, field}`
with a 4xx status (ARCHITECTURE.md rule 7).
"""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request; nothing was written."""

    status_code = 400
    code = "invalid"

    def __init__(self, message, *, code: str | None = None, field: str | None = None, status_code=None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code
        self.field = field
        if status_code:
            self.status_code = status_code

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "field": self.field}


class ValidationFailed(DomainError):
    """Input failed validation; `errors` maps field name → list of messages."""

    status_code = 422
    code = "validation_failed"

    def __init__(self, errors: dict[str, list[str]], message=None):
        first_field = next(iter(errors), None)
        first_message = errors[first_field][0] if first_field else "invalid"
        super().__init__(message or first_message, field=first_field)
        self.errors = errors

    def as_dict(self) -> dict:
        data = super().as_dict()
        data["errors"] = {k: [str(m) for m in v] for k, v in self.errors.items()}
        return data


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"


class NotFound(DomainError):
    """Missing and forbidden look the same to the caller (ARCHITECTURE.md rule 4)."""

    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """Someone else changed the record first; re-read and try again."""

    status_code = 409
    code = "conflict"
