"""Transition tables of the standards app (house rule 6): a standard's status and a key project's stage.

Standard status follows the life of a standard on std.samr.gov.cn: published (即将实施) → in force on its
implementation date (现行) → replaced by a new edition (被代替) or withdrawn (废止), each announced by a
标准公告 (《标准化法》第二十九条: standards are reviewed and revised or withdrawn). ISO/IEC drafts
(stage < 60) start as 制定中.

Key standard projects follow the drafting procedure of 《国家标准管理办法》(2022) 第三章 (立项 → 起草 →
征求意见 → 审查 → 报批 → 发布), which group and local standards follow in the same shape.
"""

from django.utils.translation import gettext_lazy as _

from nqi.core.workflow import ButtonStyle, State, Transition, Workflow, register
from nqi.standards.choices import KeyProjectStatus, StandardStatus

S = StandardStatus
STANDARD_STATUS = register(
    Workflow(
        name="standard_status",
        model="standards.standard",
        status_field="status",
        states=State.from_choices(StandardStatus, terminal=[S.REPLACED, S.WITHDRAWN]),
        initial=S.DRAFT,
        transitions=(
            Transition(
                "publish",
                S.DRAFT,
                S.UPCOMING,
                "standards.change_standard_status",
                _("发布"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "take_effect",
                S.UPCOMING,
                S.CURRENT,
                "standards.change_standard_status",
                _("开始实施"),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "replace",
                (S.UPCOMING, S.CURRENT),
                S.REPLACED,
                "standards.change_standard_status",
                _("被新版本代替"),
                button_style=ButtonStyle.WARNING,
            ),
            Transition(
                "withdraw",
                (S.DRAFT, S.UPCOMING, S.CURRENT),
                S.WITHDRAWN,
                "standards.change_standard_status",
                _("废止"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
        ),
    )
)


def _has_standard(project, actor):
    return None if project.standard_id else _("请先关联发布的标准，再标记为已发布。")


P = KeyProjectStatus
_CHANGE = "standards.change_keyproject"
_APPROVE = "standards.approve_keyproject"
KEY_PROJECT = register(
    Workflow(
        name="key_standard_project",
        model="standards.keystandardproject",
        status_field="status",
        states=State.from_choices(KeyProjectStatus, terminal=[P.PUBLISHED, P.CANCELLED]),
        initial=P.PROPOSED,
        transitions=(
            Transition(
                "approve", P.PROPOSED, P.APPROVED, _APPROVE, _("批准立项"), button_style=ButtonStyle.PRIMARY
            ),
            Transition("start_drafting", P.APPROVED, P.DRAFTING, _CHANGE, _("开始起草")),
            Transition("consult", P.DRAFTING, P.CONSULTING, _CHANGE, _("发布征求意见稿")),
            Transition("submit_review", P.CONSULTING, P.REVIEWING, _CHANGE, _("提交技术审查")),
            Transition(
                "return_draft", P.REVIEWING, P.DRAFTING, _APPROVE, _("退回修改"), requires_comment=True
            ),
            Transition("submit_approval", P.REVIEWING, P.SUBMITTED, _APPROVE, _("审查通过，报批")),
            Transition(
                "publish",
                P.SUBMITTED,
                P.PUBLISHED,
                _APPROVE,
                _("标准已发布"),
                guards=(_has_standard,),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "cancel",
                (P.PROPOSED, P.APPROVED, P.DRAFTING, P.CONSULTING, P.REVIEWING, P.SUBMITTED),
                P.CANCELLED,
                _APPROVE,
                _("撤销项目"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
        ),
    )
)
