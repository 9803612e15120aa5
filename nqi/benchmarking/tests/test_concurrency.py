"""Two people acting on one comparison at the same moment (PostgreSQL: real row locks)."""

import threading

import pytest
from django.db import connection, connections

from nqi.benchmarking import services
from nqi.benchmarking.models import ComparisonBenchmark
from nqi.benchmarking.tests.factories import (
    formaldehyde,
    load_indicators,
    make_comparison,
    make_firm,
    make_product,
)
from nqi.core.errors import DomainError
from nqi.core.models import StatusChange

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only(transactional_db):
    """PostgreSQL only; a transactional test runs on a flushed database, so reload the regions."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from django.core.management import call_command

    from nqi.regions.models import Region

    if not Region.objects.exists():
        call_command("load_reference", verbosity=0)


def _race(*calls):
    """Run the calls at once; returns each call's result or the DomainError it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(n, call):
        try:
            barrier.wait()
            outcomes[n] = call()
        except DomainError as exc:
            outcomes[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_two_attains_at_once_one_wins(system):
    load_indicators(system)
    enterprise, owner, staff = make_firm(system)
    comparison = make_comparison(owner, make_product(system, enterprise))
    services.indicatorvalues_save(actor=owner, comparison=comparison, rows=[formaldehyde("0.030")])
    comparison = services.comparison_run(actor=owner, comparison=comparison)
    outcomes = _race(
        lambda: services.comparison_transition(actor=owner, comparison=comparison, name="attain"),
        lambda: services.comparison_transition(actor=staff, comparison=comparison, name="attain"),
    )
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    comparison.refresh_from_db()
    assert comparison.status == "attained"
    assert StatusChange.objects.filter(target_id=str(comparison.pk), transition="attain").count() == 1


def test_the_same_benchmark_added_twice_at_once_is_stored_once(system):
    load_indicators(system)
    enterprise, owner, staff = make_firm(system)
    comparison = make_comparison(owner, make_product(system, enterprise), benchmarks=())
    outcomes = _race(
        *[
            (lambda actor=actor: services.comparison_add_benchmark(
                actor=actor, comparison=comparison, standard_number="GB/T 39600-2021", grade="ENF"
            ))
            for actor in (owner, staff)
        ]
    )  # fmt: skip
    assert sum(isinstance(o, DomainError) for o in outcomes) == 1
    assert ComparisonBenchmark.objects.filter(comparison=comparison).count() == 1
    comparison.refresh_from_db()
    assert comparison.benchmark_count == 1
