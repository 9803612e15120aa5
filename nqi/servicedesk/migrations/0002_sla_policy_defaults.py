"""Shipped default SLA policy: one row per priority, effective from 2020-01-01 (officers publish newer versions).

Response: urgent within 2 working hours, normal within one working day (7 h), low within two. Resolution:
the item's promised working days × 7 working hours × factor (urgent 0.5, normal 1, low 1.5). Warn the
party doing the work at 80 %, report to the bureau at 150 % (ServiceNow FSM defaults: P1/P2 same business
day, P3 next business day; ERPNext #6049 level-by-level escalation).
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import migrations

DEFAULTS = [
    (1, "urgent", Decimal("2"), Decimal("0.5")),
    (2, "normal", Decimal("7"), Decimal("1")),
    (3, "low", Decimal("14"), Decimal("1.5")),
]


def add_defaults(apps, schema_editor):
    SlaPolicy = apps.get_model("servicedesk", "SlaPolicy")
    start = dt.datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    for version, priority, response, factor in DEFAULTS:
        SlaPolicy.objects.get_or_create(
            version=version,
            defaults={
                "priority": priority,
                "effective_from": start,
                "response_hours": response,
                "resolution_factor": factor,
                "warn_percent": 80,
                "bureau_percent": 150,
                "note": "shipped default",
            },
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("servicedesk", "SlaPolicy").objects.filter(version__in=[v for v, *_ in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
