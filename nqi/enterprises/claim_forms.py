"""Forms of the enterprise-claim pages: they shape input; the rules live in `claims.clean_claim`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.enterprises.claim_selectors import EnterpriseClaimFilter
from nqi.enterprises.workflow import EnterpriseClaimStatus
from nqi.regions.selectors import city_districts

DUE_CHOICES = [("", _("全部")), ("overdue", _("已逾期")), ("open", _("未逾期（待核验）"))]
SORT_CHOICES = [
    ("-created", _("最近提交")),
    ("created", _("最早提交")),
    ("due", _("办理时限（近→远）")),
    ("enterprise", _("企业名称")),
]


def _style(form: forms.Form, small: bool = False) -> None:
    size = " form-select-sm" if small else ""
    for field in form.fields.values():
        if isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("class", "form-select" + size)
        else:
            field.widget.attrs.setdefault("class", "form-control" + (" form-control-sm" if small else ""))


class EnterpriseClaimForm(forms.Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=40, help_text=_("18 位，见营业执照。"))
    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=60)
    applicant_position = forms.CharField(
        label=_("职务"), required=False, max_length=60, help_text=_("如 法定代表人、质量负责人。")
    )
    contact_phone = forms.CharField(label=_("联系电话"), max_length=20)
    statement = forms.CharField(
        label=_("申请说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明您与该企业的关系，便于监管部门核验。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class EnterpriseClaimFilterForm(forms.Form):
    q = forms.CharField(label=_("企业名称、信用代码或申请人"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + EnterpriseClaimStatus.choices
    )
    due = forms.ChoiceField(label=_("时限"), required=False, choices=DUE_CHOICES)
    region = forms.ChoiceField(label=_("区域"), required=False)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部区域"))] + [(r.code, r.name) for r in city_districts()]
        _style(self, small=True)

    def to_filter(self) -> EnterpriseClaimFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return EnterpriseClaimFilter(
            status=data.get("status", ""),
            due=data.get("due", ""),
            q=data.get("q", ""),
            region=data.get("region", ""),
            sort=data.get("sort") or "-created",
        )
