"""What a user may see, computed once per request from their active memberships (ARCHITECTURE.md §4).

A bureau membership grants its organization's jurisdiction (a region subtree, by path prefix; no
jurisdiction means the whole platform). Enterprise, institution and expert memberships grant their own
organization. Selectors in every app turn this into queryset filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nqi.accounts.choices import OrganizationKind, Role


@dataclass(frozen=True)
class Scope:
    bureau_roles: frozenset = frozenset()
    jurisdiction_paths: tuple = ()
    unrestricted: bool = False
    org_roles: frozenset = frozenset()  # {(organization_id, role)}
    org_ids_by_kind: dict = field(default_factory=dict)

    @property
    def is_bureau(self) -> bool:
        return bool(self.bureau_roles)

    def org_ids(self, kind: str) -> frozenset:
        return self.org_ids_by_kind.get(kind, frozenset())

    def covers_path(self, path: str | None) -> bool:
        """True when a region path lies inside one of this user's bureau jurisdictions."""
        if not self.is_bureau:
            return False
        if self.unrestricted:
            return True
        return bool(path) and any(path.startswith(p) for p in self.jurisdiction_paths)

    def has_role(self, *roles: str) -> bool:
        return any(role in roles for _, role in self.org_roles)

    def has_role_in(self, organization_id, *roles: str) -> bool:
        return any((organization_id, role) in self.org_roles for role in roles)


EMPTY = Scope()


def scope_for(user) -> Scope:
    """The user's scope, memoised on the user object for the rest of the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, "_nqi_scope", None)
    if cached is not None:
        return cached
    memberships = list(
        user.memberships.filter(is_active=True, organization__is_active=True).values(
            "organization_id", "role", "organization__kind", "organization__jurisdiction__path"
        )
    )
    bureau_roles, paths, by_kind, org_roles = set(), set(), {}, set()
    unrestricted = False
    for m in memberships:
        kind = m["organization__kind"]
        org_roles.add((m["organization_id"], m["role"]))
        by_kind.setdefault(kind, set()).add(m["organization_id"])
        if kind == OrganizationKind.BUREAU and m["role"] in {r.value for r in Role}:
            bureau_roles.add(m["role"])
            if m["organization__jurisdiction__path"]:
                paths.add(m["organization__jurisdiction__path"])
            else:
                unrestricted = True
    scope = Scope(
        bureau_roles=frozenset(bureau_roles),
        jurisdiction_paths=tuple(sorted(paths)),
        unrestricted=unrestricted,
        org_roles=frozenset(org_roles),
        org_ids_by_kind={k: frozenset(v) for k, v in by_kind.items()},
    )
    user._nqi_scope = scope
    return scope
