"""Loading the industry classification and the featured industries (system actor only)."""

from __future__ import annotations

from django.db import transaction

from nqi.core import auditing
from nqi.core.permissions import authorize
from nqi.industries import reference
from nqi.industries.models import FeaturedIndustry, Industry


def industry_load_reference(*, actor, path=None) -> int:
    """Insert or refresh every GB/T 4754-2017 node; parents are written before children."""
    authorize(actor, "industries.load_industry")
    rows = sorted(reference.industry_rows(path), key=lambda r: int(r["level"]))
    objects = [
        Industry(
            code=r["code"],
            name=r["name"],
            level=int(r["level"]),
            parent_id=r["parent_code"] or None,
            section=r["section"],
            description=r["description"] or "",
        )
        for r in rows
    ]
    with transaction.atomic():
        Industry.objects.bulk_create(
            objects,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "section", "description"],
        )
        auditing.record(
            actor=actor, event_type="industries.reference_loaded", summary=f"{len(objects)} industries loaded"
        )
    return len(objects)


def featuredindustry_load_reference(*, actor, path=None) -> int:
    """Seed the featured industries from the cited list; existing keys are refreshed, not duplicated."""
    authorize(actor, "industries.load_industry")
    known = set(Industry.objects.values_list("code", flat=True))
    count = 0
    with transaction.atomic():
        for row in reference.featured_rows(path):
            featured, _ = FeaturedIndustry.objects.update_or_create(
                key=row["id"],
                defaults={
                    "name": row["industry_zh"],
                    "name_en": row["industry_en"],
                    "region_id": reference.featured_region_code(row),
                    "main_products": row["main_products"][:300],
                    "leading_enterprises": row["leading_enterprises"][:300],
                    "scale_figures": row["scale_figures"][:300],
                    "scale_year": row["scale_year"][:20],
                    "programme_refs": row["programme_refs"],
                    "source_urls": row["source_urls"],
                    "confidence": row["confidence"],
                    "notes": row["notes"],
                },
            )
            codes = [c.strip() for c in row["gbt4754_codes"].split(";") if c.strip() in known]
            featured.industries.set(codes)
            count += 1
        auditing.record(
            actor=actor,
            event_type="industries.featured_loaded",
            summary=f"{count} featured industries loaded",
        )
    return count
