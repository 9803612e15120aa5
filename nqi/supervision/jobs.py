"""The whole-city regrade as a background job (nqi.jobs): progress shown on the job page."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from nqi.core.permissions import authorize
from nqi.jobs.registry import JobContext, JobKind, register

REGRADE_CITY = "supervision.regrade_city"


def _authorize(actor, payload: dict) -> None:
    authorize(actor, "supervision.run_regrade")


def _regrade(context: JobContext) -> dict:
    from nqi.supervision import services

    as_of = context.payload.get("as_of")
    run = services.city_regrade(
        actor=context.actor,
        as_of=dt.date.fromisoformat(as_of) if as_of else None,
        reason=context.payload.get("reason", ""),
        progress=lambda done, total: context.report(done, total),
    )
    return {"run": run.pk, "enterprises": run.total, "changed": run.changed, "policy": str(run.policy)}


register(JobKind(key=REGRADE_CITY, label=_("全市分级分类重新评定"), handler=_regrade, authorize=_authorize))
