"""Who may do what with a job: requester × other user × bureau admin × system (house rule 5)."""

import pytest

from nqi.accounts.choices import OrganizationKind, Role
from nqi.core.permissions import has_perm
from nqi.jobs.models import Job

pytestmark = pytest.mark.django_db

MATRIX = {
    # permission: (requester, other officer, bureau admin, system)
    "jobs.view_job": (True, False, True, True),
    "jobs.rerun_job": (True, False, True, True),
    "jobs.cancel_job": (True, False, True, True),
    "jobs.run_job": (False, False, False, True),
}


@pytest.fixture
def actors(make_member, system):
    requester = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330402")
    other = make_member(OrganizationKind.BUREAU, Role.OFFICER, "330402")
    admin = make_member(OrganizationKind.BUREAU, Role.ADMIN, "330400")
    return requester, other, admin, system


@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_matrix(actors, permission):
    job = Job.objects.create(kind="toy", label="x", requested_by=actors[0])
    assert tuple(has_perm(a, permission, job) for a in actors) == MATRIX[permission]


def test_only_admins_see_all_jobs(actors):
    assert [has_perm(a, "jobs.view_all_jobs") for a in actors] == [False, False, True, True]
