"""Fixtures of the standards tests: an enterprise with a user, products made to catalog standards."""

import pytest

from nqi.accounts.choices import OrganizationKind, Role
from nqi.enterprises import services as enterprise_services
from nqi.enterprises.tests.factories import make_enterprise
from nqi.standards.tests.factories import import_rows, row


@pytest.fixture
def firm(system, make_member):
    """A 南湖 enterprise with an owner account and two products (one made to GB 6675.1—2014)."""
    from nqi.accounts import services as account_services

    enterprise = make_enterprise(system, "330402")
    org = account_services.organization_create(
        actor=system, kind=OrganizationKind.ENTERPRISE, name=enterprise.name
    )
    enterprise = enterprise_services.enterprise_link_organization(
        actor=system, enterprise=enterprise, organization=org
    )
    owner = make_member(OrganizationKind.ENTERPRISE, Role.OWNER, organization=org)
    toys = enterprise_services.product_create(
        actor=system,
        enterprise=enterprise,
        data={"name": "电动童车", "standard_code": "GB 6675.1—2014、Q/ZZ 001—2020"},
    )
    bikes = enterprise_services.product_create(
        actor=system, enterprise=enterprise, data={"name": "儿童自行车", "standard_code": "gb 14746"}
    )
    return {"enterprise": enterprise, "owner": owner, "toys": toys, "bikes": bikes}


@pytest.fixture
def jiashan_firm(system):
    enterprise = make_enterprise(system, "330421")
    product = enterprise_services.product_create(
        actor=system, enterprise=enterprise, data={"name": "玩具", "standard_code": "GB 6675.1-2014"}
    )
    return {"enterprise": enterprise, "product": product}


@pytest.fixture
def toy_standards(system):
    import_rows(
        system,
        [
            row(
                "GB 6675.1-2014",
                title_zh="玩具安全 第1部分：基本规范",
                published="2014-05-06",
                implemented="2016-01-01",
            ),
            row(
                "GB 6675.1-2025",
                title_zh="玩具安全 第1部分：基本规范",
                status="upcoming",
                published="2025-10-05",
                implemented="2026-11-01",
            ),
            row("GB 14746-2006", title_zh="儿童自行车安全要求", status="被代替", withdrawn="2026-11-01"),
            row("GB/T 14746-2025", title_zh="儿童骑行及活动用品安全 儿童自行车", implemented="2026-11-01"),
            row(
                "GB 14746-2020",
                title_zh="儿童自行车安全要求（示例版本）",
                published="2020-01-01",
                implemented="2020-06-01",
            ),
        ],
    )
