"""A spot-check plan from the draw to published results, with one objection and one rectification, and
the grades and the map updated (issue 7 "done when")."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import screenshot

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def _open_draft_plan(page, base):
    page.goto(base + "/spotchecks/")
    page.get_by_role("link", name=re.compile("童车专项")).first.click()
    page.wait_for_load_state("networkidle")


def _task_ids(page) -> list[int]:
    links = page.locator('[data-testid="task-table"] a[href*="/spotchecks/tasks/"]')
    return sorted(
        {
            int(re.search(r"/tasks/(\d+)/", links.nth(i).get_attribute("href")).group(1))
            for i in range(links.count())
        }
    )


def _act(page, name: str, comment: str = ""):
    section = page.locator(f'section[data-transition="{name}"]')
    if comment:
        section.locator("textarea[name=comment]").fill(comment)
    section.locator(f'button[data-action="{name}"]').click()
    page.wait_for_load_state("networkidle")


def _status(page) -> str:
    return page.locator('[data-testid="task-status"]').inner_text()


def _sample_and_test(login, base, task_id: int, fail: bool) -> tuple[str, int]:
    officer = login("officer")
    officer.goto(f"{base}/spotchecks/tasks/{task_id}/")
    form = officer.locator('section[data-transition="record_sampling"]')
    form.locator("#sampled_on").fill(__import__("datetime").date.today().isoformat())
    form.locator("#batch_number").fill("20261018")
    form.locator("#quantity_test").fill("2")
    form.locator("#quantity_backup").fill("2")
    form.locator("#price_paid").fill("1280.00")
    form.locator("#seal_number").fill(f"JX-E2E-{task_id}")
    form.locator("#seller_name").fill("嘉兴八佰伴")
    form.locator("#photos").set_input_files({"name": "seal.jpg", "mimeType": "image/jpeg", "buffer": JPEG})
    form.locator('button[data-action="record_sampling"]').click()
    officer.wait_for_load_state("networkidle")
    assert _status(officer) == "已抽样"
    lab_name = officer.locator("dt:has-text('承检机构') + dd").inner_text()
    enterprise = officer.locator("dt:has-text('企业') + dd a").first.get_attribute("href")
    enterprise_id = int(re.search(r"/(\d+)/", enterprise).group(1))
    lab = login("toy_lab" if "童车" in lab_name else "lab_analyst")
    lab.goto(f"{base}/spotchecks/tasks/{task_id}/")
    _act(lab, "receive_sample")
    results = lab.locator('section[data-transition="submit_results"]')
    clauses = results.locator("input[name^=clause_]")
    for i in range(clauses.count()):
        clauses.nth(i).fill(f"GB 14748—2006 4.{i + 1}")
    if fail:
        results.locator("select[name=verdict_0]").select_option("fail")
    _act(lab, "submit_results")
    assert _status(lab) == "检验结论待告知"
    return officer, enterprise_id


def _failures(page, base, enterprise_id) -> int:
    page.goto(f"{base}/supervision/enterprises/{enterprise_id}/")
    text = page.locator('[data-factor="spotcheck"]').inner_text()
    return int(re.search(r"不合格\s*(\d+)", text).group(1))


@pytest.mark.browser
def test_plan_from_draw_to_published_results(login, demo_server, browser):
    base = demo_server
    page = login("officer")
    _open_draft_plan(page, base)
    page.fill("#seed", "e2e-2026-seed")
    page.locator('[data-testid="draw"]').click()
    page.wait_for_load_state("networkidle")
    assert page.locator('[data-testid="plan-status"]').inner_text() == "已抽取"
    assert "e2e-2026-seed" in page.locator('[data-testid="draw-publication"]').inner_text()
    page.get_by_role("link", name="复核抽取").click()
    assert "复核一致" in page.locator('[data-testid="verification"]').inner_text()
    page.get_by_role("button", name="下达任务").click()
    page.wait_for_load_state("networkidle")
    tasks = _task_ids(page)
    assert len(tasks) >= 2
    screenshot(page, "spotchecks-plan-drawn")

    failed, passed = tasks[0], tasks[1]
    officer, enterprise_id = _sample_and_test(login, base, failed, fail=True)
    before = _failures(officer, base, enterprise_id)
    officer.goto(f"{base}/spotchecks/tasks/{failed}/")
    _act(officer, "notify")
    assert officer.locator('[data-testid="objection-due"]').is_visible()
    after = _failures(officer, base, enterprise_id)
    assert after == before + 1, "a failed spot check regrades the enterprise"
    officer.goto(f"{base}/spotchecks/tasks/{failed}/")
    _act(officer, "object", "企业认为样品运输受损，申请复检")
    assert _status(officer) == "复检中"
    _act(officer, "retest_upheld", "复检维持不合格")
    assert _status(officer) == "整改中"
    _act(officer, "submit_rectification", "已停止销售并完成整改")
    _act(officer, "recheck_pass")
    assert _status(officer) == "已办结"
    officer.locator('button[data-action="publish"]').click()
    officer.wait_for_load_state("networkidle")
    screenshot(officer, "spotchecks-task-rectified")

    officer2, _ = _sample_and_test(login, base, passed, fail=False)
    officer2.goto(f"{base}/spotchecks/tasks/{passed}/")
    _act(officer2, "notify")
    _act(officer2, "accept")
    officer2.locator('button[data-action="publish"]').click()
    officer2.wait_for_load_state("networkidle")

    officer2.goto(base + "/supervision/")
    officer2.wait_for_selector("#county-map svg")
    assert "事件触发" in officer2.content()
    screenshot(officer2, "supervision-map")

    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(base + "/spotchecks/public/")
    table = public.locator('[data-testid="public-results"]').inner_text()
    assert "不合格" in table and "合格" in table
    screenshot(public, "spotchecks-public")
