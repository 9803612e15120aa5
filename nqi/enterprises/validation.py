"""Validation of enterprise and product input, shared by forms, the API and tabular imports.

One function per entity turns raw values (strings from a form, a JSON body or a spreadsheet row) into
clean values or a ValidationFailed naming every bad field, so every door gives the same messages.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nqi.core import uscc as uscc_rules
from nqi.core.errors import ValidationFailed
from nqi.enterprises.choices import EnterpriseScale, EnterpriseStatus, ProductStatus

PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
ENTERPRISE_FIELDS = (
    "uscc",
    "name",
    "region",
    "industry",
    "featured_industry",
    "scale",
    "founded_on",
    "address",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "status",
)


def _text(data, key, max_length, errors, required=False):
    value = str(data.get(key) or "").strip()
    if required and not value:
        errors.setdefault(key, []).append(_("此项为必填项。"))
    if len(value) > max_length:
        errors.setdefault(key, []).append(_("不能超过 %(n)s 个字符。") % {"n": max_length})
    return value


def _date(value, key, errors):
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        parsed = dt.date.fromisoformat(text[:10])
    except ValueError:
        errors.setdefault(key, []).append(_("日期格式应为 YYYY-MM-DD。"))
        return None
    if parsed > dt.date.today() or parsed.year < 1900:
        errors.setdefault(key, []).append(_("日期超出合理范围。"))
    return parsed


@cache
def _choice_codes(choices) -> dict[str, str]:
    """Code → code and label → code, the labels in every language the site speaks (a spreadsheet
    says “小型” whatever language the uploader reads the pages in). Built once per choices class."""
    codes = {str(v): str(v) for v in choices.values}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            codes.update({str(label): str(v) for v, label in choices.choices if str(label) not in codes})
    return codes


def _choice(value, choices, key, errors, default=""):
    value = str(value or "").strip()
    if not value:
        return default
    code = _choice_codes(choices).get(value)
    if code is not None:
        return code
    errors.setdefault(key, []).append(_("“%(v)s”不是有效选项。") % {"v": value})
    return default


def clean_enterprise(
    data: dict, *, regions: dict, industries: set, featured: dict, partial=False, current_uscc: str = ""
) -> dict:
    """Validate enterprise fields. `regions` maps code → path, `industries` is the set of known codes.

    The region defaults to USCC positions 3–8 when that division is known (GB 32100—2015 §4.3).
    """
    errors: dict[str, list] = {}
    cleaned: dict = {}
    if not partial or "uscc" in data:
        code, problem = uscc_rules.check(str(data.get("uscc") or ""))
        if problem:
            errors["uscc"] = [problem.message]
        cleaned["uscc"] = code
    if not partial or "name" in data:
        cleaned["name"] = _text(data, "name", 200, errors, required=True)
    region = str(data.get("region") or "").strip()
    if region:
        if region not in regions:
            errors.setdefault("region", []).append(_("未知的行政区划代码 %(c)s。") % {"c": region})
        # Overridden only when it leaves the USCC's own division (a township inside it is merely more precise).
        derived = uscc_rules.division_code(cleaned.get("uscc") or current_uscc)
        cleaned["region"] = region
        cleaned["region_overridden"] = f"/{derived}/" not in regions.get(region, "")
    elif not partial and "uscc" not in errors:
        derived = uscc_rules.division_code(cleaned["uscc"])
        if derived not in regions:
            errors.setdefault("region", []).append(
                _("无法从统一社会信用代码推断区域（%(c)s），请指定区域。") % {"c": derived}
            )
        cleaned["region"], cleaned["region_overridden"] = derived, False
    if "industry" in data or not partial:
        industry = str(data.get("industry") or "").strip()
        if industry and industry not in industries:
            errors.setdefault("industry", []).append(_("未知的国民经济行业代码 %(c)s。") % {"c": industry})
        cleaned["industry"] = industry or None
    if data.get("featured_industry") not in (None, ""):
        key = str(data["featured_industry"]).strip()
        if key not in featured:
            errors.setdefault("featured_industry", []).append(_("未知的特色产业。"))
        cleaned["featured_industry"] = featured.get(key)
    if "scale" in data or not partial:
        cleaned["scale"] = _choice(data.get("scale"), EnterpriseScale, "scale", errors)
    if "status" in data or not partial:
        cleaned["status"] = _choice(
            data.get("status"), EnterpriseStatus, "status", errors, EnterpriseStatus.ACTIVE
        )
    if "founded_on" in data or not partial:
        cleaned["founded_on"] = _date(data.get("founded_on"), "founded_on", errors)
    for key, size in (("address", 300), ("legal_representative", 60), ("contact_name", 60)):
        if key in data or not partial:
            cleaned[key] = _text(data, key, size, errors)
    if "contact_phone" in data or not partial:
        phone = _text(data, "contact_phone", 20, errors)
        if phone and not PHONE.match(phone):
            errors.setdefault("contact_phone", []).append(_("电话号码格式不正确。"))
        cleaned["contact_phone"] = phone
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def clean_product(data: dict, *, partial=False) -> dict:
    errors: dict[str, list] = {}
    cleaned: dict = {}
    for key, size, required in (
        ("name", 200, True),
        ("brand", 100, False),
        ("model", 100, False),
        ("category", 100, False),
        ("standard_code", 120, False),
    ):
        if key in data or not partial:
            cleaned[key] = _text(data, key, size, errors, required=required)
    if "status" in data or not partial:
        cleaned["status"] = _choice(
            data.get("status"), ProductStatus, "status", errors, ProductStatus.IN_PRODUCTION
        )
    if errors:
        raise ValidationFailed(errors)
    return cleaned
