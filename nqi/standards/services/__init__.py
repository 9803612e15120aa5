"""Writes of the standards app (house rule 3), one module per aggregate, re-exported here."""

from nqi.standards.services.catalog import (
    CatalogImportFailed,
    classification_load_reference,
    standard_create,
    standard_import,
    standard_status_change,
    standard_status_change_by_number,
    standard_take_effect_due,
)
from nqi.standards.services.links import productstandard_link, productstandard_rematch
from nqi.standards.services.notices import (
    notice_mark_read,
    notices_fan_out,
    standardwatch_add,
    standardwatch_remove,
)
from nqi.standards.services.systems import (
    keyproject_add_milestone,
    keyproject_add_participant,
    keyproject_complete_milestone,
    keyproject_create,
    keyproject_transition,
    standardsystem_create,
    systemcategory_add,
    systemcategory_remove,
    systementry_add,
    systementry_remove,
)

__all__ = [
    "CatalogImportFailed",
    "classification_load_reference",
    "keyproject_add_milestone",
    "keyproject_add_participant",
    "keyproject_complete_milestone",
    "keyproject_create",
    "keyproject_transition",
    "notice_mark_read",
    "notices_fan_out",
    "productstandard_link",
    "productstandard_rematch",
    "standard_create",
    "standard_import",
    "standard_status_change",
    "standard_status_change_by_number",
    "standard_take_effect_due",
    "standardsystem_create",
    "standardwatch_add",
    "standardwatch_remove",
    "systemcategory_add",
    "systemcategory_remove",
    "systementry_add",
    "systementry_remove",
]
