"""Pages: render, scope, htmx partials, exports and flat query counts."""

import pytest
from django.urls import reverse

from nqi.standards.models import Standard
from nqi.standards.tests.factories import import_rows, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(system):
    rows = [row(f"GB/T {31000 + n}-2020", title_zh=f"压缩机试验方法 第{n}部分") for n in range(30)]
    rows += [row("GB 18580-2017", title_zh="室内装饰装修材料 人造板及其制品中甲醛释放限量")]
    import_rows(system, rows)


def test_pages_require_login(client):
    for name in ("standard_list", "standard_as_of", "notice_list", "standardsystem_list", "keyproject_list"):
        response = client.get(reverse(f"standards:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_search_page_query_count_is_flat(client, city_officer, catalog, django_assert_max_num_queries):
    client.force_login(city_officer)
    with django_assert_max_num_queries(30) as first:
        response = client.get(reverse("standards:standard_list"), {"q": "压缩机"})
    assert response.status_code == 200 and response.context["result"].total == 30
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("standards:standard_list"), {"q": "压缩机", "page": 2})
    body = response.content.decode()
    assert "<mark>压缩机</mark>" in body and 'data-testid="total"' in body


def test_htmx_search_renders_only_results(client, city_officer, catalog):
    client.force_login(city_officer)
    response = client.get(reverse("standards:standard_list"), {"q": "gb18580-2017"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "标准号匹配" in body and "GB 18580—2017" in body


def test_typeahead_and_empty_and_absurd_queries(client, city_officer, catalog):
    client.force_login(city_officer)
    body = client.get(reverse("standards:standard_typeahead"), {"q": "GB 1858"}).content.decode()
    assert "GB 18580—2017" in body
    for q in ("!!!", "x" * 10_000, "' OR 1=1 --", '"*'):
        assert client.get(reverse("standards:standard_list"), {"q": q}).status_code == 200
        assert client.get(reverse("standards:standard_typeahead"), {"q": q}).status_code == 200
    assert (
        client.get(
            reverse("standards:standard_list"), {"page": "x", "sort": "nonsense", "ics": "abc"}
        ).status_code
        == 200
    )


def test_export_csv(client, city_officer, catalog):
    client.force_login(city_officer)
    response = client.get(reverse("standards:standard_list"), {"q": "压缩机", "export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.status_code == 200 and body.count("\n") == 31


def test_detail_page_and_missing_is_404(client, city_officer, catalog, django_assert_max_num_queries):
    client.force_login(city_officer)
    standard = Standard.objects.get(number="GB 18580-2017")
    with django_assert_max_num_queries(30):
        response = client.get(reverse("standards:standard_detail", args=[standard.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "室内装饰装修材料" in body and 'data-transition="replace"' in body
    assert client.get(reverse("standards:standard_detail", args=[999999])).status_code == 404


def test_as_of_view(client, city_officer, catalog):
    client.force_login(city_officer)
    response = client.get(reverse("standards:standard_as_of"), {"date": "2019-01-01", "q": "甲醛"})
    assert response.context["result"].total == 0  # implemented 2020-10-01 in the factory
    response = client.get(reverse("standards:standard_as_of"), {"date": "2021-01-01", "q": "甲醛"})
    assert response.context["result"].total == 1
    assert client.get(reverse("standards:standard_as_of"), {"date": "not-a-date"}).status_code == 200


def test_imports_page_is_for_officers(client, city_officer, city_leader, catalog):
    client.force_login(city_leader)
    assert client.get(reverse("standards:catalogimport_list")).status_code == 403
    client.force_login(city_officer)
    assert client.get(reverse("standards:catalogimport_list")).status_code == 200


def test_a_text_search_defers_its_facets_to_a_second_request(client, city_officer, catalog):
    client.force_login(city_officer)
    url = reverse("standards:standard_list")
    page = client.get(url, {"q": "压缩机", "family": "national"}).content.decode()
    assert 'hx-trigger="load"' in page and "NQI-Panel" in page and 'data-facet="family"' not in page
    panel = client.get(
        url, {"q": "压缩机", "family": "national"}, HTTP_HX_REQUEST="true", HTTP_NQI_PANEL="facets"
    )
    body = panel.content.decode()
    assert panel.status_code == 200 and body.lstrip().startswith("<aside") and 'data-facet="family"' in body
    assert "<html" not in body and "NQI-Panel" not in body and "family=" in body  # links keep the query
    browse = client.get(url).content.decode()  # no text: the cached browse counts are shown at once
    assert 'data-facet="family"' in browse and "NQI-Panel" not in browse


def test_a_broad_query_says_its_hits_come_newest_first(client, city_officer, catalog, monkeypatch):
    from nqi.standards.search import StandardIndex

    client.force_login(city_officer)
    url = reverse("standards:standard_list")
    assert 'data-testid="ordering"' not in client.get(url, {"q": "压缩机"}).content.decode()
    monkeypatch.setattr(StandardIndex, "rank_limit", 10)
    response = client.get(url, {"q": "压缩机"})
    assert response.context["result"].ordering == "newest"
    assert 'data-testid="ordering"' in response.content.decode()
    numbers = [h.standard.canonical for h in response.context["result"].hits]
    assert numbers[:2] == ["GB/T 31029—2020", "GB/T 31028—2020"], "newest records first"
    assert 'data-testid="ordering"' not in client.get(url, {"q": "压缩机", "sort": "date"}).content.decode()
