"""A year of the demo city's requests, generated deterministically and loaded through the history import.

2026 (to today): ~2,000 requests from exactly 1,694 enterprises, each accepted at least once (the source
report's "1,694 enterprises served"); plus the last quarter of 2025, closed, so that 12-month follow-ups fall
due this autumn. Channels, domains, response and resolution times follow the shapes a busy window shows:
most answered within hours, about one in twenty late, one task in six waiting for the enterprise.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from nqi.core import workdays
from nqi.enterprises.models import Enterprise
from nqi.servicedesk.choices import Channel, DocumentKind, Priority, StaffRole
from nqi.servicedesk.demo_catalog import ITEMS
from nqi.servicedesk.demo_live import build_live  # noqa: F401 — re-exported for demo.py
from nqi.servicedesk.models import PlatformStaff, ServiceItem
from nqi.servicedesk.services.aftercare import FOLLOWUP_MONTHS, add_months
from nqi.servicedesk.services.documents import enterprisedocument_bulk_import
from nqi.servicedesk.services.history import servicerequest_bulk_import
from nqi.servicedesk.services.history_plan import PastEvent, PastRequest, PastTask

SH = workdays.SHANGHAI
SERVED = 1694
EXTRA = 306
PREVIOUS_QUARTER = 380
WEIGHTS = {code: weight for code, *_rest, weight in ITEMS}
CHANNELS = [(Channel.ONLINE, 52), (Channel.WALK_IN, 26), (Channel.PHONE, 12), (Channel.HOUSEKEEPER, 10)]
PRIORITIES = [(Priority.NORMAL, 85), (Priority.URGENT, 8), (Priority.LOW, 7)]
RESPONSE_MEDIAN = {Priority.URGENT: 0.6, Priority.NORMAL: 2.0, Priority.LOW: 4.0}
RETURN_REASONS = [
    "检验委托单未加盖公章，请补正后重新提交。",
    "营业执照副本不清晰，请重新上传。",
    "需求描述不完整，请补充产品型号与检测项目。",
]
SUMMARIES = {
    "JL": "已完成检定/校准，出具证书。",
    "BZ": "已完成辅导，企业标准已公开。",
    "JC": "检验完成，出具检验报告。",
    "RZ": "已完成咨询并提交认证申请。",
    "ZL": "已完成诊断，提出改进建议。",
    "ZC": "已完成检索并提交申请。",
    "PP": "已完成评估与申报辅导。",
    "ZH": "已指导完成召回计划编制与报告。",
}


def _pick(rng, pairs):
    return rng.choices([p for p, _w in pairs], [w for _p, w in pairs])[0]


class Year:
    """Everything the generator needs, loaded once."""

    def __init__(self, context, platforms):
        self.rng = context.rng("servicedesk.history")
        self.now = timezone.now()
        self.calendar = workdays.get_calendar()
        self.calendar.is_working_day = functools.lru_cache(maxsize=None)(self.calendar.is_working_day)
        self.platforms = platforms
        self.items = defaultdict(list)
        for item in ServiceItem.objects.filter(platform__in=platforms).prefetch_related("providers"):
            item.provider_list = list(item.providers.all())
            self.items[item.platform_id].append(item)
        self.clerks = {
            s.platform_id: s.user
            for s in PlatformStaff.objects.filter(role=StaffRole.CLERK, platform__in=platforms)
            .select_related("user")
            .order_by("pk")
        }
        self.by_industry = {p.featured_industry_id: p for p in platforms}
        self.by_county: dict[str, list] = defaultdict(list)
        for p in platforms:
            self.by_county[p.region.path.strip("/").split("/")[2]].append(p)
        self.serial = 0

    def platform_for(self, enterprise):
        if enterprise.featured_industry_id in self.by_industry:
            return self.by_industry[enterprise.featured_industry_id]
        county = enterprise.region.path.strip("/").split("/")
        nearby = self.by_county.get(county[2] if len(county) > 2 else "", [])
        return self.rng.choice(nearby or self.platforms)

    def moment(self, start: dt.date, end: dt.date, office: bool) -> dt.datetime:
        day = start + dt.timedelta(days=self.rng.randrange(max(1, (end - start).days)))
        if office or self.rng.random() < 0.8:
            day = self.calendar.roll_forward(day)
            minute = self.rng.choice(
                [self.rng.randrange(9 * 60, 12 * 60), self.rng.randrange(13 * 60 + 30, 17 * 60 + 30)]
            )
        else:
            minute = self.rng.randrange(8 * 60, 22 * 60)
        return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=SH)

    def work(self, start, hours):
        return self.calendar.add_working_hours(start, dt.timedelta(hours=max(0.05, hours)))


def _request(year, enterprise, platform, submitted, channel, *, settle=False):
    rng = year.rng
    items_pool = year.items[platform.pk]
    n_items = rng.choices([1, 2, 3], [80, 17, 3])[0]
    chosen = []
    while len(chosen) < n_items:
        item = rng.choices(items_pool, [WEIGHTS[i.code] for i in items_pool])[0]
        if item not in chosen:
            chosen.append(item)
    priority = _pick(rng, PRIORITIES)
    clerk = year.clerks.get(platform.pk)
    record = PastRequest(
        platform=platform,
        enterprise=enterprise,
        items=chosen,
        channel=channel,
        priority=priority,
        title=(chosen[0].name if len(chosen) == 1 else f"{chosen[0].name}等 {len(chosen)} 项")[:200],
        submitted_at=submitted,
        submitted_by=None if channel == Channel.ONLINE else clerk,
        description=f"{enterprise.name}申请{'、'.join(i.name for i in chosen)}。",
    )
    at = submitted
    late = rng.random() < 0.05
    answer = at and year.work(at, rng.lognormvariate(0, 0.7) * RESPONSE_MEDIAN[priority] * (4 if late else 1))
    if not settle and rng.random() < 0.045:
        record.events.append(PastEvent("return", answer, clerk, rng.choice(RETURN_REASONS)))
        if rng.random() < 0.65:
            again = answer + dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
            record.events.append(PastEvent("resubmit", again, None, "已补正。"))
            answer = year.work(again, rng.lognormvariate(0, 0.6) * RESPONSE_MEDIAN[priority])
        else:
            record.events.append(
                PastEvent("withdraw", answer + dt.timedelta(days=rng.randint(3, 15)), None, "企业撤回。")
            )
            return record
    elif not settle and rng.random() < 0.01:
        record.events.append(
            PastEvent("withdraw", submitted + dt.timedelta(hours=rng.randint(1, 30)), None, "企业撤回。")
        )
        return record
    record.events.append(PastEvent("accept", answer, clerk))
    routed = answer + dt.timedelta(minutes=rng.randint(5, 40))
    record.events.append(PastEvent("route", routed, clerk, "；".join(i.name for i in chosen)))
    ends = []
    for item in chosen:
        split = item.code == "JC01" and len(item.provider_list) > 1 and rng.random() < 0.08
        providers = rng.sample(item.provider_list, 2 if split else 1)
        ends += [_task(year, record, item, routed, priority, p) for p in providers]
    if all(e is not None for e in ends) and any(t.events[-1].name == "deliver" for t in record.tasks):
        closed = max(ends)
        record.events.append(PastEvent("close", closed, None, "全部服务任务已完成，自动办结。"))
        if rng.random() < 0.78:
            score = rng.choices([5, 4, 3, 2, 1], [62, 28, 7, 2, 1])[0]
            record.rating = (
                score,
                "" if score >= 4 else "办理时间偏长。",
                closed + dt.timedelta(days=rng.randint(0, 5)),
                None,
            )
    return record


def _task(year, record, item, routed, priority, provider, replacement=False):
    """Append one task; returns when it ended. A cancelled task is re-routed to another provider."""
    rng = year.rng
    task = PastTask(item=item, provider=provider, routed_at=routed)
    record.tasks.append(task)
    accepted = year.work(
        routed, rng.lognormvariate(0, 0.8) * RESPONSE_MEDIAN[priority] * (5 if rng.random() < 0.04 else 1)
    )
    task.events.append(PastEvent("accept", accepted))
    others = [p for p in item.provider_list if p.pk != provider.pk]
    if not replacement and others and rng.random() < 0.02:
        cancelled = accepted + dt.timedelta(days=1)
        task.events.append(
            PastEvent("cancel", cancelled, year.clerks.get(record.platform.pk), "企业改送其他机构。")
        )
        return _task(
            year, record, item, cancelled + dt.timedelta(minutes=20), priority, rng.choice(others), True
        )
    factor = {Priority.URGENT: 0.5, Priority.NORMAL: 1.0, Priority.LOW: 1.5}[priority]
    needed = (
        item.promised_working_days
        * 7
        * factor
        * (rng.uniform(1.0, 1.5) if rng.random() < 0.08 else rng.uniform(0.2, 0.95))
    )
    start, spent = accepted, year.calendar.working_hours_between(routed, accepted).total_seconds() / 3600
    if rng.random() < 0.17:
        asked = year.work(accepted, rng.uniform(0.5, 0.4 * needed))
        task.info_request = rng.choice(
            ["请补充产品铭牌照片与型号说明。", "请补充近三年检验报告。", "请提供样品 3 件。"]
        )
        task.events.append(PastEvent("request_info", asked, None, task.info_request))
        given = asked + dt.timedelta(days=rng.randint(1, 7), hours=rng.randint(0, 8))
        task.events.append(PastEvent("provide_info", given, None, "已补充。"))
        spent += year.calendar.working_hours_between(accepted, asked).total_seconds() / 3600
        start = given
    delivered = year.work(start, max(0.5, needed - spent))
    year.serial += 1
    numbers = (
        [f"JX{delivered.year}-{item.code}-{year.serial:05d}"]
        if item.code[:2] in ("JC", "JL", "RZ", "ZC")
        else []
    )
    task.result_summary = SUMMARIES[item.code[:2]]
    task.report_numbers = numbers
    task.events.append(PastEvent("deliver", delivered, None, task.result_summary))
    return delivered


def _truncate(record, now):
    """Keep only what has happened by `now`; a request closes only when its last task was delivered."""
    record.events = [e for e in record.events if e.at <= now]
    routed = any(e.name == "route" for e in record.events)
    record.tasks = [t for t in record.tasks if routed and t.routed_at <= now]
    for task in record.tasks:
        task.events = [e for e in task.events if e.at <= now]
    if record.rating and record.rating[2] > now:
        record.rating = None
    return record


def _followup(rng, closed, today):
    """Answer the 12-month follow-up when it has fallen due (most enterprises answer)."""
    due = add_months(closed.date(), FOLLOWUP_MONTHS)
    if due > today or rng.random() > 0.85:
        return None
    solved = rng.random() < 0.84
    return {
        "answered_at": dt.datetime.combine(due, dt.time(10, 0), tzinfo=SH),
        "problem_solved": solved,
        "sales_gain": round(rng.uniform(5, 320), 2) if solved and rng.random() < 0.55 else None,
        "certifications_gained": rng.choices([0, 1, 2], [70, 25, 5])[0],
        "standards_gained": rng.choices([0, 1], [82, 18])[0],
        "note": "电话回访。",
    }


PLACEHOLDER = b"%PDF-1.4\n% NQI Hub demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _placeholders() -> dict:
    names = {}
    for kind in DocumentKind.values:
        name = f"servicedesk/demo/{kind}.pdf"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(PLACEHOLDER))
        names[kind] = name
    return names


def _documents(context, records):
    """Each enterprise's library: a document per kind its requests needed, given with its first request."""
    names, digest = _placeholders(), hashlib.sha256(PLACEHOLDER).hexdigest()
    first: dict = {}
    for record in sorted(records, key=lambda r: r.submitted_at):
        for kind in dict.fromkeys(k for item in record.items for k in item.required_documents):
            first.setdefault((record.enterprise.pk, kind), record)
    rows = [
        {
            "enterprise": record.enterprise,
            "kind": kind,
            "title": f"{DocumentKind(kind).label}.pdf",
            "name": names[kind],
            "content_type": "application/pdf",
            "size": len(PLACEHOLDER),
            "sha256": digest,
        }
        for (_e, kind), record in first.items()
    ]
    stored = enterprisedocument_bulk_import(actor=context.actor, rows=rows)
    library = {(d.enterprise_id, d.kind): d for d in stored}
    for record in records:
        kinds = dict.fromkeys(k for item in record.items for k in item.required_documents)
        record.documents = [
            (library[(record.enterprise.pk, k)], first[(record.enterprise.pk, k)] is not record)
            for k in kinds
        ]


def build_history(context, platforms) -> None:
    year = Year(context, platforms)
    rng, now = year.rng, year.now
    today = timezone.localtime(now).date()
    enterprises = list(Enterprise.objects.select_related("region").order_by("pk"))
    demo = context.made.get("demo_enterprise")
    pool = [e for e in enterprises if demo is None or e.pk != demo.pk]
    served = rng.sample(pool, min(len(pool), max(20, int(SERVED * context.scale)) - 1)) + (
        [demo] if demo else []
    )
    start, last = dt.date(today.year, 1, 5), today - dt.timedelta(days=7)
    records = []
    for enterprise in served:
        channel = _pick(rng, CHANNELS)
        submitted = year.moment(start, last, channel != Channel.ONLINE)
        records.append(
            _request(year, enterprise, year.platform_for(enterprise), submitted, channel, settle=True)
        )
    for _ in range(max(5, int(EXTRA * context.scale))):
        enterprise, channel = rng.choice(served), _pick(rng, CHANNELS)
        submitted = year.moment(start, today + dt.timedelta(days=1), channel != Channel.ONLINE)
        records.append(
            _request(
                year,
                enterprise,
                year.platform_for(enterprise),
                min(submitted, now - dt.timedelta(hours=1)),
                channel,
            )
        )
    for _ in range(max(5, int(PREVIOUS_QUARTER * context.scale))):
        enterprise, channel = rng.choice(enterprises), _pick(rng, CHANNELS)
        submitted = year.moment(
            dt.date(today.year - 1, 10, 9), dt.date(today.year - 1, 12, 31), channel != Channel.ONLINE
        )
        record = _request(year, enterprise, year.platform_for(enterprise), submitted, channel, settle=True)
        close = next((e for e in record.events if e.name == "close"), None)
        record.followup = _followup(rng, timezone.localtime(close.at), today) if close else None
        records.append(record)
    records = sorted((_truncate(r, now) for r in records), key=lambda r: r.submitted_at)
    mine = [r for r in records if demo and r.enterprise.pk == demo.pk and r.rating]
    if mine:
        mine[-1].rating = None  # leave one closed request for the demo owner to rate
    _documents(context, records)
    imported = servicerequest_bulk_import(actor=context.actor, records=records, now=now)
    context.log(f"  service requests: {len(imported)} ({len(served)} enterprises served this year)")
