"""Gathering the inputs of a plan's draw from the registers (一单两库): candidates, inspectors, labs.

The candidate register is every (enterprise, catalogue product) pair of the organiser's jurisdiction,
weighted by the sampling policy (enterprise class × product risk) and flagged when its supervision mode
is 加严. Pairs already sampled in the plan's year by any plan are excluded (no repeat sampling,
DOMAIN.md §4.1). Inspectors come from the bureau inspector register with their declared conflicts and
the enterprises they inspected within the rotation period; labs from their CMA scopes.
"""

from __future__ import annotations

from django.utils import timezone

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import Membership
from nqi.enterprises.choices import EnterpriseStatus
from nqi.institutions.choices import InstitutionKind
from nqi.spotchecks import draw
from nqi.spotchecks.models import InspectorConflict, LabScope, Plan, Task, TaskInspector
from nqi.supervision.choices import PolicyDomain, SupervisionMode
from nqi.supervision.engine import county_code
from nqi.supervision.models import EnterpriseCategory, ProductCategory
from nqi.supervision.rules import CITY_PATH_DEPTH
from nqi.supervision.selectors import policy_in_force


def _jurisdiction_path(plan: Plan) -> str:
    region = plan.organizer.jurisdiction
    return region.path if region else "/"


def candidates_for(plan: Plan, params: dict, categories: list[int]) -> list[draw.Candidate]:
    """The weighted candidate register for the plan's products within the organiser's jurisdiction."""
    class_w, risk_w = params["class_weights"], params["risk_weights"]
    rows = (
        EnterpriseCategory.objects.filter(
            category_id__in=categories,
            enterprise__region__path__startswith=_jurisdiction_path(plan),
            enterprise__status=EnterpriseStatus.ACTIVE,
        )
        .order_by()
        .values_list(
            "enterprise_id",
            "enterprise__uscc",
            "category__code",
            "category__risk_level",
            "enterprise__region__path",
            "enterprise__featured_industry__key",
            "enterprise__grade__grade_class",
            "enterprise__grade__mode",
        )
    )
    out = []
    for pk, uscc, code, risk, path, industry, grade, mode in rows.iterator(chunk_size=20000):
        weight = class_w.get(grade or "B", 1.0) * risk_w.get(risk or "low", 1.0)
        out.append(
            draw.Candidate(
                pk,
                uscc,
                code,
                county_code(path),
                industry or "",
                round(weight, 6),
                mode == SupervisionMode.STRICT,
            )
        )
    return out


def excluded_for(plan: Plan, categories: list[int]) -> list[str]:
    """Candidate keys already sampled in the plan's year by another plan (no repeat sampling)."""
    rows = (
        Task.objects.filter(plan__year=plan.year, category_id__in=categories)
        .exclude(plan=plan)
        .values_list("enterprise__uscc", "category__code")
        .distinct()
    )
    return sorted(f"{uscc}|{code}" for uscc, code in rows)


def inspectors_for(plan: Plan, params: dict) -> list[draw.Inspector]:
    """Bureau inspectors with the counties they cover, their conflicts and recent enterprises."""
    memberships = Membership.objects.filter(
        role=Role.INSPECTOR,
        is_active=True,
        user__is_active=True,
        organization__kind=OrganizationKind.BUREAU,
        organization__is_active=True,
    ).values_list("user_id", "organization__jurisdiction__path")
    areas: dict[int, set] = {}
    for user_id, path in memberships:
        area = "*" if not path or path.count("/") <= CITY_PATH_DEPTH else county_code(path)
        areas.setdefault(user_id, set()).add(area)
    conflicts: dict[int, set] = {}
    for inspector, enterprise in InspectorConflict.objects.values_list("inspector_id", "enterprise_id"):
        conflicts.setdefault(inspector, set()).add(enterprise)
    recent: dict[int, set] = {}
    since = plan.year - int(params.get("rotation_years", 1))
    rotation = TaskInspector.objects.filter(task__plan__year__gt=since).exclude(task__plan=plan)
    for inspector, enterprise in rotation.values_list("inspector_id", "task__enterprise_id"):
        recent.setdefault(inspector, set()).add(enterprise)
    return [
        draw.Inspector(
            user_id,
            tuple(sorted(area)),
            tuple(sorted(conflicts.get(user_id, ()))),
            tuple(sorted(recent.get(user_id, ()))),
        )
        for user_id, area in sorted(areas.items())
    ]


def labs_for(categories: list[int]) -> list[draw.Lab]:
    """Active testing labs with a valid CMA whose scope covers every test item of a product."""
    today = timezone.localdate()
    items = {
        pk: (code, set(tests))
        for pk, code, tests in ProductCategory.objects.values_list("pk", "code", "test_items")
    }
    covered: dict[int, set] = {}
    scopes = LabScope.objects.filter(
        category_id__in=categories,
        institution__kind=InstitutionKind.TESTING_LAB,
        institution__is_active=True,
        institution__cma_valid_until__gte=today,
    ).exclude(institution__cma_number="")
    for lab_id, category_id, tests in scopes.values_list("institution_id", "category_id", "test_items"):
        code, needed = items[category_id]
        if needed <= set(tests):
            covered.setdefault(lab_id, set()).add(code)
    return [draw.Lab(lab_id, tuple(sorted(codes))) for lab_id, codes in sorted(covered.items())]


def draw_inputs_for(plan: Plan) -> tuple[draw.DrawInputs, object]:
    """Everything the draw of `plan` depends on, and the sampling policy in force today it was read under."""
    policy = policy_in_force(PolicyDomain.SAMPLING)
    params = policy.params
    items = list(plan.items.select_related("category"))
    categories = sorted({i.category_id for i in items})
    return draw.DrawInputs(
        plan=f"plan:{plan.pk}",
        quotas=tuple(draw.Quota(i.category.code, i.stage, i.quota) for i in items),
        candidates=tuple(candidates_for(plan, params, categories)),
        excluded=tuple(excluded_for(plan, categories)),
        inspectors=tuple(inspectors_for(plan, params)),
        labs=tuple(labs_for(categories)),
        params=params,
    ), policy
