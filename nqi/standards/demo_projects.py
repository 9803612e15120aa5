"""Demo industry standard systems (4, as in the source report: 数控机床, 太阳能光伏, 柔性电子, 压缩机) and
14 key standard projects (重点标准研制攻坚) spread over the stages of the drafting procedure."""

from __future__ import annotations

import datetime as dt

from nqi.core.demo import DemoContext
from nqi.enterprises.models import Enterprise
from nqi.industries.models import FeaturedIndustry
from nqi.standards import services
from nqi.standards.choices import StandardFamily
from nqi.standards.models import Standard

# (system name, featured-industry key, {category: ([title words found in the catalog], [planned titles])})
SYSTEMS = [
    (
        "平湖数控机床产业标准体系",
        "JX-IND-21",
        {
            "基础通用": (["数控机床", "机床 术语"], ["数控机床 产业术语与分类"]),
            "整机产品": (["数控车床", "加工中心"], ["五轴联动加工中心 精度分级"]),
            "关键功能部件": (["滚动轴承", "减速器"], ["数控机床用电主轴 技术条件"]),
            "检测方法": (["可靠性试验方法"], []),
        },
    ),
    (
        "海宁太阳能光伏产业标准体系",
        "JX-IND-17",
        {
            "基础通用": (["光伏组件 术语", "光伏"], []),
            "组件与电池": (["光伏组件", "太阳电池"], ["双面光伏组件 户外发电性能评价"]),
            "逆变与储能": (["光伏逆变器", "储能电池"], []),
            "工程与运维": (["光伏", "安装规范"], ["屋顶分布式光伏 运维服务规范"]),
        },
    ),
    (
        "嘉兴柔性电子产业标准体系",
        "JX-IND-10",
        {
            "材料": (["柔性电路板", "超薄玻璃"], ["柔性显示用超薄玻璃 弯折性能试验方法"]),
            "器件": (["柔性显示器件", "传感器"], ["柔性压力传感器 通用技术条件"]),
            "可靠性": (["环境适应性要求"], []),
        },
    ),
    (
        "南湖压缩机产业标准体系",
        "JX-IND-01",
        {
            "整机": (["制冷压缩机", "空气压缩机"], []),
            "能效与安全": (["能效限定值及能效等级", "家用和类似用途电器的安全"], []),
            "试验方法": (["压缩机 试验方法", "噪声"], ["变频制冷压缩机 能效试验方法"]),
        },
    ),
]
PROJECT_TITLES = [
    ("JX-IND-21", "数控机床主轴单元 精度保持性评价方法", StandardFamily.GROUP),
    ("JX-IND-21", "工业机器人 减速器寿命试验方法", StandardFamily.GROUP),
    ("JX-IND-17", "光伏组件 回收利用技术规范", StandardFamily.LOCAL),
    ("JX-IND-17", "分布式光伏电站 运行维护服务规范", StandardFamily.LOCAL),
    ("JX-IND-10", "柔性电子 超薄玻璃 弯折寿命试验方法", StandardFamily.GROUP),
    ("JX-IND-01", "变频制冷压缩机 能效评价", StandardFamily.GROUP),
    ("JX-IND-01", "冰箱压缩机 噪声限值及测量方法", StandardFamily.SECTOR),
    ("JX-IND-09", "实木家具 甲醛释放分级标识", StandardFamily.GROUP),
    ("JX-IND-18", "电动童车 电池安全技术要求", StandardFamily.GROUP),
    ("JX-IND-15", "经编间隔织物 透气性能试验方法", StandardFamily.GROUP),
    ("JX-IND-23", "羊毛衫 起球性能分级", StandardFamily.GROUP),
    ("JX-IND-12", "核电用紧固件 技术条件", StandardFamily.GROUP),
    ("JX-IND-24", "再生涤纶长丝 技术规范", StandardFamily.SECTOR),
    ("JX-IND-25", "风电叶片用玻璃纤维 技术要求", StandardFamily.GROUP),
]
# Stages reached, in the workflow's order (a project at index i has run the first i transitions).
PATH = ["approve", "start_drafting", "consult", "submit_review", "submit_approval", "publish"]
REACHED = [6, 5, 4, 4, 3, 3, 2, 2, 2, 1, 1, 0, 0, -1]


def build_systems(context: DemoContext) -> None:
    actor = context.actor
    featured = {f.key: f for f in FeaturedIndustry.objects.all()}
    for name, key, categories in SYSTEMS:
        system = services.standardsystem_create(
            actor=actor,
            name=name,
            featured_industry=featured.get(key),
            description="由行业专家按 GB/T 13016—2018《标准体系构建原则和要求》梳理的产业标准体系表（演示数据）。",
        )
        for code, (category_name, (words, planned)) in enumerate(categories.items(), start=1):
            category = services.systemcategory_add(
                actor=actor, system=system, name=category_name, code=f"{code}00"
            )
            seen = set()
            for word in words:
                for standard in Standard.objects.filter(title_zh__contains=word, status="current").order_by(
                    "-year"
                )[:3]:
                    if standard.pk not in seen:
                        seen.add(standard.pk)
                        services.systementry_add(actor=actor, category=category, standard=standard)
            for title in planned:
                services.systementry_add(actor=actor, category=category, planned_title=title, note="待制定")


def build_projects(context: DemoContext) -> None:
    actor = context.actor
    rng = context.rng("standards-projects")
    featured = {f.key: f for f in FeaturedIndustry.objects.all()}
    today = dt.date(2026, 11, 25)
    published_pool = list(Standard.objects.filter(designation="T/ZZB", status="current").order_by("pk")[:20])
    for number, ((key, title, family), reached) in enumerate(
        zip(PROJECT_TITLES, REACHED, strict=True), start=1
    ):
        leads = list(Enterprise.objects.filter(featured_industry__key=key).order_by("uscc")[:4])
        if not leads:
            continue
        started = today - dt.timedelta(days=60 * max(reached, 0) + rng.randint(30, 120))
        project = services.keyproject_create(
            actor=actor,
            data={
                "code": f"JXBZ-2026-{number:02d}",
                "name": f"{title} 标准研制",
                "lead_enterprise": leads[0],
                "featured_industry": featured.get(key),
                "target_family": family,
                "target_title": title,
                "started_on": started,
                "planned_finish_on": started + dt.timedelta(days=540),
                "description": "2026 年度嘉兴市重点标准研制攻坚项目（演示数据）。",
            },
        )
        for partner in leads[1:3]:
            services.keyproject_add_participant(
                actor=actor, project=project, name=partner.name, role="drafter", enterprise=partner
            )
        for step, label in enumerate(("立项论证", "形成征求意见稿", "技术审查会", "报批"), start=1):
            milestone = services.keyproject_add_milestone(
                actor=actor, project=project, name=label, due_on=started + dt.timedelta(days=120 * step)
            )
            if step <= reached - 1:
                services.keyproject_complete_milestone(
                    actor=actor,
                    milestone=milestone,
                    done_on=milestone.due_on - dt.timedelta(days=rng.randint(0, 20)),
                )
        if reached < 0:
            services.keyproject_transition(
                actor=actor, project=project, name="cancel", comment="牵头企业退出，项目撤销"
            )
            continue
        for name in PATH[:reached]:
            standard = published_pool.pop() if name == "publish" and published_pool else None
            if name == "publish" and standard is None:
                break
            services.keyproject_transition(actor=actor, project=project, name=name, standard=standard)
