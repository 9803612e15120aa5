"""One filter definition for the enterprise list page, its export and the API (house rule: one FilterSet)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.enterprises.choices import EnterpriseScale, EnterpriseStatus
from nqi.enterprises.selectors import EnterpriseFilter
from nqi.industries.selectors import featuredindustry_list
from nqi.regions.selectors import city_districts

SORT_CHOICES = [
    ("name", _("名称 A→Z")),
    ("-name", _("名称 Z→A")),
    ("-founded", _("成立日期（新→旧）")),
    ("founded", _("成立日期（旧→新）")),
    ("-created", _("最近登记")),
]


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或信用代码"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("区域"), required=False)
    featured_industry = forms.ChoiceField(label=_("特色产业"), required=False)
    industry = forms.CharField(label=_("行业代码"), required=False, max_length=5)
    scale = forms.ChoiceField(
        label=_("规模"), required=False, choices=[("", _("全部"))] + EnterpriseScale.choices
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + EnterpriseStatus.choices
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部区域"))] + [(r.code, r.name) for r in city_districts()]
        self.fields["featured_industry"].choices = [("", _("全部"))] + [
            (str(f.pk), str(f)) for f in featuredindustry_list()
        ]
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def to_filter(self) -> EnterpriseFilter:
        data = self.cleaned_data if self.is_valid() else {}
        featured = data.get("featured_industry")
        return EnterpriseFilter(
            q=data.get("q", ""),
            region=data.get("region", ""),
            industry=data.get("industry", ""),
            featured_industry=int(featured) if featured and featured.isdigit() else None,
            scale=data.get("scale", ""),
            status=data.get("status", ""),
            sort=data.get("sort") or "name",
        )
