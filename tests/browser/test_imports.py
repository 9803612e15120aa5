"""Issue "Shared mechanics" §6: the import page, its progress bar (htmx polling the job) and the error report.

Runs against the harness's gunicorn server and `nqi worker`, so the job really goes through the queue.
"""

from __future__ import annotations

import io
import random

from openpyxl import load_workbook

from nqi.core.uscc import with_check_chars
from tests.browser.conftest import screenshot

HEADER = "统一社会信用代码,企业名称,行业代码,成立日期\n"


def _csv(rows: int, *, bad: tuple[int, ...] = (), seed: int = 0) -> bytes:
    rng = random.Random(seed)
    serial = rng.randint(100_000, 899_999)
    lines = []
    for n in range(rows):
        uscc = with_check_chars(f"91330402MD{serial + n:06d}")
        name = f"浏览器导入测试{seed}-{n}有限公司"
        lines.append(f"{'12345' if n in bad else uscc},{name},3442,2016-05-0{1 + n % 9}")
    return (HEADER + "\n".join(lines) + "\n").encode("gbk")


def _upload(page, base, filename, content):
    page.goto(base + "/enterprises/import/")
    page.check("input[name=importer][value=enterprises]")
    page.set_input_files(
        "input[name=file]", files=[{"name": filename, "mimeType": "text/csv", "buffer": content}]
    )
    page.click("[data-testid=import-form] button[type=submit]")
    page.wait_for_url("**/jobs/*/")


def _wait_finished(page, timeout=90_000):
    page.wait_for_selector(
        "#job-status[data-status=succeeded], #job-status[data-status=failed]", timeout=timeout
    )
    return page.get_attribute("#job-status", "data-status")


def test_import_with_progress_bar_then_confirm(login, demo_server):
    page = login("officer")
    page.goto(demo_server + "/enterprises/")
    page.click("text=批量导入")
    page.wait_for_url("**/enterprises/import/")
    screenshot(page, "import-upload")
    _upload(page, demo_server, "企业名录.csv", _csv(3000, seed=1))
    assert page.locator("#job-status .progress").count() == 1  # the bar is on the page from the start
    statuses = set()
    for _ in range(200):  # the same view re-renders its partial every second until the job ends
        status = page.get_attribute("#job-status", "data-status")
        statuses.add(status)
        if status == "running":
            screenshot(page, "import-progress-running")
        if status in ("succeeded", "failed"):
            break
        page.wait_for_timeout(150)
    assert _wait_finished(page) == "succeeded", page.inner_text("#job-status")
    assert statuses & {"queued", "running"}, statuses
    assert "预检通过：全部 3000 行均有效。" in page.inner_text("[data-testid=import-result]")
    screenshot(page, "import-dry-run-passed")
    page.click("[data-action=commit]")
    page.wait_for_url("**/jobs/*/")
    assert _wait_finished(page) == "succeeded", page.inner_text("#job-status")
    assert "已导入 3000 条记录。" in page.inner_text("[data-testid=import-result]")
    assert page.get_attribute("#job-status .progress", "aria-valuenow") == "100"
    screenshot(page, "import-done")
    page.goto(demo_server + "/enterprises/?q=浏览器导入测试1-2999")
    assert page.locator("#results table tbody tr").count() == 1


def test_bad_rows_are_named_and_the_report_downloads(login, demo_server):
    page = login("officer")
    _upload(page, demo_server, "有误.csv", _csv(50, bad=(4, 31), seed=2))
    assert _wait_finished(page) == "failed"
    error = page.inner_text("[data-testid=job-error]")
    assert "2 行数据有误，未写入任何记录：第 6、33 行" in error
    screenshot(page, "import-errors")
    with page.expect_download() as download:
        page.click("[data-testid=error-report]")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "填写的值", "问题")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        (6, "统一社会信用代码", "12345"),
        (33, "统一社会信用代码", "12345"),
    ]
    assert page.locator("[data-action=commit]").count() == 0
    page.goto(demo_server + "/jobs/")
    assert "有误.csv" in page.inner_text("#results")
