import pytest

from nqi.servicedesk.tests.conftest import desk  # noqa: F401 — the one-stop fixture, for linking problems


@pytest.fixture
def circle(system, make_member):
    """An expert panel with two housekeepers, an enterprise with its owner, paired with the first one."""
    from nqi.accounts import services as account_services
    from nqi.accounts.choices import OrganizationKind, Role
    from nqi.assistance.services import housekeeper_register, pairing_create
    from nqi.enterprises.services import enterprise_link_organization
    from nqi.enterprises.tests.factories import make_enterprise
    from nqi.servicedesk.choices import ServiceDomain

    panel = account_services.organization_create(
        actor=system, kind=OrganizationKind.EXPERT_PANEL, name="专家库"
    )
    users = [
        make_member(OrganizationKind.EXPERT_PANEL, Role.HOUSEKEEPER, organization=panel) for _ in range(2)
    ]
    keepers = [
        housekeeper_register(actor=system, user=u, domains=[ServiceDomain.TESTING], appointed_on="2026-01-10")
        for u in users
    ]
    enterprise = make_enterprise(system, "330402")
    org = account_services.organization_create(
        actor=system, kind=OrganizationKind.ENTERPRISE, name=enterprise.name
    )
    enterprise = enterprise_link_organization(actor=system, enterprise=enterprise, organization=org)
    owner = make_member(OrganizationKind.ENTERPRISE, Role.OWNER, organization=org)
    other = make_enterprise(system, "330421")
    pairing = pairing_create(
        actor=system,
        enterprise=enterprise,
        housekeeper=keepers[0],
        internal_name="钱伟",
        internal_title="首席质量官",
        started_on="2026-02-01",
    )
    return {
        "panel": panel,
        "users": users,
        "keepers": keepers,
        "enterprise": enterprise,
        "owner": owner,
        "other": other,
        "pairing": pairing,
    }
