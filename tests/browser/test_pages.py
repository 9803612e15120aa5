"""Every role lands on a working home page; the registries and the API docs work offline."""

import pyotp
import pytest

from tests.browser.conftest import PASSWORD, screenshot


@pytest.mark.parametrize(
    "username", ["officer", "nanhu_officer", "leader", "ent_owner", "lab_manager", "housekeeper", "window"]
)
def test_home_page_per_role(login, username):
    page = login(username)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.reload()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"home-{username}")
    assert page.locator("h1").first.inner_text().startswith("您好")
    assert not errors


def test_admin_enrols_totp_then_reaches_home(browser, demo_server):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(demo_server + "/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/two-factor/**")
    secret = page.inner_text("[data-testid=totp-secret]").strip()
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().startswith("您好")
    context.close()


def test_institution_directory_and_profile(login, demo_server):
    page = login("ent_owner")
    page.goto(demo_server + "/institutions/?kind=testing_lab")
    screenshot(page, "institution-list")
    rows = page.locator("#results table tbody tr")
    assert rows.count() > 5
    rows.first.locator("td a").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "institution-profile")
    assert "CMA" in page.inner_text("main")


def test_global_typeahead_finds_enterprises(login, demo_server):
    page = login("officer")
    page.fill("#global-q", "压缩机")
    page.wait_for_selector("#typeahead .list-group-item")
    screenshot(page, "typeahead")
    assert "压缩机" in page.inner_text("#typeahead")


def test_api_docs_render_offline(login, demo_server):
    page = login("officer")
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(demo_server + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui", timeout=15000)
    assert not [u for u in failed if not u.startswith(demo_server)]
