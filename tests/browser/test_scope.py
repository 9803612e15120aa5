"""Issue "Foundation", done-when: an enterprise user and a district officer each see only their scope."""

import re

from tests.browser.conftest import screenshot


def _rows(page):
    return page.locator("#results table tbody tr")


def test_district_officer_sees_only_own_district(login, demo_server):
    page = login("nanhu_officer")
    page.goto(demo_server + "/enterprises/")
    screenshot(page, "enterprise-list-nanhu-officer")
    assert _rows(page).count() > 0
    regions = set(page.locator("#results table tbody tr td:nth-child(3)").all_inner_texts())
    nanhu_towns = {
        "建设街道",
        "解放街道",
        "新嘉街道",
        "南湖街道",
        "新兴街道",
        "城南街道",
        "东栅街道",
        "长水街道",
        "七星街道",
        "凤桥镇",
        "余新镇",
        "新丰镇",
        "大桥镇",
        "南湖区",
    }
    assert regions <= nanhu_towns, regions - nanhu_towns
    # filtering by another district yields nothing rather than leaking rows
    with page.expect_response(lambda r: "region=330421" in r.url):
        page.select_option("#id_region", "330421")
    page.wait_for_timeout(200)
    assert "没有符合条件的企业" in page.inner_text("#results")


def test_district_officer_gets_404_outside_jurisdiction(login, demo_server):
    page = login("jiashan_officer")
    page.goto(demo_server + "/enterprises/")
    first = page.locator("#results table tbody tr td a").first.get_attribute("href")
    nanhu = login("nanhu_officer")
    response = nanhu.goto(demo_server + first)
    assert response.status == 404


def test_enterprise_user_sees_only_own_enterprise(login, demo_server):
    page = login("ent_owner")
    assert "我的企业" in page.inner_text("main")
    page.goto(demo_server + "/enterprises/")
    screenshot(page, "enterprise-list-ent-owner")
    assert _rows(page).count() == 1
    name = _rows(page).first.locator("td a").inner_text()
    _rows(page).first.locator("td a").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "enterprise-profile-ent-owner")
    assert page.locator("h1").inner_text().startswith(name)
    # own contact data is not masked for the enterprise itself
    assert re.fullmatch(r"1\d{10}", page.inner_text("[data-testid=contact-phone]").strip())


def test_leader_sees_masked_phones(login, demo_server):
    page = login("leader")
    page.goto(demo_server + "/enterprises/")
    page.locator("#results table tbody tr td a").first.click()
    page.wait_for_load_state("networkidle")
    assert "****" in page.inner_text("[data-testid=contact-phone]")


def test_english_interface(login, demo_server):
    page = login("officer")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state("networkidle")
    page.goto(demo_server + "/enterprises/")
    screenshot(page, "enterprise-list-english")
    assert page.locator("html").get_attribute("lang") == "en"
