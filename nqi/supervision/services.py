"""Writes of graded supervision (house rule 3: authorize → lock → check → mutate → audit → effects).

Policies are published as new versions, never edited; quality events and credit classes feed the
enterprise class; a regrade is recorded as a GradingRun carrying the policy version it applied. A
failed spot check (or any recorded event) regrades its enterprise after commit.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.accounts.services import system_actor
from nqi.core import auditing
from nqi.core.errors import ValidationFailed
from nqi.core.permissions import authorize
from nqi.enterprises.models import Enterprise, Product
from nqi.supervision import engine
from nqi.supervision.choices import (
    CreditClass,
    GradingRunStatus,
    GradingTrigger,
    PolicyDomain,
    QualityEventKind,
    RiskSignalKind,
)
from nqi.supervision.models import (
    CreditRating,
    EnterpriseCategory,
    GradingRun,
    Policy,
    ProductCategory,
    QualityEvent,
    RiskSignal,
)
from nqi.supervision.policy import validate_params
from nqi.supervision.selectors import policy_in_force


def policy_publish(
    *, actor, domain: str, params: dict, effective_from: dt.date, note: str = "", sources: dict | None = None
) -> Policy:
    """Publish a new policy version. Versions are never edited and never take effect in the past, so a
    decision already taken keeps citing the rules it was taken under."""
    authorize(actor, "supervision.manage_policy")
    if domain not in PolicyDomain.values:
        raise ValidationFailed({"domain": [_("未知的策略领域。")]})
    validate_params(domain, params)
    if effective_from < timezone.localdate():
        raise ValidationFailed({"effective_from": [_("生效日期不能早于今天。")]})
    with transaction.atomic():
        latest = (
            Policy.objects.select_for_update().filter(domain=domain).aggregate(v=Max("version"))["v"] or 0
        )
        policy = Policy.objects.create(
            domain=domain,
            version=latest + 1,
            effective_from=effective_from,
            params=params,
            sources=sources or {},
            note=note,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        auditing.record(
            actor=actor,
            event_type="supervision.policy_published",
            target=policy,
            summary=f"{policy} {effective_from.isoformat()}",
            after={"params": params, "effective_from": effective_from.isoformat()},
        )
    return policy


def _start_run(*, actor, trigger: str, as_of: dt.date, reason: str) -> GradingRun:
    policy = policy_in_force(PolicyDomain.GRADING, as_of)
    return GradingRun.objects.create(
        trigger=trigger,
        policy=policy,
        as_of=as_of,
        reason=reason[:200],
        actor=actor if getattr(actor, "pk", None) else None,
    )


def city_regrade(*, actor, as_of: dt.date | None = None, reason: str = "", progress=None) -> GradingRun:
    """Regrade every product and enterprise of the city and recolour the counties, under the grading
    policy in force on `as_of`. Runs as the background job; `progress(done, total)` reports the count."""
    authorize(actor, "supervision.run_regrade")
    as_of = as_of or timezone.localdate()
    run = _start_run(
        actor=actor, trigger=GradingTrigger.CITY, as_of=as_of, reason=reason or _("全市重新分级")
    )
    try:
        outcome = engine.grade_city(run, run.policy.params, progress=progress)
    except Exception as exc:
        GradingRun.objects.filter(pk=run.pk).update(
            status=GradingRunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        GradingRun.objects.filter(pk=run.pk).update(
            status=GradingRunStatus.DONE,
            finished_at=timezone.now(),
            total=outcome["enterprises"],
            processed=outcome["enterprises"],
            changed=outcome["changed"],
        )
        run.refresh_from_db()
        auditing.record(
            actor=actor,
            event_type="supervision.gradingrun_completed",
            target=run,
            summary=_("全市重新分级：%(n)s 家企业，%(c)s 家类别或监管方式变化")
            % {"n": outcome["enterprises"], "c": outcome["changed"]},
            data={"policy": run.policy_id, "as_of": as_of.isoformat(), "counties": outcome["counties"]},
        )
    return run


def enterprise_regrade(*, actor, enterprise: Enterprise, reason: str = "") -> GradingRun:
    """Regrade one enterprise now (after a spot-check failure, a recall, a credit change) and recolour its
    county, under the grading policy in force today."""
    authorize(actor, "supervision.regrade_enterprise", enterprise)
    enterprise = Enterprise.objects.select_related("region").get(pk=enterprise.pk)
    with transaction.atomic():
        run = _start_run(actor=actor, trigger=GradingTrigger.EVENT, as_of=timezone.localdate(), reason=reason)
        grade, colour, old = engine.grade_one(run, run.policy.params, enterprise)
        run.status, run.finished_at, run.total, run.processed = GradingRunStatus.DONE, timezone.now(), 1, 1
        run.changed = int(old != (grade.grade_class, grade.mode))
        run.save()
        auditing.record(
            actor=actor,
            event_type="supervision.enterprise_regraded",
            target=enterprise,
            summary=f"{old[0] or '—'} → {grade.grade_class}（{grade.get_mode_display()}）{reason}"[:300],
            before={"grade_class": old[0], "mode": old[1]},
            after={"grade_class": grade.grade_class, "mode": grade.mode, "county_colour": colour},
            data={"run": run.pk, "policy": run.policy_id, "score": grade.score},
        )
    return run


def _regrade_after_commit(enterprise_id: int, reason: str) -> None:
    """Event-driven regrade, run after the event's transaction commits, as the system actor."""
    enterprise = Enterprise.objects.filter(pk=enterprise_id).first()
    if enterprise is not None:
        enterprise_regrade(actor=system_actor(), enterprise=enterprise, reason=reason)


def qualityevent_record(
    *,
    actor,
    enterprise: Enterprise,
    kind: str,
    occurred_on: dt.date,
    category: ProductCategory | None = None,
    summary: str = "",
    source_ref: str = "",
    regrade: bool = True,
) -> QualityEvent:
    """Record a quality fact about an enterprise; the same `source_ref` and kind is recorded once.

    After commit the enterprise is regraded (a failed spot check changes its class at once).
    """
    authorize(actor, "supervision.record_qualityevent", enterprise)
    if kind not in QualityEventKind.values:
        raise ValidationFailed({"kind": [_("未知的事件类型。")]})
    if occurred_on > timezone.localdate():
        raise ValidationFailed({"occurred_on": [_("日期不能晚于今天。")]})
    with transaction.atomic():
        if source_ref:
            existing = QualityEvent.objects.filter(source_ref=source_ref, kind=kind).first()
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                event = QualityEvent.objects.create(
                    enterprise=enterprise,
                    category=category,
                    kind=kind,
                    occurred_on=occurred_on,
                    summary=summary[:200],
                    source_ref=source_ref,
                )
        except IntegrityError:  # a concurrent recording of the same source
            return QualityEvent.objects.get(source_ref=source_ref, kind=kind)
        auditing.record(
            actor=actor,
            event_type="supervision.qualityevent_recorded",
            target=enterprise,
            summary=f"{event.get_kind_display()} {occurred_on.isoformat()} {summary}"[:300],
            data={"kind": kind, "source_ref": source_ref, "category": category.pk if category else None},
        )
        if regrade:
            reason = f"{event.get_kind_display()} {source_ref}".strip()
            transaction.on_commit(lambda: _regrade_after_commit(enterprise.pk, reason))
    return event


def qualityevent_void(*, actor, source_ref: str, kind: str, reason: str) -> QualityEvent | None:
    """Withdraw a recorded fact (e.g. a failure overturned on re-test); it stays on record as void."""
    with transaction.atomic():
        event = (
            QualityEvent.objects.select_for_update()
            .select_related("enterprise__region")
            .filter(source_ref=source_ref, kind=kind, is_void=False)
            .first()
        )
        if event is None:
            return None
        authorize(actor, "supervision.record_qualityevent", event.enterprise)
        event.is_void = True
        event.save(update_fields=["is_void", "updated_at"])
        auditing.record(
            actor=actor,
            event_type="supervision.qualityevent_voided",
            target=event.enterprise,
            summary=f"{event.get_kind_display()} {source_ref}：{reason}"[:300],
            data={"kind": kind, "source_ref": source_ref},
        )
        enterprise_id = event.enterprise_id
        transaction.on_commit(lambda: _regrade_after_commit(enterprise_id, reason))
    return event


def qualityevent_bulk_record(*, actor, rows: list[dict]) -> int:
    """Load historical facts all-or-nothing (imports, the demo city); no regrade — run the city job after."""
    authorize(actor, "supervision.run_regrade")
    built, errors = [], {}
    today = timezone.localdate()
    for n, row in enumerate(rows, start=1):
        if row.get("kind") not in QualityEventKind.values:
            errors[f"row {n}.kind"] = [_("未知的事件类型。")]
        elif row["occurred_on"] > today:
            errors[f"row {n}.occurred_on"] = [_("日期不能晚于今天。")]
        else:
            built.append(QualityEvent(**row))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        QualityEvent.objects.bulk_create(built, batch_size=engine.WRITE_BATCH)
        auditing.record(
            actor=actor,
            event_type="supervision.qualityevents_imported",
            summary=_("导入质量事件 %(n)s 条") % {"n": len(built)},
        )
    return len(built)


def creditrating_set(
    *, actor, enterprise: Enterprise, credit_class: str, rated_on: dt.date, source: str = ""
) -> CreditRating:
    """Record the enterprise's credit-risk class (monthly from the credit publicity system) and regrade it."""
    authorize(actor, "supervision.manage_creditrating", enterprise)
    if credit_class not in CreditClass.values:
        raise ValidationFailed({"credit_class": [_("信用风险分类须为 A、B、C 或 D。")]})
    with transaction.atomic():
        rating, _created = CreditRating.objects.select_for_update().get_or_create(
            enterprise=enterprise,
            defaults={"credit_class": credit_class, "rated_on": rated_on, "source": source},
        )
        before = rating.credit_class if not _created else ""
        rating.credit_class, rating.rated_on, rating.source = credit_class, rated_on, source
        rating.save()
        auditing.record(
            actor=actor,
            event_type="supervision.creditrating_set",
            target=enterprise,
            summary=f"{before or '—'} → {credit_class}",
            before={"credit_class": before},
            after={"credit_class": credit_class},
        )
        transaction.on_commit(lambda: _regrade_after_commit(enterprise.pk, _("信用风险分类变化")))
    return rating


def creditrating_bulk_set(*, actor, ratings: dict[int, str], rated_on: dt.date, source: str) -> int:
    """Load a month's credit classes for many enterprises at once (no regrade: the city job follows)."""
    authorize(actor, "supervision.run_regrade")
    bad = sorted(pk for pk, c in ratings.items() if c not in CreditClass.values)
    if bad:
        raise ValidationFailed({"credit_class": [_("企业 %(pk)s 的信用风险分类无效。") % {"pk": bad[0]}]})
    with transaction.atomic():
        CreditRating.objects.filter(enterprise_id__in=list(ratings)).delete()
        CreditRating.objects.bulk_create(
            [
                CreditRating(enterprise_id=pk, credit_class=c, rated_on=rated_on, source=source)
                for pk, c in ratings.items()
            ],
            batch_size=engine.WRITE_BATCH,
        )
        auditing.record(
            actor=actor,
            event_type="supervision.creditratings_imported",
            summary=_("导入信用风险分类 %(n)s 家") % {"n": len(ratings)},
        )
    return len(ratings)


def risksignal_record(
    *, actor, category: ProductCategory, kind: str, occurred_on: dt.date, count: int = 1, source: str = ""
):
    """Record complaints, recalls or alerts about a catalogue product (they raise its risk grade)."""
    authorize(actor, "supervision.manage_catalogue")
    if kind not in RiskSignalKind.values:
        raise ValidationFailed({"kind": [_("未知的风险信号类型。")]})
    if count < 1:
        raise ValidationFailed({"count": [_("数量须大于 0。")]})
    with transaction.atomic():
        signal = RiskSignal.objects.create(
            category=category, kind=kind, occurred_on=occurred_on, count=count, source=source
        )
        auditing.record(
            actor=actor,
            event_type="supervision.risksignal_recorded",
            target=category,
            summary=f"{signal.get_kind_display()} ×{count} {source}"[:300],
        )
    return signal


def match_category(name: str, categories: list[ProductCategory]) -> ProductCategory | None:
    """The catalogue category whose name keyword occurs in a product name (longest keyword wins)."""
    best, best_len = None, 0
    for category in categories:
        for keyword in category.keywords:
            if keyword and keyword in name and len(keyword) > best_len:
                best, best_len = category, len(keyword)
    return best


def enterprisecategory_sync(*, actor, enterprise_ids=None) -> int:
    """Classify enterprises' registered products into catalogue categories (the 双随机 candidate register)."""
    authorize(actor, "supervision.manage_catalogue")
    categories = list(ProductCategory.objects.all())
    products = Product.objects.order_by("pk")
    if enterprise_ids is not None:
        products = products.filter(enterprise_id__in=list(enterprise_ids))
    existing = set(EnterpriseCategory.objects.values_list("enterprise_id", "category_id"))
    links = {}
    for pk, enterprise_id, name in products.values_list("pk", "enterprise_id", "name"):
        category = match_category(name, categories)
        if category is not None and (enterprise_id, category.pk) not in existing:
            links.setdefault((enterprise_id, category.pk), pk)
    with transaction.atomic():
        EnterpriseCategory.objects.bulk_create(
            [EnterpriseCategory(enterprise_id=e, category_id=c, product_id=p) for (e, c), p in links.items()],
            batch_size=engine.WRITE_BATCH,
        )
        if links:
            auditing.record(
                actor=actor,
                event_type="supervision.enterprisecategories_synced",
                summary=_("产品归类 %(n)s 条") % {"n": len(links)},
            )
    return len(links)
