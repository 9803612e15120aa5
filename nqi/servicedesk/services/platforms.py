"""Writes on platforms, their staff, their catalogs and the SLA policy (bureau officers; demo as system)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import Membership
from nqi.core import auditing
from nqi.core.errors import Conflict, DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.servicedesk.choices import DocumentKind, Priority, ServiceDomain, StaffRole
from nqi.servicedesk.models import Platform, PlatformStaff, ServiceItem, SlaPolicy

PLATFORM_FIELDS = ("code", "name", "address", "opening_hours", "phone", "description")


def platform_create(*, actor, data: dict, participants=(), regions_served=()) -> Platform:
    """Register a platform: its host must be among its participants (the host runs the window)."""
    errors = {f: [_("必填。")] for f in ("code", "name") if not (data.get(f) or "").strip()}
    if not data.get("host") or not data.get("region"):
        errors.setdefault("host", [_("请指定运营单位与所在区域。")])
    if errors:
        raise ValidationFailed(errors)
    platform = Platform(
        **{f: (data.get(f) or "").strip() for f in PLATFORM_FIELDS},
        host=data["host"],
        region=data["region"],
        featured_industry=data.get("featured_industry"),
    )
    authorize(actor, "servicedesk.manage_platform", platform)
    with transaction.atomic():
        if Platform.objects.filter(code=platform.code).exists():
            raise ValidationFailed({"code": [_("平台编号已存在。")]})
        platform.save()
        platform.participants.set({platform.host_id, *[p.pk for p in participants]})
        platform.regions_served.set(list(regions_served) or [platform.region])
        auditing.record(
            actor=actor,
            event_type="servicedesk.platform_created",
            target=platform,
            summary=platform.name,
            after={
                "code": platform.code,
                "host": platform.host_id,
                "participants": sorted(platform.participants.values_list("pk", flat=True)),
            },
        )
    return platform


def platformstaff_assign(*, actor, platform: Platform, user, role: str) -> PlatformStaff:
    """Put a person on a platform's window (clerk) or in charge of it (manager).

    Clerks must hold the bureau window role or work for an institution; managers any bureau working role
    or an institution role.
    """
    authorize(actor, "servicedesk.manage_platform", platform)
    if role not in StaffRole.values:
        raise ValidationFailed({"role": [_("岗位无效。")]})
    memberships = Membership.objects.filter(user=user, is_active=True).values_list(
        "organization__kind", "role"
    )
    ok = any(
        kind == OrganizationKind.INSTITUTION
        or (
            kind == OrganizationKind.BUREAU
            and (r == Role.WINDOW or role == StaffRole.MANAGER and r != Role.LEADER)
        )
        for kind, r in memberships
    )
    if not ok:
        raise DomainError(
            _("该用户不是窗口受理员或技术机构人员，不能在平台任职。"), code="staff_not_eligible", field="user"
        )
    with transaction.atomic():
        staff, _created = PlatformStaff.objects.update_or_create(
            platform=platform, user=user, role=role, defaults={"is_active": True}
        )
        auditing.record(
            actor=actor,
            event_type="servicedesk.platformstaff_assigned",
            target=platform,
            summary=f"{user} → {platform}（{StaffRole(role).label}）",
            after={"user": user.pk, "role": role},
        )
    user.__dict__.pop("_nqi_desk_scope", None)
    return staff


def clean_item(platform: Platform, data: dict, providers, row: int | None = None) -> ServiceItem:
    """Validate one catalog item; providers must participate in the platform."""
    where = _("第 %(r)s 行：") % {"r": row} if row else ""
    errors = {}
    for field in ("code", "name"):
        if not (data.get(field) or "").strip():
            errors[field] = [where + _("必填。")]
    if data.get("domain") not in ServiceDomain.values:
        errors["domain"] = [where + _("服务领域无效。")]
    days = data.get("promised_working_days")
    if not isinstance(days, int) or not 1 <= days <= 365:
        errors["promised_working_days"] = [where + _("承诺时限须为 1–365 个工作日。")]
    bad = [k for k in data.get("required_documents") or [] if k not in DocumentKind.values]
    if bad:
        errors["required_documents"] = [where + _("未知的材料类型：%(k)s。") % {"k": "、".join(bad)}]
    participants = set(platform.participants.values_list("pk", flat=True))
    outsiders = [p.name for p in providers if p.pk not in participants]
    if not providers:
        errors["providers"] = [where + _("请至少指定一家服务机构。")]
    elif outsiders:
        errors["providers"] = [where + _("“%(p)s”不是本平台的入驻机构。") % {"p": "、".join(outsiders)}]
    if errors:
        raise ValidationFailed(errors)
    return ServiceItem(
        platform=platform,
        code=data["code"].strip(),
        domain=data["domain"],
        name=data["name"].strip(),
        description=(data.get("description") or "").strip(),
        is_free=bool(data.get("is_free", True)),
        fee_note=(data.get("fee_note") or "").strip()[:200],
        promised_working_days=days,
        required_documents=list(dict.fromkeys(data.get("required_documents") or [])),
    )


def serviceitem_bulk_create(*, actor, platform: Platform, rows: list[tuple[dict, list]]) -> list[ServiceItem]:
    """Add catalog items all-or-nothing: rows of (item data, provider institutions)."""
    authorize(actor, "servicedesk.manage_platform", platform)
    built = [
        (clean_item(platform, data, providers, n), providers) for n, (data, providers) in enumerate(rows, 1)
    ]
    codes = [item.code for item, _p in built]
    if (
        len(set(codes)) != len(codes)
        or ServiceItem.objects.filter(platform=platform, code__in=codes).exists()
    ):
        raise ValidationFailed({"code": [_("事项编号重复。")]})
    with transaction.atomic():
        items = ServiceItem.objects.bulk_create([item for item, _p in built])
        if items and items[0].pk is None:
            by_code = dict(
                ServiceItem.objects.filter(platform=platform, code__in=codes).values_list("code", "pk")
            )
            for item in items:
                item.pk = by_code[item.code]
        through = ServiceItem.providers.through
        through.objects.bulk_create(
            [
                through(serviceitem_id=item.pk, institution_id=p.pk)
                for item, (_i, providers) in zip(items, built, strict=True)
                for p in providers
            ]
        )
        auditing.record_many(
            actor=actor,
            event_type="servicedesk.serviceitem_created",
            items=[(item, f"{platform.code}：{item.name}", {"domain": item.domain}) for item in items],
        )
    return items


def serviceitem_create(*, actor, platform: Platform, data: dict, providers) -> ServiceItem:
    return serviceitem_bulk_create(actor=actor, platform=platform, rows=[(data, list(providers))])[0]


def _hours(value, field, *, required=True):
    if value in (None, "") and not required:
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError) as exc:
        raise ValidationFailed({field: [_("请输入工作小时数。")]}) from exc
    if not Decimal("0") < number <= Decimal("9999"):
        raise ValidationFailed({field: [_("工作小时数须大于 0。")]})
    return number


def slapolicy_publish(
    *,
    actor,
    priority: str,
    response_hours,
    resolution_hours=None,
    item=None,
    resolution_factor=1,
    effective_from=None,
    warn_percent=80,
    bureau_percent=150,
    note="",
) -> SlaPolicy:
    """Publish a new policy version; clocks started from `effective_from` on use it, older ones keep theirs."""
    authorize(actor, "servicedesk.manage_policy")
    if priority not in Priority.values:
        raise ValidationFailed({"priority": [_("优先级无效。")]})
    if not 1 <= int(warn_percent) < 100 or int(bureau_percent) <= 100:
        raise ValidationFailed({"warn_percent": [_("预警阈值须小于 100%，上报阈值须大于 100%。")]})
    try:
        with transaction.atomic():
            policy = _create_policy(
                item=item,
                priority=priority,
                effective_from=effective_from or timezone.now(),
                response_hours=_hours(response_hours, "response_hours"),
                resolution_hours=_hours(resolution_hours, "resolution_hours", required=False),
                resolution_factor=Decimal(str(resolution_factor)),
                warn_percent=int(warn_percent),
                bureau_percent=int(bureau_percent),
                note=note[:200],
            )
            auditing.record(
                actor=actor,
                event_type="servicedesk.slapolicy_published",
                target=policy,
                summary=str(policy),
                after={
                    "version": policy.version,
                    "priority": priority,
                    "response_hours": str(policy.response_hours),
                },
            )
    except IntegrityError as exc:  # two officers published at the same moment
        raise Conflict(_("时限标准版本冲突，请重试。")) from exc
    return policy


def _create_policy(**fields) -> SlaPolicy:
    version = (SlaPolicy.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    return SlaPolicy.objects.create(version=version, **fields)
