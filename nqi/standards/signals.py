"""A product's 执行标准 text changes in the enterprises app, which cannot know this app (dependency order):
re-link that product to the catalog after the save commits. Bulk writes send no signal; their callers
(imports, the demo) run `productstandard_rematch` themselves.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save


def product_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "standard_code" not in update_fields):
        return
    product_id = instance.pk
    transaction.on_commit(lambda: _rematch(product_id))


def _rematch(product_id: int) -> None:
    from nqi.accounts.services import system_actor
    from nqi.standards.services import productstandard_rematch

    productstandard_rematch(actor=system_actor(), product_ids=[product_id])


def connect() -> None:
    from nqi.enterprises.models import Product

    post_save.connect(product_saved, sender=Product, dispatch_uid="nqi.standards.product_saved")
