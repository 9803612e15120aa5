import pytest

from nqi.accounts.services import apitoken_issue
from nqi.enterprises.models import Enterprise
from nqi.enterprises.tests.factories import enterprise_data, make_enterprise

pytestmark = pytest.mark.django_db


def _bearer(user):
    _token, plain = apitoken_issue(actor=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def test_requires_authentication(client):
    response = client.get("/api/v1/enterprises/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_token_list_is_scoped_paginated_and_masked(
    client, system, city_leader, nanhu_officer, django_assert_max_num_queries
):
    nanhu = [make_enterprise(system, "330402") for _ in range(3)]
    make_enterprise(system, "330421")
    headers = _bearer(nanhu_officer)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/enterprises/?limit=2", **headers).json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert {i["uscc"] for i in client.get("/api/v1/enterprises/", **headers).json()["items"]} == {
        e.uscc for e in nanhu
    }
    leader_items = client.get("/api/v1/enterprises/", **_bearer(city_leader)).json()["items"]
    assert leader_items and all("****" in i["contact_phone"] for i in leader_items)


def test_get_outside_scope_is_404_with_error_shape(client, system, nanhu_officer):
    other = make_enterprise(system, "330421")
    response = client.get(f"/api/v1/enterprises/{other.pk}", **_bearer(nanhu_officer))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "enterprise not found", "field": None}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"uscc": "91330402MA0000001X"}, "uscc"),
        ({"region": "000000"}, "region"),
        ({"industry": "x"}, "industry"),
    ],
)
def test_create_bad_input_is_422_with_field_and_nothing_saved(client, city_officer, overrides, field):
    data = enterprise_data(**overrides)
    response = client.post(
        "/api/v1/enterprises/", data, content_type="application/json", **_bearer(city_officer)
    )
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert not Enterprise.objects.filter(name=data["name"]).exists()


def test_create_missing_required_field_is_422(client, city_officer):
    response = client.post(
        "/api/v1/enterprises/", {"name": "x"}, content_type="application/json", **_bearer(city_officer)
    )
    assert response.status_code == 422 and response.json()["field"] == "uscc"


def test_create_duplicate_and_forbidden(client, city_officer, city_leader):
    data = enterprise_data()
    ok = client.post("/api/v1/enterprises/", data, content_type="application/json", **_bearer(city_officer))
    assert ok.status_code == 201 and ok.json()["region_id"] == "330402"
    dup = client.post("/api/v1/enterprises/", data, content_type="application/json", **_bearer(city_officer))
    assert dup.status_code == 422 and dup.json()["field"] == "uscc"
    other = enterprise_data()
    denied = client.post(
        "/api/v1/enterprises/", other, content_type="application/json", **_bearer(city_leader)
    )
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"


def test_update_and_products(client, system, city_officer):
    enterprise = make_enterprise(system)
    headers = _bearer(city_officer)
    patched = client.patch(
        f"/api/v1/enterprises/{enterprise.pk}",
        {"address": "中山路 8 号", "expected_version": 1},
        content_type="application/json",
        **headers,
    )
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = client.patch(
        f"/api/v1/enterprises/{enterprise.pk}",
        {"address": "x", "expected_version": 1},
        content_type="application/json",
        **headers,
    )
    assert stale.status_code == 409
    made = client.post(
        f"/api/v1/enterprises/{enterprise.pk}/products",
        {"name": "冰箱压缩机", "standard_code": "GB/T 9098—2021"},
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201
    listed = client.get(f"/api/v1/enterprises/{enterprise.pk}/products", **headers).json()
    assert [p["name"] for p in listed["items"]] == ["冰箱压缩机"]


def test_revoked_token_is_refused(client, city_officer):
    from nqi.accounts.services import apitoken_revoke

    token, plain = apitoken_issue(actor=city_officer, user=city_officer, name="t")
    apitoken_revoke(actor=city_officer, token=token)
    assert client.get("/api/v1/enterprises/", HTTP_AUTHORIZATION=f"Bearer {plain}").status_code == 401


def test_regions_and_industries_reference(client, city_officer):
    headers = _bearer(city_officer)
    towns = client.get("/api/v1/regions/?parent=330402&limit=100", **headers).json()
    assert towns["count"] == 13
    assert client.get("/api/v1/industries/3442", **headers).json()["name"] == "气体压缩机械制造"
    featured = client.get("/api/v1/industries/featured?region=330421", **headers).json()
    assert any("木业" in f["name"] for f in featured)
