"""Regrading as set-based computation: a few grouped queries, pure scoring in memory, one bulk write.

The whole city (200,000 enterprises with three years of history) is graded from one grouped aggregate
over the quality events, one read of credit classes and one of the enterprise–product register; no
per-enterprise query. One enterprise is regraded with the same aggregate filtered to it, so both paths
apply `nqi.supervision.grading` identically. Callers (services) authorize and audit; this module
computes and writes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from nqi.enterprises.models import Enterprise
from nqi.supervision import grading
from nqi.supervision.choices import RANK_RISK, RISK_RANK, EnterpriseClass, QualityEventKind, RiskSignalKind
from nqi.supervision.models import (
    CountyGrade,
    CreditRating,
    EnterpriseCategory,
    EnterpriseGrade,
    EnterpriseGradeChange,
    GradingRun,
    ProductCategory,
    ProductRiskGrade,
    QualityEvent,
    RiskSignal,
)

K = QualityEventKind
YEAR_KINDS = {
    "failures": K.SPOTCHECK_FAIL,
    "passes": K.SPOTCHECK_PASS,
    "recalls": K.RECALL,
    "complaints": K.COMPLAINT,
}
WRITE_BATCH = 2000  # 2,000 rows × 22 columns stays under PostgreSQL's 65,535 bind parameters
Progress = Callable[[int, int], None]


def year_bounds(as_of: dt.date, years: int) -> list[tuple[dt.date, dt.date]]:
    """(after, up to and including) for each policy year, newest first: year 0 is the 365 days to `as_of`."""
    return [
        (as_of - dt.timedelta(days=365 * (i + 1)), as_of - dt.timedelta(days=365 * i)) for i in range(years)
    ]


def _event_aggregates(as_of: dt.date, years: int) -> dict:
    """Count aggregates per year bucket and kind, keyed like `f_failures_0`."""
    aggregates = {}
    for i, (after, until) in enumerate(year_bounds(as_of, years)):
        window = Q(occurred_on__gt=after, occurred_on__lte=until)
        for name, kind in YEAR_KINDS.items():
            aggregates[f"f_{name}_{i}"] = Count("id", filter=window & Q(kind=kind))
    aggregates["f_certifications"] = Count("id", filter=Q(kind=K.CERTIFICATION))
    aggregates["f_programmes"] = Count("id", filter=Q(kind=K.QUALITY_PROGRAMME))
    return aggregates


def enterprise_facts(as_of: dt.date, years: int, enterprise_ids=None) -> dict[int, dict]:
    """{enterprise id: counts} from one grouped query over the non-void events of the window."""
    start = as_of - dt.timedelta(days=365 * years)
    qs = QualityEvent.objects.filter(is_void=False, occurred_on__gt=start, occurred_on__lte=as_of)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    rows = qs.order_by().values("enterprise_id").annotate(**_event_aggregates(as_of, years))
    return {row.pop("enterprise_id"): row for row in rows}


def to_facts(row: dict | None, years: int, credit: str) -> grading.EnterpriseFacts:
    row = row or {}
    per_year = {name: tuple(row.get(f"f_{name}_{i}", 0) for i in range(years)) for name in YEAR_KINDS}
    return grading.EnterpriseFacts(
        **per_year,
        certifications=row.get("f_certifications", 0),
        programmes=row.get("f_programmes", 0),
        credit_class=credit,
    )


def max_product_risk(enterprise_ids=None) -> dict[int, str]:
    """Each enterprise's highest current product risk over its catalogue categories."""
    ranks = {
        pk: RISK_RANK.get(level, 1) for pk, level in ProductCategory.objects.values_list("pk", "risk_level")
    }
    qs = EnterpriseCategory.objects.order_by()
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    best: dict[int, int] = {}
    for enterprise_id, category_id in qs.values_list("enterprise_id", "category_id").iterator(
        chunk_size=20000
    ):
        rank = ranks.get(category_id, 1)
        if rank > best.get(enterprise_id, 0):
            best[enterprise_id] = rank
    return {pk: str(RANK_RISK[rank]) for pk, rank in best.items()}


# -- products --------------------------------------------------------------------------------------


def product_facts(as_of: dt.date, years: int) -> tuple[dict, dict]:
    """Per category: spot-check failures/passes and the complaint/recall/alert signals in the window."""
    start = as_of - dt.timedelta(days=365 * years)
    window = Q(occurred_on__gt=start, occurred_on__lte=as_of)
    checks = {
        row["category_id"]: row
        for row in QualityEvent.objects.filter(window, is_void=False, category__isnull=False)
        .order_by()
        .values("category_id")
        .annotate(
            failures=Count("id", filter=Q(kind=K.SPOTCHECK_FAIL)),
            passes=Count("id", filter=Q(kind=K.SPOTCHECK_PASS)),
        )
    }
    signals = defaultdict(dict)
    for row in (
        RiskSignal.objects.filter(window).order_by().values("category_id", "kind").annotate(n=Sum("count"))
    ):
        signals[row["category_id"]][row["kind"]] = row["n"]
    return checks, signals


def grade_products(run: GradingRun, params: dict) -> int:
    """Grade every catalogue product; record a ProductRiskGrade each and mirror the level on the category."""
    checks, signals = product_facts(run.as_of, params["window_years"])
    categories = list(ProductCategory.objects.all())
    grades = []
    for category in categories:
        seen, alerts = checks.get(category.pk, {}), signals.get(category.pk, {})
        result = grading.product_risk(
            params,
            grading.ProductFacts(
                hazard_severity=category.hazard_severity,
                vulnerable=category.vulnerable_group != "none",
                failures=seen.get("failures", 0),
                passes=seen.get("passes", 0),
                complaints=alerts.get(RiskSignalKind.COMPLAINT, 0),
                recalls=alerts.get(RiskSignalKind.RECALL, 0),
                external_alerts=alerts.get(RiskSignalKind.EXTERNAL_ALERT, 0),
            ),
        )
        category.risk_level, category.risk_score = result.level, result.score
        grades.append(
            ProductRiskGrade(
                run=run,
                category=category,
                policy=run.policy,
                level=result.level,
                score=result.score,
                factors=result.factors,
            )
        )
    ProductRiskGrade.objects.bulk_create(grades)
    ProductCategory.objects.bulk_update(categories, ["risk_level", "risk_score"])
    return len(grades)


# -- enterprises -----------------------------------------------------------------------------------


GRADE_COLUMNS = (
    "enterprise_id", "run_id", "policy_id", "county_id", "grade_class", "mode", "max_product_risk", "score",
    "credit_class", "failures", "passes", "recalls", "complaints", "certifications", "programmes",
    "spotcheck_points", "recall_points", "complaint_points", "certification_points", "programme_points",
    "credit_points", "capped_by_credit", "graded_at",
)  # fmt: skip


def _grade_values(run, params, enterprise_id, county, facts_row, credit, risk, now) -> tuple:
    """The EnterpriseGrade column values (in GRADE_COLUMNS order) of one enterprise."""
    facts = to_facts(facts_row, params["window_years"], credit)
    result = grading.enterprise_class(params, facts)
    p = result.points
    return (
        enterprise_id, run.pk, run.policy_id, county, result.grade_class,
        grading.supervision_mode(params, risk, result.grade_class), risk, result.score, credit,
        sum(facts.failures), sum(facts.passes), sum(facts.recalls), sum(facts.complaints),
        facts.certifications, facts.programmes, p["spotcheck"], p["recall"], p["complaint"],
        p["certification"], p["programme"], p["credit"], result.capped_by_credit, now,
    )  # fmt: skip


INSERT_ROWS = 10000  # rows per executemany batch


def _bulk_insert(model, columns: tuple, rows: list[tuple]) -> None:
    """Write many rows fast: COPY on PostgreSQL, one prepared statement run over all rows elsewhere
    (model instances cost ~80 µs a row in bulk_create; row-by-row INSERTs are slow on PostgreSQL)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        at = columns.index("graded_at") if "graded_at" in columns else columns.index("changed_at")
        marks = ", ".join(["%s"] * len(columns))
        for start in range(0, len(rows), INSERT_ROWS):
            chunk = [(*row[:at], adapt(row[at]), *row[at + 1 :]) for row in rows[start : start + INSERT_ROWS]]
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)


def county_code(path: str) -> str:
    """The county-level unit of a region path "/330000/330400/330402/…" (a district or management area)."""
    parts = [p for p in path.split("/") if p]
    return parts[2] if len(parts) > 2 else parts[-1]


def grade_city(run: GradingRun, params: dict, progress: Progress | None = None) -> dict:
    """Grade every enterprise of the platform as of `run.as_of`; replace the current grades in one write."""
    years = params["window_years"]
    grade_products(run, params)
    facts = enterprise_facts(run.as_of, years)
    credits = dict(CreditRating.objects.order_by().values_list("enterprise_id", "credit_class"))
    risks = max_product_risk()
    enterprises = list(Enterprise.objects.order_by("pk").values_list("pk", "region__path"))
    total, now, built = len(enterprises), timezone.now(), []
    GradingRun.objects.filter(pk=run.pk).update(total=total)
    for n, (pk, path) in enumerate(enterprises, start=1):
        county, risk = county_code(path), risks.get(pk, "low")
        built.append(_grade_values(run, params, pk, county, facts.get(pk), credits.get(pk, ""), risk, now))
        if progress and (n % 20000 == 0 or n == total):
            progress(n, total)
    return _replace_grades(run, params, built, now)


CHANGE_COLUMNS = ("enterprise_id", "run_id", "from_class", "to_class", "from_mode", "to_mode", "changed_at")


def _replace_grades(run: GradingRun, params: dict, built: list[tuple], now) -> dict:
    """Swap in the new grades, keep the class/mode changes, recolour the counties, all atomically."""
    at_class, at_mode, at_county = (GRADE_COLUMNS.index(c) for c in ("grade_class", "mode", "county_id"))
    with transaction.atomic():
        old = {
            pk: (c, m)
            for pk, c, m in EnterpriseGrade.objects.values_list("enterprise_id", "grade_class", "mode")
        }
        EnterpriseGrade.objects.all()._raw_delete(connection.alias)  # no relation points at a grade
        _bulk_insert(EnterpriseGrade, GRADE_COLUMNS, built)
        changes = []
        for row in built:  # a first grade is not a change: the grade row itself records it
            before = old.get(row[0])
            if before is not None and before != (row[at_class], row[at_mode]):
                changes.append((row[0], run.pk, before[0], row[at_class], before[1], row[at_mode], now))
        _bulk_insert(EnterpriseGradeChange, CHANGE_COLUMNS, changes)
        by_county: dict[str, Counter] = defaultdict(Counter)
        for row in built:
            by_county[row[at_county]][row[at_class]] += 1
        colours = _recolour(run, params, by_county, now, replace_all=True)
    return {"enterprises": len(built), "changed": len(changes), "counties": colours}


def _recolour(run, params, by_county: dict, now, *, replace_all: bool) -> dict:
    """Write a current CountyGrade for each county in `by_county`; returns {county: colour}."""
    stale = CountyGrade.objects.filter(is_current=True)
    if not replace_all:
        stale = stale.filter(region_id__in=list(by_county))
    stale.update(is_current=False)
    rows, colours = [], {}
    for county, counts in sorted(by_county.items()):
        total = sum(counts.values())
        share = counts[EnterpriseClass.C] / total if total else 0.0
        colours[county] = grading.county_colour(params, share)
        rows.append(
            CountyGrade(
                run=run,
                region_id=county,
                policy_id=run.policy_id,
                enterprises=total,
                class_counts={k: counts.get(k, 0) for k in EnterpriseClass.values},
                c_share=round(share, 4),
                colour=colours[county],
                graded_at=now,
            )
        )
    CountyGrade.objects.bulk_create(rows)
    return colours


def grade_one(run: GradingRun, params: dict, enterprise: Enterprise) -> tuple[EnterpriseGrade, str, tuple]:
    """Regrade one enterprise (after an event) and recolour its county; returns (grade, colour, old)."""
    years, now = params["window_years"], timezone.now()
    pk = enterprise.pk
    facts = enterprise_facts(run.as_of, years, [pk]).get(pk)
    credit = (
        CreditRating.objects.filter(enterprise_id=pk).values_list("credit_class", flat=True).first() or ""
    )
    risk = max_product_risk([pk]).get(pk, "low")
    county = county_code(enterprise.region.path)
    new = EnterpriseGrade(
        **dict(
            zip(GRADE_COLUMNS, _grade_values(run, params, pk, county, facts, credit, risk, now), strict=True)
        )
    )
    with transaction.atomic():
        previous = EnterpriseGrade.objects.select_for_update().filter(enterprise_id=pk).first()
        old = (previous.grade_class, previous.mode) if previous else ("", "")
        if previous:
            new.pk = previous.pk
        new.save()
        if old != (new.grade_class, new.mode):
            EnterpriseGradeChange.objects.create(
                enterprise_id=pk,
                run=run,
                from_class=old[0],
                to_class=new.grade_class,
                from_mode=old[1],
                to_mode=new.mode,
                changed_at=now,
            )
        counts = Counter(
            dict(
                EnterpriseGrade.objects.filter(county_id=county)
                .order_by()
                .values_list("grade_class")
                .annotate(n=Count("id"))
            )
        )
        colour = _recolour(run, params, {county: counts}, now, replace_all=False)[county]
    return new, colour, old
