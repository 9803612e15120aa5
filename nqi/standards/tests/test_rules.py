"""Role × action × relation matrix for the standards app (house rule 5)."""

import datetime as dt

import pytest

from nqi.accounts import services as account_services
from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.core.permissions import has_perm
from nqi.enterprises.services import enterprise_link_organization, product_create
from nqi.enterprises.tests.factories import make_enterprise
from nqi.standards import services
from nqi.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db

ACTIONS = {
    "view": ("standards.view_standard", "standard"),
    "import": ("standards.import_standard", None),
    "status": ("standards.change_standard_status", "standard"),
    "export": ("standards.export_standard", None),
    "watch": ("standards.watch_standard", "standard"),
    "link": ("standards.link_product", "product"),
    "rematch": ("standards.rematch_products", None),
    "system": ("standards.manage_standardsystem", None),
    "project_view": ("standards.view_keyproject", "project"),
    "project_add": ("standards.add_keyproject", None),
    "project_approve": ("standards.approve_keyproject", "project"),
    "project_change": ("standards.change_keyproject", "project"),
    "metrics": ("standards.view_standard_metrics", None),
}
ALL_OFFICER = set(ACTIONS)
# (kind, role, jurisdiction, relation to the 南湖 lead enterprise / product) → allowed actions
MATRIX = [
    (K.BUREAU, R.ADMIN, "330400", None, ALL_OFFICER),
    (K.BUREAU, R.OFFICER, "330400", None, ALL_OFFICER),
    (K.BUREAU, R.OFFICER, "330421", None, ALL_OFFICER - {"link"}),
    (K.BUREAU, R.INSPECTOR, "330402", None, {"view", "export", "watch", "project_view", "metrics"}),
    (K.BUREAU, R.LEADER, "330400", None, {"view", "watch", "project_view", "metrics"}),
    (
        K.ENTERPRISE,
        R.OWNER,
        None,
        "own",
        {"view", "export", "watch", "link", "project_view", "project_change"},
    ),
    (
        K.ENTERPRISE,
        R.STAFF,
        None,
        "own",
        {"view", "export", "watch", "link", "project_view", "project_change"},
    ),
    (K.ENTERPRISE, R.OWNER, None, "other", {"view", "export", "watch"}),
    (K.INSTITUTION, R.MANAGER, None, None, {"view"}),
    (K.EXPERT_PANEL, R.HOUSEKEEPER, None, None, {"view", "system", "project_view"}),
    (K.EXPERT_PANEL, R.EVALUATOR, None, None, {"view", "system", "project_view"}),
]


@pytest.fixture
def objects(system):
    enterprise = make_enterprise(system, "330402")
    org = account_services.organization_create(actor=system, kind=K.ENTERPRISE, name=enterprise.name)
    enterprise = enterprise_link_organization(actor=system, enterprise=enterprise, organization=org)
    other = account_services.organization_create(actor=system, kind=K.ENTERPRISE, name="别家企业")
    project = services.keyproject_create(
        actor=system,
        data={
            "code": "P-1",
            "name": "项目",
            "lead_enterprise": enterprise,
            "target_title": "某标准",
            "started_on": dt.date(2026, 1, 1),
        },
    )
    return {
        "standard": make_standard(system),
        "product": product_create(actor=system, enterprise=enterprise, data={"name": "产品"}),
        "project": project,
        "orgs": {"own": org, "other": other},
    }


@pytest.mark.parametrize(("kind", "role", "jurisdiction", "relation", "allowed"), MATRIX)
def test_matrix(make_member, objects, kind, role, jurisdiction, relation, allowed):
    organization = objects["orgs"].get(relation)
    user = make_member(kind, role, jurisdiction, organization=organization)
    granted = {name for name, (perm, target) in ACTIONS.items() if has_perm(user, perm, objects.get(target))}
    assert granted == allowed


def test_anonymous_has_nothing(objects):
    from django.contrib.auth.models import AnonymousUser

    assert not any(has_perm(AnonymousUser(), perm, None) for perm, _t in ACTIONS.values())
