"""Filters of the supervision list pages (one definition for the page and its export)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.regions.selectors import city_districts
from nqi.supervision.choices import EnterpriseClass, RiskLevel, SupervisionMode
from nqi.supervision.selectors import GradeFilter

GRADE_SORTS = [
    ("-score", _("得分（高→低）")),
    ("score", _("得分（低→高）")),
    ("name", _("企业名称")),
    ("class", _("分类")),
]


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        css = (
            "form-select form-select-sm"
            if isinstance(field, forms.ChoiceField)
            else "form-control form-control-sm"
        )
        field.widget.attrs["class"] = css


class GradeFilterForm(forms.Form):
    q = forms.CharField(label=_("企业名称"), required=False, max_length=100)
    county = forms.ChoiceField(label=_("区县"), required=False)
    grade_class = forms.ChoiceField(
        label=_("企业分类"), required=False, choices=[("", _("全部"))] + EnterpriseClass.choices
    )
    mode = forms.ChoiceField(
        label=_("监管方式"), required=False, choices=[("", _("全部"))] + SupervisionMode.choices
    )
    risk = forms.ChoiceField(
        label=_("最高产品风险"), required=False, choices=[("", _("全部"))] + RiskLevel.choices
    )
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=GRADE_SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("全部区县"))] + [(r.code, r.name) for r in city_districts()]
        _style(self)

    def to_filter(self) -> GradeFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return GradeFilter(
            q=data.get("q", ""),
            county=data.get("county", ""),
            grade_class=data.get("grade_class", ""),
            mode=data.get("mode", ""),
            risk=data.get("risk", ""),
            sort=data.get("sort") or "-score",
        )


class CategoryFilterForm(forms.Form):
    q = forms.CharField(label=_("产品名称"), required=False, max_length=60)
    group = forms.ChoiceField(label=_("产品大类"), required=False)
    risk = forms.ChoiceField(
        label=_("风险等级"), required=False, choices=[("", _("全部"))] + RiskLevel.choices
    )

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", _("全部"))] + [(g, g) for g in groups]
        _style(self)

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"q": data.get("q", ""), "group": data.get("group", ""), "risk": data.get("risk", "")}


class PolicyForm(forms.Form):
    """A new policy version: the parameters as JSON (prefilled with the version in force) and its date."""

    domain = forms.ChoiceField(
        label=_("适用领域"), choices=[("grading", _("分级分类")), ("sampling", _("抽查抽样"))]
    )
    effective_from = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    params = forms.JSONField(
        label=_("参数（JSON）"), widget=forms.Textarea(attrs={"rows": 18, "class": "nqi-mono"})
    )
    note = forms.CharField(label=_("调整说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["params"].widget.attrs["class"] = "form-control form-control-sm nqi-mono"
