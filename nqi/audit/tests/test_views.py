"""The global audit page (administrators only), its filters, links, exports, and the per-record diff panel."""

import datetime as dt
import io

import openpyxl
import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.audit.models import AuditEvent
from nqi.audit.selectors import auditevent_list_for_target
from nqi.enterprises import services
from nqi.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db
LIST = reverse("audit:auditevent_list")


@pytest.fixture
def admin(make_member, settings):
    settings.NQI_REQUIRE_2FA_FOR_ADMINS = False
    return make_member(K.BUREAU, R.ADMIN, "330400", username="auditor")


@pytest.fixture
def trail(city_officer):
    enterprises = [make_enterprise(city_officer, "330402") for _ in range(3)]
    services.enterprise_update(
        actor=city_officer, enterprise=enterprises[0], data={"address": "新地址 8 号", "status": "suspended"}
    )
    return enterprises


def test_only_administrators(client, city_officer, admin):
    assert client.get(LIST).status_code == 302
    client.force_login(city_officer)
    assert client.get(LIST).status_code == 403
    assert client.get(LIST, {"export": "csv"}).status_code == 403
    client.force_login(admin)
    assert client.get(LIST).status_code == 200


def test_menu_entry_for_administrators_only(client, city_officer, admin):
    def labels(user):
        client.force_login(user)
        menu = client.get(reverse("core:home")).context["nav_menu"]
        return [str(item.label) for entry in menu for item in entry["items"]]

    assert "审计日志" in labels(admin)
    assert "审计日志" not in labels(city_officer)


def test_rows_link_to_their_records_with_a_flat_query_count(
    client, admin, trail, django_assert_max_num_queries
):
    client.force_login(admin)
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"event_type": "enterprises."})
    events = list(response.context["events"])
    assert events and all(e.event_type.startswith("enterprises.") for e in events)
    body = response.content.decode()
    assert reverse("enterprises:enterprise_detail", args=[trail[0].pk]) in body
    assert "新地址 8 号" in body and "停业" in body  # the diff, choices shown by label
    users = client.get(LIST, {"target_type": "accounts.user"})
    assert all(e.target_type == "accounts.user" for e in users.context["events"])
    assert "/accounts/user" not in users.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "officer"}, "officer"),
        ({"event_type": "enterprises.enterprise_updated"}, "updated"),
        ({"target_type": "enterprises.enterprise"}, "enterprises"),
        ({"date_from": "{today}"}, "all"),
        ({"date_to": "{yesterday}"}, "none"),
        (
            {"date_from": "{today}", "date_to": "{yesterday}"},
            "all",
        ),  # invalid range: date_to ignored, error shown
    ],
)
def test_filters(client, admin, trail, city_officer, params, expected):
    today = timezone.localdate()
    params = {
        k: v.format(today=today.isoformat(), yesterday=(today - dt.timedelta(days=1)).isoformat())
        for k, v in params.items()
    }
    client.force_login(admin)
    response = client.get(LIST, {**params, "page_size": 200})
    ids = {e.pk for e in response.context["events"]}
    everything = set(AuditEvent.objects.values_list("pk", flat=True))
    wanted = {
        "officer": set(AuditEvent.objects.filter(actor=city_officer).values_list("pk", flat=True)),
        "updated": set(
            AuditEvent.objects.filter(event_type="enterprises.enterprise_updated").values_list(
                "pk", flat=True
            )
        ),
        "enterprises": set(
            AuditEvent.objects.filter(target_type="enterprises.enterprise").values_list("pk", flat=True)
        ),
        "all": everything,
        "none": set(),
    }[expected]
    assert ids == wanted
    if "date_to" in params and "date_from" in params:
        assert "截止日期不能早于起始日期" in response.content.decode()


def test_actor_filter_by_username(client, admin, trail, city_officer):
    client.force_login(admin)
    response = client.get(LIST, {"actor": city_officer.username, "page_size": 200})
    assert {e.actor_id for e in response.context["events"]} == {city_officer.pk}


def test_exports_follow_the_filter(client, admin, trail):
    client.force_login(admin)
    expected = AuditEvent.objects.filter(target_type="enterprises.enterprise").count()
    csv_response = client.get(LIST, {"export": "csv", "target_type": "enterprises.enterprise"})
    lines = b"".join(csv_response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + expected and "新地址 8 号" in "".join(lines)
    xlsx = client.get(LIST, {"export": "xlsx", "target_type": "enterprises.enterprise"})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.max_row == 1 + expected


def test_history_panel_shows_compact_diffs(trail):
    events = auditevent_list_for_target(actor=None, target=trail[0])
    html = render_to_string("audit/_history.html", {"events": events})
    assert 'data-testid="audit-diff"' in html
    assert "住所" in html and "新地址 8 号" in html
    assert "<del" in html and "存续" in html and "停业" in html
