"""Demo city: 17 industry platforms with their catalogs and staff, a year of requests (1,694 enterprises
served, source report), and a few live requests of the demo enterprise to click through."""

from __future__ import annotations

from nqi.accounts import services as account_services
from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.demo import DEMO_PASSWORD, add_account
from nqi.accounts.models import User
from nqi.core.demo import DemoContext, register
from nqi.industries.models import FeaturedIndustry
from nqi.institutions import services as institution_services
from nqi.institutions.models import Institution
from nqi.regions.models import Region
from nqi.servicedesk.choices import StaffRole
from nqi.servicedesk.demo_catalog import CITY, CONSUMER, COUNTY, ITEMS, PLATFORMS, PRIVATE_LABS
from nqi.servicedesk.services import platforms as services

ACCOUNTS = [
    (
        "platform_manager",
        "平台负责人 马晓东",
        "manager of the 南湖压缩机 platform (receives SLA escalations)",
    ),
    ("std_expert", "标准化研究院 顾明", "manager of 嘉兴市标准化研究院, a provider on every platform"),
]


def _roles(fi_key, region, host, centre, names):
    county = COUNTY[region]
    roles = {
        "host": host,
        "centre": centre or host,
        "county_lab": f"{county}检验检测研究院",
        "county_metrology": f"{county}计量所",
        "county_standards": f"{county}标准化服务站",
        "private_lab": PRIVATE_LABS[int(fi_key[-2:]) % len(PRIVATE_LABS)],
        **CITY,
    }
    return {role: names[name] for role, name in roles.items() if name in names}


def _platform(context, n, spec, names, featured, regions):
    fi_key, region, short, host, centre, product = spec
    roles = _roles(fi_key, region, names[host].name, centre, names)
    participants = list({i.pk: i for i in roles.values()}.values())
    platform = services.platform_create(
        actor=context.actor,
        data={
            "code": f"JXQI-{n:02d}",
            "name": f"{short}产业质量基础设施一站式服务平台",
            "host": roles["host"],
            "region": regions[region],
            "featured_industry": featured.get(fi_key),
            "address": roles["host"].address,
            "opening_hours": "工作日 9:00–12:00，13:30–17:30（法定节假日除外，调休上班日照常）",
            "phone": roles["host"].contact_phone,
            "description": f"服务{product}产业：计量、标准、检验检测、认证认可、质量管理、知识产权一站式受理。",
        },
        participants=participants,
        regions_served=[regions[region]],
    )
    rows = []
    for code, domain, name, desc, provider_roles, free, fee, days, docs, _weight in ITEMS:
        if code == "ZH01" and fi_key not in CONSUMER:
            continue
        providers = [roles[r] for r in provider_roles if r in roles]
        rows.append(
            (
                {
                    "code": code,
                    "domain": domain,
                    "name": name.format(product=product),
                    "description": desc.format(product=product),
                    "is_free": free,
                    "fee_note": fee,
                    "promised_working_days": days,
                    "required_documents": docs,
                },
                list({p.pk: p for p in providers}.values()),
            )
        )
    services.serviceitem_bulk_create(actor=context.actor, platform=platform, rows=rows)
    return platform


def _staff(context, made, bureaus):
    window = User.objects.get(username="window")
    for platform in made[:2] + made[-1:]:
        services.platformstaff_assign(
            actor=context.actor, platform=platform, user=window, role=StaffRole.CLERK
        )
    manager = add_account(
        context,
        username=ACCOUNTS[0][0],
        display_name=ACCOUNTS[0][1],
        organization=bureaus["330402"],
        role=Role.WINDOW,
        note=ACCOUNTS[0][2],
    )
    services.platformstaff_assign(actor=context.actor, platform=made[0], user=manager, role=StaffRole.MANAGER)
    for n, platform in enumerate(made, start=1):
        bureau = bureaus.get(platform.region_id, bureaus["city"])
        for role, label in ((StaffRole.CLERK, "窗口"), (StaffRole.MANAGER, "负责人")):
            if role == StaffRole.MANAGER and n == 1:
                continue
            user = account_services.user_create(
                actor=context.actor,
                username=f"desk{n:02d}_{role}",
                password=None,
                display_name=f"{platform.name[:6]}{label}",
            )
            account_services.membership_grant(
                actor=context.actor, user=user, organization=bureau, role=Role.WINDOW
            )
            services.platformstaff_assign(actor=context.actor, platform=platform, user=user, role=role)


def _provider_account(context, names):
    institution = names[CITY["standards"]]
    org = account_services.organization_create(
        actor=context.actor, kind=OrganizationKind.INSTITUTION, name=institution.name
    )
    institution_services.institution_link_organization(
        actor=context.actor, institution=institution, organization=org
    )
    add_account(
        context,
        username=ACCOUNTS[1][0],
        display_name=ACCOUNTS[1][1],
        organization=org,
        role=Role.MANAGER,
        note=ACCOUNTS[1][2],
    )


def describe(context: DemoContext) -> None:
    for username, _name, note in ACCOUNTS:
        context.accounts.append(
            (
                str(Role.MANAGER.label if username == "std_expert" else StaffRole.MANAGER.label),
                username,
                DEMO_PASSWORD,
                note,
            )
        )


@register("servicedesk", order=60)
def build(context: DemoContext) -> None:
    names = {i.name: i for i in Institution.objects.all()}
    featured = {f.key: f for f in FeaturedIndustry.objects.all()}
    regions = Region.objects.in_bulk([spec[1] for spec in PLATFORMS])
    made = [
        _platform(context, n, spec, names, featured, regions) for n, spec in enumerate(PLATFORMS, start=1)
    ]
    _staff(context, made, context.made["bureau_orgs"])
    _provider_account(context, names)
    context.made["platforms"] = made
    from nqi.servicedesk.demo_history import build_history, build_live

    build_history(context, made)
    build_live(context, made[0])
    from nqi.servicedesk.services.clocks import slaclock_check_all

    counts = slaclock_check_all(actor=context.actor)  # today's warnings and escalations, as the job would
    context.log(f"  SLA check: {counts['breached']} breached, {counts['notices']} notices")


build.accounts = describe
