"""Forms of the housekeeper pages: filters, visit recording, pairing, solving a problem."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.assistance.choices import ProblemStatus, VisitKind
from nqi.assistance.selectors import HousekeeperFilter, ProblemFilter, VisitFilter
from nqi.industries.selectors import featuredindustry_list
from nqi.regions.selectors import city_districts
from nqi.servicedesk.choices import ServiceDomain

ALL = [("", _("全部"))]
PROBLEM_ROWS = 5


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        widget.attrs.setdefault(
            "class",
            "form-select form-select-sm"
            if isinstance(widget, forms.Select)
            else "form-control form-control-sm",
        )


def _int(value):
    return int(value) if value and str(value).isdigit() else None


def _years():
    this = timezone.localdate().year
    return ALL + [(str(y), str(y)) for y in range(this, this - 4, -1)]


class HousekeeperFilterForm(forms.Form):
    q = forms.CharField(label=_("姓名或机构"), required=False, max_length=100)
    domain = forms.ChoiceField(label=_("专业领域"), required=False, choices=ALL + ServiceDomain.choices)
    industry = forms.ChoiceField(label=_("特色产业"), required=False)
    region = forms.ChoiceField(label=_("服务区域"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("-appointed", _("最近聘任")), ("name", _("姓名")), ("-visits", _("走访次数"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = ALL + [(str(f.pk), str(f)) for f in featuredindustry_list()]
        self.fields["region"].choices = ALL + [(r.code, r.name) for r in city_districts()]
        _style(self)

    def to_filter(self):
        d = self.cleaned_data if self.is_valid() else {}
        return HousekeeperFilter(
            q=d.get("q", ""),
            domain=d.get("domain", ""),
            industry=_int(d.get("industry")),
            region=d.get("region", ""),
            sort=d.get("sort") or "-appointed",
        )


class VisitFilterForm(forms.Form):
    q = forms.CharField(label=_("企业或内容"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("服务类型"), required=False, choices=ALL + VisitKind.choices)
    year = forms.ChoiceField(label=_("年度"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("-date", _("最近")), ("date", _("最早")), ("kind", _("类型"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        _style(self)

    def to_filter(self, enterprise=None):
        d = self.cleaned_data if self.is_valid() else {}
        return VisitFilter(
            q=d.get("q", ""),
            kind=d.get("kind", ""),
            year=_int(d.get("year")),
            enterprise=enterprise,
            sort=d.get("sort") or "-date",
        )


class ProblemFilterForm(forms.Form):
    q = forms.CharField(label=_("问题或企业"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=ALL + ProblemStatus.choices)
    domain = forms.ChoiceField(label=_("领域"), required=False, choices=ALL + ServiceDomain.choices)
    year = forms.ChoiceField(label=_("发现年度"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("-found", _("最近发现")), ("found", _("最早发现")), ("-solved", _("最近解决"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        _style(self)

    def to_filter(self):
        d = self.cleaned_data if self.is_valid() else {}
        return ProblemFilter(
            q=d.get("q", ""),
            status=d.get("status", ""),
            domain=d.get("domain", ""),
            year=_int(d.get("year")),
            sort=d.get("sort") or "-found",
        )


class VisitForm(forms.Form):
    kind = forms.ChoiceField(label=_("服务类型"), choices=VisitKind.choices)
    visited_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    enterprise = forms.TypedChoiceField(label=_("企业"), coerce=int)
    housekeepers = forms.TypedMultipleChoiceField(
        label=_("参加的质量管家"),
        coerce=int,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("第一位为带队管家；按住 Ctrl 可多选。"),
    )
    enterprise_participants = forms.CharField(label=_("企业参加人员"), required=False, max_length=300)
    findings = forms.CharField(label=_("发现与建议"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, keepers=(), enterprises=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", "—")] + [(e.pk, e.name) for e in enterprises]
        self.fields["housekeepers"].choices = [(k.pk, f"{k.user} · {k.employer or ''}") for k in keepers]
        for n in range(1, PROBLEM_ROWS + 1):
            self.fields[f"problem_{n}_domain"] = forms.ChoiceField(
                label=_("领域"), required=False, choices=[("", "—")] + ServiceDomain.choices
            )
            self.fields[f"problem_{n}_description"] = forms.CharField(
                label=_("问题"), required=False, max_length=2000
            )
        _style(self)

    def problems(self):
        d = self.cleaned_data
        return [
            {"domain": d.get(f"problem_{n}_domain"), "description": d.get(f"problem_{n}_description")}
            for n in range(1, PROBLEM_ROWS + 1)
        ]

    def problem_rows(self):
        return [
            (self[f"problem_{n}_domain"], self[f"problem_{n}_description"])
            for n in range(1, PROBLEM_ROWS + 1)
        ]


class PairingForm(forms.Form):
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    internal_name = forms.CharField(label=_("企业内部质量管家"), max_length=60)
    internal_title = forms.CharField(label=_("职务"), required=False, max_length=60, initial=_("首席质量官"))
    internal_phone = forms.CharField(label=_("电话"), required=False, max_length=20)
    started_on = forms.DateField(
        label=_("结对日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
