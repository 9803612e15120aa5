"""Catalog search through the shared engine: numbers in any form, Chinese and English words, exact
number matches first, filters and facets, and absurd queries that must never fail."""

import datetime as dt

import pytest

from nqi.standards.search import SearchFilters, standard_search, standard_suggest
from nqi.standards.tests.factories import import_rows, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(system):
    import_rows(
        system,
        [
            row(
                "GB 18580-2001",
                title_zh="室内装饰装修材料 人造板及其制品中甲醛释放限量",
                status="被代替",
                published="2001-12-10",
                implemented="2002-01-01",
            ),
            row(
                "GB 18580-2017",
                title_zh="室内装饰装修材料 人造板及其制品中甲醛释放限量",
                published="2017-05-12",
                implemented="2018-05-01",
                replaces=[("GB 18580-2001", "replaces")],
            ),
            row("GB/T 19580-2012", title_zh="卓越绩效评价准则", ics=["03.120.10"], ccs="A00"),
            row(
                "GB/T 19581-2004", title_zh="卓越绩效评价准则实施指南", status="废止", withdrawn="2012-12-31"
            ),
            row(
                "JB/T 10162-2015",
                title_zh="螺杆压缩机 技术条件",
                title_en="Screw compressors",
                ics=["23.140"],
                ccs="J72",
            ),
            row("Q/JXJX 001-2024", title_zh="变频冰箱压缩机", ics=["27.200"], ccs="J73"),
            row(
                "ISO 9001:2015",
                title_zh="",
                title_en="Quality management systems - Requirements",
                ics=["03.120.10"],
                ccs="",
            ),
            row("T/ZZB 0175-2017", title_zh="电动童车", ics=["97.200.50"]),
        ],
    )


def _numbers(result):
    return [hit.standard.number for hit in result.hits]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("GB 18580 甲醛", "GB 18580-2017"),
        ("gbt 19580—2012", "GB/T 19580-2012"),
        ("ＧＢ／Ｔ　１９５８０－２０１２", "GB/T 19580-2012"),
        ("GB/T19580-2012", "GB/T 19580-2012"),
        ("ISO 9001:2015", "ISO 9001:2015"),
        ("T/ZZB 0175", "T/ZZB 0175-2017"),
    ],
)
def test_numbers_in_any_form_find_the_edition_first(catalog, system, query, first):
    result = standard_search(actor=system, query=query)
    assert _numbers(result)[0] == first and result.hits[0].exact


def test_exact_matches_lead_with_the_edition_in_force(catalog, system):
    result = standard_search(actor=system, query="GB 18580")
    assert _numbers(result)[:2] == ["GB 18580-2017", "GB 18580-2001"]
    assert all(hit.exact for hit in result.hits[:2])


def test_chinese_words_of_any_length_and_english_words(catalog, system):
    assert set(_numbers(standard_search(actor=system, query="压缩机"))) == {
        "JB/T 10162-2015",
        "Q/JXJX 001-2024",
    }
    assert set(_numbers(standard_search(actor=system, query="童"))) == {"T/ZZB 0175-2017"}
    assert _numbers(standard_search(actor=system, query="compressors")) == ["JB/T 10162-2015"]
    assert set(_numbers(standard_search(actor=system, query="卓越绩效"))) == {
        "GB/T 19580-2012",
        "GB/T 19581-2004",
    }


def test_matches_are_highlighted_and_escaped(catalog, system):
    hit = standard_search(actor=system, query="甲醛").hits[0]
    assert "<mark>甲醛</mark>" in hit.title_zh_html


def test_filters_and_facets(catalog, system):
    result = standard_search(actor=system, query="卓越绩效", filters=SearchFilters(status="current"))
    assert _numbers(result) == ["GB/T 19580-2012"]
    result = standard_search(actor=system, query="", filters=SearchFilters(family="national"))
    assert result.total == 4 and not result.total_is_estimate
    families = {v.value: v.count for v in result.facets["family"]}
    assert families == {"national": 4}
    result = standard_search(actor=system, query="", filters=SearchFilters(ics="03"))
    assert set(_numbers(result)) == {"GB/T 19580-2012", "ISO 9001:2015"}
    result = standard_search(actor=system, query="压缩机", filters=SearchFilters(ccs="J"))
    assert result.total == 2 and {v.value for v in result.facets["ccs"]} == {"J"}
    result = standard_search(actor=system, query="", filters=SearchFilters(year_from=2015, year_to=2017))
    assert set(_numbers(result)) == {"GB 18580-2017", "JB/T 10162-2015", "ISO 9001:2015", "T/ZZB 0175-2017"}


def test_as_of_filter(catalog, system):
    result = standard_search(actor=system, query="GB 18580", filters=SearchFilters(as_of=dt.date(2010, 1, 1)))
    assert _numbers(result) == ["GB 18580-2001"]
    result = standard_search(actor=system, query="GB 18580", filters=SearchFilters(as_of=dt.date(2019, 1, 1)))
    assert _numbers(result) == ["GB 18580-2017"]


def test_sort_by_date_and_number(catalog, system):
    by_date = _numbers(standard_search(actor=system, query="甲醛", sort="date"))
    assert by_date == ["GB 18580-2017", "GB 18580-2001"]
    assert standard_search(actor=system, query="", sort="number").total == 8


ABSURD = [
    "x" * 10_000,
    "压" * 10_000,
    "!!!???...,,,;;;",
    '"*^()-:{}[]~',
    "NEAR(a b) OR NOT c AND d*",
    "'; DROP TABLE standards_standard; --",
    "1' OR '1'='1",
    "%_%_\\",
    "\x00\x01\x02",
    "   ",
    "GB/T" * 3000,
    "title_zh:压缩机",
    "c0 : (压缩)",
]


@pytest.mark.parametrize("query", ABSURD)
def test_absurd_queries_return_clean_results(catalog, system, query):
    result = standard_search(actor=system, query=query, page="9999999")
    assert result.total >= 0 and isinstance(result.hits, list)
    assert standard_suggest(query=query) is not None


def test_bad_paging_values_are_clamped(catalog, system):
    assert standard_search(actor=system, query="甲醛", page="abc").page == 1
    assert standard_search(actor=system, query="甲醛", page=-5, page_size=10_000).page_size == 100


def test_suggest_returns_standards_for_other_apps(catalog):
    found = {s.number for s in standard_suggest(query="GB/T 1958")}
    assert found == {"GB/T 19580-2012", "GB/T 19581-2004"}


def test_facets_of_a_broad_query_sample_old_and_new_records_alike(system, monkeypatch):
    """Over an estimated count the facets come from every part of the catalog, not from the oldest
    imports only: 60 older GB/T records, then 60 newer Q/ records, all matching."""
    from nqi.standards.search import StandardIndex

    import_rows(system, [row(f"GB/T {41000 + n}-2020", title_zh="抽样检验规则") for n in range(60)])
    import_rows(system, [row(f"Q/JXCY {n:03d}-2021", title_zh="抽样检验规则") for n in range(60)])
    monkeypatch.setattr(StandardIndex, "count_limit", 40)
    result = standard_search(actor=system, query="抽样检验")
    assert result.total_is_estimate and result.facets_are_estimate
    families = {f.value: f.count for f in result.facets["family"]}
    assert set(families) == {"national", "enterprise"}  # the first 40 hits would all be national
    assert 30 <= families["national"] <= 90 and 30 <= families["enterprise"] <= 90


def test_a_standard_code_selects_but_the_words_rank(system):
    """A search for “GB/T 压缩机” finds only GB/T records, ranked by how well they match 压缩机 (the code
    is left out of the score, `nqi.search.analyzer.scoring_clauses`), whichever engine runs it."""
    import_rows(
        system,
        [
            row("GB/T 3853-2017", title_zh="容积式压缩机 验收试验"),
            row("GB/T 13279-2015", title_zh="一般用固定的往复活塞空气压缩机"),
            row("GB/T 4976-2017", title_zh="压缩机 分类"),
            row("GB/T 19580-2012", title_zh="卓越绩效评价准则"),
            row("JB/T 10162-2015", title_zh="螺杆压缩机 技术条件"),
        ],
    )
    result = standard_search(actor=system, query="GB/T 压缩机")
    numbers = _numbers(result)
    assert sorted(numbers) == ["GB/T 13279-2015", "GB/T 3853-2017", "GB/T 4976-2017"]
    # The shortest title about 压缩机 scores highest (bm25 and ts_rank alike).
    assert numbers[0] == "GB/T 4976-2017"


@pytest.mark.parametrize(
    "query, expected",
    [
        ("GB/T 泵", ["GB/T 7021-1986"]),
        ("gb/t", ["GB/T 7021-1986"]),
        # A one-word code is that word: every GB, GB/T and GB/Z number, and a title that says "GB".
        ("GB 泵", ["GB 19762-2007", "GB/T 7021-1986", "Q/JX 001-2024"]),
        ("DB33/T 泵", ["DB33/T 2001-2016"]),
        ("JB/T", ["JB/T 8097-1999"]),
        ("ISO/IEC", ["ISO/IEC 17025:2017"]),
    ],
)
def test_a_code_typed_alone_matches_the_numbers_of_that_code_only(system, query, expected):
    """A standard code of several words is one index term of each number that carries it: "GB/T" finds
    GB/T numbers, not a title that mentions "GB T" and not DB3304/T under "DB33/T"."""
    import_rows(
        system,
        [
            row("GB/T 7021-1986", title_zh="离心泵名词术语"),
            row("GB 19762-2007", title_zh="清水离心泵能效限定值及节能评价值"),
            row("DB33/T 2001-2016", title_zh="泵站运行规程"),
            row("DB3304/T 12-2021", title_zh="农用泵 技术条件"),
            row("JB/T 8097-1999", title_zh="泵的振动测量与评价方法"),
            row("ISO/IEC 17025:2017", title_zh="检测和校准实验室能力的通用要求"),
            row("Q/JX 001-2024", title_zh="按 GB T 标准生产的泵", title_en="pump made to GB T"),
        ],
    )
    assert sorted(_numbers(standard_search(actor=system, query=query))) == sorted(expected)
