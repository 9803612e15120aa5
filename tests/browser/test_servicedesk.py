"""The one-stop window end to end: online submission (documents reused), split routing to two providers, an
information request that pauses the SLA, delivery, automatic closing, rating, and the SLA page's figures."""

import re

from tests.browser.conftest import screenshot

PLATFORM = "南湖压缩机产业质量基础设施一站式服务平台"
LAB, STANDARDS = "嘉兴市质量检验检测研究院", "嘉兴市标准化研究院"


def _provider_row(page, base, platform_id, name):
    """(response counted, response breached, resolution counted, resolution breached) for one provider."""
    page.goto(f"{base}/servicedesk/sla/?platform={platform_id}")
    row = page.locator("[data-table=provider] tbody tr", has_text=name)
    if not row.count():
        return (0, 0, 0, 0)
    cells = [c.inner_text().strip() for c in row.first.locator("td").all()]
    return (int(cells[1]), int(cells[2]), int(cells[4]), int(cells[5]))


def _act(page, task_text, action, comment=None, files=None):
    """Open the action's form inside the task card and submit it."""
    card = page.locator("article[data-task]", has_text=task_text).first
    details = card.locator(f"details[data-action={action}]")
    if details.count():
        details.locator("summary").click()
        if comment is not None:
            details.locator("textarea").first.fill(comment)
        if files:
            details.locator("input[type=file]").set_input_files(files)
        details.locator("button").click()
    else:
        card.locator(f"form[data-action={action}] button").click()
    page.wait_for_load_state("networkidle")


def test_request_walk_with_split_routing_pause_delivery_closing_rating(login, demo_server, tmp_path):
    officer = login("officer")
    officer.goto(demo_server + "/servicedesk/platforms/")
    officer.get_by_role("link", name=PLATFORM).click()
    platform_id = re.search(r"/platforms/(\d+)/", officer.url).group(1)
    before = _provider_row(officer, demo_server, platform_id, STANDARDS)

    owner = login("ent_owner")
    owner.goto(f"{demo_server}/servicedesk/requests/new/?platform={platform_id}")
    owner.get_by_label(re.compile("制冷压缩机委托检验")).check()
    owner.get_by_label(re.compile("标准查询与对标分析")).check()
    assert owner.locator("tr[data-kind=business_licence] [data-testid=on-file]").count() == 1  # once-only
    owner.fill("#id_title", "浏览器测试：能效检验与对标分析")
    screenshot(owner, "servicedesk-submit")
    owner.get_by_role("button", name="提交申请").click()
    owner.wait_for_load_state("networkidle")
    number = owner.locator("h1 .nqi-mono").inner_text()
    request_url = owner.url
    assert owner.locator("[data-status=submitted]").count() == 1

    window = login("window")
    window.goto(request_url)
    window.locator("form[data-action=accept] button").click()
    window.wait_for_load_state("networkidle")
    route = window.locator("[data-testid=route-form]")
    route.locator("label", has_text=LAB).first.click()
    route.locator("label", has_text=STANDARDS).first.click()
    route.get_by_role("button", name="分派").click()
    window.wait_for_load_state("networkidle")
    assert window.locator("article[data-task]").count() == 2
    screenshot(window, "servicedesk-routed")

    lab = login("lab_manager")
    lab.goto(request_url)
    assert lab.locator("article[data-task]").count() == 1  # a provider sees its own task only
    _act(lab, LAB, "accept")
    _act(lab, LAB, "request_info", comment="请补充出口目的国标准要求")
    assert lab.locator("[data-clock=resolution][data-state=paused]").count() >= 1  # the SLA pauses
    screenshot(lab, "servicedesk-paused")

    owner.goto(request_url)
    sample = tmp_path / "补充材料.pdf"
    sample.write_bytes(b"%PDF-1.4\n% browser test\n%%EOF\n")
    _act(owner, LAB, "provide_info", comment="已补充标准要求", files=[str(sample)])
    assert owner.locator("[data-clock=resolution][data-state=paused]").count() == 0

    lab.goto(request_url)
    card = lab.locator("article[data-task]", has_text=LAB)
    card.locator("details[data-action=deliver] summary").click()
    card.locator("textarea[name=summary]").fill("能效等级 1 级")
    card.locator("input[name=report_numbers]").fill("JX2026-BROWSER-01")
    card.get_by_role("button", name="确认交付结果").click()
    lab.wait_for_load_state("networkidle")

    expert = login("std_expert")
    expert.goto(request_url)
    _act(expert, STANDARDS, "accept")
    card = expert.locator("article[data-task]", has_text=STANDARDS)
    card.locator("details[data-action=deliver] summary").click()
    card.locator("textarea[name=summary]").fill("对标分析报告已交付")
    card.locator("input[name=report_numbers]").fill("BZ-2026-001")
    card.get_by_role("button", name="确认交付结果").click()
    expert.wait_for_load_state("networkidle")

    owner.goto(request_url)
    assert owner.locator("[data-status=closed]").count() == 1  # closed by itself when both tasks were done
    owner.locator("label", has_text="非常满意").click()
    owner.get_by_role("button", name="提交评价").click()
    owner.wait_for_load_state("networkidle")
    assert "5/5" in owner.locator("[data-testid=rating]").inner_text()
    screenshot(owner, "servicedesk-closed")

    after = _provider_row(officer, demo_server, platform_id, STANDARDS)
    assert after[0] == before[0] + 1 and after[2] == before[2] + 1  # one more response, one more resolution
    assert (after[1], after[3]) == (before[1], before[3])  # both in time
    screenshot(officer, "servicedesk-sla")
    officer.goto(f"{demo_server}/servicedesk/?q={number}")
    assert officer.locator("#results tbody tr").count() == 1
