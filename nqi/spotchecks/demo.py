"""Demo city: lab scopes, the inspector register, this year's Q4 city plan drawn and in progress, and a
draft plan for next quarter ready to draw (the browser walk-through draws it).

Q4's quota is a quarter of the report's 1,922 batches a year (the three earlier quarters are in the
imported history of the supervision demo), split production 60 % / circulation 25 % / e-commerce 15 %
and spread over the catalogue products in proportion to their producers in the register.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from nqi.accounts import services as accounts
from nqi.accounts.choices import Role
from nqi.accounts.demo import DEMO_PASSWORD
from nqi.core.demo import DemoContext, register
from nqi.core.errors import DomainError
from nqi.institutions.models import Institution
from nqi.spotchecks import services
from nqi.spotchecks.models import Task
from nqi.supervision.models import EnterpriseCategory, EnterpriseGrade, ProductCategory

CITY_LAB = "嘉兴市质量检验检测研究院"
TOY_LAB = "浙江省童车产品质量检验检测中心（平湖）"
LAB_GROUPS = {  # lab name fragment → catalogue groups or product codes it is accredited for
    "童车": ["儿童用品"],
    "木制品": ["JXPC-08", "JXPC-27", "JXPC-28", "JXPC-29", "JXPC-30", "JXPC-31"],
    "毛针织": ["服装鞋帽及家用纺织品"],
    "经编": ["服装鞋帽及家用纺织品"],
    "集成吊顶": ["家用电器及电器附件", "JXPC-32"],
    "制冷压缩机": ["JXPC-25"],
    "紧固件": ["JXPC-50", "JXPC-49"],
    "食品": ["食品相关产品", "日用化学制品及卫生用品"],
    "检测认证": [
        "服装鞋帽及家用纺织品",
        "日用杂品",
        "家用电器及电器附件",
        "交通用具及相关产品",
        "工业生产资料",
    ],
}
QUARTER_SHARE = 1922 / 4
STAGES = (("production", 0.6), ("circulation", 0.25), ("ecommerce", 0.15))
INSPECTORS_PER_BUREAU = 2


def _lab_scopes(context: DemoContext) -> None:
    categories = list(ProductCategory.objects.all())
    for lab in Institution.objects.filter(kind="testing_lab").order_by("pk"):
        if lab.name == CITY_LAB:
            covered = categories
        else:
            keys = [v for k, v in LAB_GROUPS.items() if k in lab.name]
            wanted = {x for group in keys for x in group}
            covered = [c for c in categories if c.group in wanted or c.code in wanted]
        for category in covered:
            services.labscope_set(
                actor=context.actor, institution=lab, category=category, test_items=category.test_items
            )


def _inspectors(context: DemoContext) -> list:
    """Two inspectors per bureau (no sign-in) besides the demo accounts; one city inspector account."""
    made = []
    for key, org in context.made.get("bureau_orgs", {}).items():
        for n in range(1, INSPECTORS_PER_BUREAU + 1):
            user = accounts.user_create(
                actor=context.actor,
                username=f"insp_{key.lower()}_{n}",
                password=None,
                display_name=f"{org.name[:8]} 检查员{n}",
            )
            accounts.membership_grant(actor=context.actor, user=user, organization=org, role=Role.INSPECTOR)
            made.append(user)
    city = context.made.get("bureau_orgs", {}).get("city")
    if city is not None:
        user = accounts.user_create(
            actor=context.actor, username="inspector", password=DEMO_PASSWORD, display_name="市局检查员 方宁"
        )
        accounts.membership_grant(actor=context.actor, user=user, organization=city, role=Role.INSPECTOR)
        context.accounts.append(
            (Role.INSPECTOR.label, "inspector", DEMO_PASSWORD, "city inspector, drawn for spot-check tasks")
        )
    return made


def _toy_lab_account(context: DemoContext) -> None:
    lab = Institution.objects.filter(name=TOY_LAB).first()
    if lab is None:
        return
    from nqi.accounts.choices import OrganizationKind
    from nqi.institutions.services import institution_link_organization

    org = accounts.organization_create(actor=context.actor, kind=OrganizationKind.INSTITUTION, name=lab.name)
    institution_link_organization(actor=context.actor, institution=lab, organization=org)
    user = accounts.user_create(
        actor=context.actor, username="toy_lab", password=DEMO_PASSWORD, display_name="童车中心 检测员 陆敏"
    )
    accounts.membership_grant(actor=context.actor, user=user, organization=org, role=Role.ANALYST)
    context.accounts.append((Role.ANALYST.label, "toy_lab", DEMO_PASSWORD, f"analyst of {TOY_LAB}"))


def _quotas(total: int) -> list[dict]:
    """Per product: a share of `total` in proportion to its producers, never below its 加严 firms."""
    producers = Counter(EnterpriseCategory.objects.values_list("category__code", flat=True))
    strict_firms = set(EnterpriseGrade.objects.filter(mode="strict").values_list("enterprise_id", flat=True))
    strict = Counter(
        EnterpriseCategory.objects.filter(enterprise_id__in=strict_firms).values_list(
            "category__code", flat=True
        )
    )
    all_producers = sum(producers.values()) or 1
    items = []
    for code, n in sorted(producers.items()):
        want = max(int(round(total * n / all_producers)), strict[code], 1)
        quota = min(want, max(n // 2, strict[code]), n)
        if quota < 1:
            continue
        circulation = int(round(quota * 0.25)) if quota >= 3 else 0
        ecommerce = int(round(quota * 0.15)) if quota >= 4 else 0
        for stage, part in (
            ("production", quota - circulation - ecommerce),
            ("circulation", circulation),
            ("ecommerce", ecommerce),
        ):
            if part:
                items.append({"category": code, "stage": stage, "quota": part})
    return items


def _results(task, fail: bool) -> list[dict]:
    clause = (task.category.reference_standards or "GB").split(";")[0].split("(")[0].strip()[:60]
    return [
        {
            "item": item,
            "standard_clause": f"{clause} {n}",
            "verdict": "fail" if fail and n == 1 else "pass",
            "measured": "—",
        }
        for n, item in enumerate(task.category.test_items, start=1)
    ]


def _sampling(rng, task, today) -> dict:
    return {
        "sampled_on": (today - dt.timedelta(days=rng.randrange(45, 60))).isoformat(),
        "seller_name": ""
        if task.stage == "production"
        else rng.choice(["嘉兴八佰伴", "江南摩尔商户", "天猫旗舰店", "京东自营"]),
        "product_name": task.category.name[:40],
        "batch_number": f"{today.year}{rng.randrange(1, 12):02d}{rng.randrange(1, 28):02d}",
        "quantity_test": rng.choice([2, 3, 5]),
        "quantity_backup": rng.choice([2, 3]),
        "unit": rng.choice(["件", "台", "套"]),
        "price_paid": f"{rng.randrange(30, 1500)}.00",
        "seal_number": f"JX{today.year}-{task.pk:05d}",
    }


def _walk(context: DemoContext, plan, officer) -> Counter:
    """Move a realistic share of the Q4 tasks along: sampled, tested, notified, objected, rectified, published."""
    rng = context.rng("spotchecks-walk")
    today = timezone.localdate()
    tasks = list(Task.objects.filter(plan=plan).select_related("category", "enterprise").order_by("rank"))
    rng.shuffle(tasks)
    done = Counter()
    actor = context.actor
    for i, task in enumerate(tasks[: max(8, int(len(tasks) * 0.12))]):
        if i % 17 == 16:
            task = services.task_record_refusal(
                actor=actor, task=task, reason="企业负责人以“正在整改”为由拒绝抽样"
            )
            services.task_transition(
                actor=officer, task=task, name="transfer", comment="拒绝监督抽查，移送稽查"
            )
            done["refused"] += 1
            continue
        task = services.task_record_sampling(actor=actor, task=task, data=_sampling(rng, task, today))
        if i % 10 == 9:
            done["sampled"] += 1
            continue
        task = services.task_transition(actor=actor, task=task, name="receive_sample")
        fail = i % 5 == 0
        task = services.task_submit_results(actor=actor, task=task, results=_results(task, fail))
        if i % 10 == 8:
            done["result_ready"] += 1
            continue
        recent = (fail and i % 4 in (0, 1)) or (not fail and i % 9 == 3)
        notified = today - dt.timedelta(days=5 if recent else rng.randrange(20, 35))
        task = services.task_notify(actor=officer, task=task, notified_on=notified)
        done[_conclude(officer, task, fail, i)] += 1
    return done


def _conclude(officer, task, fail: bool, i: int) -> str:
    if not fail:
        task = services.task_transition(actor=officer, task=task, name="accept")
        services.task_publish(actor=officer, task=task)
        return "qualified"
    path = i % 4
    if path in (0, 1):
        try:
            task = services.task_object(actor=officer, task=task, reason="企业对检验结论有异议，申请复检")
        except DomainError:  # no second lab can re-test this product: the task waits at notification
            return "notified"
    if path in (0, 1):
        if path == 1:
            task = services.task_retest(
                actor=officer, task=task, outcome="overturned", comment="复检合格，改判"
            )
            services.task_publish(actor=officer, task=task)
            return "overturned"
        task = services.task_retest(actor=officer, task=task, outcome="upheld", comment="复检维持原结论")
        services.task_publish(actor=officer, task=task)
        return "rectifying"
    task = services.task_order_rectification(
        actor=officer, task=task, comment="责令停止生产销售同一产品并限期整改"
    )
    if path == 2:
        task = services.task_transition(
            actor=officer, task=task, name="submit_rectification", comment="已完成整改"
        )
        task = services.task_transition(actor=officer, task=task, name="recheck_pass")
    else:
        task = services.task_transition(
            actor=officer, task=task, name="transfer", comment="不合格项涉及安全性能，移送稽查"
        )
    services.task_publish(actor=officer, task=task)
    return "rectified" if path == 2 else "enforcement"


def _draft_quota(draft) -> int:
    """Two strollers (or every 加严 producer) for the walk-through, within what the register can give."""
    from nqi.spotchecks.inputs import draw_inputs_for

    inputs, _policy = draw_inputs_for(draft)
    excluded = set(inputs.excluded)
    pool = [c for c in inputs.candidates if c.key not in excluded]
    return max(sum(1 for c in pool if c.strict), min(2, len(pool)), 1)


@register("spotchecks", order=65)
def build(context: DemoContext) -> None:
    from nqi.accounts.models import User

    city = context.made.get("bureau_orgs", {}).get("city")
    if city is None:
        return
    _lab_scopes(context)
    _toy_lab_account(context)
    _inspectors(context)
    officer = User.objects.filter(username="officer").first() or context.actor
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    plan = services.plan_create(
        actor=context.actor,
        organizer=city,
        name=f"{today.year} 年第{quarter}季度市级产品质量监督抽查",
        year=today.year,
        quarter=quarter,
    )
    services.planitem_set(
        actor=context.actor, plan=plan, items=_quotas(int(QUARTER_SHARE * max(context.scale, 0.05)))
    )
    plan = services.plan_draw(
        actor=context.actor,
        plan=plan,
        seed=context.rng("spotchecks-seed").getrandbits(128).to_bytes(16, "big").hex(),
    )
    plan = services.plan_transition(actor=context.actor, plan=plan, name="issue")
    walked = _walk(context, plan, officer)
    next_year, next_quarter = (today.year, quarter + 1) if quarter < 4 else (today.year + 1, 1)
    draft = services.plan_create(
        actor=context.actor,
        organizer=city,
        name=f"{next_year} 年第{next_quarter}季度童车专项监督抽查",
        year=next_year,
        quarter=next_quarter,
    )
    item = {"category": "JXPC-01", "stage": "production", "quota": 1}
    services.planitem_set(actor=context.actor, plan=draft, items=[item])
    services.planitem_set(actor=context.actor, plan=draft, items=[{**item, "quota": _draft_quota(draft)}])
    context.made["spotcheck_plans"] = [plan, draft]
    context.log(f"  spotchecks: Q{quarter} plan {plan.tasks.count()} batches drawn; walked {dict(walked)}")


def describe_accounts(context: DemoContext) -> None:
    context.accounts.append(
        (Role.INSPECTOR.label, "inspector", DEMO_PASSWORD, "city inspector, drawn for spot-check tasks")
    )
    context.accounts.append((Role.ANALYST.label, "toy_lab", DEMO_PASSWORD, f"analyst of {TOY_LAB}"))


build.accounts = describe_accounts
