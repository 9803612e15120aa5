"""Test data built through the real services (never raw .create) so tests exercise the same rules."""

from __future__ import annotations

import itertools

from nqi.core.uscc import with_check_chars

_serial = itertools.count(1)


def valid_uscc(division: str = "330402") -> str:
    """A fresh, valid USCC registered in `division` (positions 3–8)."""
    return with_check_chars(f"91{division}MA{next(_serial):06d}")


def enterprise_data(division: str = "330402", **overrides) -> dict:
    data = {
        "uscc": valid_uscc(division),
        "name": f"测试企业{next(_serial)}有限公司",
        "industry": "3442",
        "scale": "small",
        "founded_on": "2010-05-01",
        "contact_phone": "13812345678",
    }
    data.update(overrides)
    return data


def make_enterprise(actor, division: str = "330402", **overrides):
    from nqi.enterprises.services import enterprise_create

    return enterprise_create(actor=actor, data=enterprise_data(division, **overrides))
