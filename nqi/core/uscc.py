"""统一社会信用代码 (USCC) checks per GB 32100—2015.

The code has 18 characters: position 1 the registering department, 2 the organisation type, 3–8 the
registering authority's GB/T 2260 division code, 9–17 the organisation code of GB 11714—1997 (whose
position 17 is its own check character), 18 the check character of the whole code. Characters are
drawn from 0–9 and the capitals without I, O, Z, S, V (GB 32100 §4.1).

Every import row passes through `check`, so it is written as one pass over the code; python-stdnum
implements the same rules and serves as the tests' independent oracle.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

#: GB 32100—2015 §4.1: the 31 code characters, each worth its index in the check computation.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: n for n, ch in enumerate(ALPHABET)}
#: GB 32100—2015 §5.2: weights of positions 1–17 (3^(i−1) mod 31).
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_DIGITS = frozenset("0123456789")

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class UsccProblem:
    code: str
    message: str


def organization_code_check_char(body: str) -> str:
    """GB 11714—1997 check character for the first 8 characters of an organisation code."""
    total = sum(_ORG_ALPHABET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def check_char(first17: str) -> str:
    """GB 32100—2015 §5.2: the 18th character, 31 − (Σ value × weight mod 31), 31 written as 0."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[-total % 31]


def canonical(value: str) -> str:
    """Upper case, no spaces or dashes; full-width characters folded to ASCII."""
    folded = unicodedata.normalize("NFKC", value or "")
    return folded.replace(" ", "").replace("-", "").upper().strip()


def check(value: str) -> tuple[str, UsccProblem | None]:
    """Return the canonical code and the first problem found (None when valid)."""
    code = canonical(value)
    if len(code) != 18:
        return code, UsccProblem("uscc_length", _("统一社会信用代码应为 18 位。"))
    if not _DIGITS.issuperset(code[:8]) or not _VALUE.keys() >= set(code[8:]):
        return code, UsccProblem(
            "uscc_charset", _("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。")
        )
    if code[17] != check_char(code[:17]):
        return code, UsccProblem("uscc_checksum", _("统一社会信用代码校验位不正确。"))
    if code[16] != organization_code_check_char(code[8:16]):
        return code, UsccProblem("uscc_org_code", _("统一社会信用代码中的组织机构代码校验位不正确。"))
    return code, None


def division_code(code: str) -> str:
    """Positions 3–8: the GB/T 2260 code of the registering authority's division."""
    return code[2:8]


def with_check_chars(prefix17_without_checks: str) -> str:
    """Complete a code from its first 16 characters (positions 1–8 + the 8-char organisation body).

    Used by the demo generator and tests to mint valid codes for a given division.
    """
    body = prefix17_without_checks
    seventeen = body[:16] + organization_code_check_char(body[8:16])
    return seventeen + check_char(seventeen)
