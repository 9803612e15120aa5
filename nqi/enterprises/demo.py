"""Demo-city enterprises and products: ≥ 3,000 firms with valid USCCs of their own district."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone
from django.utils.translation import gettext_lazy

from nqi.accounts import services as account_services
from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.demo import DEMO_PASSWORD, add_account
from nqi.accounts.models import User
from nqi.core.demo import DemoContext, register
from nqi.core.uscc import with_check_chars
from nqi.enterprises import claims, services
from nqi.enterprises.demo_catalog import GENERIC_PRODUCTS, GIVEN, INDUSTRY_PRODUCTS, SURNAMES, TRADE_NAMES
from nqi.enterprises.models import Enterprise
from nqi.industries.models import FeaturedIndustry
from nqi.regions.models import Region

ENTERPRISES = 3200
COUNTY_SHORT = {
    "330402": "嘉兴市南湖区",
    "330411": "嘉兴市秀洲区",
    "330421": "嘉善县",
    "330424": "海盐县",
    "330481": "海宁市",
    "330482": "平湖市",
    "330483": "桐乡市",
    "330400M01": "嘉兴经济技术开发区",
    "330400M02": "嘉兴港区",
}
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc(rng, division: str, serial: int) -> str:
    body = "".join(rng.choice(_ORG_CHARS[:10] + "MA") for _ in range(2)) + f"{serial:06d}"
    return with_check_chars("91" + division + body)


def _rows(context: DemoContext) -> list[dict]:
    rng = context.rng("enterprises")
    featured = list(FeaturedIndustry.objects.prefetch_related("industries").select_related("region"))
    townships: dict[str, list[str]] = {}
    for code, parent in Region.objects.filter(
        level="township", path__startswith="/330000/330400/"
    ).values_list("code", "parent_id"):
        townships.setdefault(parent, []).append(code)
    counties = [c for c in COUNTY_SHORT if c in townships or c.startswith("330400M")]
    count = max(60, int(ENTERPRISES * context.scale))
    rows, names = [], set()
    for serial in range(1, count + 1):
        fi = rng.choice(featured) if rng.random() < 0.62 else None
        if fi is not None and fi.key in INDUSTRY_PRODUCTS and fi.region_id in COUNTY_SHORT:
            county = fi.region_id
            suffix = INDUSTRY_PRODUCTS[fi.key][0]
            codes = [i.code for i in fi.industries.all() if len(i.code) == 4] or [None]
            industry = rng.choice(codes)
        else:
            fi = None
            county = rng.choice(counties)
            generic = rng.choice(GENERIC_PRODUCTS)
            suffix, industry = generic[0].split()[0][:4], generic[4]
        division = county if county.isdigit() else "330400"
        region = rng.choice(townships.get(county, [county])) if county.isdigit() else county
        for _ in range(20):
            trade = rng.choice(TRADE_NAMES)
            form = rng.choice(("有限公司", "有限公司", "有限公司", "股份有限公司"))
            prefix = rng.choice((COUNTY_SHORT[county], "浙江", "嘉兴"))
            name = f"{prefix}{trade}{suffix}{form}"
            if name not in names:
                break
            name = f"{prefix}{trade}{rng.choice(TRADE_NAMES)}{suffix}{form}"
        names.add(name)
        rows.append(
            {
                "uscc": _uscc(rng, division, serial),
                "name": name,
                "region": region,
                "industry": industry,
                "featured_industry": str(fi.pk) if fi else "",
                "scale": rng.choices(["large", "medium", "small", "micro"], [3, 12, 55, 30])[0],
                "founded_on": (dt.date(1985, 1, 1) + dt.timedelta(days=rng.randrange(0, 15250))).isoformat(),
                "address": f"{COUNTY_SHORT[county]}{rng.choice(TRADE_NAMES)}路{rng.randrange(1, 999)}号",
                "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "contact_name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "contact_phone": f"1{rng.choice('35789')}{rng.randrange(10**8, 10**9)}",
                "_fi_key": fi.key if fi else None,
            }
        )
    return rows


@register("enterprises", order=30)
def build(context: DemoContext) -> None:
    rows = _rows(context)
    keys = [r.pop("_fi_key") for r in rows]
    created = services.enterprise_bulk_create(actor=context.actor, rows=rows)
    context.made["enterprises"] = created
    rng = context.rng("products")
    products = []
    for enterprise, key in zip(created, keys, strict=True):
        catalog = INDUSTRY_PRODUCTS[key][1] if key else [g[:4] for g in GENERIC_PRODUCTS]
        for name, category, standard, model in rng.sample(catalog, k=min(len(catalog), rng.randint(1, 3))):
            products.append(
                (
                    enterprise,
                    {
                        "name": name,
                        "category": category,
                        "standard_code": standard,
                        "model": f"{model}{rng.randrange(10, 999)}",
                        "brand": rng.choice(TRADE_NAMES),
                    },
                )
            )
    services.product_bulk_create(actor=context.actor, items=products)
    context.log(f"  enterprises: {len(created)}, products: {len(products)}")


# The demo enterprise users act for one compressor maker in 南湖区 (a featured industry of the report).
ENTERPRISE_ACCOUNTS = [
    (
        "ent_owner",
        "企业负责人 钱伟",
        Role.OWNER,
        "owner of a 南湖 compressor maker; sees only that enterprise",
    ),
    ("ent_staff", "质量管理员 孙丽华", Role.STAFF, "quality manager of the same enterprise"),
]


def describe_accounts(context: DemoContext) -> None:
    for username, _name, role, note in ENTERPRISE_ACCOUNTS:
        context.accounts.append((Role(role).label, username, DEMO_PASSWORD, note))


@register("enterprise_accounts", order=35)
def build_accounts(context: DemoContext) -> None:
    enterprise = (
        Enterprise.objects.filter(
            featured_industry__key="JX-IND-01", region__path__startswith="/330000/330400/330402/"
        )
        .order_by("uscc")
        .first()
    ) or Enterprise.objects.order_by("uscc").first()
    org = account_services.organization_create(
        actor=context.actor, kind=OrganizationKind.ENTERPRISE, name=enterprise.name
    )
    services.enterprise_link_organization(actor=context.actor, enterprise=enterprise, organization=org)
    for username, display_name, role, note in ENTERPRISE_ACCOUNTS:
        add_account(
            context,
            username=username,
            display_name=display_name,
            organization=org,
            role=role,
            note=f"{note} ({enterprise.name})",
        )
    context.made["demo_enterprise"] = enterprise


build_accounts.accounts = describe_accounts


# -- enterprise account claims ---------------------------------------------------------------------
# (username, display name, county, days ago submitted, decision, decision days ago, comment)
CLAIMS = [
    ("ent_claimant", "冯晓东", "330402", 0, None, 0, ""),
    ("claimant_2", "褚建国", "330402", 14, None, 0, ""),
    ("claimant_3", "卫红", "330421", 10, None, 0, ""),
    ("claimant_4", "蒋一鸣", "330411", 2, None, 0, ""),
    ("claimant_5", "沈佳", "330481", 1, None, 0, ""),
    ("claimant_6", "韩磊", "330402", 9, "approve", 6, "已电话核实法定代表人授权。"),
    (
        "claimant_7",
        "杨帆",
        "330483",
        8,
        "reject",
        5,
        "申请人与企业登记信息不符，请提供法定代表人授权书后重新申请。",
    ),
    ("claimant_8", "朱琳", "330482", 4, "withdraw", 3, ""),
]


@contextmanager
def _clock_at(moment):
    """Back-date the demo's history consistently (rows, status changes and audit events alike)."""
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(dt.UTC)):
        yield


def _claimable(rng, county: str, taken: set) -> Enterprise | None:
    pool = list(
        Enterprise.objects.filter(region__path__contains=f"/{county}/", organization=None, status="active")
        .exclude(pk__in=taken)
        .order_by("uscc")
        .values_list("pk", flat=True)[:200]
    ) or list(
        Enterprise.objects.filter(organization=None).exclude(pk__in=taken).values_list("pk", flat=True)[:200]
    )
    return Enterprise.objects.get(pk=rng.choice(pool)) if pool else None


def describe_claim_accounts(context: DemoContext) -> None:
    context.accounts.append(
        (
            gettext_lazy("企业用户（未认领）"),
            "ent_claimant",
            DEMO_PASSWORD,
            "enterprise user with a claim waiting",
        )
    )


@register("enterprise_claims", order=36)
def build_claims(context: DemoContext) -> None:
    """Eight claims in every state, two of them past their verification deadline."""
    rng = context.rng("enterprise_claims")
    officer = User.objects.get(username="officer")
    real_now = timezone.now()
    morning = timezone.localtime(real_now).replace(hour=10, minute=0, second=0, microsecond=0)
    taken: set[int] = set()
    for username, display_name, county, days_ago, decision, decided_ago, comment in CLAIMS:
        enterprise = _claimable(rng, county, taken)
        if enterprise is None:
            continue
        taken.add(enterprise.pk)
        password = DEMO_PASSWORD if username == "ent_claimant" else None
        claimant = account_services.user_create(
            actor=context.actor, username=username, password=password, display_name=display_name
        )
        data = {
            "uscc": enterprise.uscc,
            "applicant_name": display_name.split()[-1],
            "applicant_position": rng.choice(("法定代表人", "总经理", "质量负责人")),
            "contact_phone": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
            "statement": "本人为企业负责人，申请管理本企业平台账号。",
        }
        with _clock_at(morning - dt.timedelta(days=days_ago) if days_ago else real_now):
            claim = claims.enterpriseclaim_submit(actor=claimant, data=data)
        if decision:
            actor = claimant if decision == "withdraw" else officer
            with _clock_at(morning - dt.timedelta(days=decided_ago)):
                claims.enterpriseclaim_transition(actor=actor, claim=claim, name=decision, comment=comment)
    describe_claim_accounts(context)
    context.log(f"  enterprise claims: {len(taken)}")


build_claims.accounts = describe_claim_accounts
