"""The workflow table: declaration checks, lookups, buttons, registry and diagrams. Pure: no database."""

import dataclasses

import pytest
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nqi.core import workflow as wf
from nqi.core.tests import use_minimal_settings
from nqi.core.workflow import (
    AvailableTransition,
    ButtonStyle,
    State,
    Transition,
    TransitionNotAllowed,
    UnknownTransition,
    Workflow,
    WorkflowDeclarationError,
    available,
    to_mermaid,
)

use_minimal_settings()


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    IN_REVIEW = "in_review", _("审查中")
    NEEDS_INFO = "needs_info", _("待补正")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("不予通过")
    WITHDRAWN = "withdrawn", _("已撤回")


def has_result(obj, actor):
    return None if obj.get("result") else _("尚未填写审查结论。")


def not_self_review(obj, actor):
    return "不能审查自己提交的申请。" if obj.get("submitter") == actor else None


S = Status
TRANSITIONS = (
    Transition("submit", (S.DRAFT,), S.SUBMITTED, "servicedesk.submit_servicerequest", _("提交"),
               button_style=ButtonStyle.PRIMARY),
    Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.NEEDS_INFO), S.WITHDRAWN,
               "servicedesk.withdraw_servicerequest", _("撤回")),
    Transition("accept", (S.SUBMITTED,), S.ACCEPTED, "servicedesk.accept_servicerequest", _("受理"),
               deadline_working_days=5),
    Transition("start_review", (S.ACCEPTED,), S.IN_REVIEW, "servicedesk.review_servicerequest", _("开始审查")),
    Transition("request_info", (S.ACCEPTED, S.IN_REVIEW), S.NEEDS_INFO, "servicedesk.review_servicerequest",
               _("要求补正"), requires_comment=True, deadline_working_days=10),
    Transition("resubmit", (S.NEEDS_INFO,), S.IN_REVIEW, "servicedesk.submit_servicerequest", _("重新提交")),
    Transition("approve", (S.IN_REVIEW,), S.APPROVED, "servicedesk.review_servicerequest", _("通过"),
               guards=(not_self_review, has_result), button_style="success"),
    Transition("reject", (S.SUBMITTED, S.IN_REVIEW), S.REJECTED, "servicedesk.review_servicerequest",
               _("不予通过"), requires_comment=True, button_style=ButtonStyle.DANGER),
)  # fmt: skip


def make(**changes):
    fields = {
        "name": "servicerequest",
        "model": "servicedesk.servicerequest",
        "status_field": "status",
        "states": State.from_choices(Status, terminal=(S.APPROVED, S.REJECTED, S.WITHDRAWN)),
        "transitions": TRANSITIONS,
        "initial": S.DRAFT,
    }
    fields.update(changes)
    return Workflow(**fields)


FLOW = make()


def test_sample_workflow_is_sound():
    assert FLOW.problems() == []
    assert FLOW.validate() is FLOW
    assert FLOW.reachable_states() == {s.value for s in Status}


def test_states_from_choices():
    assert [(s.value, str(s.label), s.terminal) for s in FLOW.states][:2] == [
        ("draft", "草稿", False),
        ("submitted", "已提交", False),
    ]
    assert FLOW.is_terminal("approved") and FLOW.is_terminal(S.WITHDRAWN)
    assert not FLOW.is_terminal(S.IN_REVIEW)
    assert State(S.DRAFT, "草稿").value == "draft" and type(State(S.DRAFT, "草稿").value) is str
    with pytest.raises(KeyError, match="archived"):
        FLOW.state("archived")


def test_transition_declaration_is_normalised():
    t = Transition("x", S.DRAFT, S.SUBMITTED, "a.b", "x", button_style="danger", guards=[has_result])
    assert t.sources == ("draft",) and type(t.sources[0]) is str
    assert t.target == "submitted"
    assert t.button_style is ButtonStyle.DANGER
    assert t.guards == (has_result,)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.name = "y"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"sources": ()}, "no source"),
        ({"deadline_working_days": -1}, "negative deadline"),
        ({"guards": ("has_result",)}, "not callable"),
    ],
)
def test_transition_rejects_bad_declarations(kwargs, message):
    fields = {"name": "x", "sources": ("draft",), "target": "submitted", "permission": "a.b", "label": "x"}
    with pytest.raises(WorkflowDeclarationError, match=message):
        Transition(**(fields | kwargs))


@pytest.mark.parametrize(
    ("state", "names"),
    [
        (S.DRAFT, ("submit", "withdraw")),
        ("submitted", ("withdraw", "accept", "reject")),
        (S.ACCEPTED, ("start_review", "request_info")),
        (S.IN_REVIEW, ("request_info", "approve", "reject")),
        (S.NEEDS_INFO, ("withdraw", "resubmit")),
        (S.APPROVED, ()),
        (S.REJECTED, ()),
        ("nonsense", ()),
    ],
)
def test_transitions_from(state, names):
    assert tuple(t.name for t in FLOW.transitions_from(state)) == names


@pytest.mark.parametrize(
    ("name", "state", "target"),
    [
        ("submit", S.DRAFT, "submitted"),
        ("withdraw", "needs_info", "withdrawn"),
        ("request_info", S.IN_REVIEW, "needs_info"),
        ("reject", S.SUBMITTED, "rejected"),
    ],
)
def test_get_transition(name, state, target):
    assert FLOW.get_transition(name, state).target == target


def test_get_transition_unknown_name():
    with pytest.raises(UnknownTransition) as caught:
        FLOW.get_transition("teleport", S.DRAFT)
    assert caught.value.code == "unknown_transition"
    assert caught.value.field == "transition"
    assert "teleport" in caught.value.message


def test_get_transition_from_wrong_state_is_a_conflict():
    with translation.override("zh-hans"), pytest.raises(TransitionNotAllowed) as caught:
        FLOW.get_transition("approve", S.APPROVED)
    error = caught.value
    assert (error.code, error.status_code) == ("transition_not_allowed", 409)
    assert "已通过" in error.message and "通过" in error.message
    assert error.as_dict()["code"] == "transition_not_allowed"


def test_same_name_from_different_sources_picks_by_state():
    escalate_a = Transition("close", (S.APPROVED,), S.WITHDRAWN, "servicedesk.close_a", "关闭")
    escalate_b = Transition("close", (S.REJECTED,), S.WITHDRAWN, "servicedesk.close_b", "关闭")
    flow = make(
        states=State.from_choices(Status, terminal=(S.WITHDRAWN,)),
        transitions=(*TRANSITIONS, escalate_a, escalate_b),
    )
    assert flow.problems() == []
    assert flow.get_transition("close", S.REJECTED) is escalate_b


def _replace_transition(which, **changes):
    return tuple(dataclasses.replace(t, **changes) if t.name == which else t for t in TRANSITIONS)


EXTRA = Transition("reopen", (S.APPROVED,), S.IN_REVIEW, "servicedesk.review_servicerequest", "重新审查")


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"transitions": _replace_transition("accept", target="acepted")}, "unknown state 'acepted'"),
        ({"transitions": _replace_transition("accept", sources=("submited",))}, "unknown state 'submited'"),
        ({"initial": "new"}, "initial state 'new' is not a declared state"),
        (
            {"states": (*State.from_choices(Status, terminal=(S.APPROVED, S.REJECTED, S.WITHDRAWN)),
                        State("archived", "已归档", terminal=True))},
            "state 'archived' is unreachable",
        ),
        ({"transitions": (*TRANSITIONS, EXTRA)}, "terminal state 'approved' has exits: ['reopen']"),
        ({"states": State.from_choices(Status, terminal=(S.REJECTED, S.WITHDRAWN))}, "state 'approved' has no exits"),
        ({"transitions": (*TRANSITIONS, TRANSITIONS[0])}, "transition 'submit' is declared twice from 'draft'"),
        ({"states": (*FLOW.states, State("draft", "草稿"))}, "state 'draft' is declared twice"),
        ({"states": ()}, "no states declared"),
        ({"transitions": _replace_transition("submit", permission="submit")}, "permission 'submit'"),
        ({"transitions": _replace_transition("submit", name="Submit!")}, "'Submit!' is not a lowercase identifier"),
        ({"model": "ServiceRequest"}, "not an 'app_label.modelname' label"),
        ({"name": "service request"}, "workflow name"),
        ({"status_field": "Status"}, "status field"),
    ],
)  # fmt: skip
def test_problems(changes, problem):
    flow = make(**changes)
    assert any(problem in found for found in flow.problems()), flow.problems()
    with pytest.raises(WorkflowDeclarationError, match="servicerequest|service request"):
        flow.validate()


# -- buttons ---------------------------------------------------------------------------------------


def rows(offered):
    return [(a.transition.name, a.allowed, a.reason) for a in offered]


@pytest.mark.parametrize(
    ("state", "permitted", "obj", "actor", "expected"),
    [
        (S.DRAFT, {"submit", "withdraw"}, {}, "ann", [("submit", True, None), ("withdraw", True, None)]),
        (S.DRAFT, {"submit"}, {}, "ann", [("submit", True, None)]),
        (S.IN_REVIEW, {"approve", "reject"}, {"result": "ok"}, "bob",
         [("approve", True, None), ("reject", True, None)]),
        (S.IN_REVIEW, {"approve"}, {}, "bob", [("approve", False, "尚未填写审查结论。")]),
        (S.IN_REVIEW, {"approve"}, {"submitter": "bob"}, "bob", [("approve", False, "不能审查自己提交的申请。")]),
        (S.APPROVED, {"approve", "reject"}, {}, "bob", []),
        (S.SUBMITTED, set(), {}, "eve", []),
    ],
)  # fmt: skip
def test_available(state, permitted, obj, actor, expected):
    with translation.override("zh-hans"):
        offered = available(FLOW, state, lambda t: t.name in permitted, obj, actor)
        assert rows(offered) == expected
    assert all(isinstance(a, AvailableTransition) for a in offered)


def test_available_can_list_forbidden_transitions_disabled():
    def guard_must_not_run(obj, actor):
        raise AssertionError("guards run only for permitted transitions")

    flow = make(transitions=_replace_transition("accept", guards=(guard_must_not_run,)))
    with translation.override("zh-hans"):
        offered = available(
            flow, S.SUBMITTED, lambda t: t.name == "reject", {}, "eve", include_forbidden=True
        )
    assert rows(offered) == [
        ("withdraw", False, "您没有执行此操作的权限。"),
        ("accept", False, "您没有执行此操作的权限。"),
        ("reject", True, None),
    ]


def test_refusal_returns_first_reason_as_text():
    approve = FLOW.get_transition("approve", S.IN_REVIEW)
    with translation.override("zh-hans"):
        reason = approve.refusal({"submitter": "bob"}, "bob")
    assert reason == "不能审查自己提交的申请。" and type(reason) is str
    assert approve.refusal({"result": "ok"}, "ann") is None


# -- registry --------------------------------------------------------------------------------------


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(wf, "_registry", {})


def test_register_and_list(registry):
    other = make(name="claim", model="enterprises.enterpriseclaim")
    assert wf.register(FLOW) is FLOW
    assert wf.register(other) is other
    assert wf.register(FLOW) is FLOW  # importing the module twice is harmless
    assert wf.all_workflows() == [other, FLOW]
    assert wf.get_workflow("servicerequest") is FLOW
    with pytest.raises(KeyError, match="claim"):
        wf.get_workflow("nope")


def test_register_refuses_a_second_workflow_with_the_same_name(registry):
    wf.register(FLOW)
    with pytest.raises(WorkflowDeclarationError, match="registered twice"):
        wf.register(make())


def test_register_validates(registry):
    with pytest.raises(WorkflowDeclarationError):
        wf.register(make(initial="new"))
    assert wf.all_workflows() == []


# -- diagram ---------------------------------------------------------------------------------------


def test_to_mermaid():
    with translation.override("zh-hans"):
        diagram = to_mermaid(FLOW)
    lines = diagram.splitlines()
    assert lines[0] == "stateDiagram-v2"
    for line in [
        '    state "草稿" as draft',
        "    [*] --> draft",
        "    draft --> submitted: 提交 (submit)",
        "    submitted --> accepted: 受理 (accept) · 时限 5 个工作日",
        "    accepted --> needs_info: 要求补正 (request_info) · 需填写意见 · 时限 10 个工作日",
        "    in_review --> needs_info: 要求补正 (request_info) · 需填写意见 · 时限 10 个工作日",
        "    approved --> [*]",
        "    withdrawn --> [*]",
    ]:
        assert line in lines
    assert sum(line.endswith("(withdraw)") for line in lines) == 3
    assert "    draft --> [*]" not in lines
    assert diagram.endswith("\n")


def test_to_mermaid_escapes_label_punctuation():
    flow = make(states=(*FLOW.states[:-1], State("withdrawn", '撤回: "主动"; 结束', terminal=True)))
    assert "    state \"撤回： '主动'； 结束\" as withdrawn" in to_mermaid(flow).splitlines()
