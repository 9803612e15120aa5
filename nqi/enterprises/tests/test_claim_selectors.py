"""Who sees which claims, the overdue filter and the deadline badges."""

import datetime as dt

import pytest
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.core.errors import NotFound
from nqi.enterprises import claims
from nqi.enterprises.claim_selectors import (
    EnterpriseClaimFilter,
    deadline_statuses,
    enterpriseclaim_available_transitions,
    enterpriseclaim_counts,
    enterpriseclaim_get_for,
    enterpriseclaim_list_visible_to,
    enterpriseclaim_timeline,
)
from nqi.enterprises.models import EnterpriseClaim
from nqi.enterprises.tests.claim_factories import make_claim, make_claimant
from nqi.enterprises.tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system):
    alice, bob = make_claimant(system), make_claimant(system)
    nanhu = make_claim(alice, make_enterprise(system, "330402"))
    jiashan = make_claim(bob, make_enterprise(system, "330421"))
    return {"alice": alice, "bob": bob, "nanhu": nanhu, "jiashan": jiashan}


def _names(actor, **filters):
    return {
        c.pk for c in enterpriseclaim_list_visible_to(actor=actor, filters=EnterpriseClaimFilter(**filters))
    }


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("alice", {"nanhu"}),
        ("bob", {"jiashan"}),
        ("nanhu_officer", {"nanhu"}),
        ("city_officer", {"nanhu", "jiashan"}),
        ("city_leader", {"nanhu", "jiashan"}),
        ("institution", set()),
        ("stranger", set()),
    ],
)
def test_scope(world, who, sees, nanhu_officer, city_officer, city_leader, make_member, system):
    actors = {
        "alice": world["alice"],
        "bob": world["bob"],
        "nanhu_officer": nanhu_officer,
        "city_officer": city_officer,
        "city_leader": city_leader,
        "institution": make_member(K.INSTITUTION, R.MANAGER),
        "stranger": make_claimant(system),
    }
    actor = actors[who]
    assert _names(actor) == {world[k].pk for k in sees}
    for key in ("nanhu", "jiashan"):
        if key in sees:
            assert enterpriseclaim_get_for(actor=actor, pk=world[key].pk).pk == world[key].pk
        else:
            with pytest.raises(NotFound):
                enterpriseclaim_get_for(actor=actor, pk=world[key].pk)


def test_overdue_filter_counts_and_badges(world, city_officer):
    late = world["jiashan"]
    EnterpriseClaim.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(days=3))
    assert _names(city_officer, due="overdue") == {late.pk}
    assert _names(city_officer, due="open") == {world["nanhu"].pk}
    assert enterpriseclaim_counts(actor=city_officer) == {"open": 2, "overdue": 1}
    page = list(enterpriseclaim_list_visible_to(actor=city_officer))
    badges = deadline_statuses(page)
    assert badges[late.pk].state == "overdue" and badges[world["nanhu"].pk].state == "due"
    claims.enterpriseclaim_transition(actor=city_officer, claim=late, name="reject", comment="逾期补办")
    assert _names(city_officer, due="overdue") == set()
    assert late.pk not in deadline_statuses(list(enterpriseclaim_list_visible_to(actor=city_officer)))


def test_status_and_text_filters(world, city_officer):
    claims.enterpriseclaim_transition(actor=city_officer, claim=world["nanhu"], name="approve")
    assert _names(city_officer, status="approved") == {world["nanhu"].pk}
    assert _names(city_officer, region="330421") == {world["jiashan"].pk}
    assert _names(city_officer, q=world["jiashan"].enterprise.uscc[:10]) == {world["jiashan"].pk}


def test_buttons_and_timeline(world, nanhu_officer):
    claim = world["nanhu"]

    def names(actor):
        return [a.transition.name for a in enterpriseclaim_available_transitions(actor=actor, claim=claim)]

    assert names(nanhu_officer) == ["approve", "reject"]
    assert names(world["alice"]) == ["withdraw"]
    claims.enterpriseclaim_transition(actor=nanhu_officer, claim=claim, name="reject", comment="不符")
    claim = enterpriseclaim_get_for(actor=nanhu_officer, pk=claim.pk)
    assert names(nanhu_officer) == []
    steps = enterpriseclaim_timeline(claim=claim)
    assert [s["to_value"] for s in steps] == ["submitted", "rejected"]
    assert steps[1]["comment"] == "不符" and steps[1]["actor"] == nanhu_officer
