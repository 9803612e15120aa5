"""The one filter definition for the job list page and its export."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.jobs.choices import JobStatus
from nqi.jobs.registry import all_kinds
from nqi.jobs.selectors import JobFilter

SORT_CHOICES = [
    ("-created", _("最近发起")),
    ("created", _("最早发起")),
    ("status", _("状态")),
    ("kind", _("类型")),
]


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + JobStatus.choices)
    kind = forms.ChoiceField(label=_("类型"), required=False)
    mine = forms.BooleanField(label=_("只看我发起的"), required=False)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部"))] + [(k.key, k.label) for k in all_kinds()]
        for name, field in self.fields.items():
            if name == "mine":
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select form-select-sm"

    def to_filter(self) -> JobFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return JobFilter(
            status=data.get("status", ""),
            kind=data.get("kind", ""),
            mine=bool(data.get("mine")),
            sort=data.get("sort") or "-created",
        )
