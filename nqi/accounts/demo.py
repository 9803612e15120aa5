"""Demo-city bureau: the city bureau, its district sub-bureaus and one account per bureau and expert role."""

from __future__ import annotations

from nqi.accounts import services
from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import User
from nqi.core.demo import DemoContext, register
from nqi.regions.models import Region

DEMO_PASSWORD = "Demo@2026!"
SUB_BUREAUS = [
    ("330402", "嘉兴市市场监督管理局南湖分局"),
    ("330411", "嘉兴市市场监督管理局秀洲分局"),
    ("330421", "嘉善县市场监督管理局"),
    ("330424", "海盐县市场监督管理局"),
    ("330481", "海宁市市场监督管理局"),
    ("330482", "平湖市市场监督管理局"),
    ("330483", "桐乡市市场监督管理局"),
    ("330400M01", "嘉兴市市场监督管理局经济技术开发区分局"),
    ("330400M02", "嘉兴市市场监督管理局港区分局"),
]
# (username, display name, organization key, role, description)
BUREAU_ACCOUNTS = [
    (
        "admin",
        "系统管理员",
        "city",
        Role.ADMIN,
        "city bureau administrator (TOTP two-factor on first sign-in)",
    ),
    ("officer", "质量发展科 李明", "city", Role.OFFICER, "city bureau officer, sees the whole city"),
    ("leader", "分管局长 周华", "city", Role.LEADER, "read-only leader, personal data masked"),
    ("window", "窗口受理员 陈静", "city", Role.WINDOW, "one-stop service window clerk"),
    ("nanhu_officer", "南湖分局 王强", "330402", Role.OFFICER, "district officer, sees 南湖区 only"),
    ("nanhu_inspector", "南湖分局 赵磊", "330402", Role.INSPECTOR, "inspector in 南湖区"),
    ("jiashan_officer", "嘉善县局 吴芳", "330421", Role.OFFICER, "district officer, sees 嘉善县 only"),
]
EXPERT_ACCOUNTS = [
    ("housekeeper", "质量管家 沈建华", Role.HOUSEKEEPER, "quality housekeeper"),
    ("evaluator", "评审专家 徐国强", Role.EVALUATOR, "award evaluator"),
]


def add_account(context: DemoContext, *, username, display_name, organization, role, note) -> User:
    user = services.user_create(
        actor=context.actor, username=username, password=DEMO_PASSWORD, display_name=display_name
    )
    services.membership_grant(actor=context.actor, user=user, organization=organization, role=role)
    context.accounts.append((Role(role).label, username, DEMO_PASSWORD, note))
    return user


def describe(context: DemoContext) -> None:
    for username, _name, _org, role, note in BUREAU_ACCOUNTS:
        context.accounts.append((Role(role).label, username, DEMO_PASSWORD, note))
    for username, _name, role, note in EXPERT_ACCOUNTS:
        context.accounts.append((Role(role).label, username, DEMO_PASSWORD, note))


@register("accounts", order=10)
def build(context: DemoContext) -> None:
    city = services.organization_create(
        actor=context.actor,
        kind=OrganizationKind.BUREAU,
        name="嘉兴市市场监督管理局",
        jurisdiction=Region.objects.get(pk="330400"),
    )
    orgs = {"city": city}
    for code, name in SUB_BUREAUS:
        orgs[code] = services.organization_create(
            actor=context.actor,
            kind=OrganizationKind.BUREAU,
            name=name,
            jurisdiction=Region.objects.get(pk=code),
            parent=city,
        )
    for username, display_name, key, role, note in BUREAU_ACCOUNTS:
        add_account(
            context,
            username=username,
            display_name=display_name,
            organization=orgs[key],
            role=role,
            note=note,
        )
    panel = services.organization_create(
        actor=context.actor, kind=OrganizationKind.EXPERT_PANEL, name="嘉兴市质量专家库"
    )
    for username, display_name, role, note in EXPERT_ACCOUNTS:
        add_account(
            context, username=username, display_name=display_name, organization=panel, role=role, note=note
        )
    context.made["bureau_orgs"] = orgs
    context.made["expert_panel"] = panel
    context.log(f"  bureau organizations: {len(orgs)}")


build.accounts = describe
