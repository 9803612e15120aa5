"""Demo-city institutions: the labs, metrology, standards, certification and IP bodies of 嘉兴 (≥ 40)."""

from __future__ import annotations

import datetime as dt

from nqi.accounts import services as account_services
from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.demo import DEMO_PASSWORD, add_account
from nqi.core.demo import DemoContext, register
from nqi.core.uscc import with_check_chars
from nqi.industries.models import FeaturedIndustry
from nqi.institutions import services
from nqi.institutions.choices import InstitutionKind as K
from nqi.institutions.models import Institution

CITY_INSTITUTIONS = [
    (K.TESTING_LAB, "嘉兴市质量检验检测研究院", "330402", "产品质量检验、食品检验、特种设备检验"),
    (K.METROLOGY_INSTITUTE, "嘉兴市计量检定测试院", "330402", "计量器具检定、校准，能效计量"),
    (K.STANDARDS_INSTITUTE, "嘉兴市标准化研究院", "330402", "标准化研究、对标达标服务、标准体系建设"),
    (K.IP_CENTRE, "嘉兴市知识产权保护中心", "330402", "专利预审、维权援助、知识产权运营"),
    (K.CERTIFICATION_BODY, "浙江公信认证有限公司嘉兴分公司", "330411", "质量管理体系认证、“浙江制造”认证"),
    (K.CERTIFICATION_BODY, "方圆标志认证集团浙江有限公司嘉兴办事处", "330402", "产品认证、管理体系认证"),
    (K.PLATFORM_HOST, "嘉兴市质量发展服务中心", "330402", "质量基础设施一站式服务平台运营"),
    (
        K.TESTING_LAB,
        "浙江省木制品质量检验检测中心（嘉善）",
        "330421",
        "人造板、木家具甲醛释放量及理化性能检测",
    ),
    (K.TESTING_LAB, "浙江省童车产品质量检验检测中心（平湖）", "330482", "童车、玩具安全性能检测"),
    (K.TESTING_LAB, "浙江省紧固件产品质量检验检测中心（海盐）", "330424", "紧固件力学性能检测"),
    (K.TESTING_LAB, "浙江省经编产品质量检验检测中心（海宁）", "330481", "经编面料、家纺产品检测"),
    (K.TESTING_LAB, "浙江省毛针织品质量检验检测中心（桐乡）", "330483", "毛针织品纤维含量及理化检测"),
    (K.TESTING_LAB, "浙江省制冷压缩机质量检验检测中心（南湖）", "330402", "制冷压缩机性能与能效检测"),
    (K.TESTING_LAB, "浙江省集成吊顶产品质量检验检测中心（秀洲）", "330411", "集成吊顶、浴霸电器安全检测"),
    (K.TESTING_LAB, "浙江省光伏产品质量检验检测中心（海宁）", "330481", "光伏组件、逆变器检测"),
    (K.TESTING_LAB, "嘉兴市食品药品与产品质量检验检测院", "330411", "食品、食品相关产品检测"),
]
COUNTY_NAMES = {
    "330402": "南湖区",
    "330411": "秀洲区",
    "330421": "嘉善县",
    "330424": "海盐县",
    "330481": "海宁市",
    "330482": "平湖市",
    "330483": "桐乡市",
}
COUNTY_TEMPLATES = [
    (K.TESTING_LAB, "{c}检验检测研究院", "产品质量监督抽查检验、委托检验"),
    (K.METROLOGY_INSTITUTE, "{c}计量所", "强制检定计量器具检定"),
    (K.STANDARDS_INSTITUTE, "{c}标准化服务站", "企业标准自我声明辅导、标准信息查询"),
    (K.PLATFORM_HOST, "{c}质量服务站（质量驿站）", "一站式服务窗口、质量管家派驻"),
]
_DIGITS = "0123456789"


def _uscc(rng, division: str, serial: int, registration="12") -> str:
    return with_check_chars(registration + division + f"{rng.randrange(10, 99)}{serial:06d}")


def _rows(context: DemoContext):
    rng = context.rng("institutions")
    rows = list(CITY_INSTITUTIONS)
    for code, name in COUNTY_NAMES.items():
        for kind, template, scope in COUNTY_TEMPLATES:
            rows.append((kind, template.format(c=name), code, scope))
    private = ["华测", "谱尼", "中检", "天祥", "必维", "通标", "广电计量", "中纺"]
    for i, brand in enumerate(private):
        code = list(COUNTY_NAMES)[i % len(COUNTY_NAMES)]
        rows.append(
            (K.TESTING_LAB, f"{brand}检测认证（嘉兴）有限公司", code, "纺织品、电子电器、消费品第三方检测")
        )
    for n, (kind, name, code, scope) in enumerate(rows, start=1):
        data = {
            "kind": kind,
            "name": name,
            "uscc": _uscc(rng, code, n, "91" if "有限公司" in name else "12"),
            "region": code,
            "address": f"嘉兴市{COUNTY_NAMES.get(code, '')}{rng.choice(['中山', '南湖', '禾兴', '由拳', '文昌'])}路{rng.randrange(1, 999)}号",
            "contact_name": rng.choice("王李张刘陈杨黄赵") + rng.choice(["工", "老师", "主任"]),
            "contact_phone": f"0573-8{rng.randrange(1000000, 9999999)}",
            "scope_summary": scope,
        }
        if kind in (K.TESTING_LAB, K.METROLOGY_INSTITUTE):
            start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 2000))
            data |= {
                "cma_number": f"{rng.randrange(15, 25)}11{rng.randrange(10**7, 10**8)}",
                "cma_valid_from": start.isoformat(),
                "cma_valid_until": (start + dt.timedelta(days=6 * 365)).isoformat(),
            }
        yield data


@register("institutions", order=40)
def build(context: DemoContext) -> None:
    featured = {f.region_id: f for f in FeaturedIndustry.objects.all()}
    made = []
    for data in _rows(context):
        made.append(services.institution_create(actor=context.actor, data=data))
    for institution in made:
        if "（" in institution.name and institution.region_id in featured:
            services.institution_link_featured(
                actor=context.actor, institution=institution, featured=[featured[institution.region_id]]
            )
    context.made["institutions"] = made
    context.log(f"  institutions: {len(made)}")


INSTITUTION_ACCOUNTS = [
    ("lab_manager", "检测中心主任 蒋涛", Role.MANAGER, "manager of 嘉兴市质量检验检测研究院"),
    ("lab_analyst", "检测员 韩雪梅", Role.ANALYST, "analyst of the same lab"),
]


def describe_accounts(context: DemoContext) -> None:
    for username, _name, role, note in INSTITUTION_ACCOUNTS:
        context.accounts.append((Role(role).label, username, DEMO_PASSWORD, note))


@register("institution_accounts", order=45)
def build_accounts(context: DemoContext) -> None:
    lab = Institution.objects.get(name="嘉兴市质量检验检测研究院")
    org = account_services.organization_create(
        actor=context.actor, kind=OrganizationKind.INSTITUTION, name=lab.name
    )
    services.institution_link_organization(actor=context.actor, institution=lab, organization=org)
    for username, display_name, role, note in INSTITUTION_ACCOUNTS:
        add_account(
            context, username=username, display_name=display_name, organization=org, role=role, note=note
        )


build_accounts.accounts = describe_accounts
