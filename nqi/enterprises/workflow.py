"""The enterprise account claim (企业账号认领) as a transition table (house rule 6; glossary: enterprise claim).

An enterprise user asks to manage an enterprise identified by its 统一社会信用代码; the claim is created
`submitted` with a verification deadline in working days taken from the effective
`EnterpriseClaimPolicy` (shipped default 5 working days — an inference, see `claim_selectors`). The
bureau officer whose jurisdiction covers the enterprise then verifies it:

- approve: the claimant's enterprise organization is linked to the enterprise and the claimant
  becomes its owner (`claims.enterpriseclaim_transition`);
- reject: a reason is required, so the claimant learns what to correct (by analogy with
  《行政许可法》第三十八条第二款, a refusal states its reasons [MEM; inference: a claim is not a licence]);
- withdraw: the claimant may withdraw while the claim waits.

All three end the claim; a rejected or withdrawn claimant may submit a new one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nqi.core.workflow import ButtonStyle, State, Transition, Workflow, register
from nqi.enterprises.choices import EnterpriseStatus


class EnterpriseClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待核验")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")
    WITHDRAWN = "withdrawn", _("已撤回")


S = EnterpriseClaimStatus
OPEN_STATUSES = (S.SUBMITTED,)


def enterprise_is_active(claim, actor):
    """A deregistered or revoked enterprise (注销/吊销) cannot be given a platform account."""
    if claim.enterprise.status != EnterpriseStatus.ACTIVE:
        return _("该企业登记状态为“%(status)s”，不能通过认领。") % {
            "status": claim.enterprise.get_status_display()
        }
    return None


def claimant_is_active(claim, actor):
    """The account that asked must still be able to sign in, or nobody would manage the enterprise."""
    if not claim.claimant.is_active:
        return _("申请人账号已停用，不能通过认领。")
    return None


ENTERPRISE_CLAIM = register(
    Workflow(
        name="enterprise_claim",
        model="enterprises.enterpriseclaim",
        status_field="status",
        states=State.from_choices(EnterpriseClaimStatus, terminal=(S.APPROVED, S.REJECTED, S.WITHDRAWN)),
        transitions=(
            Transition(
                "approve",
                (S.SUBMITTED,),
                S.APPROVED,
                "enterprises.verify_enterpriseclaim",
                _("核验通过"),
                guards=(enterprise_is_active, claimant_is_active),
                button_style=ButtonStyle.SUCCESS,
            ),
            Transition(
                "reject",
                (S.SUBMITTED,),
                S.REJECTED,
                "enterprises.verify_enterpriseclaim",
                _("不予通过"),
                requires_comment=True,
                button_style=ButtonStyle.DANGER,
            ),
            Transition(
                "withdraw",
                (S.SUBMITTED,),
                S.WITHDRAWN,
                "enterprises.withdraw_enterpriseclaim",
                _("撤回申请"),
                button_style=ButtonStyle.SECONDARY,
            ),
        ),
        initial=S.SUBMITTED,
    )
)
