"""PostgreSQL: two officers drawing the same plan at once — one draw wins, the other is refused and no
task is written twice; two event regrades of one enterprise at once leave one consistent grade.

Runs on the PostgreSQL leg only (SQLite has no row locks). Transactional tests flush the database, so
the fixture restores the reference data and the catalogue/policies the data migration shipped.
"""

import threading
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

from nqi.core.errors import DomainError
from nqi.spotchecks import services
from nqi.spotchecks.models import Plan, Task
from nqi.spotchecks.tests.factories import make_city, make_inspectors, make_lab, make_plan
from nqi.supervision import services as supervision
from nqi.supervision.models import EnterpriseGrade, Policy

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL row locks"
    ),
]


@pytest.fixture
def shipped_data(django_db_blocker):
    def restore():
        from django.core.management import call_command

        with django_db_blocker.unblock():
            call_command("load_reference", verbosity=0)
            if not Policy.objects.exists():
                import_module("nqi.supervision.migrations.0002_load_catalogue_and_default_policies").load(
                    apps, None
                )

    restore()
    yield
    restore()


def _race(n, work):
    barrier = threading.Barrier(n)
    outcomes = [None] * n

    def run(index):
        try:
            barrier.wait()
            work(index)
            outcomes[index] = "won"
        except Exception as exc:  # the outcome under test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_draws_of_one_plan(shipped_data, transactional_db, city_officer, make_member, monkeypatch):
    assert connection.vendor == "postgresql"
    make_city(city_officer, producers=6)
    make_lab(city_officer)
    make_inspectors(make_member, n=3)
    plan = make_plan(
        city_officer, city_officer.memberships.first().organization, items=(("JXPC-01", "production", 3),)
    )
    original = services.plans._write_tasks

    def slow_write(*args, **kwargs):
        original(*args, **kwargs)
        time.sleep(0.3)  # hold the plan's row lock so the other draw really waits on it

    monkeypatch.setattr(services.plans, "_write_tasks", slow_write)
    outcomes = _race(
        2, lambda i: services.plan_draw(actor=city_officer, plan=Plan.objects.get(pk=plan.pk), seed=f"s{i}")
    )
    assert sorted(o == "won" for o in outcomes) == [False, True]
    loser = next(o for o in outcomes if o != "won")
    assert isinstance(loser, DomainError) and loser.code == "transition_not_allowed"
    assert Task.objects.filter(plan=plan).count() == 3
    assert Plan.objects.get(pk=plan.pk).status == "drawn"


def test_two_event_regrades_of_one_enterprise(shipped_data, transactional_db, city_officer):
    assert connection.vendor == "postgresql"
    firm = make_city(city_officer, producers=3)[0]
    outcomes = _race(
        2, lambda i: supervision.enterprise_regrade(actor=city_officer, enterprise=firm, reason=f"r{i}")
    )
    assert outcomes == ["won", "won"]
    assert EnterpriseGrade.objects.filter(enterprise=firm).count() == 1
