"""Benchmarking test data built through the real services (never raw .create)."""

from __future__ import annotations

import itertools

from nqi.accounts.choices import OrganizationKind, Role

_serial = itertools.count(1)

CHAMBER = ("GB/T 17657-2013", "4.60 1 m³气候箱法")


def load_indicators(system):
    from nqi.benchmarking.services import indicators_load_shipped

    return indicators_load_shipped(actor=system)


def make_firm(system, division: str = "330421"):
    """An enterprise with a platform organization, its owner and quality staff: (enterprise, owner, staff)."""
    from nqi.accounts import services as accounts
    from nqi.enterprises.services import enterprise_link_organization
    from nqi.enterprises.tests.factories import make_enterprise

    n = next(_serial)
    enterprise = make_enterprise(system, division, name=f"嘉善测试木业{n}有限公司")
    organization = accounts.organization_create(
        actor=system, kind=OrganizationKind.ENTERPRISE, name=enterprise.name
    )
    enterprise_link_organization(actor=system, enterprise=enterprise, organization=organization)
    people = []
    for role in (Role.OWNER, Role.STAFF):
        user = accounts.user_create(
            actor=system, username=f"firm{n}-{role}", password=None, display_name=role
        )
        accounts.membership_grant(actor=system, user=user, organization=organization, role=role)
        people.append(user)
    enterprise.refresh_from_db()
    return enterprise, people[0], people[1]


def make_product(system, enterprise, **overrides):
    from nqi.enterprises.services import product_create

    data = {"name": "胶合板", "category": "人造板", "standard_code": "Q/JSMY 001—2025", "model": "JH-18"}
    data.update(overrides)
    return product_create(actor=system, enterprise=enterprise, data=data)


def value(name, quantity, text, unit, method=CHAMBER, kind="test_result", report=""):
    return {
        "name": name,
        "quantity": quantity,
        "value": text,
        "unit": unit,
        "method_standard": method[0],
        "method_variant": method[1],
        "kind": kind,
        "report": report,
    }


def formaldehyde(text="0.030", unit="mg/m³", method=CHAMBER, **kw):
    return value("甲醛释放量", "formaldehyde_emission_chamber", text, unit, method, **kw)


def make_comparison(actor, product, benchmarks=(("GB/T 39600-2021", "E0"), ("GB 18580-2017", "E1"))):
    from nqi.benchmarking import services

    comparison = services.comparison_create(actor=actor, product=product)
    for number, grade in benchmarks:
        services.comparison_add_benchmark(
            actor=actor, comparison=comparison, standard_number=number, grade=grade
        )
    comparison.refresh_from_db()
    return comparison
