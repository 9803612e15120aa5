"""The enterprise-claim transition table, read as data: no database."""

from types import SimpleNamespace

import pytest

from nqi.core.workflow import TransitionNotAllowed, UnknownTransition, get_workflow
from nqi.enterprises.workflow import (
    ENTERPRISE_CLAIM,
    EnterpriseClaimStatus,
    claimant_is_active,
    enterprise_is_active,
)

S = EnterpriseClaimStatus
VERIFY = "enterprises.verify_enterpriseclaim"
WITHDRAW = "enterprises.withdraw_enterpriseclaim"

# (transition, from, to or exception, permission, comment required)
TABLE = [
    ("approve", S.SUBMITTED, S.APPROVED, VERIFY, False),
    ("reject", S.SUBMITTED, S.REJECTED, VERIFY, True),
    ("withdraw", S.SUBMITTED, S.WITHDRAWN, WITHDRAW, False),
    *[
        (name, end, TransitionNotAllowed, None, None)
        for name in ("approve", "reject", "withdraw")
        for end in (S.APPROVED, S.REJECTED, S.WITHDRAWN)
    ],
    ("reopen", S.SUBMITTED, UnknownTransition, None, None),
]


def test_table_is_sound_and_registered():
    assert ENTERPRISE_CLAIM.problems() == []
    assert get_workflow("enterprise_claim") is ENTERPRISE_CLAIM
    assert ENTERPRISE_CLAIM.initial == S.SUBMITTED
    assert {s.value for s in ENTERPRISE_CLAIM.states if s.terminal} == {S.APPROVED, S.REJECTED, S.WITHDRAWN}


@pytest.mark.parametrize(("name", "source", "outcome", "permission", "comment"), TABLE)
def test_transition_table(name, source, outcome, permission, comment):
    if isinstance(outcome, type):
        with pytest.raises(outcome):
            ENTERPRISE_CLAIM.get_transition(name, source)
        return
    step = ENTERPRISE_CLAIM.get_transition(name, source)
    assert (step.target, step.permission, step.requires_comment) == (outcome, permission, comment)
    assert step.deadline_working_days is None  # the waiting deadline is set at submission, from policy


def _claim(enterprise_status="active", claimant_active=True):
    enterprise = SimpleNamespace(status=enterprise_status, get_status_display=lambda: "注销")
    return SimpleNamespace(enterprise=enterprise, claimant=SimpleNamespace(is_active=claimant_active))


@pytest.mark.parametrize(
    ("claim", "refused_by"),
    [
        (_claim(), None),
        (_claim(enterprise_status="deregistered"), enterprise_is_active),
        (_claim(claimant_active=False), claimant_is_active),
    ],
)
def test_approve_guards(claim, refused_by):
    step = ENTERPRISE_CLAIM.get_transition("approve", S.SUBMITTED)
    reason = step.refusal(claim, actor=None)
    if refused_by is None:
        assert reason is None
    else:
        assert reason == str(refused_by(claim, None))
