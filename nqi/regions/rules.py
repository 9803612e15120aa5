"""Who may do what with regions: reference data anyone signed in may read; only the system loads it."""

from nqi.core.permissions import rule


@rule("regions.load_region")
def can_load(user, obj=None) -> bool:
    return False  # only the system actor (granted everything) loads reference data


@rule("regions.view_region")
def can_view(user, obj=None) -> bool:
    return True
