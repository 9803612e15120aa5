"""The KPI page (指标库): a year's figures for the user's jurisdiction, each drilling down to its records."""

import re

from tests.browser.conftest import screenshot

YEAR = "2025"
COUNTED = ["enterprises.total", "enterprises.featured_industry", "servicedesk.requests", "spotchecks.batches"]


def _number(text: str) -> float:
    return float(text.strip().replace(",", ""))


def _choose_year(page, year: str) -> None:
    with page.expect_response(lambda r: f"year={year}" in r.url):
        page.select_option("#id_year", year)
    page.wait_for_selector(f"#results table[data-year='{year}']")


def _figures(page) -> dict[str, float]:
    rows = page.locator("#results tr[data-kpi]")
    return {
        row.get_attribute("data-kpi"): _number(row.locator("[data-testid=kpi-value]").inner_text())
        for row in rows.all()
    }


def test_officer_chooses_a_year_and_drills_down_to_the_records(login, demo_server):
    page = login("officer")
    page.click("nav.nqi-sidebar a:has-text('指标库')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "指标库"
    _choose_year(page, YEAR)
    assert f"year={YEAR}" in page.url, "the chosen year stays in the address bar"
    screenshot(page, "metrics-officer-2025")
    assert page.locator("#results thead").inner_text().startswith("指标")
    assert f"{YEAR} 年" in page.inner_text("#results thead")
    figures = _figures(page)
    assert set(COUNTED) <= set(figures), set(COUNTED) - set(figures)
    assert all(figures[key] > 0 for key in COUNTED), {k: figures[k] for k in COUNTED}
    total = page.locator("tr[data-kpi='enterprises.total']")
    assert "在册企业数（年末）" in total.inner_text()
    assert "家" in total.inner_text()
    # the featured-industry figure is broken down per industry, and the parts add up to the whole
    featured = page.locator("tr[data-kpi='enterprises.featured_industry']")
    parts = featured.locator("tr[data-slice] td.text-end a").all_text_contents()
    assert len(parts) > 8, "a long breakdown is folded after eight rows"
    assert sum(_number(p) for p in parts) == figures["enterprises.featured_industry"]

    total.locator("[data-testid=kpi-value]").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "metrics-drilldown-enterprises-total")
    assert re.search(rf"/metrics/enterprises\.total/\?.*year={YEAR}", page.url)
    assert page.locator("h1").inner_text().startswith("在册企业数（年末）")
    assert page.locator("h1 .badge").inner_text() == YEAR
    assert _number(page.inner_text("#results [data-testid=kpi-value]")) == figures["enterprises.total"]
    assert page.input_value("#id_year") == YEAR
    headers = page.locator("#results thead th").all_inner_texts()
    assert headers[:3] == ["企业名称", "统一社会信用代码", "区域"]
    records = page.locator("#results tbody tr")
    assert 0 < records.count() <= 50
    shown = int(re.search(r"共 (\d+) 条", page.inner_text("#results")).group(1))
    assert shown == figures["enterprises.total"]
    # founding dates are all at or before the year's end
    founded = [
        re.findall(r"\d+", d) for d in page.locator("#results tbody td:nth-child(5)").all_inner_texts()
    ]
    assert all(int(parts[0]) <= int(YEAR) for parts in founded if parts)

    # narrowing the drill-down by district changes the count and the rows
    with page.expect_response(lambda r: "region=330402" in r.url):
        page.select_option("#id_region", "330402")
    page.wait_for_timeout(300)
    narrowed = _number(page.inner_text("#results [data-testid=kpi-value]"))
    assert 0 < narrowed < figures["enterprises.total"]

    name = records.first.locator("td a").inner_text().strip()
    records.first.locator("td a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith(name)

    page.go_back()
    page.wait_for_load_state("networkidle")
    page.click(".breadcrumb a:has-text('指标库')")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#results table[data-year='{YEAR}']").count() == 1, "back to the same year"


def test_district_officer_sees_smaller_figures_than_the_city(login, demo_server):
    city = login("officer")
    city.goto(demo_server + "/metrics/")
    _choose_year(city, YEAR)
    city_figures = _figures(city)

    district = login("nanhu_officer")
    district.goto(demo_server + "/metrics/")
    _choose_year(district, YEAR)
    screenshot(district, "metrics-nanhu-officer-2025")
    assert "范围为您的辖区" in district.inner_text(".nqi-subtitle")
    district_figures = _figures(district)
    assert set(district_figures) == set(city_figures), "the same KPIs, scoped differently"
    for key in COUNTED:
        assert 0 < district_figures[key] < city_figures[key], (key, district_figures[key], city_figures[key])

    # the district's figure is exactly the city's figure narrowed to the district
    with city.expect_response(lambda r: "region=330402" in r.url):
        city.select_option("#id_region", "330402")
    city.wait_for_timeout(300)
    assert _figures(city)["enterprises.total"] == district_figures["enterprises.total"]

    # the district officer's drill-down lists only the district's enterprises
    district.locator("tr[data-kpi='enterprises.total'] [data-testid=kpi-value]").click()
    district.wait_for_load_state("networkidle")
    screenshot(district, "metrics-drilldown-nanhu-officer")
    assert (
        _number(district.inner_text("#results [data-testid=kpi-value]"))
        == district_figures["enterprises.total"]
    )
    with district.expect_response(lambda r: "region=330421" in r.url):
        district.select_option("#id_region", "330421")
    district.wait_for_timeout(300)
    assert _number(district.inner_text("#results [data-testid=kpi-value]")) == 0
    assert "没有符合条件的记录" in district.inner_text("#results")
