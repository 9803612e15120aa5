"""Data: the spot-check product catalogue and the shipped default policies (see data/SOURCE.md)."""

import csv
import datetime as dt
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _catalogue_rows():
    factors = {}
    with open(DATA / "category_risk_factors.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            factors[row["product_zh"]] = row
    with open(DATA / "product_catalogue.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            extra = factors[row["product_zh"]]
            yield {
                "code": extra["code"],
                "group": row["category_group"],
                "name": row["product_zh"],
                "name_en": row["product_en"],
                "test_items": [i.strip() for i in row["typical_test_items"].split(";") if i.strip()],
                "reference_standards": row["reference_standards"],
                "risk_notes": row["risk_notes"],
                "jiaxing_relevance": row["jiaxing_relevance"][:200],
                "hazard_severity": int(extra["hazard_severity"]),
                "vulnerable_group": extra["vulnerable_group"],
                "keywords": [k for k in extra["keywords"].split(";") if k],
                "source_url": row["source_url"],
                "confidence": row["confidence"],
            }


def load(apps, schema_editor):
    ProductCategory = apps.get_model("supervision", "ProductCategory")
    Policy = apps.get_model("supervision", "Policy")
    ProductCategory.objects.bulk_create([ProductCategory(**row) for row in _catalogue_rows()])
    defaults = json.loads((DATA / "policy_defaults.json").read_text(encoding="utf-8"))
    for domain, spec in defaults.items():
        Policy.objects.create(
            domain=domain,
            version=spec["version"],
            effective_from=dt.date.fromisoformat(spec["effective_from"]),
            params=spec["params"],
            sources=spec["sources"],
            note=spec["note"],
        )


def unload(apps, schema_editor):
    apps.get_model("supervision", "Policy").objects.filter(version=1).delete()
    apps.get_model("supervision", "ProductCategory").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
