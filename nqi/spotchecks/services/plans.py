"""Plans and their 双随机 draw: create, set the products and quotas, draw reproducibly, issue, close.

The draw is refused with its reason when the plan is infeasible; otherwise the tasks, the seed, the
digest of the canonical inputs (stored gzipped in Django storage, so it can be published) and the digest
of the result are written in one transaction with the plan's move to 已抽取.
"""

from __future__ import annotations

import gzip
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import auditing
from nqi.core.errors import DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.core.transitions import transition
from nqi.spotchecks import draw
from nqi.spotchecks.choices import PlanLevel, PlanStatus, Stage
from nqi.spotchecks.inputs import draw_inputs_for
from nqi.spotchecks.models import Plan, PlanItem, Task, TaskInspector
from nqi.spotchecks.workflow import PLAN_WORKFLOW
from nqi.supervision.models import ProductCategory


def plan_create(
    *,
    actor,
    organizer,
    name: str,
    year: int,
    quarter: int | None = None,
    level: str = PlanLevel.CITY,
    note: str = "",
) -> Plan:
    """Open a plan in 编制中 for the organiser (a bureau); its jurisdiction bounds the candidates."""
    errors = {}
    if not (name or "").strip():
        errors["name"] = [_("请填写计划名称。")]
    if not 2000 <= int(year or 0) <= 2100:
        errors["year"] = [_("年度无效。")]
    if quarter not in (None, 1, 2, 3, 4):
        errors["quarter"] = [_("季度须为 1–4。")]
    if level not in PlanLevel.values:
        errors["level"] = [_("层级无效。")]
    if organizer is None or organizer.kind != "bureau":
        errors["organizer"] = [_("组织单位须为市场监管部门。")]
    if errors:
        raise ValidationFailed(errors)
    plan = Plan(name=name.strip(), year=year, quarter=quarter, level=level, organizer=organizer, note=note)
    authorize(actor, "spotchecks.manage_plan", plan)
    with transaction.atomic():
        plan.save()
        auditing.record(actor=actor, event_type="spotchecks.plan_created", target=plan, summary=plan.name)
    return plan


def planitem_set(*, actor, plan: Plan, items: list[dict]) -> list[PlanItem]:
    """Replace the plan's products and quotas (only while 编制中). Each row: category (code), stage, quota."""
    authorize(actor, "spotchecks.manage_plan", plan)
    codes = dict(ProductCategory.objects.values_list("code", "pk"))
    errors, rows, seen = {}, [], set()
    for n, item in enumerate(items, start=1):
        code, stage = str(item.get("category", "")).strip(), item.get("stage")
        try:
            quota = int(item.get("quota"))
        except (TypeError, ValueError):
            quota = 0
        if code not in codes:
            errors[f"row {n}.category"] = [_("产品编码不在抽查目录中。")]
        elif stage not in Stage.values:
            errors[f"row {n}.stage"] = [_("抽样环节无效。")]
        elif quota < 1:
            errors[f"row {n}.quota"] = [_("批次数须为正整数。")]
        elif (code, stage) in seen:
            errors[f"row {n}.category"] = [_("同一产品同一环节重复。")]
        else:
            seen.add((code, stage))
            rows.append(PlanItem(plan=plan, category_id=codes[code], stage=stage, quota=quota))
    if not items:
        errors["items"] = [_("至少需要一个抽查产品。")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        if current.status != PlanStatus.DRAFT:
            raise DomainError(_("计划已抽取，不能再修改产品和批次。"), code="plan_locked")
        PlanItem.objects.filter(plan=current).delete()
        PlanItem.objects.bulk_create(rows)
        auditing.record(
            actor=actor,
            event_type="spotchecks.plan_items_set",
            target=current,
            summary=_("%(n)s 个产品，共 %(q)s 批次") % {"n": len(rows), "q": sum(r.quota for r in rows)},
            after={"items": [[r.category_id, r.stage, r.quota] for r in rows]},
        )
    return rows


def _store_inputs(plan: Plan, text: str, input_digest: str) -> str:
    name = f"spotchecks/draws/plan-{plan.pk}-{input_digest[:16]}.json.gz"
    return default_storage.save(name, ContentFile(gzip.compress(text.encode("utf-8"), mtime=0)))


def _write_tasks(plan: Plan, picks: list[draw.Pick]) -> None:
    items = {(i.category.code, i.stage): i for i in plan.items.select_related("category")}
    tasks = [
        Task(
            plan=plan,
            item=items[(p.candidate.category, p.stage)],
            enterprise_id=p.candidate.enterprise,
            category_id=items[(p.candidate.category, p.stage)].category_id,
            stage=p.stage,
            county_id=p.candidate.county,
            lab_id=p.lab,
            reason=p.reason,
            rank=p.rank,
        )
        for p in picks
    ]
    Task.objects.bulk_create(tasks, batch_size=1000)
    ids = dict(Task.objects.filter(plan=plan).values_list("rank", "pk"))
    TaskInspector.objects.bulk_create(
        [TaskInspector(task_id=ids[p.rank], inspector_id=i) for p in picks for i in p.inspectors],
        batch_size=2000,
    )


def plan_draw(*, actor, plan: Plan, seed: str = "", expected_version: int | None = None) -> Plan:
    """Draw the plan's targets, labs and inspectors (双随机) and move it to 已抽取.

    An infeasible plan (quota above candidates, no lab with the scope, too few inspectors without a
    conflict) is refused with the reason and nothing is written. `seed` defaults to 128 fresh random bits.
    """
    authorize(actor, "spotchecks.draw_plan", plan)
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(_("只有编制中的计划可以抽取。"), code="transition_not_allowed")
    if not plan.items.exists():
        raise ValidationFailed({"items": [_("计划还没有抽查产品。")]})
    seed = seed or secrets.token_hex(16)
    inputs, policy = draw_inputs_for(plan)
    picks = draw.run_draw(inputs, seed)  # raises InfeasiblePlan with the reason
    text = draw.canonical_json(inputs)
    input_digest, result_digest = draw.digest(text), draw.result_digest(picks)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != PlanStatus.DRAFT:  # another officer drew it meanwhile
            raise DomainError(_("该计划已被他人抽取，请刷新。"), code="transition_not_allowed")
        stored = _store_inputs(plan, text, input_digest)
        _write_tasks(plan, picks)
        changes = {
            "seed": seed,
            "input_digest": input_digest,
            "result_digest": result_digest,
            "algorithm_version": draw.ALGORITHM_VERSION,
            "policy": policy,
            "inputs_file": stored,
            "drawn_at": timezone.now(),
        }
        plan = transition(
            actor=actor,
            obj=plan,
            workflow=PLAN_WORKFLOW,
            name="draw",
            expected_version=expected_version,
            changes=changes,
            data={
                "seed": seed,
                "input_digest": input_digest,
                "result_digest": result_digest,
                **draw.summary(picks),
            },
        )
    return plan


def plan_transition(
    *, actor, plan: Plan, name: str, comment: str = "", expected_version: int | None = None
) -> Plan:
    """Issue or close a plan through its workflow table."""
    return transition(
        actor=actor,
        obj=plan,
        workflow=PLAN_WORKFLOW,
        name=name,
        comment=comment,
        expected_version=expected_version,
    )


def plan_verify(*, plan: Plan) -> dict:
    """Re-run a published draw from its stored inputs and seed: do the digests and the tasks match?"""
    if not plan.inputs_file:
        raise DomainError(_("该计划尚未抽取。"), code="not_drawn")
    with default_storage.open(plan.inputs_file.name, "rb") as fh:
        text = gzip.decompress(fh.read()).decode("utf-8")
    inputs = draw.from_canonical(text)
    picks = draw.run_draw(inputs, plan.seed)
    stored = [
        (rank, f"{uscc}|{code}", stage)
        for rank, uscc, code, stage in Task.objects.filter(plan=plan)
        .order_by("rank")
        .values_list("rank", "enterprise__uscc", "category__code", "stage")
    ]
    redrawn = [(p.rank, p.candidate.key, p.stage) for p in picks]
    return {
        "input_digest_ok": draw.digest(text) == plan.input_digest,
        "result_digest_ok": draw.result_digest(picks) == plan.result_digest,
        "tasks_ok": stored == redrawn,
        "batches": len(picks),
    }
