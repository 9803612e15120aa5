"""Standard numbers as the catalog stores them, read by `nqi.search.standard_numbers` (one parser for
the catalog, product linking and search).

A number the parser cannot read (an ISO draft "ISO/DIS 9001", a redline "IEC 60335-1:2020 RLV", a
typo) is stored verbatim with a warning and a key made of its letters and digits, so it stays findable
and nothing is rejected (DOMAIN.md §18).
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.translation import gettext as _

from nqi.search.standard_numbers import compact, find_numbers, fold, parse
from nqi.standards.choices import Mandate, StandardFamily

_LEVELS = {value for value, _label in StandardFamily.choices}
_INTERNATIONAL_HEAD = re.compile(r"^(?:ISO|IEC|CISPR|ITU|IWA|CD IWA)\b", re.IGNORECASE)


PARSED_NUMBER = "parsed_number"


def number_fields(raw: str) -> dict:
    """The catalog fields derived from a standard number: canonical form, keys, family, parts; and
    under PARSED_NUMBER the parsed number itself (None when unreadable), which indexing reuses."""
    return dict(_number_fields(raw or ""))


@lru_cache(maxsize=131072)
def _number_fields(raw: str) -> dict:
    """Memoised: an import parses each number once, however often relations repeat it."""
    text = raw.strip()
    parsed = parse(text)
    if parsed is None:
        folded = re.sub(r"\s+", " ", fold(text)).strip()
        key = compact(folded) or re.sub(r"\s+", "", folded.lower())[:120]
        return {
            "canonical": folded,
            "edition_key": key,
            "series_key": key,
            "family": (
                StandardFamily.INTERNATIONAL if _INTERNATIONAL_HEAD.match(folded) else StandardFamily.UNKNOWN
            ).value,
            "designation": "",
            "prefix": "",
            "mandate": Mandate.NONE.value,
            "serial": "",
            "year": None,
            "supplement": "",
            "parse_warning": _("无法识别的标准号格式，已按原文保存。"),
            PARSED_NUMBER: None,
        }
    level = parsed.level if parsed.level in _LEVELS else StandardFamily.FOREIGN.value
    return {
        "canonical": parsed.canonical,
        "edition_key": parsed.query_key,
        "series_key": parsed.key,
        "family": level,
        "designation": parsed.family,
        "prefix": parsed.prefix,
        "mandate": parsed.mandate,
        "serial": parsed.number[:60],
        "year": parsed.year,
        "supplement": parsed.amendment[:120],
        "parse_warning": "",
        PARSED_NUMBER: parsed,
    }


def edition_key(raw: str) -> str:
    """The key of exactly this edition (what `Standard.edition_key` holds for the same number)."""
    return _number_fields(raw or "")["edition_key"]


def numbers_in(text: str) -> list[tuple[str, str, bool]]:
    """The standard numbers in free text such as a product's 执行标准 ("GB 18580—2017、Q/JX 001—2024"),
    each as (text as written, key, has year): the edition key when a year is given, else the series key."""
    found = []
    for match in find_numbers(text or ""):
        number = match.number
        if number.year:
            found.append((match.text.strip(), number.query_key, True))
        else:
            found.append((match.text.strip(), number.key, False))
    return found
