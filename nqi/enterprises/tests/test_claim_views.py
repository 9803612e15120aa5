"""Claim pages and endpoints: scope, badges, buttons, refusals shown clearly, exports, query counts."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from nqi.accounts.services import apitoken_issue
from nqi.enterprises import claims
from nqi.enterprises.models import EnterpriseClaim
from nqi.enterprises.tests.claim_factories import claim_data, make_claim, make_claimant
from nqi.enterprises.tests.factories import make_enterprise, valid_uscc
from nqi.enterprises.workflow import EnterpriseClaimStatus as S

pytestmark = pytest.mark.django_db
LIST = reverse("enterprises:enterpriseclaim_list")


@pytest.fixture
def world(system):
    alice = make_claimant(system)
    nanhu = [make_claim(make_claimant(system), make_enterprise(system, "330402")) for _ in range(4)]
    mine = make_claim(alice, make_enterprise(system, "330402"))
    jiashan = make_claim(make_claimant(system), make_enterprise(system, "330421"))
    EnterpriseClaim.objects.filter(pk=nanhu[0].pk).update(due_at=timezone.now() - dt.timedelta(days=4))
    return {"alice": alice, "nanhu": [*nanhu, mine], "mine": mine, "jiashan": jiashan}


def _detail(claim):
    return reverse("enterprises:enterpriseclaim_detail", args=[claim.pk])


def _transition(client, claim, name, version=None, comment=""):
    return client.post(
        reverse("enterprises:enterpriseclaim_transition", args=[claim.pk]),
        {"transition": name, "version": version or claim.version, "comment": comment},
    )


def test_list_requires_login(client):
    assert client.get(LIST).status_code == 302


def test_officer_list_is_scoped_with_badges_and_flat_query_count(
    client, nanhu_officer, world, django_assert_max_num_queries
):
    client.force_login(nanhu_officer)
    with django_assert_max_num_queries(16):
        response = client.get(LIST)
    assert {c.pk for c in response.context["claims"]} == {c.pk for c in world["nanhu"]}
    body = response.content.decode()
    assert body.count('data-deadline="overdue"') == 1 and body.count('data-deadline="due"') == 4
    assert response.context["counts"] == {"open": 5, "overdue": 1}
    overdue = client.get(LIST, {"due": "overdue"}, HTTP_HX_REQUEST="true")
    assert "<html" not in overdue.content.decode()
    assert [c.pk for c in overdue.context["claims"]] == [world["nanhu"][0].pk]


def test_claimant_sees_own_claims_and_the_claim_button(client, world):
    client.force_login(world["alice"])
    response = client.get(LIST)
    assert [c.pk for c in response.context["claims"]] == [world["mine"].pk]
    assert reverse("enterprises:enterpriseclaim_create") in response.content.decode()
    assert client.get(LIST, {"export": "csv"}).status_code == 403


def test_export_csv_and_xlsx(client, city_officer, world):
    client.force_login(city_officer)
    csv_body = b"".join(client.get(LIST, {"export": "csv", "status": "submitted"}).streaming_content).decode(
        "utf-8-sig"
    )
    assert len(csv_body.strip().splitlines()) == 1 + 6
    xlsx = client.get(LIST, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 1 + 6


def test_claim_form_submits_and_shows_errors(client, system):
    claimant = make_claimant(system)
    enterprise = make_enterprise(system, "330411")
    client.force_login(claimant)
    create = reverse("enterprises:enterpriseclaim_create")
    assert client.get(create).status_code == 200
    bad = client.post(create, claim_data(enterprise, uscc=valid_uscc("330411")))
    assert bad.status_code == 422 and "企业名录中没有该统一社会信用代码" in bad.content.decode()
    good = client.post(create, claim_data(enterprise))
    claim = EnterpriseClaim.objects.get(claimant=claimant)
    assert good.status_code == 302 and good["Location"] == _detail(claim)
    again = client.post(create, claim_data(enterprise))
    assert again.status_code == 422 and "正在核验中" in again.content.decode()


def test_bureau_users_cannot_open_the_claim_form(client, city_officer):
    client.force_login(city_officer)
    assert client.get(reverse("enterprises:enterpriseclaim_create")).status_code == 403


def test_detail_buttons_follow_the_table_and_scope(client, nanhu_officer, world, system):
    claim = world["mine"]
    client.force_login(nanhu_officer)
    body = client.get(_detail(claim)).content.decode()
    assert 'value="approve"' in body and 'value="reject"' in body and 'value="withdraw"' not in body
    assert 'data-deadline="due"' in body
    client.force_login(world["alice"])
    body = client.get(_detail(claim)).content.decode()
    assert 'value="withdraw"' in body and 'value="approve"' not in body
    client.force_login(make_claimant(system))
    assert client.get(_detail(claim)).status_code == 404
    assert client.get(_detail(world["jiashan"])).status_code == 404


def test_transitions_and_clear_refusals(client, nanhu_officer, city_officer, world):
    claim = world["mine"]
    client.force_login(nanhu_officer)
    missing = _transition(client, claim, "reject")
    assert missing.status_code == 422 and "此操作须填写意见" in missing.content.decode()
    stale = _transition(client, claim, "approve", version=99)
    assert stale.status_code == 409 and "已被他人处理" in stale.content.decode()
    assert _transition(client, claim, "approve").status_code == 302
    claim.refresh_from_db()
    assert claim.status == S.APPROVED
    client.force_login(city_officer)
    late = _transition(client, claim, "reject", version=1, comment="不符")
    assert late.status_code == 409
    detail = client.get(_detail(claim)).content.decode()
    assert 'data-testid="timeline"' in detail and "核验通过" in detail


def test_jurisdiction_is_enforced_on_post(client, world, make_member):
    from nqi.accounts.choices import OrganizationKind, Role

    jiashan_officer = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330421")
    client.force_login(jiashan_officer)
    assert _transition(client, world["mine"], "approve").status_code == 404


# -- API --------------------------------------------------------------------------------------------


def _bearer(user):
    _token, plain = apitoken_issue(actor=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_api_submit_list_transition_and_conflict(
    client, system, nanhu_officer, django_assert_max_num_queries
):
    claimant = make_claimant(system)
    enterprise = make_enterprise(system, "330402")
    created = client.post(
        "/api/v1/enterprises/claims/",
        claim_data(enterprise),
        content_type="application/json",
        **_bearer(claimant),
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "submitted" and [a["name"] for a in body["actions"]] == ["withdraw"]
    officer = _bearer(nanhu_officer)
    for _ in range(3):
        make_claim(make_claimant(system), make_enterprise(system, "330402"))
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/enterprises/claims/?status=submitted&limit=2", **officer).json()
    assert listed["count"] == 4 and len(listed["items"]) == 2 and listed["items"][0]["overdue"] is False
    url = f"/api/v1/enterprises/claims/{body['id']}/transitions"
    refused = client.post(url, {"transition": "reject"}, content_type="application/json", **officer)
    assert refused.status_code == 422 and refused.json()["field"] == "comment"
    done = client.post(
        url, {"transition": "approve", "expected_version": 1}, content_type="application/json", **officer
    )
    assert done.status_code == 200 and done.json()["status"] == "approved" and done.json()["organization_id"]
    again = client.post(
        url, {"transition": "reject", "comment": "x"}, content_type="application/json", **officer
    )
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"


def test_api_claim_outside_scope_is_404(client, system, make_member):
    from nqi.accounts.choices import OrganizationKind, Role

    claim = make_claim(make_claimant(system), make_enterprise(system, "330402"))
    jiashan_officer = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330421")
    response = client.get(f"/api/v1/enterprises/claims/{claim.pk}", **_bearer(jiashan_officer))
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    claims.enterpriseclaim_transition(
        actor=make_member(OrganizationKind.BUREAU, Role.OFFICER, "330400"), claim=claim, name="approve"
    )
