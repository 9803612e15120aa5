"""API: the same search, selectors and services as the pages; errors as {code, message, field}."""

import pytest

from nqi.standards.models import Standard
from nqi.standards.tests.factories import import_rows, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(system):
    import_rows(
        system,
        [
            row("GB 6675.1-2014", title_zh="玩具安全 第1部分：基本规范"),
            row(
                "GB 6675.1-2025",
                title_zh="玩具安全 第1部分：基本规范",
                status="upcoming",
                implemented="2026-11-01",
            ),
        ]
        + [row(f"GB/T {32000 + n}-2021", title_zh="电动童车技术条件") for n in range(25)],
    )


def test_search_endpoint(client, city_officer, catalog, django_assert_max_num_queries):
    client.force_login(city_officer)
    with django_assert_max_num_queries(30):
        response = client.get("/api/v1/standards/search", {"q": "gb 6675.1", "page_size": 5})
    data = response.json()
    assert response.status_code == 200 and data["total"] == 2 and data["hits"][0]["exact"]
    assert data["hits"][0]["standard"]["canonical"] == "GB 6675.1—2014"
    data = client.get("/api/v1/standards/search", {"q": "童车", "page_size": 10, "page": 3}).json()
    assert data["total"] == 25 and len(data["hits"]) == 5 and not data["has_next"]
    assert "family" in data["facets"]


@pytest.mark.parametrize("q", ["x" * 10_000, "!!!", "' OR 1=1; --", 'NEAR("a" "b")', "\\"])
def test_absurd_queries_are_clean(client, city_officer, catalog, q):
    client.force_login(city_officer)
    response = client.get("/api/v1/standards/search", {"q": q})
    assert response.status_code == 200 and response.json()["total"] >= 0


def test_get_by_id_and_by_number(client, city_officer, catalog):
    client.force_login(city_officer)
    standard = Standard.objects.get(number="GB 6675.1-2014")
    data = client.get(f"/api/v1/standards/{standard.pk}").json()
    assert data["canonical"] == "GB 6675.1—2014" and data["ics_codes"] == ["97.200.50"]
    assert (
        client.get("/api/v1/standards/by-number", {"number": "ＧＢ　６６７５．１－２０１４"}).json()["id"]
        == standard.pk
    )
    missing = client.get("/api/v1/standards/999999")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_watch_status_change_and_notices(client, city_officer, catalog):
    client.force_login(city_officer)
    standard = Standard.objects.get(number="GB 6675.1-2014")
    data = client.post(f"/api/v1/standards/{standard.pk}/watch").json()
    assert data == {"standard_id": standard.pk, "watching": True, "watchers": 1}
    response = client.post(
        f"/api/v1/standards/{standard.pk}/status",
        {"transition": "replace", "successor": "GB 6675.1-2025", "comment": "公告"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "replaced"
    assert response.json()["replaced_by"][0]["number"] == "GB 6675.1—2025"
    notices = client.get("/api/v1/standards/notices").json()
    assert notices["count"] == 1 and notices["items"][0]["kind"] == "replaced"
    assert client.delete(f"/api/v1/standards/{standard.pk}/watch").json()["watching"] is False


def test_status_change_errors(client, city_officer, city_leader, catalog):
    standard = Standard.objects.get(number="GB 6675.1-2014")
    client.force_login(city_leader)
    denied = client.post(
        f"/api/v1/standards/{standard.pk}/status",
        {"transition": "withdraw", "comment": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    client.force_login(city_officer)
    missing = client.post(
        f"/api/v1/standards/{standard.pk}/status",
        {"transition": "replace", "successor": "GB 1-1900"},
        content_type="application/json",
    )
    assert missing.status_code == 404 and missing.json()["field"] == "successor"
    bad = client.post(
        f"/api/v1/standards/{standard.pk}/status", {"transition": "explode"}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_transition"
