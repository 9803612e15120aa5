"""Failures of a tabular import: a whole-file problem, or bad rows named one by one.

Either way nothing is written (ARCHITECTURE.md §7: imports are all-or-nothing).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from nqi.core.errors import DomainError, ValidationFailed


class ImportRejected(DomainError):
    """The file as a whole cannot be imported: unreadable, wrong format, a required column missing."""

    code = "import_rejected"
    status_code = 422


class RowErrors(ValidationFailed):
    """Some rows are invalid; `row_errors` maps 1-based position in the batch → {field: [messages]}.

    Services that validate a batch (e.g. `enterprise_bulk_create`) raise an error carrying the same
    `row_errors` attribute; the import runner reads the attribute, not the class.
    """

    def __init__(self, row_errors: dict[int, dict]):
        self.row_errors = row_errors
        first = min(row_errors)
        super().__init__(
            {f"row {first}.{k}": v for k, v in row_errors[first].items()},
            message=_("%(n)s 行数据有误，未写入任何记录。") % {"n": len(row_errors)},
        )
