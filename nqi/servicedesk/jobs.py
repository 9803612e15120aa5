"""The SLA check as a background job (nqi.jobs): mark late clocks breached and escalate them.

Run it every 15 minutes (the worker's schedule or cron running `nqi check_sla`); each level of escalation
sends its notices once, so running it more often only makes warnings more punctual.
"""

from django.utils.translation import gettext_lazy as _

from nqi.core.permissions import authorize
from nqi.jobs.registry import JobContext, JobKind, register

CHECK_SLA = "servicedesk.check_sla"


def _authorize(actor, payload: dict) -> None:
    authorize(actor, "servicedesk.view_sla")


def _check(context: JobContext) -> dict:
    from nqi.servicedesk.services.clocks import slaclock_check_all

    return slaclock_check_all(actor=context.actor)


register(JobKind(key=CHECK_SLA, label=_("服务时限检查与逐级预警"), handler=_check, authorize=_authorize))
