"""统一社会信用代码 (USCC) checks per GB 32100—2015, on top of python-stdnum.

python-stdnum checks length, charset and the check character (position 18). GB 32100 also embeds the
9-character organisation code of GB 11714—1997 (positions 9–17), whose own check character (position 17)
is verified here too. Positions 3–8 are the registering authority's GB/T 2260 division code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength, ValidationError

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


def canonical(value: str) -> str:
    """Upper case, no spaces or dashes; full-width characters folded to ASCII."""
    import unicodedata

    return stdnum_uscc.compact(unicodedata.normalize("NFKC", value or "")).upper()


def check(value: str) -> tuple[str, UsccProblem | None]:
    """Return the canonical code and the first problem found (None when valid)."""
    code = canonical(value)
    try:
        stdnum_uscc.validate(code)
    except InvalidLength:
        return code, UsccProblem("uscc_length", _("统一社会信用代码应为 18 位。"))
    except InvalidFormat:
        return code, UsccProblem(
            "uscc_charset", _("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V）。")
        )
    except InvalidChecksum:
        return code, UsccProblem("uscc_checksum", _("统一社会信用代码校验位不正确。"))
    except ValidationError:
        return code, UsccProblem("uscc_invalid", _("统一社会信用代码无效。"))
    org = code[8:17]
    try:
        expected = organization_code_check_char(org[:8])
    except ValueError:
        return code, UsccProblem("uscc_org_code", _("统一社会信用代码中的组织机构代码部分无效。"))
    if org[8] != expected:
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
    org_body = body[8:16]
    seventeen = body[:16] + organization_code_check_char(org_body)
    return seventeen + stdnum_uscc.calc_check_digit(seventeen)
