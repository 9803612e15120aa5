"""The filter form of the global audit page (its export uses the same filter)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.audit.selectors import AuditFilter, audit_target_types

SORT_CHOICES = [("-id", _("最新在前")), ("id", _("最早在前"))]


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    event_type = forms.CharField(
        label=_("事件类型"), required=False, max_length=80, help_text=_("按前缀匹配，如 enterprises.")
    )
    target_type = forms.ChoiceField(label=_("对象类型"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", _("全部"))] + [
            (value, f"{label} ({value})") for value, label in audit_target_types()
        ]
        self.fields["event_type"].widget.attrs["list"] = "event-type-prefixes"
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def to_filter(self) -> AuditFilter:
        """The valid part of the input; an invalid field is ignored (and shown as an error)."""
        self.is_valid()
        data = {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}
        return AuditFilter(
            actor=(data.get("actor") or "").strip(),
            event_type=(data.get("event_type") or "").strip(),
            target_type=data.get("target_type") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to") if "date_to" not in self.errors else None,
            sort=data.get("sort") or "-id",
        )
