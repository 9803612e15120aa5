"""Models of the standards app, one module per aggregate (re-exported here for `standards.Standard`)."""

from nqi.standards.models.catalog import (
    CatalogImport,
    CcsCode,
    IcsCode,
    Standard,
    StandardDrafter,
    StandardIcs,
    StandardRelation,
)
from nqi.standards.models.systems import (
    KeyProjectMilestone,
    KeyProjectParticipant,
    KeyStandardProject,
    StandardSystem,
    SystemCategory,
    SystemEntry,
)
from nqi.standards.models.watch import Notice, ProductStandard, StandardWatch

__all__ = [
    "CatalogImport",
    "CcsCode",
    "IcsCode",
    "KeyProjectMilestone",
    "KeyProjectParticipant",
    "KeyStandardProject",
    "Notice",
    "ProductStandard",
    "Standard",
    "StandardDrafter",
    "StandardIcs",
    "StandardRelation",
    "StandardSystem",
    "StandardWatch",
    "SystemCategory",
    "SystemEntry",
]
