"""Synthetic Chinese standards for scale tests and the demo (`nqi standards synth --count N`).

No bulk catalogue of Chinese national, sector, local, group or enterprise standards is available
offline (see data/SOURCE.md), so the demo city's ≥ 200,000 records beyond the real ISO/IEC catalog and
the curated set are generated: every family (GB, GB/T, GB/Z, ~27 sector codes, DB33, DB3304/T and other
provinces, T/ZZB and other groups, Q/ enterprise codes), titles built from product, property and method
vocabularies, realistic publication/implementation dates, edition chains (older editions 被代替 by newer,
some 废止, some 即将实施), ICS and CCS codes. Deterministic by seed; each row is marked synthetic.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import re
from collections.abc import Iterator

from nqi.search.standard_numbers import compact
from nqi.standards import readers
from nqi.standards import synth_vocab as V
from nqi.standards.choices import Confidence

AS_OF = dt.date(2026, 11, 25)  # the reference day of the shipped data (statuses are as of it)
FAMILY_WEIGHTS = {"national": 10, "sector": 16, "local": 14, "group": 15, "enterprise": 45}
ICS_FIELD_BY_CCS = {
    "A": "03",
    "B": "65",
    "C": "11",
    "D": "73",
    "E": "75",
    "F": "27",
    "G": "71",
    "H": "77",
    "J": "25",
    "K": "29",
    "L": "31",
    "M": "33",
    "N": "17",
    "P": "91",
    "Q": "91",
    "R": "03",
    "S": "45",
    "T": "43",
    "U": "47",
    "V": "49",
    "W": "59",
    "X": "67",
    "Y": "97",
    "Z": "13",
}
_CCS = re.compile(r"^[A-HJ-NP-Z]\d{2}$")
_GENERIC = re.compile(r"综合|其他|一般|基础标准|通用方法|标准化|管理|术语|符号|方法$")
# Category words too broad to stand as a product name in a title ("安全安全要求").
_BROAD = {
    "安全",
    "卫生",
    "环境",
    "质量",
    "设备",
    "材料",
    "产品",
    "技术",
    "工程",
    "试验",
    "检验",
    "测量",
    "计量",
    "包装",
    "信息",
    "服务",
    "设计",
    "规范",
    "要求",
    "装置",
    "系统",
    "仪器",
    "器具",
    "用品",
    "制品",
}
# Cumulative weights computed once: random.choices re-accumulates plain weights on every call.
_NATIONAL, _NATIONAL_CUM = ("GB", "GB/T", "GB/Z"), (25, 95, 100)
_SECTORS = list(V.SECTOR_WEIGHTS)
_SECTOR_CUM = list(itertools.accumulate(V.SECTOR_WEIGHTS.values()))
_YEARS = list(range(1995, AS_OF.year + 1))
_YEAR_CUM = list(itertools.accumulate(i + 4 for i in range(len(_YEARS))))
_CURRENT, _UPCOMING, _REPLACED, _WITHDRAWN = (
    readers.CURRENT,
    readers.UPCOMING,
    readers.REPLACED,
    readers.WITHDRAWN,
)


class Vocabulary:
    """Products (hand-written bilingual ones first, then CCS level-3 terms) and ICS groups by field."""

    def __init__(self):
        self.products = [(zh, en, ccs, ics) for zh, en, ccs, ics in V.PRODUCTS]
        groups: dict[str, list[str]] = {}
        for row in readers.ics_rows():
            if row["level"] == "2":
                groups.setdefault(row["code"][:2], []).append(row["code"])
        self.ics_groups = groups
        terms = []
        for row in readers.ccs_rows():
            if row["level"] != "3" or not _CCS.match(row["code"]):
                continue
            for term in re.split(r"[、，,及与和]", row["title_zh"]):
                term = term.strip()
                if 2 <= len(term) <= 8 and term not in _BROAD and not _GENERIC.search(term):
                    terms.append((term, "", row["code"], ""))
        self.ccs_terms = terms

    def product(self, rng: random.Random) -> tuple[str, str, str, str]:
        zh, en, ccs, ics = rng.choice(self.products) if rng.random() < 0.55 else rng.choice(self.ccs_terms)
        if not ics:
            ics = rng.choice(self.ics_groups.get(ICS_FIELD_BY_CCS.get(ccs[:1], "97"), ["97.020"]))
        return zh, en, ccs, ics


def _title(rng: random.Random, product, family: str) -> tuple[str, str]:
    zh, en, _ccs, _ics = product
    if family == "enterprise":
        pattern = rng.choice(V.ENTERPRISE_TITLES)
        return pattern.format(p=zh, m2=f"{rng.choice('ABCDEFGHJKLMNPQRSTWXYZ')}{rng.randint(10, 999)}"), ""
    zh_pattern, en_pattern = rng.choice(V.TITLES)
    quality, quality_en = rng.choice(V.PROPERTIES)
    method, method_en = rng.choice(V.METHODS)
    aspect, aspect_en = rng.choice(V.ASPECTS)
    part = rng.randint(1, 6)
    title_zh = zh_pattern.format(p=zh, q=quality, m=method, a=aspect, n=part)
    title_en = ""
    if en and family in ("national", "sector") and rng.random() < 0.7:
        title_en = en_pattern.format(
            pe=en, Pe=en[:1].upper() + en[1:], qe=quality_en, me=method_en, ae=aspect_en, n=part
        )
    return title_zh, title_en


def _number_parts(
    rng: random.Random, family: str, enterprises: list[tuple[str, str]]
) -> tuple[str, str, str]:
    """(designation, serial, issuer) for a new series of the family."""
    if family == "national":
        designation = rng.choices(_NATIONAL, cum_weights=_NATIONAL_CUM)[0]
        serial = str(rng.randint(1000, 46999)) + (f".{rng.randint(1, 12)}" if rng.random() < 0.2 else "")
        return designation, serial, ""
    if family == "sector":
        code = rng.choices(_SECTORS, cum_weights=_SECTOR_CUM)[0]
        designation = code + ("/T" if rng.random() < 0.9 else "")
        serial = str(rng.randint(1000, 13999)) + (f".{rng.randint(1, 8)}" if rng.random() < 0.15 else "")
        return designation, serial, V.SECTOR_ISSUERS.get(code, "")
    if family == "local":
        roll = rng.random()
        if roll < 0.15:
            return "DB3304/T", f"{rng.randint(1, 199):03d}", "嘉兴市市场监督管理局"
        if roll < 0.25:
            city = rng.choice(list(V.ZHEJIANG_CITIES))
            return f"DB{city}/T", f"{rng.randint(1, 299):03d}", f"{V.ZHEJIANG_CITIES[city]}市场监督管理局"
        province = "33" if roll < 0.7 else rng.choice(list(V.PROVINCES))
        designation = f"DB{province}/T" if rng.random() < 0.92 else f"DB{province}/"
        return designation, str(rng.randint(1000, 4999)), f"{V.PROVINCES[province]}市场监督管理局"
    if family == "group":
        org = "ZZB" if rng.random() < 0.4 else rng.choice(list(V.GROUPS))
        serial = f"{rng.randint(1, 2999):04d}" if org == "ZZB" else f"{rng.randint(1, 499):03d}"
        return f"T/{org}", serial, V.GROUPS[org]
    code, name = rng.choice(enterprises)
    return f"Q/{code}", f"{rng.randint(1, 199):03d}" + ("S" if rng.random() < 0.05 else ""), name


def _enterprises(rng: random.Random, count: int) -> list[tuple[str, str]]:
    letters = "ABCDEFGHJKLMNPQRSTWXYZ"
    seen, result = set(), []
    while len(result) < count:
        code = "".join(rng.choice(letters) for _ in range(rng.choice((2, 3, 3, 4, 4, 5))))
        if code not in seen:
            seen.add(code)
            result.append(
                (
                    code,
                    f"{rng.choice(list(V.ZHEJIANG_CITIES.values()))}{rng.choice(V.TRADE)}"
                    f"{rng.choice(('机械', '电器', '科技', '纺织', '实业', '新材料'))}有限公司",
                )
            )
    return result


def _national_issuer(year: int) -> str:
    return (
        "国家市场监督管理总局、国家标准化管理委员会"
        if year >= 2018
        else "国家质量监督检验检疫总局、国家标准化管理委员会"
    )


def _dates(rng: random.Random, year: int, family: str) -> tuple[dt.date, dt.date]:
    published = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
    lag = {"national": (90, 365), "sector": (90, 270), "local": (30, 90)}.get(family, (0, 30))
    return published, published + dt.timedelta(days=rng.randint(*lag))


def _edition_years(rng: random.Random) -> list[int]:
    editions = rng.choices((1, 2, 3), cum_weights=(62, 90, 100))[0]
    first = rng.choices(_YEARS, cum_weights=_YEAR_CUM)[0]
    years = [first]
    for _ in range(editions - 1):
        following = years[-1] + rng.randint(4, 9)
        if following > AS_OF.year:
            break
        years.append(following)
    return years


def synth_rows(count: int, seed: int = 20261125) -> Iterator[dict]:
    """Yield `count` catalog rows (whole edition chains; the last chain may be cut short)."""
    rng = random.Random(f"standards-synth:{seed}")
    vocab = Vocabulary()
    enterprises = _enterprises(rng, max(20, count // 25))
    families, cumulative = list(FAMILY_WEIGHTS), list(itertools.accumulate(FAMILY_WEIGHTS.values()))
    series_seen: set[str] = set()
    made = 0
    while made < count:
        family = rng.choices(families, cum_weights=cumulative)[0]
        designation, serial, issuer = _number_parts(rng, family, enterprises)
        key = compact(designation + serial)
        if key in series_seen:
            continue
        series_seen.add(key)
        product = vocab.product(rng)
        title_zh, title_en = _title(rng, product, family)
        chain = _chain(rng, family, designation, serial, issuer, product, title_zh, title_en)
        yield from chain[: count - made]
        made += len(chain)


def _chain(rng, family, designation, serial, issuer, product, title_zh, title_en) -> list[dict]:
    years = _edition_years(rng)
    rows = []
    for index, year in enumerate(years):
        published, implemented = _dates(rng, year, family)
        number = f"{designation} {serial}—{year}"
        rows.append(
            readers.blank_row(
                number=number,
                title_zh=title_zh,
                title_en=title_en,
                status=_CURRENT,
                published=published,
                implemented=implemented,
                ics=[product[3]],
                ccs=product[2],
                issuer=issuer or _national_issuer(year),
                confidence=Confidence.SYNTHETIC.value,
                replaces=[(rows[-1]["number"], readers.REPLACES)] if index else [],
            )
        )
    for older, newer in zip(rows, rows[1:], strict=False):
        older["status"], older["withdrawn"] = _REPLACED, newer["implemented"]
    latest = rows[-1]
    if latest["implemented"] > AS_OF:
        latest["status"] = _UPCOMING
    elif rng.random() < 0.06:
        latest["status"] = _WITHDRAWN
        latest["withdrawn"] = min(AS_OF, latest["implemented"] + dt.timedelta(days=rng.randint(365, 3650)))
    if family in ("group", "local") and rng.random() < 0.5:
        latest["drafters"] = [
            f"{rng.choice(V.TRADE)}{rng.choice(('科技', '机械', '检测技术'))}有限公司"
            for _ in range(rng.randint(1, 3))
        ]
    return rows
