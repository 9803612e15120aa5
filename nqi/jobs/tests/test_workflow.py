"""The job workflow table (no database)."""

import pytest

from nqi.core.workflow import TransitionNotAllowed
from nqi.jobs.workflow import JOB_WORKFLOW


def test_table_is_sound():
    assert JOB_WORKFLOW.problems() == []


@pytest.mark.parametrize(
    ("status", "name", "target", "permission"),
    [
        ("queued", "start", "running", "jobs.run_job"),
        ("running", "succeed", "succeeded", "jobs.run_job"),
        ("running", "fail", "failed", "jobs.run_job"),
        ("queued", "fail", "failed", "jobs.run_job"),
        ("failed", "rerun", "queued", "jobs.rerun_job"),
        ("queued", "cancel", "cancelled", "jobs.cancel_job"),
    ],
)
def test_allowed_moves(status, name, target, permission):
    step = JOB_WORKFLOW.get_transition(name, status)
    assert (step.target, step.permission) == (target, permission)


@pytest.mark.parametrize(
    ("status", "name"),
    [
        ("running", "cancel"),
        ("succeeded", "rerun"),
        ("cancelled", "rerun"),
        ("succeeded", "fail"),
        ("failed", "start"),
    ],
)
def test_refused_moves(status, name):
    with pytest.raises(TransitionNotAllowed):
        JOB_WORKFLOW.get_transition(name, status)


def test_finished_states_are_terminal_except_failed():
    assert [s.value for s in JOB_WORKFLOW.states if s.terminal] == ["succeeded", "cancelled"]
