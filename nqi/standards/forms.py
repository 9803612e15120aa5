"""Forms of the standards pages: they only shape input; rules live in services and validation."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.industries.selectors import featuredindustry_list
from nqi.standards.choices import KeyProjectStatus, Mandate, ParticipantRole, StandardFamily, StandardStatus
from nqi.standards.search import SearchFilters

SORT_CHOICES = [
    ("relevance", _("相关度")),
    ("date", _("发布日期（新→旧）")),
    ("number", _("标准号")),
]


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        css = (
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm"
        )
        widget.attrs.setdefault("class", css)


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2100 else None


class StandardSearchForm(forms.Form):
    """The one box and the filters of the catalog search (also the as-of-date view)."""

    q = forms.CharField(label=_("检索"), required=False, max_length=1000)
    family = forms.ChoiceField(
        label=_("标准类别"), required=False, choices=[("", _("全部"))] + StandardFamily.choices
    )
    mandate = forms.ChoiceField(
        label=_("标准性质"), required=False, choices=[("", _("全部"))] + [c for c in Mandate.choices if c[0]]
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + StandardStatus.choices
    )
    ics = forms.CharField(label=_("ICS"), required=False, max_length=12)
    ccs = forms.CharField(label=_("CCS"), required=False, max_length=3)
    issuer = forms.CharField(label=_("发布机构"), required=False, max_length=200)
    year_from = forms.CharField(label=_("年代号自"), required=False, max_length=4)
    year_to = forms.CharField(label=_("至"), required=False, max_length=4)
    sort = forms.ChoiceField(label=_("排序"), required=False, choices=SORT_CHOICES)
    date = forms.DateField(
        label=_("查询日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        for name, field in self.fields.items():
            if name != "q":  # the box submits on Enter; the filters apply as soon as they change
                field.widget.attrs["class"] += " nqi-filter-field"
        self.fields["q"].widget.attrs.update(
            {
                "placeholder": _("标准号、中文或英文名称，如 GB 18580 甲醛、ISO 9001、压缩机"),
                "autocomplete": "off",
            }
        )

    def clean_ics(self):
        value = self.cleaned_data.get("ics", "").strip()
        return value if value.replace(".", "").isdigit() else ""

    def clean_ccs(self):
        value = self.cleaned_data.get("ccs", "").strip().upper()
        return value if value[:1].isalpha() and value[1:].isdigit() else ""

    def to_filters(self, *, as_of: dt.date | None = None) -> SearchFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return SearchFilters(
            family=data.get("family", ""),
            mandate=data.get("mandate", ""),
            status=data.get("status", ""),
            ics=data.get("ics", ""),
            ccs=data.get("ccs", ""),
            issuer=data.get("issuer", ""),
            year_from=_year(data.get("year_from")),
            year_to=_year(data.get("year_to")),
            as_of=as_of,
        )

    @property
    def search_query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else (self.data.get("q") or "")[:1000]

    @property
    def search_sort(self) -> str:
        return (self.cleaned_data.get("sort") if self.is_valid() else "") or "relevance"


class StatusChangeForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    successor = forms.CharField(label=_("代替它的新标准号"), required=False, max_length=120)
    partial = forms.BooleanField(label=_("部分代替"), required=False)
    effective_on = forms.DateField(
        label=_("生效日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    comment = forms.CharField(label=_("依据（公告文号等）"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["partial"].widget.attrs["class"] = "form-check-input"


class StandardSystemForm(forms.Form):
    name = forms.CharField(label=_("体系名称"), max_length=200)
    featured_industry = forms.ChoiceField(label=_("特色产业"), required=False)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured_industry"].choices = [("", "—")] + [
            (str(f.pk), str(f)) for f in featuredindustry_list()
        ]
        _style(self)


class SystemCategoryForm(forms.Form):
    name = forms.CharField(label=_("类目名称"), max_length=200)
    code = forms.CharField(label=_("体系编号"), required=False, max_length=20)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class SystemEntryForm(forms.Form):
    category = forms.IntegerField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("标准号"), required=False, max_length=120)
    planned_title = forms.CharField(label=_("或：拟制定标准名称"), required=False, max_length=300)
    note = forms.CharField(label=_("备注"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class KeyProjectForm(forms.Form):
    code = forms.CharField(label=_("项目编号"), max_length=30)
    name = forms.CharField(label=_("项目名称"), max_length=300)
    lead_uscc = forms.CharField(label=_("牵头企业统一社会信用代码"), max_length=18)
    featured_industry = forms.ChoiceField(label=_("特色产业"), required=False)
    target_family = forms.ChoiceField(label=_("拟制定标准类别"), choices=StandardFamily.choices[:5])
    target_title = forms.CharField(label=_("拟制定标准名称"), max_length=300)
    started_on = forms.DateField(
        label=_("启动日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_finish_on = forms.DateField(
        label=_("计划完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = forms.CharField(
        label=_("项目内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["featured_industry"].choices = [("", "—")] + [
            (str(f.pk), str(f)) for f in featuredindustry_list()
        ]
        _style(self)


class MilestoneForm(forms.Form):
    name = forms.CharField(label=_("节点"), max_length=200)
    due_on = forms.DateField(label=_("计划日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("单位名称"), max_length=200)
    role = forms.ChoiceField(label=_("角色"), choices=[c for c in ParticipantRole.choices if c[0] != "lead"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class KeyProjectFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + KeyProjectStatus.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
