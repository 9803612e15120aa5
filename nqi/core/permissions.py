"""The permission registry: each app's `rules.py` declares who may do what, once (house rule 5).

A rule is a predicate `(user, obj) -> bool` registered under a Django-style name
`<app>.<verb>_<model>`. Services call `authorize()`; templates use `{% can %}`; the auth backend
makes `user.has_perm(name, obj)` answer from the same table.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from nqi.core.errors import PermissionDenied

Predicate = Callable[[object, object], bool]
_rules: dict[str, Predicate] = {}


def rule(name: str):
    """Decorator registering `predicate` as the single answer to permission `name`."""

    def decorate(predicate: Predicate) -> Predicate:
        if name in _rules and _rules[name] is not predicate:
            raise RuntimeError(f"permission {name} declared twice")
        _rules[name] = predicate
        return predicate

    return decorate


def declared() -> list[str]:
    return sorted(_rules)


def has_perm(user, name: str, obj=None) -> bool:
    if user is None or not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_system", False):
        return True
    predicate = _rules.get(name)
    if predicate is None:
        raise KeyError(f"undeclared permission {name}")
    return bool(predicate(user, obj))


def authorize(user, name: str, obj=None) -> None:
    """Raise PermissionDenied unless `user` holds `name` on `obj`."""
    if not has_perm(user, name, obj):
        raise PermissionDenied(_("您没有执行此操作的权限。"), code="permission_denied")


class RulesBackend:
    """Django auth backend answering `user.has_perm()` from the registry (no permission tables)."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if perm not in _rules:
            return False
        return has_perm(user_obj, perm, obj)
