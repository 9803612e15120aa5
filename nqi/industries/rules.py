"""Who may do what with industries: reference data readable by all, loaded by the system."""

from nqi.accounts.rules import is_bureau_admin, is_bureau_officer
from nqi.core.permissions import rule


@rule("industries.load_industry")
def can_load(user, obj=None) -> bool:
    return False


@rule("industries.view_industry")
def can_view(user, obj=None) -> bool:
    return True


@rule("industries.change_featuredindustry")
def can_change_featured(user, obj=None) -> bool:
    return is_bureau_admin(user) or is_bureau_officer(user)
