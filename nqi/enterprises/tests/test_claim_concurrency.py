"""Two officers deciding the same claim at the same moment on PostgreSQL: one wins, the other is told.

Runs on the PostgreSQL leg only (SQLite has no row locks). The test needs real transactions in two
threads, so it asks for `transactional_db` explicitly, after `reference_data_restored`: the flush that
ends a transactional test would otherwise leave later transactional tests without regions/industries.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.models import StatusChange
from nqi.core.workflow import TransitionNotAllowed
from nqi.enterprises import claims
from nqi.enterprises.models import EnterpriseClaim
from nqi.enterprises.tests.claim_factories import make_claim, make_claimant
from nqi.enterprises.tests.factories import make_enterprise

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="needs PostgreSQL row locks"
    ),
]


@pytest.fixture
def reference_data_restored(django_db_blocker):
    yield
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


def _race(monkeypatch, claim_pk, moves):
    """Run each (actor, transition, comment) in its own thread, released together; return the outcomes."""
    original = claims.transition

    def slow_transition(**kwargs):
        result = original(**kwargs)
        time.sleep(0.3)  # hold the row lock so the other thread really waits on it
        return result

    monkeypatch.setattr(claims, "transition", slow_transition)
    barrier = threading.Barrier(len(moves))
    outcomes = [None] * len(moves)

    def run(index, actor, name, comment):
        try:
            barrier.wait()
            claim = EnterpriseClaim.objects.get(pk=claim_pk)
            claims.enterpriseclaim_transition(actor=actor, claim=claim, name=name, comment=comment)
            outcomes[index] = "won"
        except Exception as exc:  # the outcome under test
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *move)) for i, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize(
    ("first", "second"), [("approve", "reject"), ("approve", "approve"), ("reject", "approve")]
)
def test_one_decision_wins_the_other_gets_a_clear_conflict(
    reference_data_restored, transactional_db, system, make_member, monkeypatch, first, second
):
    assert connection.vendor == "postgresql"
    claim = make_claim(make_claimant(system), make_enterprise(system, "330402"))
    officers = [make_member(OrganizationKind.BUREAU, Role.OFFICER, "330402") for _ in range(2)]
    outcomes = _race(monkeypatch, claim.pk, [(officers[0], first, "意见一"), (officers[1], second, "意见二")])
    assert outcomes.count("won") == 1, outcomes
    loser = next(o for o in outcomes if o != "won")
    assert isinstance(loser, TransitionNotAllowed), loser
    assert "请刷新后重试" in str(loser.message)
    claim.refresh_from_db()
    assert claim.version == 2
    assert (
        StatusChange.objects.filter(
            target_type="enterprises.enterpriseclaim", target_id=str(claim.pk)
        ).count()
        == 1
    )
