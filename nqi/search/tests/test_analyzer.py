"""The analyzer: SEARCH-NOTES §6 tokens, query plans, safe FTS5/tsquery rendering and highlighting."""

from __future__ import annotations

import html
import os
import re
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nqi.search.analyzer import (
    MAX_QUERY_CHARS,
    MAX_TOKEN_CHARS,
    _run_terms,
    index_terms,
    query_plan,
    text_runs,
    to_fts5_match,
    to_tsquery,
    to_tsvector,
)
from nqi.search.highlighting import highlight


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("压缩机", ["压缩", "缩机", "机"]),
        ("泵", ["泵"]),
        ("离心泵 阀", ["离心", "心泵", "泵", "阀"]),
        ("Machine-Tools", ["machine", "tools"]),
        ("ＡＢＣ　ｃａｆé", ["abc", "cafe"]),
        ("cafe\u0301 Ünïcode", ["cafe", "unicode"]),
        ("GB/T 19580-2012", ["gb", "t", "19580", "y2012", "gbt_19580", "gbt_19580_y2012", "gbt"]),
        (
            "ＧＢ／Ｔ　１９５８０－２０１２",
            ["gb", "t", "19580", "y2012", "gbt_19580", "gbt_19580_y2012", "gbt"],
        ),
        ("GB/T 19580—2012", ["gb", "t", "19580", "y2012", "gbt_19580", "gbt_19580_y2012", "gbt"]),
        ("ISO 9001:2015", ["iso", "9001", "y2015", "iso_9001", "iso_9001_y2015"]),
        (
            "IEC 60335-2-24:2020",
            ["iec", "60335", "2", "24", "y2020", "iec_60335", "iec_60335_2_24", "iec_60335_2_24_y2020"],
        ),
        ("GB 4806.1-2016", ["gb", "4806", "1", "y2016", "gb_4806", "gb_4806_1", "gb_4806_1_y2016"]),
        ("SJ/T 10460-93", ["sj", "t", "10460", "93", "sjt_10460", "sjt_10460_y1993", "y1993", "sjt"]),
        (
            "按GB 18580—2017检测甲醛",
            ["按", "gb", "18580", "y2017", "检测", "测甲", "甲醛", "醛", "gb_18580", "gb_18580_y2017"],
        ),
        ("2024年 第3部分", ["2024", "年", "第", "3", "部分", "分"]),
        ("", []),
        ("!!! ??? ---", []),
    ],
)
def test_index_terms(text, terms):
    assert index_terms(text) == terms


# query, FTS5 MATCH, tsquery
PLAN_CASES = [
    ("压缩机", '"压缩 缩机"', "('压缩' <-> '缩机')"),
    ("泵", '"泵"*', "'泵':*"),
    ("钢 管", '"钢"* AND "管"*', "'钢':* & '管':*"),
    ("安全", '"安全"', "'安全'"),
    ("GB 18580 甲醛", '"gb_18580" AND "甲醛"', "'gb_18580' & '甲醛'"),
    ("甲醛 GB 18580", '"甲醛" AND "gb_18580"*', "'甲醛' & 'gb_18580':*"),
    ("GB/T 19580-2012", '"gbt_19580_y2012"*', "'gbt_19580_y2012':*"),
    ("ＧＢ／Ｔ　１９５８０—２０１２", '"gbt_19580_y2012"*', "'gbt_19580_y2012':*"),
    ("gbt19580", '"gbt_19580"*', "'gbt_19580':*"),
    ("GB/T 19580-20", '"gbt_19580_y20"*', "'gbt_19580_y20':*"),
    ("ISO 9001:20", '"iso_9001_y20"*', "'iso_9001_y20':*"),
    ("IEC 60335-2", '"iec_60335_2"*', "'iec_60335_2':*"),
    ("T/TZ 20", '"ttz_20"*', "'ttz_20':*"),
    ("GB/T 压缩机", '"gbt" AND "压缩 缩机"', "'gbt' & ('压缩' <-> '缩机')"),
    ("JB/T 机床", '"jbt" AND "机床"', "'jbt' & '机床'"),
    ("Q/ 境保", '"q" AND "境保"', "'q' & '境保'"),
    ("Q/ABC 104 橘类种植", '"qabc_104" AND "橘类 类种 种植"', "'qabc_104' & ('橘类' <-> '类种' <-> '种植')"),
    ("19580", '"19580"*', "'19580':*"),
    ("machine tools", '"machine tools"*', "('machine' <-> 'tools':*)"),
    ("Compressor", '"compressor"*', "'compressor':*"),
    ("a", '"a"*', "'a':*"),
    ("安全 安全", '"安全"', "'安全'"),
]


@pytest.mark.parametrize(("query", "fts5", "tsquery"), PLAN_CASES)
def test_query_rendering(query, fts5, tsquery):
    plan = query_plan(query)
    assert to_fts5_match(plan) == fts5
    assert to_tsquery(plan) == tsquery
    assert to_fts5_match(query) == fts5  # a plain string is analysed first


def test_query_plan_structure():
    plan = query_plan("GB 18580 甲醛 泵")
    assert [(c.kind, c.tokens, c.prefix) for c in plan.clauses] == [
        ("number", ("gb_18580",), False),
        ("han", ("甲醛",), False),
        ("han", ("泵",), True),
    ]
    assert [n.canonical for n in plan.numbers] == ["GB 18580"]
    assert plan.clauses[0].text == "GB 18580"
    assert not plan.truncated and not plan.is_empty and plan


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", '"', "'", "()", "*", "^", ":", "---", "《》、。，", "\x00", "\ud800", None, 42],
)
def test_nothing_searchable_gives_the_empty_marker(query):
    plan = query_plan(query)
    assert plan.is_empty and not plan
    assert to_fts5_match(plan) is None
    assert to_tsquery(plan) is None


def test_long_queries_are_cut():
    plan = query_plan("压缩机" * 3334)
    assert plan.truncated
    assert sum(len(c.tokens) for c in plan.clauses) < MAX_QUERY_CHARS
    plan = query_plan(" ".join(f"w{i} 泵" for i in range(100)))
    assert plan.truncated and len(plan.clauses) == 32


# ---------------------------------------------------------------------------------------------------------
# SQLite FTS5, exactly as SEARCH-NOTES §6 configures it

DOCS = {
    1: ("GB/T 19580-2012", "卓越绩效评价准则", "Criteria for performance excellence"),
    2: ("GB 18580—2017", "室内装饰装修材料 人造板及其制品中甲醛释放限量", ""),
    3: ("JB/T 4113-2017", "容积式空气压缩机 技术条件", "Displacement air compressors"),
    4: ("GB 4806.1-2016", "食品安全国家标准 食品接触材料及制品通用安全要求", ""),
    5: ("GB/T 19001-2016", "质量管理体系 要求", "Quality management systems—Requirements"),
    6: ("T/ZZB 0175-2017", "电动童车", ""),
    7: ("Q/ABC 0001-2020", "离心泵", "Centrifugal pumps"),
    8: ("ISO 9001:2015", "", "Quality management systems"),
    9: ("GB/T 1958-2017", "产品几何技术规范 压缩", ""),
    10: ("SJ/T 10460-93", "泵体 压缩", "machine-tools"),
}


def _fts(docs=DOCS) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(
        "CREATE VIRTUAL TABLE std_fts USING fts5(no_t, zh_t, en_t, content='', tokenize='unicode61', prefix='1')"
    )
    for rowid, fields in docs.items():
        db.execute(
            "INSERT INTO std_fts(rowid, no_t, zh_t, en_t) VALUES (?, ?, ?, ?)",
            (rowid, *(" ".join(index_terms(f)) for f in fields)),
        )
    return db


def _search(db: sqlite3.Connection, query: str) -> set[int]:
    expression = to_fts5_match(query_plan(query))
    if expression is None:
        return set()
    return {r[0] for r in db.execute("SELECT rowid FROM std_fts WHERE std_fts MATCH ?", (expression,))}


@pytest.mark.parametrize(
    ("query", "rowids"),
    [
        ("压缩机", {3}),
        ("压缩", {3, 9, 10}),
        ("泵", {7, 10}),
        ("甲醛", {2}),
        ("GB 18580 甲醛", {2}),
        ("GB 18580-2017", {2}),
        ("gb 18580—2017", {2}),
        ("GB/T 19580", {1}),
        ("GB/T 19580-2012", {1}),
        ("ＧＢ／Ｔ１９５８０－２０１２", {1}),
        ("gbt19580", {1}),
        ("GB/T 1958", {1, 9}),
        ("GB/T 19580-20", {1}),
        ("GB/T 19580-2013", set()),
        ("19580", {1}),
        ("GB 4806", {4}),
        ("GB 4806.1", {4}),
        ("4806.1", {4}),
        ("ISO 9001", {8}),
        ("T/ZZB 童车", {6}),
        ("T/ZZB 0175", {6}),
        ("Q/ABC 0001-2020", {7}),
        ("SJ/T 10460-1993", {10}),
        ("quality management", {5, 8}),
        ("compress", {3}),
        ("machine tools", {10}),
        ("GB/T 压缩", {9}),
        ("童", {6}),
        ("不存在", set()),
    ],
)
def test_fts5_search(query, rowids):
    assert _search(_fts(), query) == rowids


@settings(database=None, deadline=None, max_examples=300)
@given(text=st.text(alphabet="abz019-: /.", max_size=40) | st.just("a" * 70 + "-2012" + "9" * 70 + ":1999x"))
def test_ascii_text_is_cut_by_one_expression_into_the_runs_of_the_general_path(text):
    """ASCII text (every canonical number, most English titles) takes a one-call path: the same terms,
    year rule and length cap included, as the run-by-run path other text takes."""
    general = [token for _start, _end, token, _han in text_runs(text)]
    assert _run_terms(text) == general
    assert all(len(t) <= MAX_TOKEN_CHARS for t in general)


HAN_ALPHABET = "压缩机空气泵阀钢安全"


@settings(database=None, deadline=None, max_examples=150)
@given(
    docs=st.lists(st.text(alphabet=HAN_ALPHABET + " ab", min_size=1, max_size=12), min_size=1, max_size=8),
    pick=st.integers(0, 7),
    start=st.integers(0, 11),
    length=st.integers(1, 4),
)
def test_chinese_search_is_exact_substring_search(docs, pick, start, length):
    """SEARCH-NOTES: every Chinese query, 1-character ones included, matches the substring truth exactly."""
    source = docs[pick % len(docs)]
    needle = "".join(c for c in source[start : start + length] if c in HAN_ALPHABET)
    if not needle:
        return
    db = _fts({i + 1: ("", text, "") for i, text in enumerate(docs)})
    truth = {i + 1 for i, text in enumerate(docs) if needle in text}
    assert _search(db, needle) == truth


# ---------------------------------------------------------------------------------------------------------
# Safety: whatever is typed, the renderers give a valid expression or None

HOSTILE = [
    '"',
    '""',
    "'",
    "''",
    "\\",
    'a" OR "b',
    "a OR b",
    "NOT x",
    "x AND",
    "NEAR(a b, 3)",
    "a*",
    "*",
    "^a",
    "a:b",
    "no_t:gb",
    "{no_t zh_t}: gb",
    "(a",
    "a)",
    "\"'\\;--",
    "' OR 1=1; DROP TABLE std; --",
    "1' UNION SELECT *--",
    "a & b | !c <-> d:*",
    "a:* & !",
    "<->",
    "<2>",
    "<script>alert(1)</script>",
    "%s %(x)s {0}",
    "\x00\x01",
    '压缩"机',
    'GB/T" OR "1',
    "ISO 9001:2015/Amd",
    "-" * 1000,
    "泵" * 10000,
    "a " * 5000,
    "ａ" * 10000,
]
TSQUERY_RE = re.compile(
    r"(?:'(?:[^'\\]|''|\\\\)+'(?::\*)?|\('(?:[^'\\]|''|\\\\)+'(?::\*)?(?: <-> '(?:[^'\\]|''|\\\\)+'(?::\*)?)+\))"
)


def _valid_tsquery(expression: str) -> bool:
    return all(TSQUERY_RE.fullmatch(part) for part in expression.split(" & "))


def _check_safe(text: str, db: sqlite3.Connection) -> None:
    plan = query_plan(text)
    fts5 = to_fts5_match(plan)
    if fts5 is not None:
        db.execute("SELECT count(*) FROM std_fts WHERE std_fts MATCH ?", (fts5,)).fetchone()
    tsquery = to_tsquery(plan)
    assert (fts5 is None) == (tsquery is None) == plan.is_empty
    if tsquery is not None:
        assert _valid_tsquery(tsquery), tsquery
    marked = highlight(text, plan)
    assert html.unescape(marked.replace("<mark>", "").replace("</mark>", "")) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_are_safe(text):
    _check_safe(text, _fts())


@settings(database=None, deadline=None, max_examples=300)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("\"'*^:()-+{}<>&|!\\ ;,./ANDORNOTEAR泵压缩机gbt19580")), st.characters()
        ),
        max_size=400,
    )
)
def test_any_query_renders_to_a_valid_expression_or_none(text):
    _check_safe(text, _fts({}))


def test_tsvector_literal():
    literal = to_tsvector([("GB/T 19580-2012", "A"), ("卓越绩效", "B")])
    assert literal == (
        "'gb':1A 't':2A '19580':3A 'y2012':4A 'gbt_19580':5A 'gbt_19580_y2012':6A 'gbt':7A "
        "'卓越':108B '越绩':109B '绩效':110B '效':111B"
    )


def _pg_dsn() -> str | None:
    url = os.environ.get("NQI_DATABASE_URL", "")
    return re.sub(r"/[^/]*$", "/postgres", url) if url.startswith(("postgres://", "postgresql://")) else None


@pytest.mark.skipif(_pg_dsn() is None, reason="PostgreSQL leg only (NQI_DATABASE_URL)")
def test_tsquery_and_tsvector_on_postgresql():
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(_pg_dsn()) as conn:
        for text in [*HOSTILE, *(case[0] for case in PLAN_CASES)]:
            expression = to_tsquery(query_plan(text))
            if expression is not None:
                conn.execute("SELECT %s::tsquery", (expression,))
        tsv = to_tsvector([("GB 18580—2017", "A"), ("人造板及其制品中甲醛释放限量", "B")])
        for query, hit in [("GB 18580 甲醛", True), ("甲醛释放", True), ("释放甲醛", False), ("泵", False)]:
            row = conn.execute("SELECT %s::tsvector @@ %s::tsquery", (tsv, to_tsquery(query))).fetchone()
            assert row[0] is hit, query


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("GB", False),
        ("gb/t", False),
        ("Q/", False),
        ("ISO", False),
        ("DB33/T", False),
        ("GBX", True),
        ("saf", True),
    ],
)
def test_a_whole_standard_code_is_not_a_prefix(text, prefix):
    """Typing "GB" asks for GB standards (the token every GB number carries), not for every key that
    starts with gb; any other last word stays a prefix for typeahead."""
    assert query_plan(text).clauses[-1].prefix is prefix


@pytest.mark.parametrize(
    ("query", "document", "found"),
    [
        ("ISO 9001", "ISO 9001:2015", True),
        ("ISO 9001", "ISO 900:1977", False),  # "iso9001977" once began with "iso9001"
        ("ISO 900", "ISO 9001:2015", True),  # typeahead: a prefix of the number's text
        ("GB 4806.1", "GB 4806.10—2016", True),
        ("GB 4806.1", "GB 48061—2016", False),
        ("GB 4806.1", "GB 4806—1996", False),  # a year is not a part
        ("IEC 60335-1", "IEC 60335-1A:1973", True),  # an old lettered part
        ("GB/T 19580-20", "GB/T 19580—2012", True),
    ],
)
def test_a_typed_number_matches_what_begins_with_its_text(query, document, found):
    """The last clause is a prefix: the engine finds a document exactly when the typed number is how
    the document's number begins (the bench's brute-force truth, bench/standards_search.py)."""
    token = query_plan(query).clauses[-1].tokens[0]
    assert any(term.startswith(token) for term in index_terms(document)) is found
