"""A benchmarking comparison (对标) as a transition table (house rule 6; glossary: comparison).

DOMAIN.md §1.3 [INF]: the enterprise picks its product, own standard and benchmark standards, enters
its indicator values and compares (draft → compared); where it falls short it plans improvements
(→ improving); when the overall level reaches a benchmark class it confirms attainment (→ attained,
达标); it then declares the result publicly (→ declared, 自我声明公开 — the enterprise's own act, so only
its owner may do it, with at least one test report as evidence). It may abandon at any point before
declaring, stating why. Guards read counters the services keep on the comparison (no queries here).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.workflow import ButtonStyle, State, Transition, Workflow, register


class ComparisonStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COMPARED = "compared", _("已对比")
    IMPROVING = "improving", _("提升中")
    ATTAINED = "attained", _("已达标")
    DECLARED = "declared", _("已声明公开")
    ABANDONED = "abandoned", _("已放弃")


S = ComparisonStatus
EDITABLE_STATUSES = (S.DRAFT, S.COMPARED, S.IMPROVING)
CHANGE = "benchmarking.change_comparison"


def has_results(comparison, actor):
    """Comparing needs a benchmark and at least one indicator value."""
    if not comparison.benchmark_count:
        return _("请先选择至少一个对标标准。")
    if not comparison.value_count:
        return _("请先录入至少一项指标值。")
    return None


def has_plan(comparison, actor):
    if not comparison.plan_item_count:
        return _("请先为差距指标制定至少一项提升措施（责任人、完成日期）。")
    return None


def level_attained(comparison, actor):
    """达标: the latest comparison reached a benchmark class under the level rule in force."""
    if not comparison.level_attained:
        return _("最近一次对比未达到任何对标水平（%(level)s），不能确认达标。") % {
            "level": comparison.level_label or _("未对比")
        }
    return None


def plan_done(comparison, actor):
    if comparison.open_item_count:
        return _("还有 %(n)s 项提升措施未完成。") % {"n": comparison.open_item_count}
    return None


def has_evidence(comparison, actor):
    """A public declaration rests on test reports (CMA lab, DOMAIN.md §1.4)."""
    if not comparison.report_count:
        return _("公开声明前请至少关联一份检测报告。")
    return None


COMPARISON = register(
    Workflow(
        name="benchmarking_comparison",
        model="benchmarking.comparison",
        status_field="status",
        states=State.from_choices(ComparisonStatus, terminal=(S.DECLARED, S.ABANDONED)),
        transitions=(
            Transition(
                "compare",
                (S.DRAFT,),
                S.COMPARED,
                CHANGE,
                _("完成对比"),
                guards=(has_results,),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "plan",
                (S.COMPARED,),
                S.IMPROVING,
                CHANGE,
                _("开始提升"),
                guards=(has_plan,),
            ),
            Transition(
                "attain",
                (S.COMPARED, S.IMPROVING),
                S.ATTAINED,
                CHANGE,
                _("确认达标"),
                guards=(level_attained, plan_done),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "declare",
                (S.ATTAINED,),
                S.DECLARED,
                "benchmarking.declare_comparison",
                _("公开声明"),
                guards=(has_evidence,),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition("reopen", (S.ATTAINED,), S.IMPROVING, CHANGE, _("重新对比")),
            Transition(
                "abandon",
                (S.DRAFT, S.COMPARED, S.IMPROVING, S.ATTAINED),
                S.ABANDONED,
                CHANGE,
                _("放弃对标"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
        ),
        initial=S.DRAFT,
    )
)
