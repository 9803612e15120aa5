"""Catalog test data built through the real services (never raw .create)."""

from __future__ import annotations

import itertools

from nqi.standards import readers, services
from nqi.standards.choices import ImportKind

_serial = itertools.count(1)


def row(number: str | None = None, **values) -> dict:
    """A valid catalog row; override any key."""
    defaults = {
        "number": f"GB/T {30000 + next(_serial)}-2020" if number is None else number,
        "title_zh": "测试用产品通用技术条件",
        "status": "current",
        "published": "2020-03-01",
        "implemented": "2020-10-01",
        "confidence": "source",
        "ics": ["97.200.50"],
        "ccs": "Y57",
    }
    defaults.update(values)
    return readers.blank_row(**defaults)


def import_rows(actor, rows, kind=ImportKind.CSV, **kwargs):
    return services.standard_import(actor=actor, kind=kind, rows=rows, source="test", **kwargs)


def make_standard(actor, number: str | None = None, **values):
    from nqi.standards.models import Standard

    data = row(number, **values)
    import_rows(actor, [data])
    return Standard.objects.get(number=data["number"])
