"""Linking products to the catalog standards they are made to (glossary: executed standard).

A product's 执行标准 is free text on `enterprises.Product.standard_code` ("GB 18580—2017、Q/JX 001—2024").
Every standard number in it is read with the shared parser and matched by normalised key: with a year,
the exact edition; without one ("GB 18580"), the newest edition in force (else the newest edition).
Manual links are never touched by re-matching.
"""

from __future__ import annotations

from django.db import transaction

from nqi.core import auditing
from nqi.core.permissions import authorize
from nqi.enterprises.models import Product
from nqi.standards.choices import MatchedBy, StandardStatus
from nqi.standards.models import ProductStandard, Standard
from nqi.standards.numbers import numbers_in

_STATUS_RANK = {StandardStatus.CURRENT: 0, StandardStatus.UPCOMING: 1}


def _wanted_numbers(codes: dict[int, str]) -> dict[int, list[tuple[str, str, bool]]]:
    return {pk: numbers_in(code) for pk, code in codes.items() if code}


def _lookup(wanted) -> tuple[dict[str, int], dict[str, int]]:
    """edition key → standard id, and series key → id of its preferred edition."""
    editions, series = set(), set()
    for numbers in wanted.values():
        for _text, key, has_year in numbers:
            (editions if has_year else series).add(key)
    by_edition = dict(Standard.objects.filter(edition_key__in=editions).values_list("edition_key", "pk"))
    best: dict[str, tuple] = {}
    for pk, key, status, year in Standard.objects.filter(series_key__in=series, supplement="").values_list(
        "pk", "series_key", "status", "year"
    ):
        rank = (_STATUS_RANK.get(status, 2), -(year or 0), -pk)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, pk)
    return by_edition, {key: value[1] for key, value in best.items()}


def productstandard_rematch(*, actor, product_ids: list[int] | None = None) -> dict:
    """(Re)link products (all, or `product_ids`) to catalog records; returns counts.

    Set-based: one read of the products, two lookups, one delete and one insert, however many
    products, so it runs after every catalog import and on product changes.
    """
    authorize(actor, "standards.rematch_products")
    products = Product.objects.all() if product_ids is None else Product.objects.filter(pk__in=product_ids)
    wanted = _wanted_numbers(dict(products.values_list("pk", "standard_code")))
    by_edition, by_series = _lookup(wanted)
    desired: dict[tuple[int, int], ProductStandard] = {}
    for product_id, numbers in wanted.items():
        for text, key, has_year in numbers:
            standard_id = by_edition.get(key) if has_year else by_series.get(key)
            if standard_id and (product_id, standard_id) not in desired:
                desired[(product_id, standard_id)] = ProductStandard(
                    product_id=product_id,
                    standard_id=standard_id,
                    code_text=text[:120],
                    matched_by=MatchedBy.EXACT if has_year else MatchedBy.EDITION,
                )
    scope = (
        ProductStandard.objects.all()
        if product_ids is None
        else ProductStandard.objects.filter(product_id__in=product_ids)
    )
    with transaction.atomic():
        existing = {
            (p, s): (pk, matched_by)
            for pk, p, s, matched_by in scope.values_list("pk", "product_id", "standard_id", "matched_by")
        }
        stale = [pk for key, (pk, by) in existing.items() if by != MatchedBy.MANUAL and key not in desired]
        new = [link for key, link in desired.items() if key not in existing]
        for start in range(0, len(stale), 5000):
            ProductStandard.objects.filter(pk__in=stale[start : start + 5000]).delete()
        ProductStandard.objects.bulk_create(new, batch_size=2000)
        counts = {"products": len(wanted), "linked": len(new), "unlinked": len(stale), "links": len(desired)}
        if new or stale:
            auditing.record(
                actor=actor, event_type="standards.product_links_rematched", summary=str(counts), data=counts
            )
    return counts


def productstandard_link(*, actor, product: Product, standard: Standard) -> ProductStandard:
    """Link a product to a standard by hand (e.g. a number written in a way the parser does not read)."""
    authorize(actor, "standards.link_product", product)
    with transaction.atomic():
        link, created = ProductStandard.objects.update_or_create(
            product=product,
            standard=standard,
            defaults={"matched_by": MatchedBy.MANUAL, "code_text": standard.canonical},
        )
        auditing.record(
            actor=actor,
            event_type="standards.product_linked",
            target=product,
            summary=f"{product} → {standard.canonical}",
            data={"standard": standard.pk},
        )
    return link
