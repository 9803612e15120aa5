"""Demo city: 159 quality housekeepers appointed this year, 双管家 pairings, 230+ visits and 396 problems
solved (source report), some of them handled through a one-stop service request."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from nqi.accounts import services as account_services
from nqi.accounts.choices import Role
from nqi.accounts.models import User
from nqi.assistance.choices import VisitKind
from nqi.assistance.history import PastProblem, PastVisit, visit_bulk_import
from nqi.assistance.services import housekeeper_bulk_register, pairing_create
from nqi.core.demo import DemoContext, register
from nqi.enterprises.models import Enterprise
from nqi.industries.models import FeaturedIndustry
from nqi.institutions.choices import InstitutionKind
from nqi.institutions.models import Institution
from nqi.regions.selectors import city_districts
from nqi.servicedesk.choices import ServiceDomain as S
from nqi.servicedesk.models import ServiceRequest

HOUSEKEEPERS, PAIRINGS, VISITS, SOLVED = 159, 320, 236, 396
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾沈"
GIVEN = [
    "建华",
    "国强",
    "海燕",
    "志明",
    "丽娟",
    "晓东",
    "卫东",
    "红梅",
    "建军",
    "文斌",
    "雪芳",
    "永康",
    "佳怡",
    "振宇",
    "美玲",
    "子涵",
]
TITLES = ["正高级工程师", "高级工程师", "高级工程师", "工程师", "研究员", "高级经济师"]
DOMAIN_WEIGHTS = [
    (S.TESTING, 30),
    (S.QUALITY_MANAGEMENT, 26),
    (S.STANDARDS, 16),
    (S.BRAND, 6),
    (S.METROLOGY, 10),
    (S.CERTIFICATION, 7),
    (S.IP, 5),
]
KIND_WEIGHTS = [
    (VisitKind.DIAGNOSE, 35),
    (VisitKind.TEST, 20),
    (VisitKind.TRAIN, 20),
    (VisitKind.TACKLE, 12),
    (VisitKind.GUIDE, 13),
]
FINDINGS = {
    VisitKind.DIAGNOSE: "对生产现场、检验记录和质量体系进行诊断，提出改进建议。",
    VisitKind.TEST: "协助企业制定出厂检验方案，指导送检与检验报告解读。",
    VisitKind.TRAIN: "开展质量管理与标准化培训，讲解 GB/T 19001 与产品标准要求。",
    VisitKind.TACKLE: "联合技术人员开展质量攻关，分析关键质量特性波动原因。",
    VisitKind.GUIDE: "导入卓越绩效、精益生产等先进质量管理方法，指导品字标申报。",
}
PROBLEMS = {
    S.TESTING: ["出厂检验项目不全，缺少型式试验报告", "关键尺寸抽检比例偏低", "原材料进货检验记录缺失"],
    S.QUALITY_MANAGEMENT: ["质量目标未分解到车间", "不合格品处置流程不闭环", "内审发现的问题未跟踪整改"],
    S.STANDARDS: ["执行标准已废止，未及时更新", "企业标准未自我声明公开", "产品标识与执行标准不一致"],
    S.BRAND: ["品牌培育规划缺失", "商标使用不规范"],
    S.METROLOGY: ["部分计量器具超期未检", "测量设备台账不完整"],
    S.CERTIFICATION: ["CCC 认证产品变更未备案", "管理体系证书即将到期未准备复审"],
    S.IP: ["核心技术未申请专利保护", "外观设计存在侵权风险"],
}


def _pick(rng, pairs):
    return rng.choices([p for p, _w in pairs], [w for _p, w in pairs])[0]


def _experts(context, rng, today):
    panel = context.made["expert_panel"]
    employers = list(
        Institution.objects.filter(
            kind__in=[
                InstitutionKind.TESTING_LAB,
                InstitutionKind.STANDARDS_INSTITUTE,
                InstitutionKind.METROLOGY_INSTITUTE,
                InstitutionKind.CERTIFICATION_BODY,
                InstitutionKind.IP_CENTRE,
            ]
        ).order_by("pk")
    )
    featured = list(FeaturedIndustry.objects.order_by("pk"))
    districts = list(city_districts())
    users = [User.objects.get(username="housekeeper")]
    for n in range(1, max(5, int(HOUSEKEEPERS * context.scale))):
        user = account_services.user_create(
            actor=context.actor,
            username=f"hk{n:03d}",
            password=None,
            display_name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
        )
        account_services.membership_grant(
            actor=context.actor, user=user, organization=panel, role=Role.HOUSEKEEPER
        )
        users.append(user)
    start = dt.date(today.year, 1, 6)
    rows = [
        {
            "user": user,
            "employer": rng.choice(employers) if rng.random() < 0.85 else None,
            "title": rng.choice(TITLES),
            "domains": list(dict.fromkeys(_pick(rng, DOMAIN_WEIGHTS) for _ in range(rng.randint(1, 3)))),
            "appointed_on": min(today, start + dt.timedelta(days=rng.randrange(0, 280))),
            "industries": rng.sample(featured, rng.randint(1, 2)),
            "regions": rng.sample(districts, rng.randint(1, 2)),
        }
        for user in users
    ]
    return housekeeper_bulk_register(actor=context.actor, rows=rows)


def _pairings(context, rng, keepers, today):
    demo = context.made.get("demo_enterprise")
    served = list(
        Enterprise.objects.filter(service_requests__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(served, min(len(served), max(4, int(PAIRINGS * context.scale))))
    if demo and demo.pk not in chosen:
        chosen[0] = demo.pk
    enterprises = Enterprise.objects.select_related("region").in_bulk(chosen)
    pairs = []
    for pk in chosen:
        keeper = keepers[0] if demo and pk == demo.pk else rng.choice(keepers)
        started = max(keeper.appointed_on, today - dt.timedelta(days=rng.randrange(20, 300)))
        pairs.append(
            pairing_create(
                actor=context.actor,
                enterprise=enterprises[pk],
                housekeeper=keeper,
                internal_name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                internal_title=rng.choice(["首席质量官", "质量部经理", "品质总监"]),
                started_on=min(started, today),
            )
        )
    return pairs


def _visits(context, rng, pairs, keepers, today):
    requests = defaultdict(list)
    for pk, enterprise_id in ServiceRequest.objects.filter(
        enterprise_id__in=[p.enterprise_id for p in pairs]
    ).values_list("pk", "enterprise_id"):
        requests[enterprise_id].append(pk)
    by_pk = ServiceRequest.objects.in_bulk([pk for pks in requests.values() for pk in pks])
    visits = []
    count = max(6, int(VISITS * context.scale))
    for n in range(count):
        pair = pairs[0] if n < 2 else rng.choice(pairs)
        span = max(1, (today - pair.started_on).days)
        day = pair.started_on + dt.timedelta(days=rng.randrange(span))
        kind = _pick(rng, KIND_WEIGHTS)
        team = [pair.housekeeper] + ([rng.choice(keepers)] if rng.random() < 0.4 else [])
        problems = []
        for _ in range(rng.choices([0, 1, 2, 3, 4], [5, 30, 35, 20, 10])[0]):
            domain = _pick(rng, DOMAIN_WEIGHTS)
            linked = (
                by_pk[rng.choice(requests[pair.enterprise_id])]
                if requests[pair.enterprise_id] and rng.random() < 0.15
                else None
            )
            problems.append(
                PastProblem(domain=domain, description=rng.choice(PROBLEMS[domain]), service_request=linked)
            )
        visits.append(
            PastVisit(
                enterprise=pair.enterprise,
                kind=kind,
                visited_on=day,
                housekeepers=list(dict.fromkeys(team)),
                findings=FINDINGS[kind],
                enterprise_participants=f"{pair.internal_name}（{pair.internal_title}）",
                problems=problems,
            )
        )
    return visits


def _solve(rng, visits, today, target):
    """Mark `target` problems solved, among those found at least a week ago (the rest stay open)."""
    candidates = [(v, p) for v in visits for p in v.problems if (today - v.visited_on).days >= 7]
    for visit, problem in rng.sample(candidates, min(target, len(candidates))):
        problem.solved_on = min(today, visit.visited_on + dt.timedelta(days=rng.randint(3, 60)))
        problem.solution = "已按管家建议完成整改，经复查有效。"


def _rest(visit):
    """The demo visit without its first problem (kept open)."""
    return PastVisit(
        visit.enterprise,
        visit.kind,
        visit.visited_on,
        visit.housekeepers,
        visit.findings,
        problems=visit.problems[1:],
    )


@register("assistance", order=70)
def build(context: DemoContext) -> None:
    rng = context.rng("assistance")
    today = timezone.localdate()
    keepers = _experts(context, rng, today)
    pairs = _pairings(context, rng, keepers, today)
    visits = _visits(context, rng, pairs, keepers, today)
    if visits[0].problems:  # the demo housekeeper has one problem left to solve at the demo enterprise
        visits[0].problems[0].description = "出口批次压缩机噪声一致性波动，需联合攻关"
    _solve(
        rng,
        [v for v in visits if v is not visits[0]] + [_rest(visits[0])],
        today,
        max(5, int(SOLVED * context.scale)),
    )
    visit_bulk_import(actor=context.actor, visits=visits)
    found = sum(len(v.problems) for v in visits)
    context.log(
        f"  housekeepers: {len(keepers)}, pairings: {len(pairs)}, visits: {len(visits)}, problems: {found}"
    )
