"""The registers behind the draw: labs' CMA scopes per product, inspectors' declared conflicts."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from nqi.core import auditing
from nqi.core.errors import ValidationFailed
from nqi.core.permissions import authorize
from nqi.institutions.choices import InstitutionKind
from nqi.spotchecks.models import InspectorConflict, LabScope


def labscope_set(*, actor, institution, category, test_items: list[str]) -> LabScope:
    """Record which test items of a catalogue product a testing lab's CMA scope covers."""
    authorize(actor, "spotchecks.manage_register")
    if institution.kind != InstitutionKind.TESTING_LAB:
        raise ValidationFailed({"institution": [_("只有检验检测机构可以承担监督抽查检验。")]})
    items = sorted({str(i).strip() for i in test_items if str(i).strip()})
    if not items:
        raise ValidationFailed({"test_items": [_("至少需要一个检验项目。")]})
    unknown = sorted(set(items) - set(category.test_items))
    if unknown:
        raise ValidationFailed(
            {"test_items": [_("不属于该产品的检验项目：%(i)s") % {"i": "、".join(unknown)}]}
        )
    with transaction.atomic():
        scope, _created = LabScope.objects.update_or_create(
            institution=institution, category=category, defaults={"test_items": items}
        )
        auditing.record(
            actor=actor,
            event_type="spotchecks.labscope_set",
            target=institution,
            summary=f"{category.name}：{len(items)}/{len(category.test_items)}",
            after={"category": category.code, "test_items": items},
        )
    return scope


def inspectorconflict_declare(*, actor, inspector, enterprise, reason: str) -> InspectorConflict:
    """Declare that `inspector` must recuse from `enterprise` (relatives, former employment …)."""
    if actor.pk != inspector.pk:
        authorize(actor, "spotchecks.manage_register")
    if not (reason or "").strip():
        raise ValidationFailed({"reason": [_("请说明回避原因。")]})
    with transaction.atomic():
        conflict, _created = InspectorConflict.objects.get_or_create(
            inspector=inspector, enterprise=enterprise, defaults={"reason": reason.strip()[:200]}
        )
        auditing.record(
            actor=actor,
            event_type="spotchecks.inspectorconflict_declared",
            target=enterprise,
            summary=f"{inspector}：{reason}"[:300],
        )
    return conflict
