"""The global search page and typeahead: login, scope, grouping, highlighting, paging, query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nqi.enterprises.search import EnterpriseIndex

pytestmark = pytest.mark.django_db
URL = reverse("search:search")


def test_requires_login(client):
    response = client.get(URL, {"q": "压缩机"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_typeahead_is_grouped_highlighted_and_scoped(
    client, nanhu_officer, city, django_assert_max_num_queries
):
    client.force_login(nanhu_officer)
    with django_assert_max_num_queries(20):
        response = client.get(URL, {"q": "压缩机", "typeahead": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "list-group-item" in body
    assert "嘉兴市南湖区恒丰<mark>压缩机</mark>有限公司" in body
    assert "嘉善县永信" not in body  # another district's enterprise
    assert body.index("企业") < body.index("查看全部结果")


def test_typeahead_of_nothing_searchable(client, city_officer, city):
    client.force_login(city_officer)
    assert client.get(URL, {"q": "", "typeahead": "1"}).content.decode().strip() == ""
    body = client.get(URL, {"q": "《》！", "typeahead": "1"}).content.decode()
    assert "无匹配结果" in body


def test_page_groups_kinds_with_counts(client, city_officer, city, lab, django_assert_max_num_queries):
    client.force_login(city_officer)
    with django_assert_max_num_queries(24):
        response = client.get(URL, {"q": "压缩机"})
    body = response.content.decode()
    assert response.status_code == 200
    assert [g.key for g in response.context["groups"]] == [
        "enterprises.enterprise",
        "enterprises.product",
        "institutions.institution",
    ]
    assert 'data-kind="enterprises.enterprise"' in body and "<mark>压缩机</mark>" in body


def test_kind_page_pages_with_a_cursor(client, city_officer, city, monkeypatch):
    monkeypatch.setattr(EnterpriseIndex, "rank_limit", 2)
    client.force_login(city_officer)
    seen, params = [], {"q": "有限公司", "kind": "enterprises.enterprise"}
    for _ in range(10):
        response = client.get(URL, params)
        result = response.context["result"]
        assert result.ordering == "newest"
        seen += [h.obj.pk for h in result.hits]
        if not result.has_next:
            break
        assert 'rel="next"' in response.content.decode()
        params = {**params, "page": result.page + 1, "after": result.next_after}
    assert len(seen) == len(set(seen)) == 7


def test_htmx_paging_renders_only_the_results(client, city_officer, city):
    client.force_login(city_officer)
    response = client.get(
        URL, {"q": "公司", "kind": "enterprises.enterprise", "page": "2"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and "nqi-card" in body


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 20_000},
        {"q": "' OR 1=1 --"},
        {"q": "NEAR(a b) *"},
        {"q": "压缩机", "kind": "no.such"},
        {"q": "压缩机", "kind": "enterprises.enterprise", "page": "-3", "after": "abc"},
        {"q": "压缩机", "kind": "enterprises.enterprise", "page": "99999999999999999999999"},
        {"q": "!!!"},
    ],
)
def test_absurd_input_renders_a_page(client, city_officer, city, params):
    client.force_login(city_officer)
    assert client.get(URL, params).status_code == 200
    assert client.get(URL, {**params, "typeahead": "1"}).status_code == 200


def test_long_query_is_flagged(client, city_officer, city):
    client.force_login(city_officer)
    body = client.get(URL, {"q": "压缩机" * 200}).content.decode()
    assert "只按前 256 个字符检索" in body


def test_institution_user_finds_no_enterprises(client, make_member, city, lab):
    from nqi.accounts.choices import OrganizationKind, Role

    user = make_member(OrganizationKind.INSTITUTION, Role.MANAGER)
    client.force_login(user)
    response = client.get(URL, {"q": "压缩机"})
    assert response.context["groups"] == []
