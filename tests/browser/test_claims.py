"""Enterprise account claims (企业账号认领, docs/workflows/enterprise_claim.md) as the people involved see them.

The demo gives `ent_claimant` one waiting claim on a 南湖区 enterprise. The tests run in file order on one
demo server: the claimant's view, a fresh claim, the other district's officer, then the 南湖 officer's
refusal without a reason and approval — after which the claimant manages the enterprise.
"""

import re

from tests.browser.conftest import screenshot

CLAIMS = "/enterprises/claims/"


def _demo_claim_row(page):
    """The demo's claim of ent_claimant (applicant 冯晓东) on a 南湖区 enterprise, in the claim list."""
    return page.locator("#results tr[data-claim]", has_text="冯晓东").filter(has_text="南湖区")


def _demo_claim_url(login, demo_server) -> str:
    page = login("ent_claimant")
    page.goto(demo_server + CLAIMS)
    return _demo_claim_row(page).first.locator("td a").get_attribute("href")


def test_claimant_sees_own_waiting_claim_with_deadline(login, demo_server):
    page = login("ent_claimant")
    page.goto(demo_server + CLAIMS)
    screenshot(page, "claims-list-claimant")
    rows = page.locator("#results tr[data-claim]")
    assert rows.count() == 1, "a claimant sees only their own claims"
    row = rows.first
    assert row.locator("[data-status]").inner_text() == "待核验"
    badge = row.locator("[data-deadline]")
    assert badge.get_attribute("data-deadline") != "overdue"
    assert re.search(r"\d+ 个工作日后到期|今日到期", badge.inner_text()), badge.inner_text()
    assert "待核验 1" in page.inner_text("[data-testid=open-count]")
    # bureau-only controls are not offered to a claimant
    assert page.locator("a", has_text="CSV").count() == 0
    row.locator("td a").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "claim-detail-claimant")
    assert page.locator("h1 [data-status]").inner_text() == "待核验"
    # the claimant may withdraw but not verify their own claim
    buttons = page.locator("button[name=transition]").all_inner_texts()
    assert buttons == ["撤回申请"], buttons
    assert "5 个工作日" in page.inner_text("main")
    # the enterprise registry stays closed until the claim is approved
    response = page.goto(demo_server + "/enterprises/")
    assert response.status == 403
    assert "没有访问权限" in page.inner_text("main")


def test_claimant_submits_a_fresh_claim_then_withdraws_it(login, demo_server):
    # an active enterprise of 嘉善县, as its officer sees it in the registry
    jiashan = login("jiashan_officer")
    jiashan.goto(demo_server + "/enterprises/")
    rows = jiashan.locator("#results table tbody tr").filter(has_not=jiashan.locator(".text-bg-secondary"))
    target_name = rows.first.locator("td a").inner_text().strip()
    target_uscc = rows.first.locator("td.nqi-mono").inner_text().strip()

    page = login("ent_claimant")
    page.goto(demo_server + CLAIMS)
    page.click("a:has-text('认领企业')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "认领企业"
    assert "5 个工作日内核验" in page.inner_text(".nqi-subtitle")
    # the applicant's name is prefilled from the account
    assert page.input_value("#id_applicant_name")

    # a mistyped code: the field says what is wrong, nothing is saved
    page.fill("#id_uscc", "91330421ABCDEFGH12")
    page.fill("#id_applicant_position", "总经理")
    page.fill("#id_contact_phone", "13912345678")
    page.click("button:has-text('提交申请')")
    page.wait_for_load_state("networkidle")
    screenshot(page, "claim-form-error")
    assert "请修改标红的项目后再提交" in page.inner_text("main")
    assert page.get_attribute("#id_uscc", "aria-invalid") == "true"
    assert "校验位不正确" in page.inner_text("#id_uscc_error")
    assert page.input_value("#id_contact_phone") == "13912345678", "input is kept after an error"

    page.fill("#id_uscc", target_uscc)
    page.fill("#id_statement", "本人为企业总经理，申请管理本企业平台账号。")
    page.click("button:has-text('提交申请')")
    page.wait_for_load_state("networkidle")
    screenshot(page, "claim-submitted")
    assert "认领申请已提交" in page.inner_text("body")
    assert page.locator("h1").inner_text().startswith(target_name)
    assert page.locator("h1 [data-status]").inner_text() == "待核验"
    assert "个工作日后到期" in page.inner_text(".nqi-subtitle")
    assert "提交申请" in page.inner_text("[data-testid=timeline]")
    fresh_url = page.url

    # the 嘉善 officer now has it in the queue; the 南湖 officer does not see it
    jiashan.goto(demo_server + CLAIMS)
    assert jiashan.locator("#results tr[data-claim]", has_text=target_name).count() == 1
    nanhu = login("nanhu_officer")
    assert nanhu.goto(fresh_url).status == 404

    # submitting the same enterprise twice is refused with a clear message
    page.goto(demo_server + CLAIMS + "new/")
    page.fill("#id_uscc", target_uscc)
    page.fill("#id_contact_phone", "13912345678")
    page.click("button:has-text('提交申请')")
    page.wait_for_load_state("networkidle")
    assert "您已提交过该企业的认领申请" in page.inner_text("main")

    # withdrawing leaves the demo claim as the only waiting one
    page.goto(fresh_url)
    page.click("button[name=transition][value=withdraw]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "claim-withdrawn")
    assert page.locator("h1 [data-status]").inner_text() == "已撤回"
    assert page.locator("button[name=transition]").count() == 0
    assert "撤回申请" in page.inner_text("[data-testid=timeline]")


def test_officer_of_another_district_cannot_see_the_claim(login, demo_server):
    url = _demo_claim_url(login, demo_server)
    page = login("jiashan_officer")
    page.goto(demo_server + CLAIMS)
    screenshot(page, "claims-list-jiashan-officer")
    assert page.locator("#results tr[data-claim]").count() > 0
    assert page.locator(f"#results a[href='{url}']").count() == 0
    assert "南湖区" not in page.inner_text("#results table")
    assert page.goto(demo_server + url).status == 404
    # nor can the officer approve it by posting the button's form directly
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        demo_server + url + "transition/",
        form={"transition": "approve", "comment": ""},
        headers={"X-CSRFToken": csrf, "Referer": demo_server + CLAIMS},
    )
    assert response.status == 404


def test_district_officer_rejects_without_reason_then_approves(login, demo_server):
    page = login("nanhu_officer")
    page.goto(demo_server + CLAIMS)
    screenshot(page, "claims-list-nanhu-officer")
    assert "待核验" in page.inner_text("[data-testid=open-count]")
    row = _demo_claim_row(page).first
    assert row.locator("[data-status]").inner_text() == "待核验"
    assert row.locator("[data-deadline]").get_attribute("data-deadline") != "overdue"
    assert "到期" in row.locator("[data-deadline]").inner_text()
    # the overdue filter shows only overdue claims, each with a red badge
    with page.expect_response(lambda r: "due=overdue" in r.url):
        page.select_option("#id_due", "overdue")
    page.wait_for_timeout(200)
    badges = page.locator("#results [data-deadline]")
    assert badges.count() >= 1
    assert set(badges.evaluate_all("els => els.map(e => e.dataset.deadline)")) == {"overdue"}
    assert _demo_claim_row(page).count() == 0
    page.goto(demo_server + CLAIMS)
    enterprise = _demo_claim_row(page).first.locator("td a").inner_text().strip()
    _demo_claim_row(page).first.locator("td a").click()
    page.wait_for_load_state("networkidle")
    assert "“不予通过”须填写意见" in page.inner_text("main")
    # contact data is shown in full to the verifying officer
    assert "****" not in page.inner_text("main")

    page.click("button[name=transition][value=reject]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "claim-reject-without-comment")
    assert "此操作须填写意见" in page.inner_text("[data-testid=transition-error]")
    assert page.locator("#id_comment.is-invalid").count() == 1
    assert page.locator("h1 [data-status]").inner_text() == "待核验", "nothing changed"

    page.fill("#id_comment", "已电话核实总经理身份及法定代表人授权。")
    page.click("button[name=transition][value=approve]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "claim-approved")
    assert "已办理：已通过" in page.inner_text("body")
    assert page.locator("h1 [data-status]").inner_text() == "已通过"
    assert page.locator("button[name=transition]").count() == 0
    assert "核验通过" in page.inner_text("[data-testid=timeline]")
    assert "已电话核实" in page.inner_text("[data-testid=decision-comment]")
    assert "南湖分局 王强" in page.inner_text("main")

    # the claimant now manages the enterprise
    claimant = login("ent_claimant")
    screenshot(claimant, "home-claimant-after-approval")
    assert "我的企业" in claimant.inner_text("main")
    assert enterprise in claimant.inner_text("main")
    claimant.goto(demo_server + "/enterprises/")
    screenshot(claimant, "enterprise-list-claimant-after-approval")
    rows = claimant.locator("#results table tbody tr")
    assert rows.count() == 1
    assert rows.first.locator("td a").inner_text().strip() == enterprise
    claimant.goto(demo_server + CLAIMS)
    assert _demo_claim_row(claimant).first.locator("[data-status]").inner_text() == "已通过"
