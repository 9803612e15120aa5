"""The plan and task transition tables (pure: no database)."""

import pytest

from nqi.spotchecks.choices import TaskStatus as T
from nqi.spotchecks.workflow import PLAN_WORKFLOW, TASK_WORKFLOW


def test_tables_are_sound():
    assert PLAN_WORKFLOW.problems() == []
    assert TASK_WORKFLOW.problems() == []


@pytest.mark.parametrize(
    ("state", "names"),
    [
        (T.DRAWN, {"record_sampling", "record_refusal"}),
        (T.NOTIFIED, {"object", "accept", "order_rectification"}),
        (T.RETESTING, {"retest_upheld", "retest_overturned"}),
        (T.RECTIFYING, {"submit_rectification", "transfer"}),
        (T.RECHECKING, {"recheck_pass", "recheck_fail"}),
        (T.REFUSED, {"transfer"}),
        (T.CLOSED, set()),
    ],
)
def test_exits(state, names):
    assert {t.name for t in TASK_WORKFLOW.transitions_from(state)} == names


@pytest.mark.parametrize(
    ("name", "permission", "comment"),
    [
        ("record_sampling", "spotchecks.sample_task", False),
        ("record_refusal", "spotchecks.sample_task", True),
        ("submit_results", "spotchecks.test_task", False),
        ("object", "spotchecks.object_task", True),
        ("transfer", "spotchecks.aftertreat_task", True),
        ("recheck_fail", "spotchecks.aftertreat_task", True),
        ("submit_rectification", "spotchecks.rectify_task", True),
    ],
)
def test_permissions_and_comments(name, permission, comment):
    step = next(t for t in TASK_WORKFLOW.transitions if t.name == name)
    assert step.permission == permission and step.requires_comment is comment


class _Task:
    def __init__(self, verdict, due):
        self.verdict, self.objection_due_on = verdict, due


def test_objection_guards():
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    obj = next(t for t in TASK_WORKFLOW.transitions if t.name == "object")
    rectify = next(t for t in TASK_WORKFLOW.transitions if t.name == "order_rectification")
    open_window = _Task("unqualified", today + dt.timedelta(days=3))
    closed_window = _Task("unqualified", today - dt.timedelta(days=1))
    assert obj.refusal(open_window, None) is None and rectify.refusal(open_window, None)
    assert obj.refusal(closed_window, None) and rectify.refusal(closed_window, None) is None
    assert obj.refusal(_Task("qualified", today), None)
