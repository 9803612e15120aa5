import io

import openpyxl
import pytest
from django.urls import reverse

from nqi.enterprises.models import Enterprise
from nqi.enterprises.tests.factories import enterprise_data, make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system):
    return {
        "nanhu": [make_enterprise(system, "330402") for _ in range(3)],
        "jiashan": [make_enterprise(system, "330421") for _ in range(2)],
    }


def test_list_requires_login(client):
    response = client.get(reverse("enterprises:enterprise_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_district_officer_list_is_scoped_and_query_count_is_flat(
    client, nanhu_officer, world, django_assert_max_num_queries
):
    client.force_login(nanhu_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("enterprises:enterprise_list"))
    names = {e.name for e in response.context["enterprises"]}
    assert names == {e.name for e in world["nanhu"]}


def test_htmx_request_renders_only_results_partial(client, city_officer, world):
    client.force_login(city_officer)
    response = client.get(
        reverse("enterprises:enterprise_list"), {"region": "330421"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and "nqi-table" in body
    assert all(e.name in body for e in world["jiashan"]) and not any(e.name in body for e in world["nanhu"])


def test_filters_and_sorting(client, city_officer, world):
    client.force_login(city_officer)
    target = world["nanhu"][0]
    response = client.get(reverse("enterprises:enterprise_list"), {"q": target.uscc.lower()})
    assert [e.pk for e in response.context["enterprises"]] == [target.pk]
    response = client.get(reverse("enterprises:enterprise_list"), {"sort": "-name", "page": "999"})
    assert response.status_code == 200


def test_detail_outside_scope_is_404(client, nanhu_officer, world):
    client.force_login(nanhu_officer)
    assert (
        client.get(reverse("enterprises:enterprise_detail", args=[world["jiashan"][0].pk])).status_code == 404
    )
    assert client.get(reverse("enterprises:enterprise_detail", args=[999999])).status_code == 404
    assert (
        client.get(reverse("enterprises:enterprise_detail", args=[world["nanhu"][0].pk])).status_code == 200
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export(client, city_officer, world, fmt):
    client.force_login(city_officer)
    response = client.get(reverse("enterprises:enterprise_list"), {"export": fmt, "region": "330402"})
    assert response.status_code == 200
    if fmt == "csv":
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff统一社会信用代码") and all(e.uscc in text for e in world["nanhu"])
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        usccs = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
        assert usccs == {e.uscc for e in world["nanhu"]}


def test_leader_cannot_open_create_page(client, city_leader):
    client.force_login(city_leader)
    assert client.get(reverse("enterprises:enterprise_create")).status_code == 403


def test_create_with_bad_uscc_shows_field_error_and_saves_nothing(client, city_officer):
    client.force_login(city_officer)
    data = enterprise_data(uscc="91330402MA0000001X")
    response = client.post(reverse("enterprises:enterprise_create"), data)
    assert response.status_code == 422
    assert "校验位" in response.context["form"].errors["uscc"][0]
    assert not Enterprise.objects.filter(name=data["name"]).exists()


def test_create_and_edit_round_trip(client, city_officer):
    client.force_login(city_officer)
    data = enterprise_data()
    response = client.post(reverse("enterprises:enterprise_create"), data)
    enterprise = Enterprise.objects.get(uscc=data["uscc"])
    assert response.status_code == 302
    edit_url = reverse("enterprises:enterprise_update", args=[enterprise.pk])
    response = client.post(edit_url, {**data, "address": "禾兴路 1 号", "version": enterprise.version})
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.address == "禾兴路 1 号" and enterprise.version == 2
    stale = client.post(edit_url, {**data, "address": "stale", "version": 1})
    assert stale.status_code == 422 and "他人修改" in stale.content.decode()
