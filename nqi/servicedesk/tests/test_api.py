"""The window's API: the same rules as the pages, errors as {code, message, field}, bounded queries."""

import pytest

from nqi.accounts.services import apitoken_issue
from nqi.servicedesk.choices import DocumentKind
from nqi.servicedesk.tests.factories import pdf
from nqi.servicedesk.tests.test_requests import routed

pytestmark = pytest.mark.django_db
API = "/api/v1/servicedesk"


def auth(user):
    _token, plain = apitoken_issue(actor=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def post(client, user, path, payload):
    return client.post(f"{API}{path}", payload, content_type="application/json", **auth(user))


def test_online_submission_needs_documents_on_file_first(client, desk):
    payload = {"platform_id": desk.platform.pk, "item_ids": [desk.drafting.pk], "title": "标准编制"}
    refused = post(client, desk.owner, "/requests", payload)
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "validation_failed" and body["field"] == "doc_business_licence"
    stored = client.post(
        f"{API}/documents", {"kind": DocumentKind.BUSINESS_LICENCE, "file": pdf()}, **auth(desk.owner)
    )
    assert stored.status_code == 201 and stored.json()["is_current"]
    created = post(client, desk.owner, "/requests", payload)
    assert created.status_code == 201
    detail = created.json()
    assert detail["channel"] == "online" and detail["documents"][0]["reused"] is True
    assert detail["clocks"][0]["kind"] == "response" and detail["clocks"][0]["policy_version"] == 2


def test_forbidden_file_type_is_refused(client, desk):
    response = client.post(
        f"{API}/documents", {"kind": "business_licence", "file": pdf("a.exe", b"MZ")}, **auth(desk.owner)
    )
    assert response.status_code == 422 and response.json()["field"] == "file"


def test_window_walk_and_error_shapes(client, desk):
    request = routed(desk)
    task = request.tasks.get(provider=desk.lab)
    out_of_order = post(
        client, desk.lab_user, f"/tasks/{task.pk}/deliver", {"summary": "x", "report_numbers": ["1"]}
    )
    assert out_of_order.status_code == 409 and out_of_order.json()["code"] == "transition_not_allowed"
    accepted = post(client, desk.lab_user, f"/tasks/{task.pk}/transitions", {"name": "accept"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "in_progress"
    delivered = post(
        client, desk.lab_user, f"/tasks/{task.pk}/deliver", {"summary": "合格", "report_numbers": ["R-9"]}
    )
    assert delivered.json()["report_numbers"] == ["R-9"]
    other = post(client, desk.lab2_user, f"/tasks/{task.pk}/transitions", {"name": "cancel", "comment": "x"})
    assert other.status_code == 404


def test_route_to_a_provider_not_on_the_platform(client, desk):
    from nqi.servicedesk.services import requests

    request = requests.servicerequest_submit(
        actor=desk.owner,
        enterprise=desk.enterprise,
        platform=desk.platform,
        item_ids=[desk.drafting.pk],
        data={"title": "x"},
        uploads=desk.uploads(DocumentKind.BUSINESS_LICENCE),
    )
    post(client, desk.clerk, f"/requests/{request.pk}/transitions", {"name": "accept"})
    response = post(
        client,
        desk.clerk,
        f"/requests/{request.pk}/route",
        {"assignments": [{"item_id": desk.drafting.pk, "provider_id": desk.outsider.pk}]},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "provider_not_on_platform" and response.json()["field"] == "provider"


def test_lists_are_scoped_and_bounded(client, desk, django_assert_max_num_queries):
    for _ in range(3):
        routed(desk)
    headers = auth(desk.clerk)
    with django_assert_max_num_queries(12):
        response = client.get(f"{API}/requests", **headers)
    assert response.json()["count"] == 3
    assert client.get(f"{API}/tasks", **auth(desk.lab_user)).json()["count"] == 3
    assert client.get(f"{API}/requests", **auth(desk.outsider_user)).json()["count"] == 0


def test_sla_and_kpis(client, desk, nanhu_officer):
    routed(desk)
    rows = client.get(f"{API}/sla", {"by": "provider"}, **auth(desk.clerk)).json()
    assert {row["name"] for row in rows} == {desk.lab.name, desk.standards.name}
    assert client.get(f"{API}/sla", {"by": "nonsense"}, **auth(desk.clerk)).status_code == 422
    figures = client.get(f"{API}/kpis", **auth(nanhu_officer)).json()
    assert figures["enterprises_served"] == 1 and figures["platforms"] == 1
