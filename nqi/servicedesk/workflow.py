"""The transition tables of a service request and of its tasks (house rule 6; drawn by `print_workflows`).

Request: submitted → (accept | return with reasons) → routed into tasks (in service) → closed when every
task is done (《行政许可法》第三十二条: 受理或者不予受理，不予受理须说明理由). Task: routed → accepted by the
provider → (information asked of the enterprise, SLA paused ↔ given) → delivered.
"""

from django.utils.translation import gettext_lazy as _

from nqi.core.workflow import ButtonStyle, State, Transition, Workflow, register
from nqi.servicedesk.choices import RequestStatus as R
from nqi.servicedesk.choices import TaskStatus as T


def has_tasks(request, actor):
    """Routing must leave at least one task for a provider."""
    from nqi.servicedesk.selectors.requests import servicerequest_task_counts

    return None if servicerequest_task_counts(request)["total"] else _("请先分派至少一个服务机构。")


def all_tasks_done(request, actor):
    """A request closes only when every task is delivered or cancelled, and at least one was delivered."""
    from nqi.servicedesk.selectors.requests import servicerequest_task_counts

    counts = servicerequest_task_counts(request)
    if counts["open"]:
        return _("还有 %(n)s 项服务任务未完成。") % {"n": counts["open"]}
    return None if counts["delivered"] else _("没有已交付的服务任务，不能办结。")


REQUEST_WORKFLOW = register(
    Workflow(
        name="servicerequest",
        model="servicedesk.servicerequest",
        status_field="status",
        states=State.from_choices(R, terminal=(R.CLOSED, R.WITHDRAWN)),
        initial=R.SUBMITTED,
        transitions=(
            Transition(
                "accept",
                (R.SUBMITTED,),
                R.ACCEPTED,
                "servicedesk.accept_servicerequest",
                _("受理"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "return",
                (R.SUBMITTED,),
                R.RETURNED,
                "servicedesk.accept_servicerequest",
                _("退回"),
                requires_comment=True,
                button_style=ButtonStyle.WARNING,
            ),
            Transition(
                "resubmit",
                (R.RETURNED,),
                R.SUBMITTED,
                "servicedesk.resubmit_servicerequest",
                _("修改后重新提交"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "route",
                (R.ACCEPTED,),
                R.IN_SERVICE,
                "servicedesk.route_servicerequest",
                _("分派"),
                guards=(has_tasks,),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "close",
                (R.IN_SERVICE,),
                R.CLOSED,
                "servicedesk.close_servicerequest",
                _("办结"),
                guards=(all_tasks_done,),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "withdraw",
                (R.SUBMITTED, R.RETURNED, R.ACCEPTED),
                R.WITHDRAWN,
                "servicedesk.withdraw_servicerequest",
                _("撤回申请"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
        ),
    )
)

TASK_WORKFLOW = register(
    Workflow(
        name="servicetask",
        model="servicedesk.servicetask",
        status_field="status",
        states=State.from_choices(T, terminal=(T.DELIVERED, T.CANCELLED)),
        initial=T.ROUTED,
        transitions=(
            Transition(
                "accept",
                (T.ROUTED,),
                T.IN_PROGRESS,
                "servicedesk.work_servicetask",
                _("接单"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "request_info",
                (T.IN_PROGRESS,),
                T.AWAITING_INFO,
                "servicedesk.work_servicetask",
                _("请企业补充"),
                requires_comment=True,
                button_style=ButtonStyle.WARNING,
            ),
            Transition(
                "provide_info",
                (T.AWAITING_INFO,),
                T.IN_PROGRESS,
                "servicedesk.reply_servicetask",
                _("提交补充材料"),
                requires_comment=True,
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "deliver",
                (T.IN_PROGRESS,),
                T.DELIVERED,
                "servicedesk.work_servicetask",
                _("交付结果"),
                requires_attachment=True,
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "cancel",
                (T.ROUTED, T.IN_PROGRESS, T.AWAITING_INFO),
                T.CANCELLED,
                "servicedesk.cancel_servicetask",
                _("取消任务"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
        ),
    )
)
