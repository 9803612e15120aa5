"""Watch and impact: products link to catalog records by number; a status change notifies every watcher
and every enterprise whose products are made to the standard, and nobody else."""

import pytest
from django.urls import reverse

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.errors import ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.workflow import TransitionNotAllowed
from nqi.standards import selectors, services
from nqi.standards.choices import MatchedBy, NoticeKind, NoticeReason, StandardStatus
from nqi.standards.models import Notice, ProductStandard, Standard
from nqi.standards.tests.factories import make_standard

pytestmark = pytest.mark.django_db


def _std(number):
    return Standard.objects.get(number=number)


def test_products_link_by_normalised_number(system, firm, toy_standards):
    counts = services.productstandard_rematch(actor=system)
    links = {
        (link.product.name, link.standard.number, link.matched_by) for link in ProductStandard.objects.all()
    }
    assert links == {
        ("电动童车", "GB 6675.1-2014", MatchedBy.EXACT),
        ("儿童自行车", "GB 14746-2020", MatchedBy.EDITION),  # no year: the edition in force
    }
    assert counts["links"] == 2
    assert services.productstandard_rematch(actor=system)["linked"] == 0  # idempotent


def test_manual_links_survive_rematching(system, firm, toy_standards):
    services.productstandard_link(
        actor=firm["owner"], product=firm["bikes"], standard=_std("GB/T 14746-2025")
    )
    services.productstandard_rematch(actor=system)
    assert ProductStandard.objects.filter(product=firm["bikes"], matched_by=MatchedBy.MANUAL).count() == 1


def test_replacement_notifies_watchers_and_affected_enterprises_once(
    system, firm, jiashan_firm, toy_standards, city_officer, nanhu_officer
):
    services.productstandard_rematch(actor=system)
    old, new = _std("GB 6675.1-2014"), _std("GB 6675.1-2025")
    services.standardwatch_add(actor=city_officer, standard=old)
    services.standardwatch_add(actor=firm["owner"], standard=old)  # the firm also makes products to it
    changed = services.standard_status_change(
        actor=nanhu_officer, standard=old, name="replace", successor=new, comment="国家标准公告 2025年第28号"
    )
    assert changed.status == StandardStatus.REPLACED and str(changed.withdrawn_on) == "2026-11-01"
    notices = Notice.objects.filter(standard=old)
    assert notices.count() == 3  # the officer, the watching firm (once), the other affected firm
    firm_notice = notices.get(recipient_enterprise=firm["enterprise"])
    assert firm_notice.reason == NoticeReason.PRODUCT and firm_notice.products == ["电动童车"]
    assert "GB 6675.1—2025" in firm_notice.title and "电动童车" in firm_notice.body
    assert notices.get(recipient_user=city_officer).kind == NoticeKind.REPLACED
    assert new.relations_out.filter(target=old).exists()
    assert StatusChange.objects.filter(target_id=str(old.pk), to_status="replaced").count() == 1
    # every member of the firm sees the enterprise notice; an unrelated officer's list is empty
    assert list(selectors.notice_list_visible_to(actor=firm["owner"])) == [firm_notice]
    assert not selectors.notice_list_visible_to(actor=nanhu_officer).exists()


def test_withdrawal_needs_a_reason_and_replacement_a_successor(system, toy_standards, city_officer):
    old = _std("GB 6675.1-2014")
    with pytest.raises(ValidationFailed):
        services.standard_status_change(actor=city_officer, standard=old, name="withdraw")
    with pytest.raises(ValidationFailed):
        services.standard_status_change(actor=city_officer, standard=old, name="replace")
    services.standard_status_change(actor=city_officer, standard=old, name="withdraw", comment="公告废止")
    with pytest.raises(TransitionNotAllowed):
        services.standard_status_change(
            actor=city_officer, standard=_std("GB 6675.1-2014"), name="withdraw", comment="again"
        )


def test_enterprise_users_cannot_change_status(toy_standards, firm):
    from nqi.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.standard_status_change(
            actor=firm["owner"], standard=_std("GB 6675.1-2014"), name="withdraw", comment="x"
        )


def test_take_effect_job_and_new_version_notice(system, toy_standards, city_officer):
    import datetime as dt

    services.standardwatch_add(actor=city_officer, standard=_std("GB 6675.1-2014"))
    new = services.standard_create(
        actor=system,
        data={
            "number": "GB 6675.1-2027",
            "title_zh": "玩具安全 第1部分：基本规范",
            "status": "upcoming",
            "published": "2026-12-01",
            "implemented": "2027-06-01",
            "confidence": "source",
            "replaces": [("GB 6675.1-2014", "replaces")],
        },
    )
    notice = Notice.objects.get(recipient_user=city_officer)
    assert notice.kind == NoticeKind.NEW_VERSION and notice.successor == new
    assert services.standard_take_effect_due(actor=system, today=dt.date(2027, 6, 1)) == 2  # 2025 and 2027
    assert _std("GB 6675.1-2027").status == StandardStatus.CURRENT


def test_affected_products_are_scoped_to_what_the_actor_may_see(
    system, firm, jiashan_firm, toy_standards, nanhu_officer, city_officer
):
    services.productstandard_rematch(actor=system)
    old = _std("GB 6675.1-2014")
    seen = {
        link.product.enterprise_id
        for link in selectors.standard_affected_visible_to(actor=nanhu_officer, standard=old)
    }
    assert seen == {firm["enterprise"].pk}
    seen = {
        link.product.enterprise_id
        for link in selectors.standard_affected_visible_to(actor=city_officer, standard=old)
    }
    assert seen == {firm["enterprise"].pk, jiashan_firm["enterprise"].pk}


def test_watch_flow_through_the_pages(client, system, firm, toy_standards, city_officer):
    services.productstandard_rematch(actor=system)
    old = _std("GB 6675.1-2014")
    client.force_login(firm["owner"])
    response = client.post(reverse("standards:standard_watch", args=[old.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-testid="unwatch"' in response.content.decode()
    client.force_login(city_officer)
    response = client.post(
        reverse("standards:standard_transition", args=[old.pk]),
        {
            "transition": "replace",
            "successor": "gb 6675.1—2025",
            "comment": "公告",
            "version": old.version,
        },
    )
    assert response.status_code == 302 and _std("GB 6675.1-2014").status == StandardStatus.REPLACED
    client.force_login(firm["owner"])
    page = client.get(reverse("standards:notice_list")).content.decode()
    assert "GB 6675.1—2014" in page and "电动童车" in page
    home = client.get(reverse("core:home")).content.decode()
    assert 'data-card="standards.notices"' in home
    profile = client.get(
        reverse("enterprises:enterprise_detail", args=[firm["enterprise"].pk])
    ).content.decode()
    assert 'data-testid="product-standards"' in profile and "已非现行" in profile
    notice = Notice.objects.get(recipient_enterprise=firm["enterprise"])
    client.post(reverse("standards:notice_read", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_user_cannot_read_someone_elses_notice(
    client, system, firm, toy_standards, make_member, city_officer
):
    old = _std("GB 6675.1-2014")
    services.standardwatch_add(actor=city_officer, standard=old)
    services.standard_status_change(actor=city_officer, standard=old, name="withdraw", comment="x")
    notice = Notice.objects.get(recipient_user=city_officer)
    stranger = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330421")
    client.force_login(stranger)
    assert client.post(reverse("standards:notice_read", args=[notice.pk])).status_code == 404


def test_product_edits_relink_after_commit(system, firm, toy_standards, django_capture_on_commit_callbacks):
    from nqi.enterprises import services as enterprise_services

    with django_capture_on_commit_callbacks(execute=True):
        enterprise_services.product_update(
            actor=system, product=firm["bikes"], data={"standard_code": "GB/T 14746-2025"}
        )
    assert [link.standard.number for link in ProductStandard.objects.filter(product=firm["bikes"])] == [
        "GB/T 14746-2025"
    ]


def test_make_standard_factory(system):
    assert make_standard(system, "GB 1-2020").canonical == "GB 1—2020"


def test_drafting_organizations_link_to_enterprises_by_name(system, firm):
    from nqi.standards.tests.factories import import_rows, row

    import_rows(system, [row("T/ZZB 8888-2024", drafters=[firm["enterprise"].name, "平湖市童车行业协会"])])
    drafters = {
        d.name: d.enterprise_id for d in Standard.objects.get(number="T/ZZB 8888-2024").drafters.all()
    }
    assert drafters == {firm["enterprise"].name: firm["enterprise"].pk, "平湖市童车行业协会": None}
