"""Demo-city standards: the real ISO/IEC catalog (shipped compact pack), the curated Chinese standards,
synthetic Chinese standards up to 200,000 records, one search-index build; then — once enterprises
exist — product links, watches, the recent real replacements replayed through the one door (so their
notices reach the enterprises whose products are affected), standard systems and key projects.
"""

from __future__ import annotations

import datetime as dt
import itertools

from nqi.accounts.models import User
from nqi.core.demo import DemoContext, register
from nqi.enterprises.models import Enterprise, Product
from nqi.search import services as search_services
from nqi.standards import readers, services
from nqi.standards.choices import Confidence, ImportKind, StandardStatus
from nqi.standards.demo_projects import build_projects, build_systems
from nqi.standards.models import Standard
from nqi.standards.numbers import number_fields, numbers_in
from nqi.standards.search import INDEX
from nqi.standards.synth import synth_rows

TARGET = 200_000
REPLAY_FROM = dt.date(2026, 1, 1)  # replacements taking effect since then are replayed as events
# Titles of product standards used by demo products, from memory (shown as 未核实).
KNOWN_TITLES = {
    "GB/T 9098—2021": "电冰箱用全封闭型电动机-压缩机",
    "GB/T 3077—2015": "合金结构钢",
    "GB/T 699—2015": "优质碳素结构钢",
    "GB 30616—2020": "食品安全国家标准 食品用香精",
    "GA/T 1127—2013": "安全防范视频监控摄像机通用技术要求",
    "JG/T 413—2013": "建筑用集成吊顶",
    "GB/T 8059—2016": "家用和类似用途制冷器具",
    "JC/T 647—2014": "泡沫玻璃绝热制品",
    "GB/T 18103—2022": "实木复合地板",
    "QB/T 1615—2006": "皮革服装",
    "GB/T 14272—2021": "羽绒服装",
    "GB/T 12642—2013": "工业机器人 性能规范及其试验方法",
    "GB 7099—2015": "食品安全国家标准 糕点、面包",
    "GB 19295—2021": "食品安全国家标准 速冻面米与调制食品",
    "GB 7000.1—2015": "灯具 第1部分：一般要求与试验",
    "GB/T 6543—2008": "运输包装用单瓦楞纸箱和双瓦楞纸箱",
}


def _curated_with_replays() -> tuple[list[dict], list[tuple[str, str]]]:
    """Curated rows, with editions replaced since REPLAY_FROM loaded as still in force, and the
    (old, new) pairs to replay once enterprises and their products exist."""
    rows = list(readers.curated_rows())
    by_number = {r["number"]: r for r in rows}
    replays = []
    for row in rows:
        if row["status"] != readers.REPLACED or not row.get("successors"):
            continue
        number, _kind = row["successors"][0]
        successor = by_number.get(number)
        starts = successor and successor.get("implemented")
        if starts and dt.date.fromisoformat(starts) >= REPLAY_FROM:
            row["status"], row["status_verified"] = readers.CURRENT, True
            replays.append((row["number"], number))
    return rows, replays


def _spread(rows, share: float):
    """Every n-th row, so a scaled-down demo keeps a mix of the whole catalog."""
    if share >= 1:
        return rows
    step = max(1, round(1 / share))
    return itertools.islice(rows, 0, None, step)


@register("standards", order=25)
def build(context: DemoContext) -> None:
    actor = context.actor
    services.classification_load_reference(actor=actor)
    intl = services.standard_import(
        actor=actor,
        kind=ImportKind.INTERNATIONAL_PACK,
        rows=_spread(readers.intl_pack_rows(), context.scale),
        source="intl_catalog.csv.gz",
        skip_invalid=True,
        index=False,
    )
    curated_rows, replays = _curated_with_replays()
    services.standard_import(
        actor=actor, kind=ImportKind.CURATED, rows=curated_rows, source="curated", index=False
    )
    context.made["standard_replays"] = replays
    remaining = max(0, int(TARGET * context.scale) - Standard.objects.count())
    synth = services.standard_import(
        actor=actor,
        kind=ImportKind.SYNTHETIC,
        rows=synth_rows(remaining, context.seed),
        source=f"synth seed={context.seed}",
        index=False,
    )
    documents = search_services.index_rebuild(INDEX)
    context.log(
        f"  standards: {intl.created_count} ISO/IEC, {len(curated_rows)} curated, "
        f"{synth.created_count} synthetic; {documents} indexed"
    )


def _missing_product_standards() -> list[dict]:
    """Catalog rows for executed standards of demo products that the catalog lacks: titles from
    memory where known (未核实), else the product name (演示合成数据); Q/ standards are issued by the
    enterprise that makes the product."""
    rows, seen = [], set()
    codes = Product.objects.exclude(standard_code="").values_list("standard_code", "name", "enterprise__name")
    for code, product, maker in codes.distinct():
        for text, key, has_year in numbers_in(code):
            if not has_year or key in seen or Standard.objects.filter(edition_key=key).exists():
                continue
            seen.add(key)
            fields = number_fields(text)
            known = KNOWN_TITLES.get(fields["canonical"])
            rows.append(
                readers.blank_row(
                    number=fields["canonical"],
                    title_zh=known or product,
                    status=readers.CURRENT,
                    published=dt.date(fields["year"], 6, 1) if fields["year"] else None,
                    implemented=dt.date(fields["year"], 12, 1) if fields["year"] else None,
                    issuer=maker if fields["family"] == "enterprise" else "",
                    confidence=(Confidence.MEMORY if known else Confidence.SYNTHETIC).value,
                )
            )
    return rows


@register("standards_links", order=37)
def build_links(context: DemoContext) -> None:
    actor = context.actor
    services.standard_import(
        actor=actor,
        kind=ImportKind.SYNTHETIC,
        rows=_missing_product_standards(),
        source="demo product standards",
    )
    counts = services.productstandard_rematch(actor=actor)
    _watch(context)
    replayed = 0
    for old, new in context.made.get("standard_replays", []):
        standard = Standard.objects.filter(number=old, status=StandardStatus.CURRENT).first()
        successor = Standard.objects.filter(number=new).first()
        if standard and successor:
            services.standard_status_change(
                actor=actor,
                standard=standard,
                name="replace",
                successor=successor,
                comment=f"{successor.canonical} 自 {successor.implemented_on or successor.published_on} 起实施",
            )
            replayed += 1
    build_systems(context)
    build_projects(context)
    context.log(f"  product links: {counts['links']}; replacements replayed: {replayed}")


def _watch(context: DemoContext) -> None:
    """The officer watches the standards the replays touch; the demo enterprise watches the
    appliance safety standard and its products' standards."""
    officer = User.objects.filter(username="officer").first()
    owner = User.objects.filter(username="ent_owner").first()
    watched = [old for old, _new in context.made.get("standard_replays", [])]
    for user, numbers in ((officer, watched), (owner, ["GB 4706.1-2005"])):
        if user is None:
            continue
        for standard in Standard.objects.filter(number__in=numbers):
            services.standardwatch_add(actor=user, standard=standard)
    enterprise = (
        context.made.get("demo_enterprise") or Enterprise.objects.filter(organization__isnull=False).first()
    )
    if owner and enterprise:
        for standard in Standard.objects.filter(product_links__product__enterprise=enterprise).distinct():
            services.standardwatch_add(actor=owner, standard=standard)
