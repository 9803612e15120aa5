"""Writes of spot checks: plans and their draw (`plans`), registers (`registers`), tasks (`tasks`)."""

from nqi.spotchecks.services.plans import (  # noqa: F401
    plan_create,
    plan_draw,
    plan_transition,
    plan_verify,
    planitem_set,
)
from nqi.spotchecks.services.registers import inspectorconflict_declare, labscope_set  # noqa: F401
from nqi.spotchecks.services.tasks import (  # noqa: F401
    samplephoto_add,
    task_notify,
    task_object,
    task_order_rectification,
    task_publish,
    task_record_refusal,
    task_record_sampling,
    task_retest,
    task_submit_results,
    task_transition,
)
