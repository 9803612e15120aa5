"""Writes on industry standard systems (产业标准体系) and key standard projects (重点标准研制攻坚).

A standard system is built by experts in the UI, category by category (GB/T 13016—2018 标准体系构建原则
和要求: 体系结构图 + 标准明细表). A key project's stage changes only through `keyproject_transition`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from nqi.core import auditing
from nqi.core.errors import ValidationFailed
from nqi.core.permissions import authorize
from nqi.core.transitions import transition
from nqi.standards.choices import ParticipantRole, StandardFamily
from nqi.standards.models import (
    KeyProjectMilestone,
    KeyProjectParticipant,
    KeyStandardProject,
    Standard,
    StandardSystem,
    SystemCategory,
    SystemEntry,
)
from nqi.standards.workflow import KEY_PROJECT


def _required(value, field: str, limit: int = 200) -> str:
    text = str(value or "").strip()
    if not text:
        raise ValidationFailed({field: [_("此项为必填项。")]})
    if len(text) > limit:
        raise ValidationFailed({field: [_("不能超过 %(n)s 个字符。") % {"n": limit}]})
    return text


def standardsystem_create(
    *, actor, name: str, featured_industry=None, description: str = ""
) -> StandardSystem:
    authorize(actor, "standards.manage_standardsystem")
    with transaction.atomic():
        system = StandardSystem.objects.create(
            name=_required(name, "name"),
            featured_industry=featured_industry,
            description=str(description or "")[:4000],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        auditing.record(
            actor=actor, event_type="standards.standardsystem_created", target=system, summary=system.name
        )
    return system


def systemcategory_add(
    *, actor, system: StandardSystem, name: str, parent: SystemCategory | None = None, code: str = ""
) -> SystemCategory:
    """Add a category under `parent` (or at the top); it goes after its siblings."""
    authorize(actor, "standards.manage_standardsystem", system)
    if parent is not None and parent.system_id != system.pk:
        raise ValidationFailed({"parent": [_("上级类目不属于该标准体系。")]})
    with transaction.atomic():
        last = SystemCategory.objects.filter(system=system, parent=parent).aggregate(m=Max("position"))["m"]
        category = SystemCategory.objects.create(
            system=system,
            parent=parent,
            name=_required(name, "name"),
            code=str(code or "").strip()[:20],
            position=(last or 0) + 1,
        )
        auditing.record(
            actor=actor,
            event_type="standards.systemcategory_added",
            target=system,
            summary=str(category),
            data={"category": category.pk},
        )
    return category


def systemcategory_remove(*, actor, category: SystemCategory) -> None:
    authorize(actor, "standards.manage_standardsystem", category.system)
    with transaction.atomic():
        auditing.record(
            actor=actor,
            event_type="standards.systemcategory_removed",
            target=category.system,
            summary=str(category),
            data={"category": category.pk},
        )
        category.delete()


def systementry_add(
    *,
    actor,
    category: SystemCategory,
    standard: Standard | None = None,
    planned_title: str = "",
    note: str = "",
) -> SystemEntry:
    """Put an existing standard, or one still to be made (待制定, by title), into a category."""
    authorize(actor, "standards.manage_standardsystem", category.system)
    planned_title = str(planned_title or "").strip()[:300]
    if standard is None and not planned_title:
        raise ValidationFailed({"standard": [_("请选择标准，或填写拟制定标准的名称。")]})
    if standard is not None and category.entries.filter(standard=standard).exists():
        raise ValidationFailed({"standard": [_("该标准已在此类目中。")]})
    with transaction.atomic():
        last = category.entries.aggregate(m=Max("position"))["m"]
        entry = SystemEntry.objects.create(
            category=category,
            standard=standard,
            planned_title=planned_title,
            note=str(note or "")[:300],
            position=(last or 0) + 1,
        )
        auditing.record(
            actor=actor,
            event_type="standards.systementry_added",
            target=category.system,
            summary=str(entry),
            data={"category": category.pk, "standard": getattr(standard, "pk", None)},
        )
    return entry


def systementry_remove(*, actor, entry: SystemEntry) -> None:
    system = entry.category.system
    authorize(actor, "standards.manage_standardsystem", system)
    with transaction.atomic():
        auditing.record(
            actor=actor, event_type="standards.systementry_removed", target=system, summary=str(entry)
        )
        entry.delete()


def keyproject_create(*, actor, data: dict) -> KeyStandardProject:
    """Register a key standard project with its lead enterprise (state 申报)."""
    authorize(actor, "standards.add_keyproject")
    family = str(data.get("target_family") or StandardFamily.GROUP)
    if family not in StandardFamily.values:
        raise ValidationFailed({"target_family": [_("标准类别无效。")]})
    lead = data.get("lead_enterprise")
    if lead is None:
        raise ValidationFailed({"lead_enterprise": [_("请选择牵头企业。")]})
    code = _required(data.get("code"), "code", 30)
    if KeyStandardProject.objects.filter(code=code).exists():
        raise ValidationFailed({"code": [_("项目编号已存在。")]})
    with transaction.atomic():
        project = KeyStandardProject.objects.create(
            code=code,
            name=_required(data.get("name"), "name", 300),
            lead_enterprise=lead,
            featured_industry=data.get("featured_industry"),
            target_family=family,
            target_title=_required(data.get("target_title"), "target_title", 300),
            started_on=data.get("started_on"),
            planned_finish_on=data.get("planned_finish_on"),
            description=str(data.get("description") or "")[:4000],
        )
        KeyProjectParticipant.objects.create(
            project=project, enterprise=lead, name=lead.name, role=ParticipantRole.LEAD
        )
        auditing.record(
            actor=actor,
            event_type="standards.keystandardproject_created",
            target=project,
            summary=project.name,
            after={"code": project.code, "lead": lead.pk},
        )
    return project


def keyproject_transition(
    *,
    actor,
    project: KeyStandardProject,
    name: str,
    comment: str = "",
    expected_version: int | None = None,
    standard: Standard | None = None,
):
    """Move a project to its next stage; `standard` links the published standard (needed to publish)."""
    with transaction.atomic():
        if standard is not None:
            authorize(actor, "standards.approve_keyproject", project)
            KeyStandardProject.objects.filter(pk=project.pk).update(standard=standard)
        return transition(
            actor=actor,
            obj=project,
            workflow=KEY_PROJECT,
            name=name,
            comment=comment,
            expected_version=expected_version,
            data={"standard": standard.canonical} if standard is not None else None,
        )


def keyproject_add_participant(
    *, actor, project: KeyStandardProject, name: str, role: str, enterprise=None
) -> KeyProjectParticipant:
    authorize(actor, "standards.change_keyproject", project)
    if role not in ParticipantRole.values or role == ParticipantRole.LEAD:
        raise ValidationFailed({"role": [_("角色无效。")]})
    with transaction.atomic():
        participant = KeyProjectParticipant.objects.create(
            project=project,
            enterprise=enterprise,
            name=_required(enterprise.name if enterprise else name, "name"),
            role=role,
        )
        auditing.record(
            actor=actor,
            event_type="standards.keyproject_participant_added",
            target=project,
            summary=participant.name,
        )
    return participant


def keyproject_add_milestone(
    *, actor, project: KeyStandardProject, name: str, due_on: dt.date
) -> KeyProjectMilestone:
    authorize(actor, "standards.change_keyproject", project)
    if not isinstance(due_on, dt.date):
        raise ValidationFailed({"due_on": [_("请填写计划日期。")]})
    with transaction.atomic():
        milestone = KeyProjectMilestone.objects.create(
            project=project, name=_required(name, "name"), due_on=due_on
        )
        auditing.record(
            actor=actor,
            event_type="standards.keyproject_milestone_added",
            target=project,
            summary=f"{milestone.name} {due_on.isoformat()}",
        )
    return milestone


def keyproject_complete_milestone(
    *, actor, milestone: KeyProjectMilestone, done_on: dt.date | None = None, note: str = ""
) -> KeyProjectMilestone:
    authorize(actor, "standards.change_keyproject", milestone.project)
    with transaction.atomic():
        current = KeyProjectMilestone.objects.select_for_update().get(pk=milestone.pk)
        current.done_on = done_on or dt.date.today()
        current.note = str(note or "")[:300]
        current.save(update_fields=["done_on", "note"])
        auditing.record(
            actor=actor,
            event_type="standards.keyproject_milestone_done",
            target=current.project,
            summary=f"{current.name} {current.done_on.isoformat()}",
        )
    return current
