"""Two window clerks pressing 受理 at the same moment: one wins, the other is told, one resolution clock."""

import threading

import pytest
from django.db import connection, connections

from nqi.core.errors import DomainError
from nqi.servicedesk.choices import ClockKind
from nqi.servicedesk.models import SlaClock
from nqi.servicedesk.services import platforms, requests
from nqi.servicedesk.tests.test_requests import submit

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_accepts_make_one_transition(desk, system, make_member):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    from nqi.accounts.choices import OrganizationKind, Role

    second = make_member(OrganizationKind.BUREAU, Role.WINDOW, "330400")
    platforms.platformstaff_assign(actor=system, platform=desk.platform, user=second, role="clerk")
    request = submit(desk)
    outcomes, barrier = [], threading.Barrier(2)

    def accept(user):
        try:
            barrier.wait()
            requests.servicerequest_transition(actor=user, request=request, name="accept")
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(exc.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (desk.clerk, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "transition_not_allowed"]
    assert SlaClock.objects.filter(request=request, kind=ClockKind.RESOLUTION).count() == 1
