"""Spot-check test data through the real services: labs with scopes, inspectors, producers, plans."""

from __future__ import annotations

import datetime as dt
import itertools

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import Organization
from nqi.core.uscc import with_check_chars
from nqi.institutions.services import institution_create
from nqi.spotchecks import services
from nqi.supervision import services as supervision
from nqi.supervision.models import ProductCategory
from nqi.supervision.tests.factories import make_producer

_serial = itertools.count(1)


def make_lab(actor, name=None, categories=("JXPC-01",), organization=None):
    n = next(_serial)
    lab = institution_create(
        actor=actor,
        data={
            "kind": "testing_lab",
            "name": name or f"测试检验所{n}",
            "uscc": with_check_chars(f"12330402{n:08d}"),
            "region": "330402",
            "cma_number": f"{n:012d}",
            "cma_valid_from": "2022-01-01",
            "cma_valid_until": (dt.date.today() + dt.timedelta(days=900)).isoformat(),
        },
    )
    if organization is not None:
        from nqi.institutions.services import institution_link_organization

        institution_link_organization(actor=actor, institution=lab, organization=organization)
    for code in categories:
        category = ProductCategory.objects.get(code=code)
        services.labscope_set(actor=actor, institution=lab, category=category, test_items=category.test_items)
    return lab


def make_inspectors(make_member, n=4, jurisdiction="330400"):
    return [make_member(OrganizationKind.BUREAU, Role.INSPECTOR, jurisdiction) for _ in range(n)]


def city_bureau():
    return Organization.objects.filter(kind="bureau", jurisdiction_id="330400").first()


def make_city(actor, producers=12, product="婴儿推车"):
    firms = [
        make_producer(actor, code, product=product)
        for code in ["330402", "330421", "330482"] * (producers // 3)
    ]
    supervision.city_regrade(actor=actor)
    return firms


def make_plan(actor, organizer, items=(("JXPC-01", "production", 4),), year=None):
    plan = services.plan_create(
        actor=actor, organizer=organizer, name="测试抽查计划", year=year or dt.date.today().year, quarter=4
    )
    services.planitem_set(
        actor=actor, plan=plan, items=[{"category": c, "stage": s, "quota": q} for c, s, q in items]
    )
    return plan
