"""Writes on housekeepers, pairings, visits and problems (house rule 3), and the bulk import of past visits."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.accounts.choices import OrganizationKind, Role
from nqi.accounts.models import Membership
from nqi.assistance.choices import VisitKind
from nqi.assistance.models import Housekeeper, Pairing, Problem, Visit
from nqi.assistance.workflow import PROBLEM_WORKFLOW
from nqi.core import auditing, transitions
from nqi.core.errors import Conflict, DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.servicedesk.choices import ServiceDomain

MAX_PROBLEMS_PER_VISIT = 20


def _date(value, field) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value or "").strip()[:10])
    except ValueError as exc:
        raise ValidationFailed({field: [_("日期格式应为 YYYY-MM-DD。")]}) from exc


def _not_future(day: dt.date, field) -> dt.date:
    if day > timezone.localdate():
        raise ValidationFailed({field: [_("日期不能晚于今天。")]})
    return day


def _domains(values, field="domains") -> list[str]:
    bad = [v for v in values or [] if v not in ServiceDomain.values]
    if bad or not values:
        raise ValidationFailed({field: [_("请选择有效的专业领域。")]})
    return list(dict.fromkeys(values))


def _check_expert(user) -> None:
    if not Membership.objects.filter(
        user=user, is_active=True, role=Role.HOUSEKEEPER, organization__kind=OrganizationKind.EXPERT_PANEL
    ).exists():
        raise DomainError(_("该用户不是专家库中的质量管家。"), code="not_housekeeper", field="user")


def housekeeper_bulk_register(*, actor, rows: list[dict]) -> list[Housekeeper]:
    """Register experts (users with the housekeeper role in an expert panel) in the registry, all-or-nothing.

    Each row: user, employer (optional institution), title, domains, industries, regions, appointed_on.
    """
    authorize(actor, "assistance.manage_housekeeper")
    built = []
    for number, row in enumerate(rows, start=1):
        try:
            _check_expert(row["user"])
            keeper = Housekeeper(
                user=row["user"],
                employer=row.get("employer"),
                title=(row.get("title") or "")[:60],
                domains=_domains(row.get("domains")),
                appointed_on=_date(row.get("appointed_on"), "appointed_on"),
            )
        except DomainError as exc:
            raise ValidationFailed({f"row {number}.{exc.field}": [str(exc.message)]}) from exc
        built.append((keeper, row))
    try:
        with transaction.atomic():
            created = Housekeeper.objects.bulk_create([k for k, _r in built])
            industries = Housekeeper.industries.through
            regions = Housekeeper.regions.through
            industries.objects.bulk_create(
                [
                    industries(housekeeper_id=k.pk, featuredindustry_id=i.pk)
                    for k, r in zip(created, rows, strict=True)
                    for i in r.get("industries", [])
                ]
            )
            regions.objects.bulk_create(
                [
                    regions(housekeeper_id=k.pk, region_id=g.pk)
                    for k, r in zip(created, rows, strict=True)
                    for g in r.get("regions", [])
                ]
            )
            auditing.record_many(
                actor=actor,
                event_type="assistance.housekeeper_registered",
                items=[(k, str(k.user), {"domains": k.domains}) for k in created],
            )
    except IntegrityError as exc:
        raise ValidationFailed({"user": [_("有用户已在质量管家名录中。")]}) from exc
    return created


def housekeeper_register(
    *, actor, user, domains, appointed_on, employer=None, title="", industries=(), regions=()
):
    row = {
        "user": user,
        "employer": employer,
        "title": title,
        "domains": domains,
        "appointed_on": appointed_on,
        "industries": list(industries),
        "regions": list(regions),
    }
    return housekeeper_bulk_register(actor=actor, rows=[row])[0]


def pairing_create(
    *,
    actor,
    enterprise,
    housekeeper: Housekeeper,
    internal_name: str,
    internal_title: str = "",
    internal_phone: str = "",
    started_on=None,
    note: str = "",
) -> Pairing:
    """Pair the enterprise's internal quality manager with an external housekeeper (one active pair each)."""
    authorize(actor, "assistance.manage_pairing", enterprise)
    if not (internal_name or "").strip():
        raise ValidationFailed({"internal_name": [_("请填写企业内部质量管家。")]})
    if not housekeeper.is_active:
        raise ValidationFailed({"housekeeper": [_("该质量管家已解聘。")]})
    started = _not_future(_date(started_on or timezone.localdate(), "started_on"), "started_on")
    try:
        with transaction.atomic():
            if Pairing.objects.filter(enterprise=enterprise, ended_on__isnull=True).exists():
                raise Conflict(
                    _("该企业已有结对的质量管家，请先结束原结对。"),
                    code="already_paired",
                    field="housekeeper",
                )
            pairing = Pairing.objects.create(
                enterprise=enterprise,
                housekeeper=housekeeper,
                internal_name=internal_name.strip()[:60],
                internal_title=internal_title.strip()[:60],
                internal_phone=internal_phone.strip()[:20],
                started_on=started,
                note=note[:300],
            )
            auditing.record(
                actor=actor,
                event_type="assistance.pairing_created",
                target=pairing,
                summary=str(pairing),
                after={"housekeeper": housekeeper.pk, "internal_name": pairing.internal_name},
            )
    except IntegrityError as exc:
        raise Conflict(
            _("该企业已有结对的质量管家，请先结束原结对。"), code="already_paired", field="housekeeper"
        ) from exc
    return pairing


def pairing_end(*, actor, pairing: Pairing, ended_on=None) -> Pairing:
    authorize(actor, "assistance.manage_pairing", pairing.enterprise)
    with transaction.atomic():
        current = Pairing.objects.select_for_update().get(pk=pairing.pk)
        if current.ended_on:
            raise Conflict(_("该结对已结束。"), code="already_ended")
        current.ended_on = _date(ended_on or timezone.localdate(), "ended_on")
        if current.ended_on < current.started_on:
            raise ValidationFailed({"ended_on": [_("结束日期不能早于结对日期。")]})
        current.save(update_fields=["ended_on", "updated_at"])
        auditing.record(
            actor=actor, event_type="assistance.pairing_ended", target=current, summary=str(current)
        )
    return current


def _clean_problems(problems) -> list[dict]:
    cleaned = []
    for row, item in enumerate(problems or [], start=1):
        text = (item.get("description") or "").strip()
        if not text:
            continue
        if item.get("domain") not in ServiceDomain.values:
            raise ValidationFailed(
                {f"problems.{row}.domain": [_("第 %(r)s 个问题：请选择领域。") % {"r": row}]}
            )
        cleaned.append({"domain": item["domain"], "description": text[:2000]})
    if len(cleaned) > MAX_PROBLEMS_PER_VISIT:
        raise ValidationFailed(
            {"problems": [_("一次走访最多记录 %(n)s 个问题。") % {"n": MAX_PROBLEMS_PER_VISIT}]}
        )
    return cleaned


def visit_record(
    *,
    actor,
    enterprise,
    kind: str,
    visited_on,
    housekeepers,
    findings: str,
    enterprise_participants: str = "",
    problems=None,
) -> Visit:
    """Record a 诊/检/培/攻/导 visit with the housekeepers who went and the problems found, at once."""
    authorize(actor, "assistance.record_visit", enterprise)
    errors = {}
    if kind not in VisitKind.values:
        errors["kind"] = [_("请选择服务类型。")]
    if not (findings or "").strip():
        errors["findings"] = [_("请填写发现与建议。")]
    keepers = [k for k in housekeepers or [] if k.is_active]
    if not keepers:
        errors["housekeepers"] = [_("请至少选择一名质量管家。")]
    if errors:
        raise ValidationFailed(errors)
    day = _not_future(_date(visited_on, "visited_on"), "visited_on")
    found = _clean_problems(problems)
    with transaction.atomic():
        visit = Visit.objects.create(
            enterprise=enterprise,
            kind=kind,
            visited_on=day,
            lead=keepers[0],
            findings=findings.strip(),
            enterprise_participants=(enterprise_participants or "").strip()[:300],
            recorded_by=actor if getattr(actor, "pk", None) else None,
        )
        visit.housekeepers.set(keepers)
        Problem.objects.bulk_create(
            [Problem(enterprise=enterprise, visit=visit, found_on=day, **row) for row in found]
        )
        auditing.record(
            actor=actor,
            event_type="assistance.visit_recorded",
            target=visit,
            summary=str(visit),
            after={"kind": kind, "housekeepers": [k.pk for k in keepers], "problems": len(found)},
        )
    for keeper in keepers:
        getattr(keeper.user, "__dict__", {}).pop("_nqi_hk_enterprises", None)
    return visit


def problem_transition(
    *,
    actor,
    problem: Problem,
    name: str,
    comment: str = "",
    solution: str = "",
    solved_on=None,
    expected_version: int | None = None,
) -> Problem:
    """Solve (solution and date required, not before the problem was found) or drop (with reasons)."""
    changes = {}
    if name == "solve":
        solution = (solution or comment or "").strip()
        day = _date(solved_on or timezone.localdate(), "solved_on")
        errors = {}
        if not solution:
            errors["solution"] = [_("请填写解决措施。")]
        if day < problem.found_on or day > timezone.localdate():
            errors["solved_on"] = [_("解决日期须在发现日期与今天之间。")]
        if errors:
            raise ValidationFailed(errors)
        changes = {"solution": solution[:4000], "solved_on": day}
        comment = comment or solution[:200]
    return transitions.transition(
        actor=actor,
        obj=problem,
        workflow=PROBLEM_WORKFLOW,
        name=name,
        comment=comment,
        expected_version=expected_version,
        changes=changes,
    )


def problem_link_request(*, actor, problem: Problem, service_request) -> Problem:
    """Link a problem to the one-stop service request that handles it (same enterprise only)."""
    authorize(actor, "assistance.solve_problem", problem)
    if service_request.enterprise_id != problem.enterprise_id:
        raise DomainError(
            _("服务申请与问题不属于同一企业。"), code="other_enterprise", field="service_request"
        )
    with transaction.atomic():
        current = Problem.objects.select_for_update().get(pk=problem.pk)
        before = current.service_request_id
        current.service_request = service_request
        current.save(update_fields=["service_request", "updated_at"])
        auditing.record(
            actor=actor,
            event_type="assistance.problem_linked",
            target=current,
            summary=f"{current} → {service_request.number}",
            before={"service_request": before},
            after={"service_request": service_request.pk},
        )
    return current
