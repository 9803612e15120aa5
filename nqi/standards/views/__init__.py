"""Pages of the standards app, one module per area, re-exported for urls.py."""

from nqi.standards.views.catalog import (
    standard_as_of,
    standard_detail,
    standard_list,
    standard_transition,
    standard_typeahead_view,
    standard_watch,
)
from nqi.standards.views.notices import catalogimport_list, notice_list, notice_read, watch_list
from nqi.standards.views.systems import (
    keyproject_action,
    keyproject_create,
    keyproject_detail,
    keyproject_list,
    standardsystem_create,
    standardsystem_detail,
    standardsystem_edit,
    standardsystem_list,
)

__all__ = [
    "catalogimport_list",
    "keyproject_action",
    "keyproject_create",
    "keyproject_detail",
    "keyproject_list",
    "notice_list",
    "notice_read",
    "standard_as_of",
    "standard_detail",
    "standard_list",
    "standard_transition",
    "standard_typeahead_view",
    "standard_watch",
    "standardsystem_create",
    "standardsystem_detail",
    "standardsystem_edit",
    "standardsystem_list",
    "watch_list",
]
