"""Writes on institutions (house rule 3)."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from nqi.core import auditing, uscc
from nqi.core.errors import ValidationFailed
from nqi.core.permissions import authorize
from nqi.institutions.choices import InstitutionKind
from nqi.institutions.models import Institution
from nqi.regions.models import Region

CMA_NUMBER = re.compile(r"^\d{12}$")
FIELDS = [
    "kind",
    "name",
    "uscc",
    "region",
    "cma_number",
    "cma_valid_from",
    "cma_valid_until",
    "address",
    "contact_name",
    "contact_phone",
    "website",
    "scope_summary",
]


def _date(value, key, errors):
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        errors.setdefault(key, []).append(_("日期格式应为 YYYY-MM-DD。"))
        return None


def clean_institution(data: dict) -> dict:
    """Validate institution input. A CMA number is 12 digits and needs a validity period (SAMR Order 39)."""
    errors: dict[str, list] = {}
    cleaned = {
        k: str(data.get(k) or "").strip() for k in FIELDS if k not in ("cma_valid_from", "cma_valid_until")
    }
    if cleaned["kind"] not in InstitutionKind.values:
        errors["kind"] = [_("请选择机构类型。")]
    if not cleaned["name"]:
        errors["name"] = [_("此项为必填项。")]
    cleaned["uscc"], problem = uscc.check(cleaned["uscc"])
    if problem:
        errors["uscc"] = [problem.message]
    if not cleaned["region"]:
        cleaned["region"] = uscc.division_code(cleaned["uscc"]) if not problem else ""
    if not Region.objects.filter(code=cleaned["region"]).exists():
        errors["region"] = [_("未知的行政区划代码 %(c)s。") % {"c": cleaned["region"]}]
    cleaned["cma_valid_from"] = _date(data.get("cma_valid_from"), "cma_valid_from", errors)
    cleaned["cma_valid_until"] = _date(data.get("cma_valid_until"), "cma_valid_until", errors)
    if cleaned["cma_number"]:
        if not CMA_NUMBER.match(cleaned["cma_number"]):
            errors["cma_number"] = [_("CMA 证书编号应为 12 位数字。")]
        if not cleaned["cma_valid_until"]:
            errors["cma_valid_until"] = [_("请填写 CMA 证书有效期。")]
    elif cleaned["kind"] == InstitutionKind.TESTING_LAB:
        errors["cma_number"] = [_("检验检测机构须填写 CMA 资质认定证书编号。")]
    start, end = cleaned["cma_valid_from"], cleaned["cma_valid_until"]
    if start and end and end <= start:
        errors["cma_valid_until"] = [_("有效期截止日须晚于起始日。")]
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def institution_create(*, actor, data: dict) -> Institution:
    authorize(actor, "institutions.add_institution")
    cleaned = clean_institution(data)
    try:
        with transaction.atomic():
            if Institution.objects.filter(uscc=cleaned["uscc"]).exists():
                raise ValidationFailed({"uscc": [_("该统一社会信用代码已登记。")]})
            institution = Institution(**{k: v for k, v in cleaned.items() if k != "region"})
            institution.region_id = cleaned["region"]
            institution.save()
            auditing.record(
                actor=actor,
                event_type="institutions.institution_created",
                target=institution,
                summary=institution.name,
                after=auditing.snapshot(institution, FIELDS),
            )
    except IntegrityError as exc:
        raise ValidationFailed({"uscc": [_("该统一社会信用代码已登记。")]}) from exc
    return institution


def institution_update(*, actor, institution: Institution, data: dict) -> Institution:
    authorize(actor, "institutions.change_institution", institution)
    merged = {**auditing.snapshot(institution, FIELDS), **data}
    cleaned = clean_institution(merged)
    with transaction.atomic():
        current = Institution.objects.select_for_update().get(pk=institution.pk)
        if Institution.objects.filter(uscc=cleaned["uscc"]).exclude(pk=current.pk).exists():
            raise ValidationFailed({"uscc": [_("该统一社会信用代码已登记。")]})
        before = auditing.snapshot(current, FIELDS)
        for key, value in cleaned.items():
            setattr(current, "region_id" if key == "region" else key, value)
        changes = auditing.changed_fields(before, auditing.snapshot(current, FIELDS))
        if changes:
            current.save()
            auditing.record(
                actor=actor,
                event_type="institutions.institution_updated",
                target=current,
                summary=current.name,
                before={k: v[0] for k, v in changes.items()},
                after={k: v[1] for k, v in changes.items()},
            )
    return current


def institution_link_featured(*, actor, institution: Institution, featured: list) -> Institution:
    """Record which featured industries an institution serves (shown on its profile, used for routing)."""
    authorize(actor, "institutions.change_institution", institution)
    with transaction.atomic():
        institution.featured_industries.set(featured)
        auditing.record(
            actor=actor,
            event_type="institutions.featured_industries_set",
            target=institution,
            summary="、".join(str(f) for f in featured),
        )
    return institution


def institution_link_organization(*, actor, institution: Institution, organization) -> Institution:
    """Bind the platform organization whose members act for this institution."""
    authorize(actor, "institutions.add_institution")
    with transaction.atomic():
        current = Institution.objects.select_for_update().get(pk=institution.pk)
        current.organization = organization
        current.save(update_fields=["organization", "updated_at"])
        auditing.record(
            actor=actor,
            event_type="institutions.institution_organization_linked",
            target=current,
            summary=str(organization),
        )
    return current
