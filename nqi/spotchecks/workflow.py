"""Transition tables of spot-check plans and tasks (house rule 6; SAMR Order 18).

A task follows the sample: drawn → sampled (or refused) → in testing → result → the enterprise is
notified → within 15 days it may object and a re-test decides → failures are rectified by a deadline and
re-checked → failing the re-check, refusing sampling, or a serious case goes to enforcement → closed.
Dates that the law counts (the objection window, the rectification deadline) are set by the services.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core.workflow import ButtonStyle, State, Transition, Workflow, register
from nqi.spotchecks.choices import PlanStatus, TaskStatus, Verdict

P, T = PlanStatus, TaskStatus


def _all_tasks_closed(plan, actor):
    open_tasks = plan.tasks.exclude(status=TaskStatus.CLOSED).count()
    return _("还有 %(n)s 个任务未办结。") % {"n": open_tasks} if open_tasks else None


PLAN_WORKFLOW = register(
    Workflow(
        name="spotcheck_plan",
        model="spotchecks.plan",
        status_field="status",
        states=State.from_choices(PlanStatus, terminal=[P.CLOSED]),
        initial=P.DRAFT,
        transitions=(
            Transition(
                "draw",
                (P.DRAFT,),
                P.DRAWN,
                "spotchecks.draw_plan",
                _("双随机抽取"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "issue",
                (P.DRAWN,),
                P.ISSUED,
                "spotchecks.manage_plan",
                _("下达任务"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "close",
                (P.ISSUED,),
                P.CLOSED,
                "spotchecks.manage_plan",
                _("计划办结"),
                guards=(_all_tasks_closed,),
            ),
        ),
    )
)


def _unqualified(task, actor):
    return None if task.verdict == Verdict.UNQUALIFIED else _("检验结论为合格，无需此操作。")


def _qualified_or_window_closed(task, actor):
    if task.verdict == Verdict.QUALIFIED:
        return None
    return _window_closed(task, actor)


def _window_open(task, actor):
    if task.objection_due_on and timezone.localdate() > task.objection_due_on:
        return _("已超过复检申请期限（%(d)s）。") % {"d": task.objection_due_on.isoformat()}
    return None


def _window_closed(task, actor):
    if task.objection_due_on and timezone.localdate() <= task.objection_due_on:
        return _("复检申请期限至 %(d)s，期满后方可处理。") % {"d": task.objection_due_on.isoformat()}
    return None


TASK_WORKFLOW = register(
    Workflow(
        name="spotcheck_task",
        model="spotchecks.task",
        status_field="status",
        states=State.from_choices(TaskStatus, terminal=[T.CLOSED]),
        initial=T.DRAWN,
        transitions=(
            Transition(
                "record_sampling",
                (T.DRAWN,),
                T.SAMPLED,
                "spotchecks.sample_task",
                _("登记抽样单"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "record_refusal",
                (T.DRAWN,),
                T.REFUSED,
                "spotchecks.sample_task",
                _("登记拒检"),
                requires_comment=True,
                button_style=ButtonStyle.WARNING,
            ),
            Transition(
                "receive_sample",
                (T.SAMPLED,),
                T.IN_TESTING,
                "spotchecks.test_task",
                _("接收样品"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "submit_results",
                (T.IN_TESTING,),
                T.RESULT_READY,
                "spotchecks.test_task",
                _("提交检验结果"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "notify",
                (T.RESULT_READY,),
                T.NOTIFIED,
                "spotchecks.notify_task",
                _("告知企业检验结论"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "object",
                (T.NOTIFIED,),
                T.RETESTING,
                "spotchecks.object_task",
                _("申请复检"),
                requires_comment=True,
                guards=(_unqualified, _window_open),
                button_style=ButtonStyle.WARNING,
            ),
            Transition(
                "accept",
                (T.NOTIFIED,),
                T.CLOSED,
                "spotchecks.notify_task",
                _("结论生效（合格）"),
                guards=(_qualified_or_window_closed,),
            ),
            Transition(
                "order_rectification",
                (T.NOTIFIED,),
                T.RECTIFYING,
                "spotchecks.aftertreat_task",
                _("责令整改"),
                guards=(_unqualified, _window_closed),
                button_style=ButtonStyle.DANGER,
            ),
            Transition(
                "retest_upheld",
                (T.RETESTING,),
                T.RECTIFYING,
                "spotchecks.notify_task",
                _("复检维持不合格"),
                button_style=ButtonStyle.DANGER,
            ),
            Transition(
                "retest_overturned",
                (T.RETESTING,),
                T.CLOSED,
                "spotchecks.notify_task",
                _("复检改判合格"),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "submit_rectification",
                (T.RECTIFYING,),
                T.RECHECKING,
                "spotchecks.rectify_task",
                _("提交整改报告"),
                requires_comment=True,
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "recheck_pass",
                (T.RECHECKING,),
                T.CLOSED,
                "spotchecks.aftertreat_task",
                _("复查合格"),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "recheck_fail",
                (T.RECHECKING,),
                T.ENFORCEMENT,
                "spotchecks.aftertreat_task",
                _("复查不合格并移送稽查"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
            Transition(
                "transfer",
                (T.REFUSED, T.RECTIFYING),
                T.ENFORCEMENT,
                "spotchecks.aftertreat_task",
                _("移送稽查"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
            Transition(
                "close_case",
                (T.ENFORCEMENT,),
                T.CLOSED,
                "spotchecks.aftertreat_task",
                _("结案"),
                requires_comment=True,
            ),
        ),
    )
)
