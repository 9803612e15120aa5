"""Standard numbers: every family of DOMAIN.md §18 and what people type or paste for them."""

from __future__ import annotations

import csv
import gzip
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nqi.search.standard_numbers import (
    _DASHES,
    SECTOR_PREFIXES,
    compact,
    find_numbers,
    fold,
    looks_like_standard_number,
    normalize_query,
    parse,
)

# input, canonical, family, mandate, prefix, number, year, amendment, level
PARSE_CASES = [
    ("GB/T19580-2012", "GB/T 19580—2012", "GB/T", "recommended", "GB", "19580", 2012, "", "national"),
    ("gbt 19580—2012", "GB/T 19580—2012", "GB/T", "recommended", "GB", "19580", 2012, "", "national"),
    ("ＧＢ／Ｔ　１９５８０", "GB/T 19580", "GB/T", "recommended", "GB", "19580", None, "", "national"),
    (
        "ＧＢ／Ｔ１９５８０－２０１２",
        "GB/T 19580—2012",
        "GB/T",
        "recommended",
        "GB",
        "19580",
        2012,
        "",
        "national",
    ),
    ("GB/T 19580–2012", "GB/T 19580—2012", "GB/T", "recommended", "GB", "19580", 2012, "", "national"),
    ("GB/T 19580 - 2012", "GB/T 19580—2012", "GB/T", "recommended", "GB", "19580", 2012, "", "national"),
    ("GB 18580——2017", "GB 18580—2017", "GB", "mandatory", "GB", "18580", 2017, "", "national"),
    ("GB 18580—2017", "GB 18580—2017", "GB", "mandatory", "GB", "18580", 2017, "", "national"),
    ("GB 18580 2017", "GB 18580—2017", "GB", "mandatory", "GB", "18580", 2017, "", "national"),
    ("GB 4806.1-2016", "GB 4806.1—2016", "GB", "mandatory", "GB", "4806.1", 2016, "", "national"),
    ("GB/T 1.1-2020", "GB/T 1.1—2020", "GB/T", "recommended", "GB", "1.1", 2020, "", "national"),
    ("GB/Z 19579-2012", "GB/Z 19579—2012", "GB/Z", "guidance", "GB", "19579", 2012, "", "national"),
    (
        "GB 4706.1-2005/XG1-2006",
        "GB 4706.1—2005/XG1—2006",
        "GB",
        "mandatory",
        "GB",
        "4706.1",
        2005,
        "XG1—2006",
        "national",
    ),
    ("GBn 123-2000", "GBn 123—2000", "GBn", "mandatory", "GBn", "123", 2000, "", "national"),
    ("JB/T 4113-2017", "JB/T 4113—2017", "JB/T", "recommended", "JB", "4113", 2017, "", "sector"),
    ("jbt4113-2017", "JB/T 4113—2017", "JB/T", "recommended", "JB", "4113", 2017, "", "sector"),
    ("QB/T 2537-2001", "QB/T 2537—2001", "QB/T", "recommended", "QB", "2537", 2001, "", "sector"),
    ("FZ/T 73001-2016", "FZ/T 73001—2016", "FZ/T", "recommended", "FZ", "73001", 2016, "", "sector"),
    ("HG/T 2902-1997", "HG/T 2902—1997", "HG/T", "recommended", "HG", "2902", 1997, "", "sector"),
    ("JB 4359-86", "JB 4359—86", "JB", "mandatory", "JB", "4359", 1986, "", "sector"),
    ("SJ/T 10460-93", "SJ/T 10460—93", "SJ/T", "recommended", "SJ", "10460", 1993, "", "sector"),
    ("RB/T 214-2017", "RB/T 214—2017", "RB/T", "recommended", "RB", "214", 2017, "", "sector"),
    ("DB/T 15-2009", "DB/T 15—2009", "DB/T", "recommended", "DB", "15", 2009, "", "sector"),
    ("JJG 1036-2008", "JJG 1036—2008", "JJG", "", "JJG", "1036", 2008, "", "national"),
    ("ZB W63 001-86", "ZB W63 001—86", "ZB", "", "ZB", "W63 001", 1986, "", "sector"),
    ("DB33 1234-2020", "DB33/ 1234—2020", "DB33", "mandatory", "DB33", "1234", 2020, "", "local"),
    ("DB33/ 756-2019", "DB33/ 756—2019", "DB33", "mandatory", "DB33", "756", 2019, "", "local"),
    ("DB33/T 2428—2022", "DB33/T 2428—2022", "DB33/T", "recommended", "DB33", "2428", 2022, "", "local"),
    ("db33t2428-2022", "DB33/T 2428—2022", "DB33/T", "recommended", "DB33", "2428", 2022, "", "local"),
    ("DB3304/T 055—2023", "DB3304/T 055—2023", "DB3304/T", "recommended", "DB3304", "055", 2023, "", "local"),
    ("T/ZZB 1987—2020", "T/ZZB 1987—2020", "T/ZZB", "", "T/ZZB", "1987", 2020, "", "group"),
    ("t/zzb0175-2017", "T/ZZB 0175—2017", "T/ZZB", "", "T/ZZB", "0175", 2017, "", "group"),
    ("T/CAS 115—2005", "T/CAS 115—2005", "T/CAS", "", "T/CAS", "115", 2005, "", "group"),
    ("T/ZSM 0060-2024", "T/ZSM 0060—2024", "T/ZSM", "", "T/ZSM", "0060", 2024, "", "group"),
    ("Q/ABCDE 0001—2008", "Q/ABCDE 0001—2008", "Q", "", "Q/ABCDE", "0001", 2008, "", "enterprise"),
    ("Q/ABC 0001S-2008", "Q/ABC 0001S—2008", "Q", "", "Q/ABC", "0001S", 2008, "", "enterprise"),
    ("Q/ABC/J 001-2020", "Q/ABC/J 001—2020", "Q", "", "Q/ABC", "001", 2020, "", "enterprise"),
    ("ISO 9001:2015", "ISO 9001:2015", "ISO", "", "ISO", "9001", 2015, "", "international"),
    ("iso 9001-2015", "ISO 9001:2015", "ISO", "", "ISO", "9001", 2015, "", "international"),
    ("ISO 9001：2015", "ISO 9001:2015", "ISO", "", "ISO", "9001", 2015, "", "international"),
    (
        "ISO 9001:2015/Amd 1:2024",
        "ISO 9001:2015/Amd 1:2024",
        "ISO",
        "",
        "ISO",
        "9001",
        2015,
        "Amd 1:2024",
        "international",
    ),
    (
        "ISO 9001:2015/AMD1:2024",
        "ISO 9001:2015/Amd 1:2024",
        "ISO",
        "",
        "ISO",
        "9001",
        2015,
        "Amd 1:2024",
        "international",
    ),
    ("IEC 60335-2-24:2020", "IEC 60335-2-24:2020", "IEC", "", "IEC", "60335-2-24", 2020, "", "international"),
    (
        "IEC 60335-1:2010+AMD1:2013",
        "IEC 60335-1:2010/AMD1:2013",
        "IEC",
        "",
        "IEC",
        "60335-1",
        2010,
        "AMD1:2013",
        "international",
    ),
    ("IEC 61032", "IEC 61032", "IEC", "", "IEC", "61032", None, "", "international"),
    ("IEC TS 62257-1:2015", "IEC TS 62257-1:2015", "IEC TS", "", "IEC", "62257-1", 2015, "", "international"),
    (
        "ISO/IEC 17025:2017",
        "ISO/IEC 17025:2017",
        "ISO/IEC",
        "",
        "ISO/IEC",
        "17025",
        2017,
        "",
        "international",
    ),
    ("ISO/TS 16949:2009", "ISO/TS 16949:2009", "ISO/TS", "", "ISO", "16949", 2009, "", "international"),
    ("ISO/TR 10013:2001", "ISO/TR 10013:2001", "ISO/TR", "", "ISO", "10013", 2001, "", "international"),
    (
        "ISO/IEC Guide 98-3:2008",
        "ISO/IEC Guide 98-3:2008",
        "ISO/IEC Guide",
        "",
        "ISO/IEC",
        "98-3",
        2008,
        "",
        "international",
    ),
    ("EN 71-1:2014+A1:2018", "EN 71-1:2014+A1:2018", "EN", "", "EN", "71-1", 2014, "A1:2018", "regional"),
    ("BS EN 71-1:2014", "BS EN 71-1:2014", "BS EN", "", "BS EN", "71-1", 2014, "", "foreign"),
    (
        "DIN EN ISO 4762:2004",
        "DIN EN ISO 4762:2004",
        "DIN EN ISO",
        "",
        "DIN EN ISO",
        "4762",
        2004,
        "",
        "foreign",
    ),
    ("ASTM F963-17", "ASTM F963-17", "ASTM", "", "ASTM", "F963", 2017, "", "foreign"),
    ("astm f 963-2017", "ASTM F963-17", "ASTM", "", "ASTM", "F963", 2017, "", "foreign"),
    ("ASTM E84-21a", "ASTM E84-21a", "ASTM", "", "ASTM", "E84", 2021, "a", "foreign"),
    ("ASTM D4236-94(2021)", "ASTM D4236-94(2021)", "ASTM", "", "ASTM", "D4236", 1994, "(2021)", "foreign"),
    ("ASTM A36/A36M-19", "ASTM A36/A36M-19", "ASTM", "", "ASTM", "A36/A36M", 2019, "", "foreign"),
    ("JIS A 1460", "JIS A 1460", "JIS", "", "JIS", "A 1460", None, "", "foreign"),
    ("JIS Z 8301:2019", "JIS Z 8301:2019", "JIS", "", "JIS", "Z 8301", 2019, "", "foreign"),
    ("ANSI Z535.1-2017", "ANSI Z535.1-2017", "ANSI", "", "ANSI", "Z535.1", 2017, "", "foreign"),
    ("ANSI/UL 1363-2019", "ANSI/UL 1363-2019", "ANSI/UL", "", "ANSI/UL", "1363", 2019, "", "foreign"),
    ("UL 94", "UL 94", "UL", "", "UL", "94", None, "", "foreign"),
    ("UL 60335-2-24", "UL 60335-2-24", "UL", "", "UL", "60335-2-24", None, "", "foreign"),
    ("IEEE 802.11-2020", "IEEE 802.11-2020", "IEEE", "", "IEEE", "802.11", 2020, "", "foreign"),
    ("IEEE Std 1547-2018", "IEEE 1547-2018", "IEEE", "", "IEEE", "1547", 2018, "", "foreign"),
    ("《GB/T 19580-2012》", "GB/T 19580—2012", "GB/T", "recommended", "GB", "19580", 2012, "", "national"),
]


@pytest.mark.parametrize(
    ("text", "canonical", "family", "mandate", "prefix", "number", "year", "amendment", "level"), PARSE_CASES
)
def test_parse(text, canonical, family, mandate, prefix, number, year, amendment, level):
    parsed = parse(text)
    assert parsed is not None, text
    got = (parsed.canonical, parsed.family, parsed.mandate, parsed.prefix, parsed.number, parsed.year)
    assert got == (canonical, family, mandate, prefix, number, year)
    assert (parsed.amendment, parsed.level, str(parsed)) == (amendment, level, canonical)


@pytest.mark.parametrize(("text", "canonical"), [(c[0], c[1]) for c in PARSE_CASES])
def test_canonical_form_parses_back_to_the_same_number(text, canonical):
    assert parse(canonical) == parse(text)


@pytest.mark.parametrize(
    ("text", "key", "key_with_year", "base_key", "number_key", "query_key"),
    [
        ("GB/T 19580-2012", "gbt19580", "gbt195802012", "gbt19580", "19580", "gbt195802012"),
        ("GB/T 19580", "gbt19580", "gbt19580", "gbt19580", "19580", "gbt19580"),
        ("GB 4806.1-2016", "gb48061", "gb480612016", "gb4806", "48061", "gb480612016"),
        ("GB 4706.1-2005/XG1-2006", "gb47061", "gb470612005", "gb4706", "47061", "gb470612005xg12006"),
        ("SJ/T 10460-93", "sjt10460", "sjt104601993", "sjt10460", "10460", "sjt104601993"),
        ("IEC 60335-2-24:2020", "iec60335224", "iec603352242020", "iec60335", "60335224", "iec603352242020"),
        ("ISO/TS 16949:2009", "isots16949", "isots169492009", "isots16949", "16949", "isots169492009"),
        ("Q/ABC 0001S-2008", "qabc0001s", "qabc0001s2008", "qabc0001s", "0001s", "qabc0001s2008"),
        ("DB33/T 2428-2022", "db33t2428", "db33t24282022", "db33t2428", "2428", "db33t24282022"),
        ("ASTM F963-17", "astmf963", "astmf9632017", "astmf963", "f963", "astmf9632017"),
    ],
)
def test_search_keys(text, key, key_with_year, base_key, number_key, query_key):
    n = parse(text)
    assert (n.key, n.key_with_year, n.base_key, n.number_key, n.query_key) == (
        key,
        key_with_year,
        base_key,
        number_key,
        query_key,
    )
    assert set(n.index_keys) == {base_key, key, key_with_year, query_key}
    assert all(k == compact(k) for k in n.index_keys)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "GB",
        "GB/T",
        "19580",
        "T/ZZB",
        "Q/",
        "DB33",
        "DB 15",
        "ISO",
        "ISO 9001:2015, IDT",
        "GB 18580-2017 甲醛",
        "GB/T 19580-201",
        "GB/T 19580-20",
        "压缩机",
        "GBX 123",
        "ISO ISO 9001",
        "a" * 500,
    ],
)
def test_unparseable_text_is_none(text):
    assert parse(text) is None


def test_parse_of_non_text_is_none():
    assert parse(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("code", sorted(SECTOR_PREFIXES))
@pytest.mark.parametrize(
    ("suffix", "mandate"), [("", "mandatory"), ("/T", "recommended"), ("/Z", "guidance")]
)
def test_every_sector_prefix_with_its_mandate(code, suffix, mandate):
    if code == "DB" and not suffix:
        pytest.skip("a bare DB + digits is a local standard (DB33 …), not the seismology sector")
    n = parse(f"{code}{suffix} 1234.2-2015")
    assert (n.family, n.mandate, n.prefix, n.number, n.year, n.level) == (
        f"{code}{suffix}",
        mandate,
        code,
        "1234.2",
        2015,
        "sector",
    )
    assert n.canonical == f"{code}{suffix} 1234.2—2015"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("按GB 18580—2017检测甲醛", [("GB 18580—2017", "GB 18580—2017")]),
        (
            "GB/T 19001—2016/ISO 9001:2015 质量管理体系 要求",
            [("GB/T 19001—2016", "GB/T 19001—2016"), ("ISO 9001:2015", "ISO 9001:2015")],
        ),
        (
            "see IEC 60335-2-24:2020 and ASTM F963-17.",
            [("IEC 60335-2-24:2020", "IEC 60335-2-24:2020"), ("ASTM F963-17", "ASTM F963-17")],
        ),
        ("GB 24430.1-2009 (部分代替)", [("GB 24430.1—2009", "GB 24430.1-2009")]),
        ("依据ＧＢ／Ｔ１９５８０－２０１２评价", [("GB/T 19580—2012", "ＧＢ／Ｔ１９５８０－２０１２")]),
        (
            "代替 T/ZZB 0175-2017、Q/ABC 001-2019",
            [("T/ZZB 0175—2017", "T/ZZB 0175-2017"), ("Q/ABC 001—2019", "Q/ABC 001-2019")],
        ),
        ("no numbers at all, 2024年 第3部分", []),
        ("ISBN 978-7-111", []),
    ],
)
def test_find_numbers(text, found):
    matches = find_numbers(text)
    assert [(m.number.canonical, m.text) for m in matches] == found
    assert all(text[m.start : m.end] == m.text for m in matches)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gbt 19580—2012", "GB/T 19580—2012"),
        ("按gb18580-2017检测  甲醛", "按GB 18580—2017检测 甲醛"),
        ("ＧＢ／Ｔ　１９５８０", "GB/T 19580"),
        ("压缩机", "压缩机"),
        ("", ""),
    ],
)
def test_normalize_query(text, expected):
    assert normalize_query(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GB/T 19580-2012", True),
        ("GB/T 1958", True),
        ("GB/T 19580-20", True),
        ("ISO 9001:", True),
        ("gbt19580", True),
        ("GB/T", False),
        ("19580", False),
        ("压缩机", False),
        ("hello 12", False),
        ("", False),
    ],
)
def test_looks_like_standard_number(text, expected):
    assert looks_like_standard_number(text) is expected


def test_fold_maps_full_width_and_dashes():
    assert fold("ＧＢ／Ｔ　１９５８０——２０１２") == "GB/T 19580-2012"
    assert fold("a–b‒c―d－e") == "a-b-c-d-e"


@pytest.mark.parametrize("dash", "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d")
def test_text_ascii_but_for_dashes_folds_as_nfkc_would(dash):
    """fold() skips NFKC when folding the dashes leaves ASCII: the result must be NFKC's."""
    text = f"GB/T 19580{dash}2012 {dash}{dash} x"
    expected = unicodedata.normalize("NFKC", text).translate(_DASHES)
    assert fold(text) == re.sub("-{2,}", "-", expected)
    assert fold(text).isascii()


def _curated_numbers() -> list[str]:
    """The curated real Chinese standards shipped with the standards app (standards-cn, 282 rows)."""
    path = Path(__file__).resolve().parents[2] / "standards" / "data" / "curated_standards.csv.gz"
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [row["number"] for row in csv.DictReader(fh)]


def test_every_curated_chinese_standard_number_parses():
    numbers = _curated_numbers()
    if not numbers:
        pytest.fail("nqi/standards/data/curated_standards.csv.gz is missing")
    failed = [n for n in numbers if parse(n) is None or parse(n).canonical.replace("—", "-") != n]
    assert failed == []


_CODES = st.sampled_from(["GB", "GB/T", "GB/Z", "JB/T", "QB/T", "DB33/T", "DB3304/T", "T/ZZB", "Q/ABC"])


@settings(database=None, deadline=None, max_examples=200)
@given(
    code=_CODES,
    serial=st.from_regex(r"[1-9][0-9]{0,4}(\.[1-9][0-9]?)?", fullmatch=True),
    year=st.integers(1950, 2030),
    dash=st.sampled_from(["-", "—", "–", "－", "——", " - "]),
    upper=st.booleans(),
    width=st.booleans(),
)
def test_typed_variants_of_a_chinese_number_agree(code, serial, year, dash, upper, width):
    typed = f"{code} {serial}{dash}{year}"
    typed = typed if upper else typed.lower()
    if width:  # full-width, as typed with a Chinese input method
        typed = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in typed).replace(" ", "\u3000")
    n = parse(typed)
    assert n is not None
    assert (n.number, n.year, n.canonical) == (serial, year, f"{code} {serial}—{year}")


@settings(database=None, deadline=None, max_examples=300)
@given(st.text(max_size=300))
def test_parse_and_find_never_raise(text):
    n = parse(text)
    assert n is None or parse(n.canonical) == n
    for m in find_numbers(text):
        assert text[m.start : m.end] == m.text
    normalize_query(text)
    looks_like_standard_number(text)
