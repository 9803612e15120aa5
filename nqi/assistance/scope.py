"""Which enterprises a housekeeper works with: those paired with them (now or before) and those they visited."""

from __future__ import annotations

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.scope import scope_for


def housekeeper_of(user):
    """The user's housekeeper record (memoised on the user), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_nqi_housekeeper"):
        from nqi.assistance.models import Housekeeper

        user._nqi_housekeeper = Housekeeper.objects.filter(user=user, is_active=True).first()
    return user._nqi_housekeeper


def is_housekeeper(user) -> bool:
    scope = scope_for(user)
    return (
        bool(scope.org_ids(OrganizationKind.EXPERT_PANEL))
        and scope.has_role(Role.HOUSEKEEPER)
        and housekeeper_of(user) is not None
    )


def my_enterprise_ids(user) -> frozenset:
    """Enterprises of the housekeeper's pairings (current and ended) and visits (memoised on the user)."""
    cached = getattr(user, "_nqi_hk_enterprises", None)
    if cached is not None:
        return cached
    keeper = housekeeper_of(user)
    ids: set = set()
    if keeper is not None:
        from nqi.assistance.models import Pairing, Visit

        ids |= set(Pairing.objects.filter(housekeeper=keeper).values_list("enterprise_id", flat=True))
        ids |= set(Visit.objects.filter(housekeepers=keeper).values_list("enterprise_id", flat=True))
    user._nqi_hk_enterprises = frozenset(ids)
    return user._nqi_hk_enterprises


def paired_now(user, enterprise_id) -> bool:
    keeper = housekeeper_of(user)
    if keeper is None:
        return False
    from nqi.assistance.models import Pairing

    return Pairing.objects.filter(
        housekeeper=keeper, enterprise_id=enterprise_id, ended_on__isnull=True
    ).exists()


def granted_enterprises(user) -> frozenset:
    """The enterprises a housekeeper works with, granted to them read-only (nqi.enterprises.grants)."""
    return my_enterprise_ids(user) if is_housekeeper(user) else frozenset()
