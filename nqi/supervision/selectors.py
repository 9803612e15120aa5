"""Reads of graded supervision: policies in force, grades visible to the actor, the colour map, factors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core.errors import NotFound
from nqi.enterprises.selectors import visibility_q
from nqi.regions.selectors import city_districts
from nqi.supervision.choices import EnterpriseClass, PolicyDomain, SupervisionMode
from nqi.supervision.models import (
    CountyGrade,
    EnterpriseGrade,
    EnterpriseGradeChange,
    GradingRun,
    Policy,
    ProductCategory,
    ProductRiskGrade,
    QualityEvent,
)

ENTERPRISE_FACTORS = [
    ("spotcheck", _("监督抽查（3年，近年加权）"), "spotcheck_points", ("failures", "passes")),
    ("recall", _("缺陷召回"), "recall_points", ("recalls",)),
    ("complaint", _("质量投诉"), "complaint_points", ("complaints",)),
    ("certification", _("体系/产品认证"), "certification_points", ("certifications",)),
    ("programme", _("质量提升项目"), "programme_points", ("programmes",)),
    ("credit", _("信用风险分类"), "credit_points", ("credit_class",)),
]
PRODUCT_FACTORS = [
    ("hazard", _("固有危害（严重度 1–4）")),
    ("vulnerable", _("敏感人群（儿童、老年人）")),
    ("failure_history", _("不合格历史（3年不合格率）")),
    ("complaints", _("消费投诉")),
    ("recalls", _("缺陷召回")),
    ("external_alerts", _("境内外风险预警")),
]
GRADE_SORTS = {"score": "score", "-score": "-score", "name": "enterprise__name", "class": "grade_class"}


def policy_in_force(domain: str = PolicyDomain.GRADING, on: dt.date | None = None) -> Policy:
    """The policy version effective on `on` (today by default): the latest effective_from ≤ on."""
    on = on or timezone.localdate()
    policy = (
        Policy.objects.filter(domain=domain, effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )
    if policy is None:
        raise NotFound(_("没有在该日期生效的策略。"))
    return policy


def policy_list(*, domain: str = "") -> QuerySet[Policy]:
    qs = Policy.objects.select_related("created_by")
    return qs.filter(domain=domain) if domain else qs


@dataclass(frozen=True)
class GradeFilter:
    q: str = ""
    county: str = ""
    grade_class: str = ""
    mode: str = ""
    risk: str = ""
    sort: str = "-score"


def enterprisegrade_list_visible_to(
    *, actor, filters: GradeFilter | None = None
) -> QuerySet[EnterpriseGrade]:
    """Current enterprise grades the actor may see (the enterprise directory's visibility)."""
    f = filters or GradeFilter()
    qs = EnterpriseGrade.objects.filter(visibility_q(actor, "enterprise__")).select_related(
        "enterprise", "county", "policy"
    )
    if f.q:
        qs = qs.filter(enterprise__name__contains=f.q.strip())
    if f.county:
        qs = qs.filter(county_id=f.county)
    if f.grade_class:
        qs = qs.filter(grade_class=f.grade_class)
    if f.mode:
        qs = qs.filter(mode=f.mode)
    if f.risk:
        qs = qs.filter(max_product_risk=f.risk)
    return qs.order_by(GRADE_SORTS.get(f.sort, "-score"), "pk")


def enterprisegrade_get_for(*, actor, enterprise_id) -> EnterpriseGrade | None:
    """The grade of one enterprise the actor may see; None when not graded yet."""
    return (
        EnterpriseGrade.objects.filter(visibility_q(actor, "enterprise__"), enterprise_id=enterprise_id)
        .select_related("enterprise", "county", "policy", "run")
        .first()
    )


def explain_enterprise(grade: EnterpriseGrade) -> list[dict]:
    """Each factor of the class: label, the counts behind it and its points (the sum + base is the score)."""
    rows = []
    for key, label, points_field, count_fields in ENTERPRISE_FACTORS:
        rows.append(
            {
                "key": key,
                "label": label,
                "counts": {name: getattr(grade, name) for name in count_fields},
                "points": getattr(grade, points_field),
            }
        )
    return rows


def enterprise_quality_events(*, enterprise_id, limit: int = 50):
    """The facts behind a grade, newest first (the caller has checked visibility of the enterprise)."""
    return QualityEvent.objects.filter(enterprise_id=enterprise_id).select_related("category")[:limit]


def enterprise_grade_changes(*, enterprise_id, limit: int = 20):
    return EnterpriseGradeChange.objects.filter(enterprise_id=enterprise_id).select_related(
        "run", "run__policy"
    )[:limit]


def category_list(*, q: str = "", group: str = "", risk: str = "") -> QuerySet[ProductCategory]:
    """The spot-check catalogue is public reference data for bureau users; counts of producers joined."""
    qs = ProductCategory.objects.annotate(producer_count=Count("producers"))
    if q:
        qs = qs.filter(name__contains=q.strip())
    if group:
        qs = qs.filter(group=group)
    if risk:
        qs = qs.filter(risk_level=risk)
    return qs.order_by("-risk_score", "code")


def category_get(pk) -> ProductCategory:
    try:
        return ProductCategory.objects.get(pk=pk)
    except (ProductCategory.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("category not found") from exc


def explain_category(category: ProductCategory) -> tuple[ProductRiskGrade | None, list[dict]]:
    grade = (
        ProductRiskGrade.objects.filter(category=category).select_related("policy").order_by("-id").first()
    )
    if grade is None:
        return None, []
    return grade, [{"key": k, "label": label, **grade.factors.get(k, {})} for k, label in PRODUCT_FACTORS]


def county_map(*, actor) -> list[dict]:
    """The current colour of every county and management area of the city (the four-colour map)."""
    current = {g.region_id: g for g in CountyGrade.objects.filter(is_current=True).select_related("policy")}
    rows = []
    for region in city_districts():
        grade = current.get(region.code)
        rows.append({"region": region, "grade": grade})
    return rows


def class_mode_matrix(*, actor) -> dict:
    """Counts of visible graded enterprises by class × mode (the cockpit's matrix)."""
    counts = {(c, m): 0 for c in EnterpriseClass.values for m in SupervisionMode.values}
    qs = EnterpriseGrade.objects.filter(visibility_q(actor, "enterprise__")).order_by()
    for row in qs.values("grade_class", "mode").annotate(n=Count("id")):
        counts[(row["grade_class"], row["mode"])] = row["n"]
    return counts


def gradingrun_latest(*, trigger: str = "") -> GradingRun | None:
    qs = GradingRun.objects.select_related("policy", "actor")
    if trigger:
        qs = qs.filter(trigger=trigger)
    return qs.first()


def gradingrun_get(pk) -> GradingRun:
    try:
        return GradingRun.objects.select_related("policy").get(pk=pk)
    except (GradingRun.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("run not found") from exc


def category_modes(*, enterprise_id, grade) -> list[dict]:
    """The enterprise's catalogue products with the mode each implies for its class (matrix cells)."""
    from nqi.supervision.grading import supervision_mode
    from nqi.supervision.models import EnterpriseCategory

    links = EnterpriseCategory.objects.filter(enterprise_id=enterprise_id).select_related("category")
    rows = []
    for link in links:
        level = link.category.risk_level or "low"
        mode = supervision_mode(grade.policy.params, level, grade.grade_class) if grade else ""
        rows.append({"category": link.category, "mode": SupervisionMode(mode).label if mode else ""})
    return rows
