"""对标达标 end to end: an enterprise owner picks a product, benchmarks it, compares, attains, declares and
downloads the report; the declaration is public without signing in."""

import io
from pathlib import Path

import docx

from tests.browser.conftest import screenshot

PDF_REPORT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
GRADE_3 = "3级（一般用喷油回转"
GRADE_1 = "1级（一般用喷油回转"


def _pick_benchmark(page, grade_text: str) -> None:
    select = page.locator("[data-testid=benchmark-option]")
    label = next(o for o in select.locator("option").all_inner_texts() if grade_text in o)
    select.select_option(label=label)
    page.click("[data-testid=add-benchmark]")
    page.wait_for_load_state("networkidle")


def test_owner_benchmarks_a_product_to_a_public_declaration_and_a_report(login, demo_server, tmp_path: Path):
    page = login("ent_owner")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(demo_server + "/benchmarking/")
    page.click("[data-testid=new-comparison]")
    products = page.locator("#id_product option").all_inner_texts()
    page.select_option("#id_product", label=next(p for p in products if "空气压缩机" in p))
    page.click("[data-testid=create-comparison]")
    page.wait_for_load_state("networkidle")
    assert "Q/NH" in page.inner_text("[data-testid=own-standard]")

    _pick_benchmark(page, GRADE_3)  # the minimum allowable value: national requirement
    _pick_benchmark(page, GRADE_1)  # the best grade: domestic advanced
    assert page.locator("[data-testid=benchmarks] tbody tr").count() == 2

    row = page.locator("tr[data-quantity=specific_power]")
    row.locator("input[name=value]").fill("5920")
    row.locator("input[name=unit]").fill("W/(m³/min)")  # converted by SI prefix, and the conversion is shown
    page.click("[data-testid=save-and-compare]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "benchmarking-gap-matrix")
    matrix = page.inner_text("[data-testid=gap-matrix]")
    assert "5.920" in matrix and "示意值" in matrix
    assert (
        page.locator("[data-testid=conversion]")
        .first.inner_text()
        .strip()
        .startswith("5920 W/(m³/min) = 5.920 kW/(m³/min)")
    )
    assert page.locator("[data-testid=gap-matrix] [data-verdict=better]").count() == 2
    assert page.get_attribute("[data-testid=level]", "data-level") == "domestic_advanced_lead"

    page.click("[data-testid=actions] button[value=attain]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=actions] button[value=declare]").is_disabled()  # no evidence yet

    report_file = tmp_path / "test-report.pdf"
    report_file.write_bytes(PDF_REPORT)
    page.fill("#id_report_number", "JX2026-08817")
    page.fill("#id_lab_name", "国家压缩机质量检验检测中心（合肥）")
    page.set_input_files("#id_file", str(report_file))
    page.click("[data-testid=add-report]")
    page.wait_for_load_state("networkidle")
    assert "JX2026-08817" in page.inner_text("[data-testid=reports]")

    page.click("[data-testid=actions] button[value=declare]")
    page.wait_for_load_state("networkidle")
    screenshot(page, "benchmarking-declared")
    assert "国内领先" in page.inner_text("[data-testid=declaration]")
    assert [s.get_attribute("data-status") for s in page.locator("h1 [data-status]").all()] == ["declared"]

    with page.expect_download() as download_info:
        page.click("[data-testid=report-docx-zh]")
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.suffix == ".docx"
    document = docx.Document(io.BytesIO(target.read_bytes()))
    cells = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "GB 19153-2019" in cells and "优于" in cells

    public_url = page.get_attribute("[data-testid=public-link]", "href")
    anonymous = page.context.browser.new_context(locale="zh-CN").new_page()
    anonymous.goto(demo_server + public_url)
    assert "国内领先" in anonymous.inner_text("[data-testid=level]")
    screenshot(anonymous, "benchmarking-public-declaration")
    anonymous.context.close()
    assert not errors
