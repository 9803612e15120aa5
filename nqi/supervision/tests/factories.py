"""Supervision test data, built through the real services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from nqi.enterprises.services import product_create
from nqi.enterprises.tests.factories import make_enterprise
from nqi.supervision import services
from nqi.supervision.models import ProductCategory


def category(code: str = "JXPC-01") -> ProductCategory:
    return ProductCategory.objects.get(code=code)


def make_producer(actor, division="330402", product="婴儿推车", **overrides):
    """An enterprise making `product`, linked to its catalogue category."""
    enterprise = make_enterprise(actor, division, **overrides)
    product_create(
        actor=actor, enterprise=enterprise, data={"name": product, "standard_code": "GB 14748—2006"}
    )
    services.enterprisecategory_sync(actor=actor, enterprise_ids=[enterprise.pk])
    return enterprise


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)
