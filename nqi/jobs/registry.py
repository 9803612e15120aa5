"""The job-kind registry: what a background job of each kind does and who may start it.

An app declares its kinds in its own `jobs.py` (discovered at start-up) with `register(JobKind(...))`.
A handler gets a `JobContext` and returns a JSON-safe result. Handlers must be all-or-nothing (one
transaction, as every bulk service is) or idempotent, because a failed job may be re-run and a worker
may be killed at any instant; a handler refuses with `JobFailed(reason, result=…)` so the person sees
why and can act on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nqi.core.errors import DomainError


class JobFailed(DomainError):
    """A handler's refusal: `message` is shown as the job's failure reason, `result` kept for the page."""

    code = "job_failed"

    def __init__(self, message, *, result: dict | None = None):
        super().__init__(message)
        self.result = result


@dataclass(frozen=True)
class JobContext:
    """What a handler may use: the job, the actor its work acts for, and the progress reporter."""

    job: object
    actor: object
    payload: dict
    report: Callable[..., None]  # report(done, total=None, message="")


@dataclass(frozen=True)
class JobKind:
    """`authorize(actor, payload)` raises PermissionDenied when `actor` may not start such a job.

    `result_template` renders the job's result on its page (gets `job` and `result`).
    """

    key: str
    label: str | Promise
    handler: Callable[[JobContext], dict | None]
    authorize: Callable[[object, dict], None]
    result_template: str = ""


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    existing = _kinds.get(kind.key)
    if existing is not None and existing.handler is not kind.handler:
        raise RuntimeError(f"job kind {kind.key!r} declared twice")
    _kinds[kind.key] = kind
    return kind


def get_kind(key: str) -> JobKind:
    try:
        return _kinds[key]
    except KeyError:
        raise JobFailed(_("未知的任务类型“%(k)s”。") % {"k": key}) from None


def find_kind(key: str) -> JobKind | None:
    return _kinds.get(key)


def kind_label(key: str) -> str:
    kind = _kinds.get(key)
    return str(kind.label) if kind else key


def all_kinds() -> list[JobKind]:
    return [_kinds[k] for k in sorted(_kinds)]
