"""Pages of the window: every role gets its page, lists count their queries, forms refuse bad input clearly,
POST actions go through the services, missing and forbidden are the same 404."""

import pytest
from django.urls import reverse

from nqi.servicedesk.choices import DocumentKind, RequestStatus, TaskStatus
from nqi.servicedesk.models import EnterpriseDocument, ServiceRequest
from nqi.servicedesk.tests.factories import pdf
from nqi.servicedesk.tests.test_requests import routed, submit

pytestmark = pytest.mark.django_db


def as_user(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("platform_list", 12),
        ("serviceitem_list", 12),
        ("servicerequest_list", 12),
        ("servicetask_list", 12),
        ("sla_dashboard", 26),  # a fixed set of aggregates, whatever the number of clocks
        ("notice_list", 12),
    ],
)
def test_list_pages_render_with_bounded_queries(client, desk, name, queries, django_assert_max_num_queries):
    routed(desk)
    routed(desk)
    as_user(client, desk.clerk)
    with django_assert_max_num_queries(queries):
        response = client.get(reverse(f"servicedesk:{name}"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name", ["servicerequest_list", "platform_list", "serviceitem_list", "servicetask_list"]
)
def test_htmx_filter_returns_the_results_partial_and_export_works(client, desk, name):
    routed(desk)
    as_user(client, desk.clerk)
    partial = client.get(reverse(f"servicedesk:{name}"), {"q": "压缩机"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content
    export = client.get(reverse(f"servicedesk:{name}"), {"export": "csv"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")


def test_request_page_shows_buttons_for_the_role(client, desk):
    request = submit(desk)
    page = as_user(client, desk.clerk).get(reverse("servicedesk:servicerequest_detail", args=[request.pk]))
    assert b'data-action="accept"' in page.content and b'data-action="return"' in page.content
    page = as_user(client, desk.owner).get(reverse("servicedesk:servicerequest_detail", args=[request.pk]))
    assert b'data-action="accept"' not in page.content and b'data-action="withdraw"' in page.content


@pytest.mark.parametrize("actor", ["other", "lab_user", "outsider_user"])
def test_others_get_404_on_request_page(client, desk, system, make_member, actor):
    request = submit(desk)
    if actor == "other":
        from nqi.servicedesk.tests.factories import Desk

        user = Desk(system, make_member).owner
    else:
        user = getattr(desk, actor)
    response = as_user(client, user).get(reverse("servicedesk:servicerequest_detail", args=[request.pk]))
    assert response.status_code == 404


def test_online_submission_form_reuses_documents_and_refuses_missing(client, desk):
    as_user(client, desk.owner)
    url = reverse("servicedesk:servicerequest_submit")
    page = client.get(url, {"platform": desk.platform.pk})
    assert page.status_code == 200 and b'name="doc_test_commission"' in page.content
    data = {
        "platform": desk.platform.pk,
        "items": [desk.testing.pk],
        "title": "能效检验",
        "priority": "normal",
    }
    refused = client.post(url, {**data, "doc_business_licence": pdf()})
    assert refused.status_code == 422 and "检验委托单".encode() in refused.content
    assert ServiceRequest.objects.count() == 0 and EnterpriseDocument.objects.count() == 0
    too_big = client.post(
        url, {**data, "doc_business_licence": pdf("x.exe", b"MZ"), "doc_test_commission": pdf()}
    )
    assert too_big.status_code == 422 and "类型不允许".encode() in too_big.content
    done = client.post(url, {**data, "doc_business_licence": pdf(), "doc_test_commission": pdf()})
    assert done.status_code == 302
    page = client.get(url, {"platform": desk.platform.pk})
    assert page.content.count(b'data-testid="on-file"') == 2


def test_catalog_partial_follows_the_platform(client, desk):
    as_user(client, desk.owner)
    response = client.get(
        reverse("servicedesk:servicerequest_submit"),
        {"platform": desk.platform.pk, "partial": "catalog"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and desk.testing.name.encode() in response.content
    assert b"<html" not in response.content


def test_clerk_registers_a_phone_request(client, desk):
    as_user(client, desk.clerk)
    response = client.post(
        reverse("servicedesk:servicerequest_register"),
        {
            "platform": desk.platform.pk,
            "uscc": desk.enterprise.uscc,
            "channel": "phone",
            "items": [desk.drafting.pk],
            "title": "电话咨询",
            "priority": "normal",
            "doc_business_licence": pdf(),
        },
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.get().channel == "phone"


def test_post_actions_walk_the_request(client, desk):
    request = submit(desk)
    as_user(client, desk.clerk)
    client.post(
        reverse("servicedesk:servicerequest_transition", args=[request.pk]), {"name": "accept", "version": 1}
    )
    client.post(
        reverse("servicedesk:servicerequest_route", args=[request.pk]),
        {
            "item": [desk.testing.pk, desk.drafting.pk],
            f"provider_{desk.testing.pk}": [desk.lab.pk],
            f"provider_{desk.drafting.pk}": [desk.standards.pk],
        },
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_SERVICE and request.tasks.count() == 2
    task = request.tasks.get(provider=desk.lab)
    as_user(client, desk.lab_user)
    url = reverse("servicedesk:servicetask_transition", args=[task.pk])
    client.post(url, {"name": "accept"})
    client.post(url, {"name": "request_info", "comment": "请补充样品"})
    as_user(client, desk.owner)
    client.post(url, {"name": "provide_info", "comment": "已寄出", "files": [pdf("快递单.pdf")]})
    as_user(client, desk.lab_user)
    client.post(
        reverse("servicedesk:servicetask_deliver", args=[task.pk]),
        {"summary": "合格", "report_numbers": "R-1"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DELIVERED and task.report_numbers == ["R-1"]
    download = client.get(reverse("servicedesk:attachment_download", args=[task.attachments.get().pk]))
    assert download.status_code == 200


def test_refused_action_is_shown_not_500(client, desk):
    request = submit(desk)
    as_user(client, desk.clerk)
    response = client.post(
        reverse("servicedesk:servicerequest_transition", args=[request.pk]), {"name": "return"}, follow=True
    )
    assert response.status_code == 200 and "此操作须填写意见".encode() in response.content
    response = client.post(
        reverse("servicedesk:servicerequest_transition", args=[request.pk]), {"name": "close"}, follow=True
    )
    assert "不能执行".encode() in response.content


def test_document_library_upload_and_download(client, desk):
    as_user(client, desk.owner)
    url = reverse("servicedesk:enterprisedocument_list")
    assert (
        client.post(url, {"kind": DocumentKind.BUSINESS_LICENCE, "file": pdf("执照.pdf")}).status_code == 302
    )
    document = EnterpriseDocument.objects.get()
    assert (
        client.get(reverse("servicedesk:enterprisedocument_download", args=[document.pk])).status_code == 200
    )
    refused = client.post(url, {"kind": DocumentKind.BUSINESS_LICENCE, "file": pdf("x.pdf", b"not a pdf")})
    assert refused.status_code == 422
    as_user(client, desk.lab_user)
    assert (
        client.get(reverse("servicedesk:enterprisedocument_download", args=[document.pk])).status_code == 404
    )


def test_home_cards_per_role(client, desk):
    routed(desk)
    for user, card in (
        (desk.clerk, b"servicedesk-window"),
        (desk.owner, b"servicedesk-mine"),
        (desk.lab_user, b"servicedesk-provider"),
    ):
        page = as_user(client, user).get(reverse("core:home"))
        assert card in page.content


def test_enterprise_profile_has_the_window_section(client, desk, nanhu_officer):
    routed(desk)
    page = as_user(client, nanhu_officer).get(
        reverse("enterprises:enterprise_detail", args=[desk.enterprise.pk])
    )
    assert b'data-testid="servicedesk-figures"' in page.content


def test_officer_puts_a_clerk_on_the_platform(client, desk, nanhu_officer, make_member):
    from nqi.accounts.choices import OrganizationKind, Role

    newcomer = make_member(OrganizationKind.BUREAU, Role.WINDOW, "330402", username="new_clerk")
    url = reverse("servicedesk:platform_detail", args=[desk.platform.pk])
    as_user(client, nanhu_officer)
    assert b'data-testid="staff-form"' in client.get(url).content
    assert client.post(url, {"username": "nobody", "role": "clerk"}).status_code == 422
    assert client.post(url, {"username": "new_clerk", "role": "clerk"}).status_code == 302
    assert desk.platform.staff.filter(user=newcomer, role="clerk").exists()
    as_user(client, desk.clerk)
    assert b'data-testid="staff-form"' not in client.get(url).content
    assert client.post(url, {"username": "new_clerk", "role": "manager"}).status_code == 403


def test_city_officer_publishes_a_policy_version(client, desk, city_officer, nanhu_officer):
    url = reverse("servicedesk:sla_dashboard")
    as_user(client, city_officer)
    bad = client.post(
        url,
        {
            "priority": "normal",
            "response_hours": "",
            "resolution_factor": "1",
            "warn_percent": 80,
            "bureau_percent": 150,
        },
    )
    assert bad.status_code == 422
    done = client.post(
        url,
        {
            "priority": "urgent",
            "response_hours": "1.5",
            "resolution_factor": "0.4",
            "warn_percent": 70,
            "bureau_percent": 150,
        },
    )
    assert done.status_code == 302
    from nqi.servicedesk.models import SlaPolicy

    assert SlaPolicy.objects.order_by("-version").first().response_hours == 1.5
    as_user(client, nanhu_officer)
    assert b'data-testid="policy-form"' not in client.get(url).content
