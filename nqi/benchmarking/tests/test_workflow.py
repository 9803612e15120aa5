"""The comparison transition table, read as data: no database."""

from types import SimpleNamespace

import pytest

from nqi.benchmarking.workflow import (
    COMPARISON,
    ComparisonStatus,
    has_evidence,
    has_plan,
    has_results,
    level_attained,
    plan_done,
)
from nqi.core.workflow import TransitionNotAllowed, UnknownTransition, get_workflow

S = ComparisonStatus
CHANGE = "benchmarking.change_comparison"
DECLARE = "benchmarking.declare_comparison"

# (transition, from, to or exception, permission, comment required)
TABLE = [
    ("compare", S.DRAFT, S.COMPARED, CHANGE, False),
    ("plan", S.COMPARED, S.IMPROVING, CHANGE, False),
    ("attain", S.COMPARED, S.ATTAINED, CHANGE, False),
    ("attain", S.IMPROVING, S.ATTAINED, CHANGE, False),
    ("declare", S.ATTAINED, S.DECLARED, DECLARE, False),
    ("reopen", S.ATTAINED, S.IMPROVING, CHANGE, False),
    *[("abandon", s, S.ABANDONED, CHANGE, True) for s in (S.DRAFT, S.COMPARED, S.IMPROVING, S.ATTAINED)],
    ("declare", S.COMPARED, TransitionNotAllowed, None, None),
    ("attain", S.DRAFT, TransitionNotAllowed, None, None),
    *[
        (name, end, TransitionNotAllowed, None, None)
        for name in ("abandon", "reopen")
        for end in (S.DECLARED, S.ABANDONED)
    ],
    ("publish", S.ATTAINED, UnknownTransition, None, None),
]


def test_table_is_sound_and_registered():
    assert COMPARISON.problems() == []
    assert get_workflow("benchmarking_comparison") is COMPARISON
    assert {s.value for s in COMPARISON.states if s.terminal} == {S.DECLARED, S.ABANDONED}


@pytest.mark.parametrize(("name", "source", "outcome", "permission", "comment"), TABLE)
def test_transition_table(name, source, outcome, permission, comment):
    if isinstance(outcome, type):
        with pytest.raises(outcome):
            COMPARISON.get_transition(name, source)
        return
    step = COMPARISON.get_transition(name, source)
    assert (step.target, step.permission, step.requires_comment) == (outcome, permission, comment)


def _c(**fields):
    base = {
        "benchmark_count": 1,
        "value_count": 1,
        "plan_item_count": 1,
        "open_item_count": 0,
        "report_count": 1,
        "level_attained": True,
        "level_label": "国内领先",
    }
    return SimpleNamespace(**(base | fields))


@pytest.mark.parametrize(
    ("guard", "comparison", "refuses"),
    [
        (has_results, _c(), False),
        (has_results, _c(benchmark_count=0), True),
        (has_results, _c(value_count=0), True),
        (has_plan, _c(plan_item_count=0), True),
        (level_attained, _c(level_attained=False, level_label="未达到对标水平"), True),
        (level_attained, _c(), False),
        (plan_done, _c(open_item_count=2), True),
        (has_evidence, _c(report_count=0), True),
        (has_evidence, _c(), False),
    ],
)
def test_guards_read_the_counters(guard, comparison, refuses):
    assert bool(guard(comparison, None)) is refuses
