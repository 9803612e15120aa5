"""Bench: regrade 200,000 enterprises with three years of history (target ≤ 20 s).

Builds a synthetic city (enterprises across Jiaxing's townships, credit classes, catalogue products and
~3 quality events per enterprise over three years), then times `services.city_regrade` (the set-based
computation) and, in the same run, a naive per-enterprise ORM loop on a sample, extrapolated to the
whole city, and prints both and their ratio.

    .venv/bin/python bench/supervision_grading.py [--enterprises 200000] [--sample 400]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import Timer, setup_django

KINDS = [
    ("spotcheck_pass", 60),
    ("spotcheck_fail", 6),
    ("complaint", 12),
    ("recall", 1),
    ("certification", 14),
    ("quality_programme", 7),
]


def build_city(n: int, rng: random.Random) -> None:
    """Bulk-load the synthetic city (bench data only: the timed code is the service, not this loader)."""
    from nqi.core.uscc import with_check_chars
    from nqi.enterprises.models import Enterprise
    from nqi.regions.models import Region
    from nqi.supervision.models import CreditRating, EnterpriseCategory, ProductCategory, QualityEvent

    if Enterprise.objects.count() >= n:
        return
    townships = list(
        Region.objects.filter(level="township", path__startswith="/330000/330400/").values_list(
            "code", flat=True
        )
    )
    with Timer() as t:
        Enterprise.objects.bulk_create(
            [
                Enterprise(
                    uscc=with_check_chars(f"91330400{i:08d}"),
                    name=f"基准企业{i}",
                    region_id=rng.choice(townships),
                )
                for i in range(n)
            ],
            batch_size=5000,
        )
        ids = list(Enterprise.objects.values_list("pk", flat=True))
        categories = list(ProductCategory.objects.values_list("pk", flat=True))
        CreditRating.objects.bulk_create(
            [
                CreditRating(
                    enterprise_id=pk,
                    credit_class=rng.choices("ABCD", [60, 33, 5, 2])[0],
                    rated_on=dt.date(2026, 10, 1),
                )
                for pk in ids
            ],
            batch_size=5000,
        )
        links = {(pk, c) for pk in ids for c in rng.sample(categories, rng.choice((1, 1, 2)))}
        EnterpriseCategory.objects.bulk_create(
            [EnterpriseCategory(enterprise_id=e, category_id=c) for e, c in links], batch_size=5000
        )
        today = dt.date.today()
        kinds, weights = zip(*KINDS, strict=True)
        events = []
        for pk in ids:
            for _ in range(rng.choice((1, 2, 3, 3, 4, 5))):
                events.append(
                    QualityEvent(
                        enterprise_id=pk,
                        category_id=rng.choice(categories),
                        kind=rng.choices(kinds, weights)[0],
                        occurred_on=today - dt.timedelta(days=rng.randrange(0, 3 * 365)),
                    )
                )
            if len(events) >= 50000:
                QualityEvent.objects.bulk_create(events, batch_size=5000)
                events = []
        QualityEvent.objects.bulk_create(events, batch_size=5000)
    print(f"built {n:,} enterprises, {QualityEvent.objects.count():,} quality events in {t.seconds:.1f}s")


def naive_regrade(sample_ids, params) -> None:
    """The obvious code: for each enterprise, query its events, credit and products, then save its grade."""
    from django.utils import timezone

    from nqi.enterprises.models import Enterprise
    from nqi.supervision import grading
    from nqi.supervision.choices import RANK_RISK, RISK_RANK
    from nqi.supervision.engine import county_code, year_bounds
    from nqi.supervision.models import (
        CreditRating,
        EnterpriseCategory,
        EnterpriseGrade,
        GradingRun,
        QualityEvent,
    )

    run = GradingRun.objects.order_by("-id").first()
    today = timezone.localdate()
    bounds = year_bounds(today, 3)
    for pk in sample_ids:
        enterprise = Enterprise.objects.select_related("region").get(pk=pk)
        counts = {k: [0, 0, 0] for k in ("spotcheck_fail", "spotcheck_pass", "recall", "complaint")}
        certs = programmes = 0
        for event in QualityEvent.objects.filter(
            enterprise=enterprise, is_void=False, occurred_on__gt=bounds[-1][0]
        ):
            if event.kind == "certification":
                certs += 1
            elif event.kind == "quality_programme":
                programmes += 1
            else:
                year = next(i for i, (a, b) in enumerate(bounds) if a < event.occurred_on <= b)
                counts[event.kind][year] += 1
        credit = CreditRating.objects.filter(enterprise=enterprise).first()
        facts = grading.EnterpriseFacts(
            failures=tuple(counts["spotcheck_fail"]),
            passes=tuple(counts["spotcheck_pass"]),
            recalls=tuple(counts["recall"]),
            complaints=tuple(counts["complaint"]),
            certifications=certs,
            programmes=programmes,
            credit_class=credit.credit_class if credit else "",
        )
        result = grading.enterprise_class(params, facts)
        rank = max(
            (
                RISK_RANK.get(link.category.risk_level, 1)
                for link in EnterpriseCategory.objects.filter(enterprise=enterprise)
            ),
            default=1,
        )
        risk = str(RANK_RISK[rank])
        EnterpriseGrade.objects.update_or_create(
            enterprise=enterprise,
            defaults={
                "run": run,
                "policy_id": run.policy_id,
                "county_id": county_code(enterprise.region.path),
                "grade_class": result.grade_class,
                "mode": grading.supervision_mode(params, risk, result.grade_class),
                "max_product_risk": risk,
                "score": result.score,
                "graded_at": timezone.now(),
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=400)
    args = parser.parse_args()
    setup_django("grading")
    from django.db.models import Count

    from nqi.accounts.services import system_actor
    from nqi.supervision import services
    from nqi.supervision.models import CountyGrade, EnterpriseGrade

    rng = random.Random(20261125)
    build_city(args.enterprises, rng)
    actor = system_actor()

    def progress(done, total):
        print(f"\r  regrading {done:,}/{total:,}", end="", flush=True)

    with Timer() as fast:
        run = services.city_regrade(actor=actor, progress=progress)
    print()
    classes = dict(EnterpriseGrade.objects.values_list("grade_class").annotate(n=Count("id")))
    colours = dict(CountyGrade.objects.filter(is_current=True).values_list("region_id", "colour"))
    sample = list(
        EnterpriseGrade.objects.order_by("?").values_list("enterprise_id", flat=True)[: args.sample]
    )
    with Timer() as slow:
        naive_regrade(sample, run.policy.params)
    naive_total = slow.seconds / len(sample) * run.total
    print(f"classes: {classes}")
    print(f"county colours: {colours}")
    print(
        f"set-based city regrade: {run.total:,} enterprises in {fast.seconds:.2f} s (target ≤ 20 s); "
        f"this process's CPU {fast.cpu:.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"naive per-enterprise ORM loop: {len(sample)} enterprises in {slow.seconds:.2f} s "
        f"→ {naive_total:,.0f} s estimated for {run.total:,}"
    )
    print(f"ratio naive / set-based: {naive_total / fast.seconds:.1f}×")
    print("PASS" if fast.seconds <= 20 else "FAIL: over 20 s")


if __name__ == "__main__":
    main()
