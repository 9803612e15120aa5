"""Workflows as data: the transition table behind every status field (ARCHITECTURE.md house rule 6).

Each app's `workflow.py` declares one `Workflow`: its states, and the transitions between them, each
with the permission it needs, a translatable button label, whether a comment or attachment is
required, guard predicates, and the working-day deadline the target state starts (counted per
《行政许可法》第八十二条, see `nqi.core.workdays`). The declaration is pure data with no ORM, so it can be
read on one screen, tested without a database and drawn as a diagram (`to_mermaid`).

The one door that changes status is the app's `<entity>_transition` service (built on
`nqi.core.transitions`); it looks transitions up here with `Workflow.get_transition` and renders
buttons from `available`.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from nqi.core.errors import Conflict, DomainError

Label = str | Promise
Guard = Callable[[Any, Any], str | Promise | None]
"""A guard gets (obj, actor) and returns a translated refusal reason, or None to allow."""

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")
_DOTTED = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class ButtonStyle(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    WARNING = "warning"
    DANGER = "danger"


class WorkflowDeclarationError(ValueError):
    """A workflow table contradicts itself; a programming error caught at import or in tests."""


class UnknownTransition(DomainError):
    """The workflow has no transition of that name (a stale button or a bad API call)."""

    code = "unknown_transition"


class TransitionNotAllowed(Conflict):
    """The transition exists but not from the record's current status (someone moved it first)."""

    code = "transition_not_allowed"


def _value(state: Any) -> str:
    """Accept a TextChoices member or a plain string; store the plain value."""
    return str(getattr(state, "value", state))


@dataclass(frozen=True, eq=False)
class State:
    """One status value. A terminal state ends the process: no transition may leave it.

    Declarations compare by identity: a lazy label is not translated just to compare or hash.
    """

    value: str
    label: Label
    terminal: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", _value(self.value))

    @classmethod
    def from_choices(cls, choices: Iterable[Any], *, terminal: Iterable[Any] = ()) -> tuple[State, ...]:
        """States from a TextChoices class (the app's `choices.py`), marking `terminal` members."""
        ends = {_value(member) for member in terminal}
        return tuple(cls(_value(member), member.label, _value(member) in ends) for member in choices)


@dataclass(frozen=True, eq=False)
class Transition:
    """One allowed move: from any of `sources` to `target`, for holders of `permission`.

    `guards` are business preconditions beyond permission (e.g. "all samples have results"); the
    first refusal reason wins. `deadline_working_days` is the default time the target state allows,
    in working days; an app's effective-dated policy row may override it.
    """

    name: str
    sources: tuple[str, ...]
    target: str
    permission: str
    label: Label
    requires_comment: bool = False
    requires_attachment: bool = False
    guards: tuple[Guard, ...] = ()
    deadline_working_days: int | None = None
    button_style: ButtonStyle = ButtonStyle.SECONDARY

    def __post_init__(self) -> None:
        sources = (self.sources,) if isinstance(self.sources, str) else self.sources
        object.__setattr__(self, "sources", tuple(_value(s) for s in sources))
        object.__setattr__(self, "target", _value(self.target))
        object.__setattr__(self, "guards", tuple(self.guards))
        object.__setattr__(self, "button_style", ButtonStyle(self.button_style))
        if not self.sources:
            raise WorkflowDeclarationError(f"transition {self.name!r} has no source state")
        if self.deadline_working_days is not None and self.deadline_working_days < 0:
            raise WorkflowDeclarationError(f"transition {self.name!r} has a negative deadline")
        if not all(callable(guard) for guard in self.guards):
            raise WorkflowDeclarationError(f"transition {self.name!r} has a guard that is not callable")

    def refusal(self, obj: Any, actor: Any) -> str | None:
        """The first guard's refusal reason for `actor` on `obj`, or None when every guard allows."""
        for guard in self.guards:
            reason = guard(obj, actor)
            if reason:
                return str(reason)
        return None


class AvailableTransition(NamedTuple):
    """A transition offered as a button: enabled, or disabled with the reason shown beside it."""

    transition: Transition
    allowed: bool
    reason: str | None


@dataclass(frozen=True, eq=False)
class Workflow:
    """The transition table of the field `status_field` on `model` ("app_label.modelname").

    A new record starts in `initial`; `transitions` are listed in the order their buttons appear.
    """

    name: str
    model: str
    status_field: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    initial: str
    _by_value: dict[str, State] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "states", tuple(self.states))
        object.__setattr__(self, "transitions", tuple(self.transitions))
        object.__setattr__(self, "initial", _value(self.initial))
        object.__setattr__(self, "_by_value", {state.value: state for state in self.states})

    def state(self, value: Any) -> State:
        try:
            return self._by_value[_value(value)]
        except KeyError:
            raise KeyError(f"workflow {self.name!r} has no state {_value(value)!r}") from None

    def is_terminal(self, value: Any) -> bool:
        return self.state(value).terminal

    def transitions_from(self, state: Any) -> tuple[Transition, ...]:
        """Transitions that may leave `state`, in declaration order (the button order)."""
        value = _value(state)
        return tuple(t for t in self.transitions if value in t.sources)

    def get_transition(self, name: str, from_state: Any) -> Transition:
        """The transition `name` valid from `from_state`.

        Raises UnknownTransition when no transition has that name, TransitionNotAllowed when it
        exists but not from `from_state` (the record's status changed since the page was drawn).
        """
        value = _value(from_state)
        named = [t for t in self.transitions if t.name == name]
        if not named:
            raise UnknownTransition(
                gettext("流程“%(workflow)s”中没有操作“%(name)s”。") % {"workflow": self.name, "name": name},
                field="transition",
            )
        for transition in named:
            if value in transition.sources:
                return transition
        label = self._by_value[value].label if value in self._by_value else value
        raise TransitionNotAllowed(
            gettext("当前状态“%(state)s”下不能执行“%(action)s”，请刷新后重试。")
            % {"state": label, "action": named[0].label},
            field="transition",
        )

    def problems(self) -> list[str]:
        """Every inconsistency in the table, in English for developers; empty when sound."""
        found = _declaration_problems(self)
        known = set(self._by_value)
        if self.initial not in known:
            found.append(f"initial state {self.initial!r} is not a declared state")
        for t in self.transitions:
            for value in (*t.sources, t.target):
                if value not in known:
                    found.append(f"transition {t.name!r} uses unknown state {value!r}")
        seen: set[tuple[str, str]] = set()
        for t in self.transitions:
            for source in t.sources:
                if (t.name, source) in seen:
                    found.append(f"transition {t.name!r} is declared twice from {source!r}")
                seen.add((t.name, source))
        for state in self.states:
            exits = self.transitions_from(state.value)
            if state.terminal and exits:
                found.append(f"terminal state {state.value!r} has exits: {[t.name for t in exits]}")
            if not state.terminal and not exits:
                found.append(f"state {state.value!r} has no exits; mark it terminal")
        unreachable = known - self.reachable_states()
        found.extend(f"state {value!r} is unreachable from {self.initial!r}" for value in sorted(unreachable))
        return found

    def validate(self) -> Workflow:
        """Raise WorkflowDeclarationError listing every problem; return self when sound."""
        found = self.problems()
        if found:
            raise WorkflowDeclarationError(f"workflow {self.name!r}: " + "; ".join(found))
        return self

    def reachable_states(self) -> set[str]:
        """States reachable from the initial state by following transitions."""
        reached = {self.initial}
        queue = deque([self.initial])
        while queue:
            for transition in self.transitions_from(queue.popleft()):
                if transition.target not in reached:
                    reached.add(transition.target)
                    queue.append(transition.target)
        return reached


def _declaration_problems(workflow: Workflow) -> list[str]:
    """Names that must be identifiers (they appear in URLs, permissions and the API)."""
    found = []
    if not _IDENTIFIER.match(workflow.name):
        found.append(f"workflow name {workflow.name!r} is not a lowercase identifier")
    if not _DOTTED.match(workflow.model):
        found.append(f"model {workflow.model!r} is not an 'app_label.modelname' label")
    if not _IDENTIFIER.match(workflow.status_field):
        found.append(f"status field {workflow.status_field!r} is not an identifier")
    values = [state.value for state in workflow.states]
    if not values:
        found.append("no states declared")
    found.extend(f"state {v!r} is declared twice" for v in sorted({v for v in values if values.count(v) > 1}))
    for t in workflow.transitions:
        if not _IDENTIFIER.match(t.name):
            found.append(f"transition name {t.name!r} is not a lowercase identifier")
        if not _DOTTED.match(t.permission):
            found.append(f"transition {t.name!r} permission {t.permission!r} is not 'app_label.codename'")
    return found


def available(
    workflow: Workflow,
    obj_state: Any,
    can: Callable[[Transition], bool],
    obj: Any,
    actor: Any,
    *,
    include_forbidden: bool = False,
) -> list[AvailableTransition]:
    """The buttons for `actor` on `obj` in `obj_state`, in declaration order.

    `can(transition)` answers the permission question (the caller binds actor and obj). Transitions
    the actor may not perform are left out, so nobody sees actions that are not theirs; pass
    `include_forbidden=True` to list them disabled instead. Guards run only for permitted
    transitions, and a refusing guard gives a disabled button with its reason.
    """
    offered = []
    for transition in workflow.transitions_from(obj_state):
        if not can(transition):
            if include_forbidden:
                offered.append(AvailableTransition(transition, False, gettext("您没有执行此操作的权限。")))
            continue
        reason = transition.refusal(obj, actor)
        offered.append(AvailableTransition(transition, reason is None, reason))
    return offered


# -- registry ------------------------------------------------------------------------------------

_registry: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    """Validate and register `workflow` under its name; returns it for `WORKFLOW = register(...)`."""
    existing = _registry.get(workflow.name)
    if existing is not None and existing is not workflow:
        raise WorkflowDeclarationError(f"workflow {workflow.name!r} is registered twice")
    _registry[workflow.name] = workflow.validate()
    return workflow


def get_workflow(name: str) -> Workflow:
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"no workflow named {name!r}; registered: {sorted(_registry)}") from None


def all_workflows() -> list[Workflow]:
    """Every registered workflow, sorted by name (`print_workflows` draws each)."""
    return [_registry[name] for name in sorted(_registry)]


# -- diagrams ------------------------------------------------------------------------------------


def _mermaid_text(text: object) -> str:
    """Mermaid ends a label at ':' ';' or a newline and breaks on '"'; swap in safe look-alikes."""
    return str(text).replace('"', "'").replace(":", "：").replace(";", "；").replace("\n", " ").strip()


def to_mermaid(workflow: Workflow) -> str:
    """The workflow as a Mermaid stateDiagram-v2, labels in the active language."""
    lines = ["stateDiagram-v2"]
    for state in workflow.states:
        lines.append(f'    state "{_mermaid_text(state.label)}" as {state.value}')
    lines.append(f"    [*] --> {workflow.initial}")
    for t in workflow.transitions:
        notes = [f"{_mermaid_text(t.label)} ({t.name})"]
        if t.requires_comment:
            notes.append(gettext("需填写意见"))
        if t.deadline_working_days is not None:
            n = t.deadline_working_days
            notes.append(ngettext("时限 %(n)d 个工作日", "时限 %(n)d 个工作日", n) % {"n": n})
        text = " · ".join(notes)
        for source in t.sources:
            lines.append(f"    {source} --> {t.target}: {text}")
    for state in workflow.states:
        if state.terminal:
            lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines) + "\n"
