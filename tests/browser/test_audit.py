"""The audit trail as people see it: the administrators' global audit log (filter, export, refused to others)
and the history panel of an enterprise profile showing an edit made here, with its before and after."""

import csv
import io
import re
import sqlite3
import time
from pathlib import Path

import pyotp
import pytest

from tests.browser.conftest import PASSWORD, screenshot

AUDIT = "/audit/"


def _server_database(demo_server: str) -> Path:
    """The SQLite file of the demo server listening on `demo_server`'s port (read from its environment)."""
    port = demo_server.rsplit(":", 1)[1].encode()
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            pairs = dict(item.split(b"=", 1) for item in environ.read_bytes().split(b"\0") if b"=" in item)
        except OSError:
            continue
        url = pairs.get(b"NQI_DATABASE_URL", b"")
        if pairs.get(b"PORT") == port and url.startswith(b"sqlite:///"):
            return Path(url.decode().removeprefix("sqlite:///"))
    raise RuntimeError(f"no demo server process found for {demo_server}")


_ADMIN_DEVICE = (
    "FROM accounts_totpdevice WHERE user_id = (SELECT id FROM accounts_user WHERE username = 'admin')"
)


def _enter_fresh_code(page, secret: str, last_used_step: int = 0) -> None:
    """Type a code from a time step the server has not seen yet (it accepts each code once)."""
    totp = pyotp.TOTP(secret)
    while int(time.time()) // totp.interval <= last_used_step:
        time.sleep(1)
    page.fill("#id_code", totp.now())
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="module")
def admin(browser, demo_server):
    """A page signed in as `admin`, past the TOTP step.

    The first admin sign-in of a demo server enrols the authenticator (the secret is shown once). If another
    test module of this session enrolled it already, the secret is read back from the server's database.
    An enrolment made here is undone afterwards so that a later test can enrol afresh.
    """
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1440, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(demo_server + "/accounts/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/two-factor/**")
    enrolling = page.locator("[data-testid=totp-secret]").count() == 1
    if enrolling:
        _enter_fresh_code(page, page.inner_text("[data-testid=totp-secret]").strip())
    else:
        with sqlite3.connect(_server_database(demo_server)) as db:
            secret, last_step = db.execute("SELECT secret, last_used_step " + _ADMIN_DEVICE).fetchone()
        _enter_fresh_code(page, secret, last_step)
    assert page.locator("h1").first.inner_text().startswith("您好")
    yield page
    context.close()
    if enrolling:
        with sqlite3.connect(_server_database(demo_server)) as db:
            db.execute("DELETE " + _ADMIN_DEVICE)


def _event_types(page) -> list[str]:
    return page.locator("#results tbody tr[data-event] td:nth-child(3)").all_inner_texts()


def test_admin_opens_the_audit_log_from_the_menu(admin, demo_server):
    admin.goto(demo_server + "/")
    admin.click("nav.nqi-sidebar a:has-text('审计日志')")
    admin.wait_for_load_state("networkidle")
    screenshot(admin, "audit-log-unfiltered")
    assert admin.locator("h1").inner_text() == "审计日志"
    assert admin.locator("#results tbody tr[data-event]").count() == 50


def test_admin_filters_by_event_type_and_exports_csv(admin, demo_server):
    admin.goto(demo_server + AUDIT + "?event_type=accounts.")
    assert all(t.startswith("accounts.") for t in _event_types(admin))
    admin.fill("#id_event_type", "enterprises.")
    with admin.expect_response(lambda r: "event_type=enterprises." in r.url):
        admin.press("#id_event_type", "Enter")
    admin.wait_for_timeout(300)
    screenshot(admin, "audit-log-enterprises")
    types = _event_types(admin)
    assert len(types) == 50, "a full first page of enterprise events"
    assert all(t.startswith("enterprises.") for t in types), set(types)
    assert "event_type=enterprises." in admin.url, "the filter is kept in the address bar"
    total = int(re.search(r"共 (\d+) 条", admin.inner_text("#results")).group(1))
    assert total > 50
    # a claim event names the claimant and links to the claim
    claim_row = admin.locator("#results tbody tr[data-event]", has_text="enterpriseclaim_submitted").first
    assert re.search(
        r"/enterprises/claims/\d+/$", claim_row.locator("td:nth-child(4) a").get_attribute("href")
    )
    from nqi.enterprises.demo import CLAIMS

    claimants = {row[1] for row in CLAIMS}
    assert claim_row.locator("td:nth-child(2)").inner_text().strip() in claimants

    with admin.expect_download() as download_info:
        admin.click("a:has-text('CSV')")
    download = download_info.value
    assert re.fullmatch(r"audit-\d{8}-\d{4}\.csv", download.suggested_filename)
    text = Path(download.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "BOM, so that Excel opens the Chinese text correctly"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["编号", "时间", "操作人", "操作人所属组织", "事件类型"]
    assert len(body) == total
    assert all(row[4].startswith("enterprises.") for row in body)


def test_export_link_follows_the_filter_on_screen(admin, demo_server):
    admin.goto(demo_server + AUDIT + "?event_type=accounts.")
    admin.fill("#id_event_type", "enterprises.")
    with admin.expect_response(lambda r: "event_type=enterprises." in r.url):
        admin.press("#id_event_type", "Enter")
    admin.wait_for_timeout(300)
    assert "event_type=enterprises." in admin.get_attribute("a:has-text('CSV')", "href")


def test_officer_is_refused_the_audit_log(login, demo_server):
    page = login("officer")
    assert page.locator("nav.nqi-sidebar a:has-text('审计日志')").count() == 0
    response = page.goto(demo_server + AUDIT)
    screenshot(page, "audit-log-refused-officer")
    assert response.status == 403
    assert "没有访问权限" in page.inner_text("main")
    assert page.request.get(demo_server + AUDIT + "?export=csv").status == 403


def test_enterprise_history_panel_shows_an_address_edit(login, admin, demo_server):
    page = login("officer")
    page.goto(demo_server + "/enterprises/?region=330411")
    page.locator("#results table tbody tr td a").first.click()
    page.wait_for_load_state("networkidle")
    profile = page.url
    name = page.locator("h1").inner_text().strip()
    page.click(".nqi-page-header a:has-text('编辑')")
    page.wait_for_load_state("networkidle")
    old = page.input_value("#id_address")
    new = "嘉兴市秀洲区洪兴西路 1288 号（浏览器测试）"
    page.fill("#id_address", new)
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    assert page.url == profile
    assert "企业信息已保存" in page.inner_text("body")
    assert page.locator("dt:has-text('住所') + dd").inner_text() == new

    panel = page.locator("section[aria-labelledby=sec-history]")
    panel.scroll_into_view_if_needed()
    screenshot(page, "enterprise-history-after-edit")
    latest = panel.locator("li[data-event]").first
    assert "质量发展科 李明" in latest.inner_text()
    diff = latest.locator("[data-testid=audit-diff]")
    assert "住所" in diff.inner_text()
    assert diff.locator("del").first.inner_text() == (old or "—")
    assert diff.locator("ins").first.inner_text() == new
    assert diff.locator("li").count() == 1, "only the changed field is listed"

    # the same change in the administrators' log, found by who made it
    admin.goto(demo_server + AUDIT + "?event_type=enterprises.enterprise_updated&actor=officer")
    row = admin.locator("#results tbody tr[data-event]").first
    assert name in row.inner_text()
    assert new in row.locator("[data-testid=audit-diff]").inner_text()


def test_history_summary_names_the_changed_field_in_words(login, demo_server):
    page = login("officer")
    page.goto(demo_server + "/enterprises/?region=330421")
    page.locator("#results table tbody tr td a").first.click()
    page.wait_for_load_state("networkidle")
    page.click(".nqi-page-header a:has-text('编辑')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_contact_name", "测试联系人")
    page.click("button:has-text('保存')")
    page.wait_for_load_state("networkidle")
    latest = page.locator("section[aria-labelledby=sec-history] li[data-event]").first
    summary = latest.locator("div:not(.d-flex):not(.nqi-mono)").first.inner_text()
    assert summary == "修改了 联系人", summary
