"""Bench: the global search over 200,000 enterprises (issue 3, Performance).

Targets: p95 ≤ 20 ms and ≥ 50× faster than a naive `LIKE '%q%'` scan at p50, measured in the same run
over the published mixed query set below; recall 1.0 against a brute-force substring truth for Chinese
queries. Also times the index build (records/s; imports need ≥ 20,000/s) and deep paging.

Timed per query, for the engine: `nqi.search.selectors.search_visible_to` as the pages call it — count,
exact matches, top 20 ids, the 20 rows fetched through the ORM with the actor's visibility, highlighting.
For LIKE: the same count and 20 newest rows in raw SQL (every segment of the query must be a substring
of name, USCC or address: the brute-force semantics). Latencies are wall-clock at the Python client.

    .venv/bin/python bench/search_enterprises.py [--enterprises 200000] [--rounds 3]
    .venv/bin/python bench/search_enterprises.py --postgres postgres://postgres@127.0.0.1:5432/nqi_search_bench

With --postgres the same bench runs a second time on that (throw-away) database, in a child process,
and both reports are printed with the PostgreSQL/SQLite ratios.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import cpu_reference_ms, run_both, summarise
from _setup import Timer, setup_django

# The published query set: (kind, query). "{uscc:N}" takes the first N characters of a USCC of the corpus.
QUERIES = [
    *[("zh_1char", q) for q in ["泵", "阀", "钢", "嘉", "革", "纺", "锦", "鑫", "化", "电"]],
    *[
        ("zh_2char", q)
        for q in [
            "嘉兴",
            "南湖",
            "海宁",
            "压缩",
            "家具",
            "电子",
            "科技",
            "机械",
            "皮革",
            "纺织",
            "光伏",
            "食品",
            "包装",
            "五金",
            "化纤",
            "童车",
            "恒达",
            "瑞丰",
            "精密",
            "股份",
        ]
    ],
    *[
        ("zh_3plus", q)
        for q in [
            "压缩机",
            "木业家具",
            "新能源科技",
            "汽车零部件",
            "经编面料",
            "嘉兴市南湖区",
            "集成吊顶",
            "光伏科技有限公司",
            "服饰有限公司",
            "海宁市皮革",
            "桐乡市濮院",
            "智能装备制造",
            "不存在的企业名称",
            "紧固件",
            "电线电缆",
            "塑料制品厂",
            "恒达精密机械",
            "新材料股份",
        ]
    ],
    *[("uscc", f"{{uscc:{n}}}") for n in (4, 6, 8, 10, 12, 14, 16, 18, 18, 18)],
    *[("latin", q) for q in ["sunny", "delta", "tech", "abc", "led", "smart", "pv", "xyz", "ge", "hi"]],
    *[
        ("mixed", q)
        for q in [
            "嘉兴 压缩机",
            "南湖 机械",
            "海宁 皮革",
            "Sunny 电子",
            "LED 照明",
            "桐乡 毛衫",
            "平湖 童车",
            "嘉善 木业",
            "delta 科技",
            "{uscc:8} 科技",
        ]
    ],
    *[("broad", q) for q in ["有限公司", "公司", "有限", "嘉兴", "浙江", "司", "有", "科技有限公司"]],
]
TARGET_P95_MS, TARGET_RATIO = 20.0, 50.0

PLACES = {
    "330402": ("嘉兴市南湖区", ["新丰", "凤桥", "余新", "大桥", "七星", "东栅"]),
    "330411": ("嘉兴市秀洲区", ["王江泾", "油车港", "新塍", "王店", "洪合"]),
    "330421": ("嘉善县", ["西塘", "姚庄", "陶庄", "干窑", "天凝", "大云"]),
    "330424": ("海盐县", ["武原", "沈荡", "百步", "于城", "澉浦", "通元"]),
    "330481": ("海宁市", ["许村", "长安", "周王庙", "盐官", "斜桥", "袁花"]),
    "330482": ("平湖市", ["当湖", "新埭", "新仓", "广陈", "林埭", "独山港"]),
    "330483": ("桐乡市", ["濮院", "崇福", "洲泉", "乌镇", "屠甸", "大麻"]),
}
TRADE_CHARS = (
    "恒华鑫瑞永宏金天博正汇昌顺盛佳中振德新卓联明嘉禾凯富东南万宇腾锦美利精晨远星立同鸿安海亿长康巨银光双飞通开泰达丰信源辰润成和隆创捷"
    "益广宝乐兴旺荣祥嘉瀚晟煜钧铭峰岳川诚毅豪骏"
)
INDUSTRY_WORDS = [
    "压缩机",
    "木业家具",
    "家具",
    "皮革服饰",
    "皮革",
    "经编",
    "经编面料",
    "家纺",
    "毛衫",
    "服饰",
    "箱包",
    "童车",
    "紧固件",
    "标准件",
    "五金",
    "五金工具",
    "机械",
    "精密机械",
    "机械制造",
    "智能装备制造",
    "机器人",
    "数控机床",
    "电子",
    "电子科技",
    "电器",
    "电线电缆",
    "光伏科技",
    "新能源科技",
    "新能源",
    "新材料",
    "化工",
    "化纤",
    "玻纤",
    "纺织",
    "印染",
    "食品",
    "粮油",
    "包装",
    "纸业",
    "塑料制品",
    "橡胶制品",
    "汽车零部件",
    "集成吊顶",
    "保温材料",
    "特钢",
    "钢管",
    "阀门",
    "水泵",
    "泵业",
    "轴承",
    "模具",
    "照明",
    "LED照明",
    "电动工具",
    "建材",
    "陶瓷",
    "医疗器械",
    "生物科技",
    "信息科技",
    "网络科技",
    "智能科技",
    "科技",
    "贸易",
    "实业",
    "环保科技",
    "检测技术",
]
LATIN_BRANDS = ["Sunny", "Delta", "Tech", "ABC", "Smart", "PV", "Hi", "GE", "Nova", "Apex"]
FORMS = ["有限公司"] * 6 + ["股份有限公司"] * 2 + ["有限责任公司", "厂", "制造有限公司"]
ROADS = "中山文昌建设人民解放环城城南城北东升长水华云花园友谊工业开发创业科技"


def _name(rng: random.Random, county_short: str) -> str:
    prefix = rng.choice([county_short, "浙江", "嘉兴", "嘉兴" + rng.choice(["", "市"]), county_short])
    trade = rng.choice(TRADE_CHARS) + rng.choice(TRADE_CHARS)
    if rng.random() < 0.03:
        trade = rng.choice(LATIN_BRANDS) + trade
    return f"{prefix}{trade}{rng.choice(INDUSTRY_WORDS)}{rng.choice(FORMS)}"


def build_corpus(n: int, seed: int) -> None:
    """Bulk-load n synthetic enterprises (scaffolding: not timed as part of the engine)."""
    from nqi.core.uscc import with_check_chars
    from nqi.enterprises.models import Enterprise
    from nqi.regions.models import Region

    have = Enterprise.objects.count()
    if have >= n:
        print(f"corpus: reusing {have:,} enterprises")
        return
    rng = random.Random(seed)
    towns = {}
    for code, parent in Region.objects.filter(level="township", parent_id__in=list(PLACES)).values_list(
        "code", "parent_id"
    ):
        towns.setdefault(parent, []).append(code)
    with Timer() as t:
        batch = []
        for serial in range(have + 1, n + 1):
            county = rng.choice(list(PLACES))
            short, places = PLACES[county]
            body = "".join(rng.choice("0123456789MA") for _ in range(2)) + f"{serial:06d}"
            batch.append(
                Enterprise(
                    uscc=with_check_chars(f"91{county}{body}"),
                    name=_name(rng, short),
                    region_id=rng.choice(towns.get(county) or [county]),
                    address=f"{short}{rng.choice(places)}镇{rng.choice(ROADS)}{rng.choice(ROADS)}路{rng.randrange(1, 999)}号",
                )
            )
            if len(batch) == 5000:
                Enterprise.objects.bulk_create(batch)
                batch = []
        Enterprise.objects.bulk_create(batch)
    print(f"corpus: {n - have:,} enterprises generated in {t.seconds:.1f}s")


def resolve_queries(seed: int) -> list[tuple[str, str]]:
    from nqi.enterprises.models import Enterprise

    rng = random.Random(seed + 1)
    top = Enterprise.objects.order_by("-pk").values_list("pk", flat=True).first()
    out = []
    for kind, q in QUERIES:
        m = re.search(r"\{uscc:(\d+)\}", q)
        if m:
            uscc = Enterprise.objects.filter(pk__lte=rng.randrange(1, top + 1)).order_by("-pk").first().uscc
            q = q.replace(m.group(), uscc[: int(m.group(1))])
        out.append((kind, q))
    return out


def build_index() -> dict:
    from nqi.enterprises.models import Enterprise
    from nqi.search import registry, services
    from nqi.search.backends import backend

    index = registry.get("enterprises.enterprise")
    with Timer() as t:
        n = services.index_rebuild(index, progress=_progress)
    print(f"\nindex rebuild: {n:,} enterprises in {t.seconds:.1f}s = {n / t.seconds:,.0f} records/s")
    ids = list(Enterprise.objects.order_by("-pk").values_list("pk", flat=True)[:20000])
    from django.db import transaction

    with transaction.atomic():
        backend().delete(index, ids)
        with Timer() as u:
            services.index_objects(Enterprise, ids)
    print(
        f"bulk index_objects (import path, triggers): {len(ids):,} in {u.seconds:.2f}s = {len(ids) / u.seconds:,.0f} records/s"
    )
    return {"rebuild_per_s": n / t.seconds, "bulk_per_s": len(ids) / u.seconds}


def _progress(done: int, total: int) -> None:
    print(f"\r  indexing {done:,}/{total:,} ({100 * done / max(1, total):.0f}%)", end="", flush=True)


def _district_officer():
    from nqi.accounts import services as accounts
    from nqi.accounts.choices import OrganizationKind, Role
    from nqi.accounts.models import User
    from nqi.accounts.services import system_actor
    from nqi.regions.models import Region

    user = User.objects.filter(username="bench_nanhu").first()
    if user is None:
        system = system_actor()
        org = accounts.organization_create(
            actor=system,
            kind=OrganizationKind.BUREAU,
            name="南湖区局(bench)",
            jurisdiction=Region.objects.get(pk="330402"),
        )
        user = accounts.user_create(actor=system, username="bench_nanhu", password=None, display_name="bench")
        accounts.membership_grant(actor=system, user=user, organization=org, role=Role.OFFICER)
    return User.objects.get(pk=user.pk)


_ROWS = (
    "SELECT e.id, e.uscc, e.name, r.name FROM enterprises_enterprise e "
    "JOIN regions_region r ON r.code = e.region_id WHERE {where}"
)


def engine_ms(index, query) -> float:
    """The engine as SEARCH-NOTES measured it: the count, the top 20 ids (by relevance when the count is
    at most rank_limit, else newest first) and those 20 rows fetched, in raw SQL."""
    from django.db import connection

    from nqi.search.backends import backend

    started = time.perf_counter()
    if query is not None:
        engine = backend()
        count = engine.count(index, query, index.count_limit)
        ranked = count.exact and count.value <= index.rank_limit
        ids = engine.page(index, query, ranked=ranked, limit=20, hits=count.value) if count.value else []
        if ids:
            with connection.cursor() as c:
                c.execute(_ROWS.format(where=f"e.id IN ({', '.join(['%s'] * len(ids))})"), ids)
                c.fetchall()
    return (time.perf_counter() - started) * 1000


def page_ms(actor, q) -> float:
    """The full selector the pages call: also exact matches first, the rows through the ORM with the
    actor's visibility applied again (highlighting is left to the template, as on the pages)."""
    from nqi.search.selectors import search_visible_to

    started = time.perf_counter()
    search_visible_to(actor=actor, index="enterprises.enterprise", q=q)
    return (time.perf_counter() - started) * 1000


def time_queries(queries, system, officer, rounds: int) -> dict[str, dict]:
    """Every method on every query, interleaved query by query so that load from other processes hits
    all alike: the engine and the full selector `rounds` times, the rest once."""
    from nqi.search import registry
    from nqi.search.analyzer import query_plan
    from nqi.search.selectors import _engine_query

    index = registry.get("enterprises.enterprise")
    plans = {q: query_plan(q) for _, q in queries}
    prepared = {
        who: {q: _engine_query(index, actor, plans[q], None, None) if plans[q] else None for _, q in queries}
        for who, actor in (("system", system), ("district", officer))
    }
    methods = {
        "engine": lambda q: engine_ms(index, prepared["system"][q]),
        "district": lambda q: engine_ms(index, prepared["district"][q]),
        "page": lambda q: page_ms(system, q),
        "like": like_ms,
        "like_orm": like_orm_ms,
    }
    for _, q in queries:  # warm-up pass
        for name, method in methods.items():
            if not name.startswith("like"):
                method(q)
    for _, q in queries[:5]:
        like_ms(q)
    times: dict[str, dict] = {name: {} for name in methods}
    for round_ in range(rounds):
        for kind, q in queries:
            for name, method in methods.items():
                if round_ == 0 or name in ("engine", "page"):
                    times[name].setdefault(kind, []).append(method(q))
    return times


def _segments(q: str) -> list[str]:
    from nqi.search.analyzer import HAN, normalize

    parts = re.findall(rf"[{HAN}]+|[^{HAN}]+", normalize(q))
    return [p.strip() for p in parts if re.search(r"\w", p)]


def _like_where(q: str) -> tuple[str, list]:
    from django.db import connection

    op = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    segments = _segments(q)
    where = " AND ".join([f"(e.name {op} %s OR e.uscc {op} %s OR e.address {op} %s)"] * len(segments))
    return where or "1=0", [f"%{s}%" for s in segments for _ in range(3)]


def like_ms(q: str) -> float:
    """The naive scan in raw SQL: count and the 20 newest rows where every segment of the query is a
    substring of name, USCC or address."""
    from django.db import connection

    where, params = _like_where(q)
    with connection.cursor() as c:
        started = time.perf_counter()
        c.execute(f"SELECT count(*) FROM enterprises_enterprise e WHERE {where}", params)
        c.fetchall()
        c.execute(_ROWS.format(where=where) + " ORDER BY e.id DESC LIMIT 20", params)
        c.fetchall()
        return (time.perf_counter() - started) * 1000


def like_orm_ms(q: str) -> float:
    """The naive scan as a list page would write it: `__contains` filters, count and the first page."""
    from django.db.models import Q

    from nqi.enterprises.models import Enterprise

    started = time.perf_counter()
    condition = Q()
    for segment in _segments(q) or ["\0"]:
        condition &= Q(name__icontains=segment) | Q(uscc__icontains=segment) | Q(address__icontains=segment)
    rows = Enterprise.objects.filter(condition).select_related("region").order_by("-pk")
    rows.count()
    list(rows[:20])
    return (time.perf_counter() - started) * 1000


def recall(queries) -> list[tuple]:
    """Full result sets vs brute force: every segment a substring of name, USCC or address (normalised)."""
    from django.db import connection

    from nqi.enterprises.models import Enterprise
    from nqi.search import registry
    from nqi.search.analyzer import HAN, normalize, query_plan
    from nqi.search.backends import EngineQuery, backend

    index = registry.get("enterprises.enterprise")
    rows = [
        (pk, "\n".join(normalize(x or "") for x in (name, uscc, address)))
        for pk, name, uscc, address in Enterprise.objects.values_list(
            "pk", "name", "uscc", "address"
        ).iterator(chunk_size=20000)
    ]
    results = []
    for _kind, q in queries:
        if not re.fullmatch(rf"[{HAN}]+", q):
            continue
        segments = _segments(q)
        truth = {pk for pk, text in rows if all(s in text for s in segments)}
        sql, params = backend().ids_sql(index, EngineQuery(plan=query_plan(q)))
        with connection.cursor() as c:
            c.execute(sql, params)
            got = {r[0] for r in c.fetchall()}
        results.append((q, len(truth), len(got), len(truth & got)))
    return results


def deep_paging(actor) -> list[tuple]:
    """Page 1 and page 50 of broad queries, by keyset cursor (the pager's next link) and by offset."""
    from nqi.search.selectors import search_visible_to

    out = []
    for q in ["有限公司", "嘉兴", "科技"]:
        page = search_visible_to(actor=actor, index="enterprises.enterprise", q=q)
        for _ in range(48):
            page = search_visible_to(
                actor=actor, index="enterprises.enterprise", q=q, page=page.page + 1, after=page.next_after
            )
        started = time.perf_counter()
        last = search_visible_to(
            actor=actor, index="enterprises.enterprise", q=q, page=50, after=page.next_after
        )
        cursor_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        search_visible_to(actor=actor, index="enterprises.enterprise", q=q, page=50)
        offset_ms = (time.perf_counter() - started) * 1000
        out.append((q, last.total, last.total_is_estimate, cursor_ms, offset_ms))
    return out


def run(args) -> dict:
    setup_django("search")
    from django.db import connection

    from nqi.accounts.services import system_actor

    vendor = connection.vendor
    build_corpus(args.enterprises, args.seed)
    builds = {"rebuild_per_s": 0.0, "bulk_per_s": 0.0} if args.reuse_index else build_index()
    queries = resolve_queries(args.seed)
    system, officer = system_actor(), _district_officer()
    cpu_start = cpu_reference_ms()
    times = time_queries(queries, system, officer, args.rounds)
    report = {
        "cpu": (cpu_start, cpu_reference_ms()),
        "vendor": vendor,
        **{name: summarise(t) for name, t in times.items()},
        "builds": builds,
        "recall": recall(queries),
        "paging": deep_paging(system),
        "queries": len(queries),
    }
    print_report(report, args.enterprises)
    return report


def print_report(r: dict, n: int) -> None:
    e, like = r["engine"], r["like"]
    print(f"\n== {r['vendor']}: {n:,} enterprises, {r['queries']} queries ==")
    print(
        f"cpu reference {r['cpu'][0]:.0f} → {r['cpu'][1]:.0f} ms (≈70 on an idle machine; higher = other load)"
    )
    print("p50 / p95 ms per query kind:")
    header = ["engine", "LIKE", "ratio", "district", "selector", "LIKE(ORM)", "ratio"]
    print(f"{'kind':<10}" + "".join(f"{h:>16}" for h in header))
    for kind in e["kinds"]:
        cells = []
        for name in ("engine", "like", None, "district", "page", "like_orm", None):
            if name is None:
                a, b = ("engine", "like") if len(cells) < 3 else ("page", "like_orm")
                cells.append(f"{r[b]['kinds'][kind][0] / r[a]['kinds'][kind][0]:>15.0f}x")
            else:
                p50, p95 = r[name]["kinds"][kind]
                cells.append(f"{p50:>7.2f} / {p95:<6.1f}")
        print(f"{kind:<10}" + "".join(f"{c:>16}" for c in cells))
    line = []
    for name in ("engine", "like", None, "district", "page", "like_orm", None):
        if name is None:
            a, b = ("engine", "like") if len(line) < 3 else ("page", "like_orm")
            line.append(f"{r[b]['p50'] / r[a]['p50']:>15.0f}x")
        else:
            line.append(f"{r[name]['p50']:>7.2f} / {r[name]['p95']:<6.1f}")
    print(f"{'ALL':<10}" + "".join(f"{c:>16}" for c in line))
    ratio = like["p50"] / e["p50"]
    print(
        f"engine (count + top 20 + row fetch, as SEARCH-NOTES measures): p50 {e['p50']:.2f} ms, "
        f"p95 {e['p95']:.1f} ms, p99 {e['p99']:.1f} ms, max {e['max']:.1f} ms"
    )
    print(
        f"target p95 ≤ {TARGET_P95_MS:g} ms: {e['p95']:.1f} ms {'PASS' if e['p95'] <= TARGET_P95_MS else 'FAIL'}; "
        f"≥ {TARGET_RATIO:g}x LIKE at p50: {ratio:.0f}x {'PASS' if ratio >= TARGET_RATIO else 'FAIL'} "
        f"(p95 ratio {like['p95'] / e['p95']:.0f}x); full selector p50 {r['page']['p50']:.2f} ms, "
        f"p95 {r['page']['p95']:.1f} ms, {r['like_orm']['p50'] / r['page']['p50']:.0f}x the ORM LIKE page"
    )
    exact = sum(1 for _, t, g, tp in r["recall"] if t == g == tp)
    print(
        f"recall vs brute-force substring truth, {len(r['recall'])} Chinese queries: {exact} identical"
        + "".join(
            f"\n  MISMATCH {q}: truth {t}, got {g}, common {tp}"
            for q, t, g, tp in r["recall"]
            if not t == g == tp
        )
    )
    for q, total, est, cursor_ms, offset_ms in r["paging"]:
        print(
            f"deep paging '{q}' ({'≈' if est else ''}{total:,} hits): page 50 by cursor {cursor_ms:.2f} ms, "
            f"by offset {offset_ms:.2f} ms"
        )
    b = r["builds"]
    print(
        f"indexing: rebuild {b['rebuild_per_s']:,.0f} records/s, bulk index_objects {b['bulk_per_s']:,.0f} "
        "records/s (target ≥ 20,000/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=200_000)
    parser.add_argument("--reuse-index", action="store_true", help="skip the (timed) index build")
    both = run_both(
        parser,
        run,
        __file__,
        lambda a: ["--enterprises", str(a.enterprises), *(["--reuse-index"] if a.reuse_index else [])],
    )
    if both and both[1]:
        sqlite, pg = both
        print(
            f"\nPostgreSQL / SQLite: p50 {pg['engine']['p50'] / sqlite['engine']['p50']:.1f}x, "
            f"p95 {pg['engine']['p95'] / sqlite['engine']['p95']:.1f}x (PostgreSQL p95 {pg['engine']['p95']:.1f} ms)"
        )


if __name__ == "__main__":
    main()
