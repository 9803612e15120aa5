"""Who may do what with background jobs (house rule 5).

- Everyone sees the jobs they started; bureau administrators see every job.
- Only the system actor (the worker) moves a job through start / succeed / fail.
- The person who started a job may re-run it when it failed, or cancel it while it waits; bureau
  administrators may do both for any job.
"""

from __future__ import annotations

from nqi.accounts.rules import is_bureau_admin
from nqi.core.permissions import rule


def _own(user, job) -> bool:
    return job is not None and user.is_authenticated and job.requested_by_id == user.pk


@rule("jobs.view_job")
def can_view(user, job=None) -> bool:
    if job is None:
        return user.is_authenticated
    return _own(user, job) or is_bureau_admin(user)


@rule("jobs.view_all_jobs")
def can_view_all(user, obj=None) -> bool:
    return is_bureau_admin(user)


@rule("jobs.run_job")
def can_run(user, job=None) -> bool:
    """Starting and finishing runs is the worker's (system actor's) business alone."""
    return False


@rule("jobs.rerun_job")
def can_rerun(user, job=None) -> bool:
    return _own(user, job) or is_bureau_admin(user)


@rule("jobs.cancel_job")
def can_cancel(user, job=None) -> bool:
    return _own(user, job) or is_bureau_admin(user)
