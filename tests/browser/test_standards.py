"""The standards catalog as people use it: search in any number form, a standard's page with its
replacement chain and affected products, and the watch → status change → notice flow end to end.

The demo replays real replacements of 2026 (GB 6675.1—2014 → GB 6675.1—2025 for toys, GB 4706.1—2005 →
GB/T 4706.1—2024 for appliances) through the one door, so notices already exist; the last test makes a
new change in the browser and follows its notice.
"""

from tests.browser.conftest import screenshot

SEARCH = "/standards/"


def _search(page, text: str, shown: str) -> None:
    """Type `text` into the search box, press Enter, and wait for a hit showing `shown`."""
    page.fill("#id_q", text)
    page.press("#id_q", "Enter")
    page.wait_for_selector(f"[data-testid=hit] {shown}")


def test_search_finds_numbers_in_any_form_exact_first(login, demo_server):
    page = login("officer")
    page.goto(demo_server + SEARCH)
    _search(page, "ｇｂ　６６７５．１—２０１４", ">> text=标准号匹配")
    screenshot(page, "standards-search-number")
    first = page.locator("[data-testid=hit]").first
    assert "GB 6675.1—2014" in first.inner_text() and "标准号匹配" in first.inner_text()
    _search(page, "玩具安全", "mark:has-text('玩具安全')")
    assert page.locator("[data-testid=total]").inner_text().startswith(("共", "约"))
    page.locator("[data-facet=status] a", has_text="现行").first.click()
    page.wait_for_url("**status=current**")


def test_typeahead_offers_standards(login, demo_server):
    page = login("officer")
    page.goto(demo_server + SEARCH)
    page.locator("#id_q").press_sequentially("GB 6675.1", delay=40)
    page.wait_for_selector("#std-typeahead a")
    assert "GB 6675.1" in page.inner_text("#std-typeahead")


def test_typeahead_stays_closed_over_the_results_it_was_typed_for(login, demo_server):
    """Enter submits before the typeahead's 200 ms pause ends; its answer must not cover the results."""
    page = login("officer")
    page.goto(demo_server + SEARCH)
    _search(page, "玩具安全", "mark:has-text('玩具安全')")
    page.wait_for_timeout(1000)
    assert page.locator("#std-typeahead [role=option]").count() == 0
    page.locator("#id_q").press_sequentially(" 电", delay=40)
    page.wait_for_selector("#std-typeahead [role=option]")
    page.keyboard.press("Escape")
    assert page.locator("#std-typeahead [role=option]").count() == 0


def test_standard_page_shows_chain_and_affected_products(login, demo_server):
    page = login("officer")
    page.goto(demo_server + SEARCH + "?q=GB+6675.1-2014")
    page.locator("[data-testid=hit] a.nqi-hit-number").first.click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "standards-detail-replaced")
    assert "被代替" in page.inner_text("h1")
    assert "GB 6675.1—2025" in page.inner_text("[data-testid=replaced-by]")
    assert page.locator("[data-testid=affected] tbody tr").count() >= 1


def test_enterprise_sees_the_notice_on_home_and_profile(login, demo_server):
    page = login("ent_owner")
    card = page.locator("[data-card='standards.notices']")
    screenshot(page, "standards-home-card-enterprise")
    assert "GB 4706.1—2005" in card.inner_text()


def test_watch_change_and_notice_end_to_end(login, demo_server):
    page = login("officer")
    page.goto(demo_server + SEARCH + "?q=&family=group&status=current&sort=number")
    page.locator("[data-testid=hit] a.nqi-hit-number").first.click()
    page.wait_for_load_state("networkidle")
    number = page.locator("h1 .nqi-mono").inner_text()
    page.click("[data-testid=watch]")
    page.wait_for_selector("[data-testid=unwatch]")
    form = page.locator("form[data-transition=withdraw]")
    form.locator("input[name=comment]").fill("浙江省品牌建设联合会公告 2026年第1号")
    form.locator("button").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "standards-detail-withdrawn")
    assert "废止" in page.inner_text("h1")
    page.goto(demo_server + "/standards/notices/")
    notice = page.locator("[data-testid=notice]").first
    assert number in notice.inner_text() and "已废止" in notice.inner_text()
    notice.locator("button", has_text="标为已读").click()
    page.wait_for_load_state("networkidle")
