"""Claim services: submit, the one-door transitions, the account granted on approval, the deadline policy."""

import datetime as dt

import pytest
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind as K
from nqi.accounts.choices import Role as R
from nqi.accounts.models import Membership, Organization
from nqi.audit.models import AuditEvent
from nqi.core import workdays
from nqi.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.workflow import TransitionNotAllowed
from nqi.enterprises import claims, services
from nqi.enterprises.claim_selectors import SHIPPED_CLAIM_POLICY
from nqi.enterprises.models import EnterpriseClaim
from nqi.enterprises.selectors import enterprise_list_visible_to
from nqi.enterprises.tests.claim_factories import claim_data, make_claim, make_claimant
from nqi.enterprises.tests.factories import make_enterprise, valid_uscc
from nqi.enterprises.workflow import EnterpriseClaimStatus as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(system):
    return make_enterprise(system, "330402")


@pytest.fixture
def claimant(system):
    return make_claimant(system)


@pytest.fixture
def admin(make_member):
    return make_member(K.BUREAU, R.ADMIN, "330400")


def _written():
    return EnterpriseClaim.objects.count(), StatusChange.objects.count(), AuditEvent.objects.count()


class TestEnterpriseClaimSubmit:
    def test_waits_for_verification_with_the_shipped_deadline_and_audits(self, claimant, enterprise):
        claim = make_claim(claimant, enterprise)
        assert claim.status == S.SUBMITTED and claim.version == 1
        assert (claim.policy_version, claim.deadline_working_days) == (
            0,
            SHIPPED_CLAIM_POLICY.verification_working_days,
        )
        expected = workdays.get_calendar().deadline_at(claim.created_at, 5)
        assert claim.due_at == expected
        event = AuditEvent.objects.get(
            event_type="enterprises.enterpriseclaim_submitted", target_id=str(claim.pk)
        )
        assert event.actor_id == claimant.pk
        assert event.data == {"policy_version": 0, "deadline_working_days": 5}

    def test_uses_the_policy_in_force_today_not_a_future_one(self, admin, claimant, enterprise, system):
        today = timezone.localdate()
        claims.enterpriseclaimpolicy_create(
            actor=admin, effective_from=today, verification_working_days=3, basis="局务会决定"
        )
        claims.enterpriseclaimpolicy_create(
            actor=admin,
            effective_from=today + dt.timedelta(days=30),
            verification_working_days=10,
            basis="下月起",
        )
        claim = make_claim(claimant, enterprise)
        assert (claim.policy_version, claim.deadline_working_days) == (1, 3)

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"uscc": ""}, "uscc"),
            ({"uscc": "91330402MA0000001X"}, "uscc"),
            ({"uscc": valid_uscc("330402")}, "uscc"),  # valid but not in the registry
            ({"applicant_name": ""}, "applicant_name"),
            ({"contact_phone": "call me"}, "contact_phone"),
            ({"statement": "长" * 1001}, "statement"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, claimant, enterprise, overrides, field):
        before = _written()
        with pytest.raises(ValidationFailed) as caught:
            claims.enterpriseclaim_submit(actor=claimant, data=claim_data(enterprise, **overrides))
        assert field in caught.value.errors
        assert _written() == before

    def test_one_waiting_claim_per_enterprise_and_claimant(self, claimant, enterprise, city_officer):
        first = make_claim(claimant, enterprise)
        with pytest.raises(Conflict) as caught:
            make_claim(claimant, enterprise)
        assert caught.value.code == "claim_open"
        claims.enterpriseclaim_transition(actor=city_officer, claim=first, name="reject", comment="材料不全")
        assert make_claim(claimant, enterprise).status == S.SUBMITTED

    def test_deregistered_enterprise_cannot_be_claimed(self, claimant, system):
        gone = make_enterprise(system, "330402", status="deregistered")
        with pytest.raises(ValidationFailed) as caught:
            make_claim(claimant, gone)
        assert "uscc" in caught.value.errors

    @pytest.mark.parametrize(
        ("kind", "role"),
        [
            (K.BUREAU, R.OFFICER),
            (K.BUREAU, R.LEADER),
            (K.INSTITUTION, R.MANAGER),
            (K.EXPERT_PANEL, R.HOUSEKEEPER),
        ],
    )
    def test_only_enterprise_users_claim(self, make_member, enterprise, kind, role):
        user = make_member(kind, role, "330400" if kind == K.BUREAU else None)
        with pytest.raises(PermissionDenied):
            make_claim(user, enterprise)

    def test_owner_of_the_enterprise_need_not_claim(self, make_member, system, enterprise):
        owner = make_member(K.ENTERPRISE, R.OWNER)
        services.enterprise_link_organization(
            actor=system, enterprise=enterprise, organization=owner.memberships.get().organization
        )
        with pytest.raises(DomainError) as caught:
            make_claim(owner, enterprise)
        assert caught.value.code == "already_owner"


class TestEnterpriseClaimTransition:
    def test_approve_links_a_new_organization_and_makes_the_claimant_owner(
        self, claimant, enterprise, nanhu_officer
    ):
        claim = make_claim(claimant, enterprise)
        approved = claims.enterpriseclaim_transition(actor=nanhu_officer, claim=claim, name="approve")
        assert (approved.status, approved.version, approved.due_at) == (S.APPROVED, 2, None)
        assert approved.decided_by == nanhu_officer and approved.decided_at is not None
        enterprise.refresh_from_db()
        assert enterprise.organization is not None and enterprise.organization.kind == K.ENTERPRISE
        assert approved.organization_id == enterprise.organization_id
        assert Membership.objects.filter(
            user=claimant, organization=enterprise.organization, role=R.OWNER
        ).exists()
        change = StatusChange.objects.get(target_type="enterprises.enterpriseclaim", target_id=str(claim.pk))
        assert (change.transition, change.from_status, change.to_status, change.actor_id) == (
            "approve",
            S.SUBMITTED,
            S.APPROVED,
            nanhu_officer.pk,
        )
        event = AuditEvent.objects.get(event_type="enterprises.enterpriseclaim_approve")
        assert event.actor_id == nanhu_officer.pk and event.after == {"status": "approved"}
        assert AuditEvent.objects.filter(event_type="enterprises.enterprise_organization_linked").exists()
        claimant = type(claimant).objects.get(pk=claimant.pk)  # fresh scope
        assert list(enterprise_list_visible_to(actor=claimant)) == [enterprise]

    def test_approve_links_the_claimants_own_free_organization(self, make_member, enterprise, city_officer):
        owner = make_member(K.ENTERPRISE, R.OWNER)
        own_org = owner.memberships.get().organization
        approved = claims.enterpriseclaim_transition(
            actor=city_officer, claim=make_claim(owner, enterprise), name="approve"
        )
        enterprise.refresh_from_db()
        assert enterprise.organization == own_org == approved.organization
        assert Organization.objects.filter(kind=K.ENTERPRISE).count() == 1

    def test_approve_on_a_managed_enterprise_adds_the_claimant_to_its_organization(
        self, make_member, system, enterprise, claimant, city_officer
    ):
        owner = make_member(K.ENTERPRISE, R.OWNER)
        org = owner.memberships.get().organization
        services.enterprise_link_organization(actor=system, enterprise=enterprise, organization=org)
        claims.enterpriseclaim_transition(
            actor=city_officer, claim=make_claim(claimant, enterprise), name="approve"
        )
        enterprise.refresh_from_db()
        assert enterprise.organization == org
        assert set(
            Membership.objects.filter(organization=org, role=R.OWNER).values_list("user", flat=True)
        ) == {owner.pk, claimant.pk}

    def test_approval_is_all_or_nothing(self, claimant, enterprise, city_officer, monkeypatch):
        claim = make_claim(claimant, enterprise)
        before = _written()

        def broken(**kwargs):
            raise RuntimeError("link failed")

        monkeypatch.setattr(services, "enterprise_link_organization", broken)
        with pytest.raises(RuntimeError):
            claims.enterpriseclaim_transition(actor=city_officer, claim=claim, name="approve")
        claim.refresh_from_db()
        assert claim.status == S.SUBMITTED and _written() == before
        assert not Membership.objects.filter(user=claimant).exists()

    def test_reject_requires_a_comment_and_keeps_it(self, claimant, enterprise, city_officer):
        claim = make_claim(claimant, enterprise)
        before = _written()
        with pytest.raises(ValidationFailed) as caught:
            claims.enterpriseclaim_transition(actor=city_officer, claim=claim, name="reject", comment="  ")
        assert "comment" in caught.value.errors and _written() == before
        rejected = claims.enterpriseclaim_transition(
            actor=city_officer, claim=claim, name="reject", comment="请提供授权书"
        )
        assert (rejected.status, rejected.decision_comment) == (S.REJECTED, "请提供授权书")
        assert StatusChange.objects.get(target_id=str(claim.pk)).comment == "请提供授权书"
        enterprise.refresh_from_db()
        assert enterprise.organization is None

    @pytest.mark.parametrize(
        ("who", "name", "allowed"),
        [
            ("claimant", "withdraw", True),
            ("other_claimant", "withdraw", False),
            ("nanhu_officer", "withdraw", False),
            ("claimant", "approve", False),
            ("jiashan_officer", "approve", False),
            ("city_leader", "approve", False),
            ("nanhu_inspector", "reject", False),
            ("nanhu_officer", "approve", True),
            ("city_admin", "reject", True),
        ],
    )
    def test_who_may_press_which_button(
        self, make_member, system, claimant, enterprise, nanhu_officer, city_leader, who, name, allowed
    ):
        actors = {
            "claimant": claimant,
            "other_claimant": make_claimant(system),
            "nanhu_officer": nanhu_officer,
            "jiashan_officer": make_member(K.BUREAU, R.OFFICER, "330421"),
            "city_leader": city_leader,
            "nanhu_inspector": make_member(K.BUREAU, R.INSPECTOR, "330402"),
            "city_admin": make_member(K.BUREAU, R.ADMIN, "330400"),
        }
        claim = make_claim(claimant, enterprise)
        if allowed:
            done = claims.enterpriseclaim_transition(
                actor=actors[who], claim=claim, name=name, comment="意见"
            )
            assert done.status != S.SUBMITTED
        else:
            with pytest.raises(PermissionDenied):
                claims.enterpriseclaim_transition(actor=actors[who], claim=claim, name=name, comment="意见")

    def test_stale_version_conflicts(self, claimant, enterprise, city_officer):
        claim = make_claim(claimant, enterprise)
        with pytest.raises(Conflict) as caught:
            claims.enterpriseclaim_transition(
                actor=city_officer, claim=claim, name="approve", expected_version=7
            )
        assert caught.value.code == "stale_version"
        assert (
            claims.enterpriseclaim_transition(
                actor=city_officer, claim=claim, name="approve", expected_version=1
            ).status
            == S.APPROVED
        )

    def test_a_decided_claim_cannot_move_again(self, claimant, enterprise, city_officer):
        claim = make_claim(claimant, enterprise)
        claims.enterpriseclaim_transition(actor=claimant, claim=claim, name="withdraw")
        with pytest.raises(TransitionNotAllowed):
            claims.enterpriseclaim_transition(actor=city_officer, claim=claim, name="approve")

    def test_guard_refuses_approval_of_an_enterprise_deregistered_meanwhile(
        self, claimant, enterprise, city_officer
    ):
        claim = make_claim(claimant, enterprise)
        services.enterprise_update(actor=city_officer, enterprise=enterprise, data={"status": "deregistered"})
        with pytest.raises(DomainError) as caught:
            claims.enterpriseclaim_transition(actor=city_officer, claim=claim, name="approve")
        assert caught.value.code == "guard_refused"
        assert (
            claims.enterpriseclaim_transition(
                actor=city_officer, claim=claim, name="reject", comment="企业已注销"
            ).status
            == S.REJECTED
        )


class TestEnterpriseClaimPolicyCreate:
    def test_versions_increase_and_are_audited(self, admin):
        today = timezone.localdate()
        first = claims.enterpriseclaimpolicy_create(
            actor=admin, effective_from=today, verification_working_days=3, basis="A"
        )
        second = claims.enterpriseclaimpolicy_create(
            actor=admin, effective_from=today, verification_working_days=4, basis="B"
        )
        assert (first.version, second.version) == (1, 2)
        assert AuditEvent.objects.filter(event_type="enterprises.enterpriseclaimpolicy_created").count() == 2

    @pytest.mark.parametrize(
        ("days_from_today", "working_days", "basis", "field"),
        [
            (-1, 5, "x", "effective_from"),
            (0, 0, "x", "verification_working_days"),
            (0, 61, "x", "verification_working_days"),
            (0, 5, "", "basis"),
        ],
    )
    def test_refuses_retroactive_or_absurd_values(self, admin, days_from_today, working_days, basis, field):
        with pytest.raises(ValidationFailed) as caught:
            claims.enterpriseclaimpolicy_create(
                actor=admin,
                effective_from=timezone.localdate() + dt.timedelta(days=days_from_today),
                verification_working_days=working_days,
                basis=basis,
            )
        assert field in caught.value.errors

    def test_only_administrators(self, city_officer):
        with pytest.raises(PermissionDenied):
            claims.enterpriseclaimpolicy_create(
                actor=city_officer,
                effective_from=timezone.localdate(),
                verification_working_days=5,
                basis="x",
            )
