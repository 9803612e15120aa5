"""Badges for classes, modes, risk levels and county colours (one look on every page)."""

from django import template
from django.utils.html import format_html

from nqi.supervision.choices import CountyColour, EnterpriseClass, RiskLevel, SupervisionMode

register = template.Library()

COLOURS = {"red": "#d9363e", "yellow": "#f0b429", "blue": "#2f6fdb", "green": "#2e9d5b", "": "#c3cad6"}
CLASS_STYLE = {"AA": "success", "A": "primary", "B": "warning", "C": "danger"}
MODE_STYLE = {"credit": "success", "responsibility": "primary", "routine": "secondary", "strict": "danger"}
RISK_STYLE = {"high": "danger", "medium": "warning", "low": "success"}


@register.filter
def colour_hex(value) -> str:
    return COLOURS.get(value or "", COLOURS[""])


@register.simple_tag
def class_badge(value):
    label = EnterpriseClass(value).label if value in EnterpriseClass.values else "—"
    return format_html(
        '<span class="badge text-bg-{}" data-class="{}">{}</span>',
        CLASS_STYLE.get(value, "light"),
        value,
        label,
    )


@register.simple_tag
def mode_badge(value):
    label = SupervisionMode(value).label if value in SupervisionMode.values else "—"
    return format_html(
        '<span class="badge text-bg-{}" data-mode="{}">{}</span>',
        MODE_STYLE.get(value, "light"),
        value,
        label,
    )


@register.simple_tag
def risk_badge(value):
    label = RiskLevel(value).label if value in RiskLevel.values else "—"
    return format_html(
        '<span class="badge text-bg-{}" data-risk="{}">{}</span>',
        RISK_STYLE.get(value, "light"),
        value,
        label,
    )


@register.simple_tag
def colour_badge(value):
    label = CountyColour(value).label if value in CountyColour.values else "—"
    return format_html(
        '<span class="badge" style="background:{}" data-colour="{}">{}</span>',
        COLOURS.get(value or "", "#c3cad6"),
        value,
        label,
    )


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.0345 → "3.5%" (empty for a missing share)."""
    if value is None or value == "":
        return ""
    return f"{float(value) * 100:.{int(digits)}f}%"
