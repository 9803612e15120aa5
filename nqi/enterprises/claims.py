"""Writes on enterprise claims (企业账号认领) and their deadline policy (house rule 3; glossary: enterprise claim).

A claim is the way an enterprise user comes to act for an enterprise on the platform: the user names the
enterprise by its 统一社会信用代码, the bureau officer whose jurisdiction covers it verifies the claim
within the working-day deadline in force, and on approval the user's enterprise organization is linked
to the enterprise with the user as its owner. Status changes only through `enterpriseclaim_transition`,
built on the one door `nqi.core.transitions.transition`.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.accounts import services as account_services
from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import Membership, Organization
from nqi.core import auditing, workdays
from nqi.core import uscc as uscc_rules
from nqi.core.errors import Conflict, DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.core.transitions import transition
from nqi.enterprises import services
from nqi.enterprises.choices import EnterpriseStatus
from nqi.enterprises.claim_selectors import enterpriseclaimpolicy_in_force
from nqi.enterprises.models import Enterprise, EnterpriseClaim, EnterpriseClaimPolicy
from nqi.enterprises.validation import PHONE
from nqi.enterprises.workflow import ENTERPRISE_CLAIM, EnterpriseClaimStatus

AUDITED_CLAIM_FIELDS = [
    "enterprise",
    "applicant_name",
    "applicant_position",
    "contact_phone",
    "statement",
    "status",
    "policy_version",
    "deadline_working_days",
    "due_at",
]
MAX_POLICY_DAYS = 60
# Side effects after commit, per transition name (notices to the claimant come with the messaging module).
EFFECTS: dict[str, list] = {}


def _text(data: dict, key: str, max_length: int, errors: dict, *, required: bool = False) -> str:
    value = str(data.get(key) or "").strip()
    if required and not value:
        errors.setdefault(key, []).append(_("此项为必填项。"))
    elif len(value) > max_length:
        errors.setdefault(key, []).append(_("不能超过 %(n)s 个字符。") % {"n": max_length})
    return value


def clean_claim(data: dict) -> dict:
    """Validate claim input from a form or the API; raise ValidationFailed naming every bad field."""
    errors: dict[str, list] = {}
    code, problem = uscc_rules.check(str(data.get("uscc") or ""))
    if not code:
        errors["uscc"] = [_("此项为必填项。")]
    elif problem:
        errors["uscc"] = [problem.message]
    cleaned = {
        "uscc": code,
        "applicant_name": _text(data, "applicant_name", 60, errors, required=True),
        "applicant_position": _text(data, "applicant_position", 60, errors),
        "contact_phone": _text(data, "contact_phone", 20, errors, required=True),
        "statement": _text(data, "statement", 1000, errors),
    }
    if (
        cleaned["contact_phone"]
        and "contact_phone" not in errors
        and not PHONE.match(cleaned["contact_phone"])
    ):
        errors["contact_phone"] = [_("电话号码格式不正确。")]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _claimable_enterprise(actor, code: str) -> Enterprise:
    """The registered, active enterprise with this USCC that the actor does not already own.

    Registration data is public (《企业信息公示暂行条例》), so naming an unknown code is no leak.
    """
    enterprise = Enterprise.objects.select_related("region").filter(uscc=code).first()
    if enterprise is None:
        raise ValidationFailed(
            {"uscc": [_("企业名录中没有该统一社会信用代码，请核对，或请属地市场监管部门先行登记。")]}
        )
    if enterprise.status != EnterpriseStatus.ACTIVE:
        raise ValidationFailed(
            {"uscc": [_("该企业登记状态为“%(s)s”，不能认领。") % {"s": enterprise.get_status_display()}]}
        )
    if (
        enterprise.organization_id
        and Membership.objects.filter(
            user=actor, organization_id=enterprise.organization_id, role=Role.OWNER, is_active=True
        ).exists()
    ):
        raise DomainError(_("您已是该企业的负责人，无需认领。"), code="already_owner", field="uscc")
    return enterprise


def enterpriseclaim_submit(*, actor, data: dict) -> EnterpriseClaim:
    """Ask to manage the enterprise with `data["uscc"]`; the claim waits for the bureau's verification.

    The verification deadline is the policy in force today (working days, counted from the next day
    per 《民法典》第二百零一条, ending at close of business); the claim stores the policy version.
    A claimant may hold only one waiting claim per enterprise.
    """
    authorize(actor, "enterprises.submit_enterpriseclaim")
    cleaned = clean_claim(data)
    enterprise = _claimable_enterprise(actor, cleaned.pop("uscc"))
    policy = enterpriseclaimpolicy_in_force()
    now = timezone.now()
    already = _("您已提交过该企业的认领申请，正在核验中。")
    try:
        with transaction.atomic():
            if EnterpriseClaim.objects.filter(
                enterprise=enterprise, claimant=actor, status=EnterpriseClaimStatus.SUBMITTED
            ).exists():
                raise Conflict(already, code="claim_open", field="uscc")
            claim = EnterpriseClaim.objects.create(
                enterprise=enterprise,
                claimant=actor,
                **cleaned,
                policy_version=policy.version,
                deadline_working_days=policy.verification_working_days,
                status_changed_at=now,
                due_at=workdays.get_calendar().deadline_at(now, policy.verification_working_days),
            )
            auditing.record(
                actor=actor,
                event_type="enterprises.enterpriseclaim_submitted",
                target=claim,
                summary=f"{enterprise.name}（{enterprise.uscc}）",
                after=auditing.snapshot(claim, AUDITED_CLAIM_FIELDS),
                data={
                    "policy_version": policy.version,
                    "deadline_working_days": policy.verification_working_days,
                },
            )
    except IntegrityError as exc:  # the same claimant submitting twice at once
        raise Conflict(already, code="claim_open", field="uscc") from exc
    return claim


def enterpriseclaim_transition(
    *, actor, claim: EnterpriseClaim, name: str, comment: str = "", expected_version: int | None = None
) -> EnterpriseClaim:
    """Approve, reject or withdraw a claim through the one door; approval also grants the account.

    Approval, the organization link and the owner membership are one transaction: either the claimant
    manages the enterprise and the claim says so, or nothing changed. A second officer acting on the same
    claim at the same moment waits for the row lock and then gets TransitionNotAllowed.
    """
    now = timezone.now()
    changes: dict = {"decided_at": now}
    if name in ("approve", "reject"):
        changes |= {
            "decided_by": actor if getattr(actor, "pk", None) else None,
            "decision_comment": comment.strip(),
        }
    with transaction.atomic():
        updated = transition(
            actor=actor,
            obj=claim,
            workflow=ENTERPRISE_CLAIM,
            name=name,
            comment=comment,
            expected_version=expected_version,
            changes=changes,
            effects=EFFECTS,
        )
        if updated.status == EnterpriseClaimStatus.APPROVED:
            updated.organization = _grant_account(actor=actor, claim=updated)
            updated.save(update_fields=["organization", "updated_at"])
    return updated


def _grant_account(*, actor, claim: EnterpriseClaim) -> Organization:
    """Link an enterprise organization to the claimed enterprise and make the claimant its owner.

    The organization is the one already linked to the enterprise, else the claimant's own enterprise
    organization that manages no enterprise yet, else a new one named after the enterprise. Creating
    organizations and memberships is the administrators' right (`accounts.manage_users`); here the
    officer's approval is the authority, so those two writes are made by the named system actor.
    """
    enterprise = Enterprise.objects.select_for_update().get(pk=claim.enterprise_id)
    organization = enterprise.organization
    system = account_services.system_actor()
    if organization is None:
        organization = (
            Organization.objects.filter(
                kind=OrganizationKind.ENTERPRISE,
                is_active=True,
                enterprise__isnull=True,
                memberships__user=claim.claimant,
                memberships__role=Role.OWNER,
                memberships__is_active=True,
            )
            .order_by("id")
            .first()
        ) or account_services.organization_create(
            actor=system, kind=OrganizationKind.ENTERPRISE, name=enterprise.name
        )
        services.enterprise_link_organization(actor=actor, enterprise=enterprise, organization=organization)
    if not Membership.objects.filter(
        user=claim.claimant, organization=organization, role=Role.OWNER, is_active=True
    ).exists():
        account_services.membership_grant(
            actor=system, user=claim.claimant, organization=organization, role=Role.OWNER
        )
    return organization


def enterpriseclaimpolicy_create(
    *, actor, effective_from: dt.date, verification_working_days: int, basis: str
) -> EnterpriseClaimPolicy:
    """Set a new claim-verification deadline from `effective_from` on (never retroactively).

    Claims already submitted keep the deadline and policy version they were given.
    """
    authorize(actor, "enterprises.manage_enterpriseclaim_policy")
    errors: dict[str, list] = {}
    if not isinstance(effective_from, dt.date) or effective_from < timezone.localdate():
        errors["effective_from"] = [_("生效日期不能早于今天。")]
    if (
        not isinstance(verification_working_days, int)
        or not 1 <= verification_working_days <= MAX_POLICY_DAYS
    ):
        errors["verification_working_days"] = [_("核验时限应为 1–%(n)s 个工作日。") % {"n": MAX_POLICY_DAYS}]
    basis = _text({"basis": basis}, "basis", 300, errors, required=True)
    if errors:
        raise ValidationFailed(errors)
    try:
        with transaction.atomic():
            version = (EnterpriseClaimPolicy.objects.aggregate(v=Max("version"))["v"] or 0) + 1
            policy = EnterpriseClaimPolicy.objects.create(
                version=version,
                effective_from=effective_from,
                verification_working_days=verification_working_days,
                basis=basis,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            auditing.record(
                actor=actor,
                event_type="enterprises.enterpriseclaimpolicy_created",
                target=policy,
                summary=f"v{version}: {verification_working_days} / {effective_from.isoformat()}",
                after=auditing.snapshot(
                    policy, ["version", "effective_from", "verification_working_days", "basis"]
                ),
            )
    except IntegrityError as exc:  # two administrators saving at once
        raise Conflict(_("政策版本已被他人更新，请刷新后重试。")) from exc
    return policy
