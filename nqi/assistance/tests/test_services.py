"""Housekeepers, 双管家 pairings, visits with problems, solving and linking problems; bad input writes nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.assistance import services
from nqi.assistance.choices import ProblemStatus, VisitKind
from nqi.assistance.models import Housekeeper, Problem, Visit
from nqi.audit.models import AuditEvent
from nqi.core.errors import Conflict, DomainError, PermissionDenied, ValidationFailed
from nqi.core.models import StatusChange
from nqi.core.workflow import TransitionNotAllowed
from nqi.servicedesk.choices import ServiceDomain

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def record(circle, actor=None, **overrides):
    data = {
        "enterprise": circle["enterprise"],
        "kind": VisitKind.DIAGNOSE,
        "visited_on": TODAY - dt.timedelta(days=3),
        "housekeepers": circle["keepers"],
        "findings": "现场检验记录不完整。",
        "problems": [
            {"domain": ServiceDomain.TESTING, "description": "出厂检验项目不全"},
            {"domain": ServiceDomain.METROLOGY, "description": "压力表超期未检"},
            {"domain": "", "description": ""},
        ],
    }
    data.update(overrides)
    return services.visit_record(actor=actor or circle["users"][0], **data)


class TestRegistry:
    def test_only_housekeeper_experts_can_be_registered(self, system, make_member):
        officer_user = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330400")
        with pytest.raises(ValidationFailed) as caught:
            services.housekeeper_register(
                actor=system, user=officer_user, domains=["testing"], appointed_on="2026-01-01"
            )
        assert "row 1.user" in caught.value.errors
        assert not Housekeeper.objects.filter(user=officer_user).exists()

    def test_bad_domain_is_refused(self, system, make_member):
        user = make_member(OrganizationKind.EXPERT_PANEL, Role.HOUSEKEEPER)
        with pytest.raises(ValidationFailed):
            services.housekeeper_register(
                actor=system, user=user, domains=["astrology"], appointed_on="2026-01-01"
            )


class TestPairing:
    def test_one_active_pairing_per_enterprise(self, circle, system):
        with pytest.raises(Conflict):
            services.pairing_create(
                actor=system,
                enterprise=circle["enterprise"],
                housekeeper=circle["keepers"][1],
                internal_name="孙丽",
            )
        services.pairing_end(actor=system, pairing=circle["pairing"])
        again = services.pairing_create(
            actor=system,
            enterprise=circle["enterprise"],
            housekeeper=circle["keepers"][1],
            internal_name="孙丽",
        )
        assert again.ended_on is None

    def test_district_officer_pairs_only_in_jurisdiction(self, circle, nanhu_officer):
        with pytest.raises(PermissionDenied):
            services.pairing_create(
                actor=nanhu_officer,
                enterprise=circle["other"],
                housekeeper=circle["keepers"][1],
                internal_name="王",
            )


class TestVisits:
    def test_visit_with_problems_is_recorded_at_once(self, circle):
        visit = record(circle)
        assert visit.lead == circle["keepers"][0] and visit.housekeepers.count() == 2
        assert list(visit.problems.values_list("status", flat=True)) == [ProblemStatus.OPEN] * 2
        assert AuditEvent.objects.filter(
            event_type="assistance.visit_recorded", target_id=str(visit.pk)
        ).exists()

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"kind": "dance"}, "kind"),
            ({"findings": " "}, "findings"),
            ({"housekeepers": []}, "housekeepers"),
            ({"visited_on": TODAY + dt.timedelta(days=1)}, "visited_on"),
            ({"visited_on": "2026-13-40"}, "visited_on"),
            ({"problems": [{"domain": "x", "description": "问题"}]}, "problems.1.domain"),
        ],
    )
    def test_bad_input_names_the_field_and_writes_nothing(self, circle, overrides, field):
        with pytest.raises(ValidationFailed) as caught:
            record(circle, **overrides)
        assert field in caught.value.errors
        assert Visit.objects.count() == 0 and Problem.objects.count() == 0

    def test_unpaired_housekeeper_may_not_record(self, circle):
        with pytest.raises(PermissionDenied):
            record(circle, actor=circle["users"][1])


class TestProblems:
    def test_solve_needs_solution_and_a_sane_date(self, circle):
        problem = record(circle).problems.first()
        with pytest.raises(ValidationFailed) as caught:
            services.problem_transition(actor=circle["users"][0], problem=problem, name="solve")
        assert "solution" in caught.value.errors
        with pytest.raises(ValidationFailed) as caught:
            services.problem_transition(
                actor=circle["users"][0],
                problem=problem,
                name="solve",
                solution="整改",
                solved_on="2020-01-01",
            )
        assert "solved_on" in caught.value.errors
        solved = services.problem_transition(
            actor=circle["users"][0], problem=problem, name="solve", solution="已补齐检验项目"
        )
        assert solved.status == ProblemStatus.SOLVED and solved.solved_on == TODAY
        assert (
            StatusChange.objects.filter(target_type="assistance.problem", target_id=str(problem.pk)).count()
            == 1
        )
        with pytest.raises(TransitionNotAllowed):
            services.problem_transition(actor=circle["users"][0], problem=solved, name="drop", comment="x")

    def test_drop_needs_reasons(self, circle):
        problem = record(circle).problems.first()
        with pytest.raises(ValidationFailed):
            services.problem_transition(actor=circle["users"][0], problem=problem, name="drop")

    def test_enterprise_owner_may_not_solve(self, circle):
        problem = record(circle).problems.first()
        with pytest.raises(PermissionDenied):
            services.problem_transition(actor=circle["owner"], problem=problem, name="solve", solution="x")

    def test_link_to_a_request_of_another_enterprise_is_refused(self, circle, desk):
        from nqi.servicedesk.tests.test_requests import submit

        problem = record(circle).problems.first()
        other_request = submit(desk)
        with pytest.raises(DomainError) as caught:
            services.problem_link_request(
                actor=circle["users"][0], problem=problem, service_request=other_request
            )
        assert caught.value.code == "other_enterprise"
