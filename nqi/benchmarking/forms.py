"""Forms of the benchmarking pages: they shape input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.benchmarking.choices import BenchmarkClass, Confidence, IndustryFamily, Level
from nqi.benchmarking.selectors import ComparisonFilter, IndicatorFilter
from nqi.benchmarking.workflow import ComparisonStatus
from nqi.industries.selectors import featuredindustry_list
from nqi.regions.selectors import city_districts

SORT_CHOICES = [
    ("-updated", _("最近更新")),
    ("-created", _("最近创建")),
    ("enterprise", _("企业名称")),
    ("status", _("状态")),
    ("-declared", _("声明日期（新→旧）")),
]


def _style(form: forms.Form, small: bool = False) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(field.widget, forms.Select):
            field.widget.attrs.setdefault("class", "form-select" + (" form-select-sm" if small else ""))
        else:
            field.widget.attrs.setdefault("class", "form-control" + (" form-control-sm" if small else ""))


class ComparisonFilterForm(forms.Form):
    q = forms.CharField(label=_("企业、产品或标准号"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + ComparisonStatus.choices
    )
    level = forms.ChoiceField(label=_("对标水平"), required=False, choices=[("", _("全部"))] + Level.choices)
    region = forms.ChoiceField(label=_("区域"), required=False)
    featured_industry = forms.ChoiceField(label=_("特色产业"), required=False)
    year = forms.IntegerField(label=_("达标年度"), required=False, min_value=2000, max_value=2100)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("全部区域"))] + [(r.code, r.name) for r in city_districts()]
        self.fields["featured_industry"].choices = [("", _("全部"))] + [
            (str(f.pk), str(f)) for f in featuredindustry_list()
        ]
        _style(self, small=True)

    def to_filter(self) -> ComparisonFilter:
        data = self.cleaned_data if self.is_valid() else {}
        featured = data.get("featured_industry") or ""
        return ComparisonFilter(
            q=data.get("q", ""),
            status=data.get("status", ""),
            level=data.get("level", ""),
            region=data.get("region", ""),
            featured_industry=int(featured) if featured.isdigit() else None,
            year=data.get("year"),
            sort=data.get("sort") or "-updated",
        )


class ComparisonCreateForm(forms.Form):
    product = forms.ChoiceField(label=_("产品"))
    own_standard_number = forms.CharField(
        label=_("执行标准"),
        required=False,
        max_length=120,
        help_text=_("留空则用产品登记的执行标准（Q/…、T/…、GB…）。"),
    )
    category = forms.CharField(
        label=_("产品类别（排行口径）"), required=False, max_length=100, help_text=_("留空则用产品类别。")
    )

    def __init__(self, *args, products=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", _("请选择产品"))] + [
            (
                str(p.pk),
                f"{p.name} {p.model}（{p.standard_code or _('未登记执行标准')}）· {p.enterprise.name}",
            )
            for p in products
        ]
        _style(self)


class BenchmarkAddForm(forms.Form):
    option = forms.CharField(label=_("对标标准及等级"), max_length=300)
    klass = forms.ChoiceField(
        label=_("对标类别"), required=False, choices=[("", _("按建议"))] + BenchmarkClass.choices
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _style(self, small=True)

    def standard_and_grade(self) -> tuple[str, str]:
        key, _sep, grade = self.cleaned_data["option"].partition("\x1f")
        return key, grade


class PlanItemForm(forms.Form):
    indicator_name = forms.CharField(label=_("差距指标"), max_length=200)
    quantity = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)
    target = forms.CharField(label=_("目标值"), required=False, max_length=120)
    action = forms.CharField(label=_("提升措施"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner_name = forms.CharField(label=_("责任人"), max_length=60)
    due_on = forms.DateField(label=_("计划完成日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class TestReportForm(forms.Form):
    __test__ = False

    report_number = forms.CharField(label=_("报告编号"), max_length=60)
    lab_name = forms.CharField(label=_("检测机构"), max_length=200)
    issued_on = forms.DateField(
        label=_("签发日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(label=_("报告文件（PDF/PNG/JPEG，≤ 10 MB）"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _style(self, small=True)


class IndicatorFilterForm(forms.Form):
    q = forms.CharField(label=_("标准号或指标"), required=False, max_length=100)
    industry = forms.ChoiceField(
        label=_("产业"), required=False, choices=[("", _("全部"))] + IndustryFamily.choices
    )
    confidence = forms.ChoiceField(
        label=_("可信度"), required=False, choices=[("", _("全部"))] + Confidence.choices
    )
    key_only = forms.BooleanField(label=_("仅关键指标"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"), required=False, choices=[("standard", _("按标准")), ("quantity", _("按指标"))]
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _style(self, small=True)

    def to_filter(self) -> IndicatorFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return IndicatorFilter(
            q=data.get("q", ""),
            industry=data.get("industry", ""),
            confidence=data.get("confidence", ""),
            key_only=bool(data.get("key_only")),
            sort=data.get("sort") or "standard",
        )


class RankingBuildForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2018, max_value=2100)
    category = forms.CharField(label=_("产品类别"), max_length=100)
    quantity = forms.CharField(label=_("核心指标（量）"), max_length=60)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _style(self, small=True)
