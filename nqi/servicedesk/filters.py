"""Filter forms for the window's list pages, their exports and the API (one definition each)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.industries.selectors import featuredindustry_list
from nqi.regions.selectors import city_districts
from nqi.servicedesk.choices import Channel, Priority, RequestStatus, ServiceDomain, TaskStatus
from nqi.servicedesk.selectors.platforms import ItemFilter, PlatformFilter, platform_choices_for
from nqi.servicedesk.selectors.requests import RequestFilter, TaskFilter
from nqi.servicedesk.selectors.sla import SlaFilter

ALL = [("", _("全部"))]


def _style(form):
    for field in form.fields.values():
        css = (
            "form-select form-select-sm"
            if isinstance(field, forms.ChoiceField)
            else "form-control form-control-sm"
        )
        field.widget.attrs.setdefault("class", css)


def _int(value):
    return int(value) if value and str(value).isdigit() else None


def _years():
    this = timezone.localdate().year
    return ALL + [(str(y), str(y)) for y in range(this, this - 4, -1)]


class PlatformFilterForm(forms.Form):
    q = forms.CharField(label=_("平台名称"), required=False, max_length=100)
    region = forms.ChoiceField(label=_("区域"), required=False)
    featured_industry = forms.ChoiceField(label=_("特色产业"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("code", _("编号")), ("name", _("名称")), ("-requests", _("申请量"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = ALL + [(r.code, r.name) for r in city_districts()]
        self.fields["featured_industry"].choices = ALL + [
            (str(f.pk), str(f)) for f in featuredindustry_list()
        ]
        _style(self)

    def to_filter(self) -> PlatformFilter:
        d = self.cleaned_data if self.is_valid() else {}
        return PlatformFilter(
            q=d.get("q", ""),
            region=d.get("region", ""),
            featured_industry=_int(d.get("featured_industry")),
            sort=d.get("sort") or "code",
        )


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("服务事项"), required=False, max_length=100)
    platform = forms.ChoiceField(label=_("平台"), required=False)
    domain = forms.ChoiceField(label=_("服务领域"), required=False, choices=ALL + ServiceDomain.choices)
    free = forms.ChoiceField(
        label=_("收费"), required=False, choices=ALL + [("1", _("免费")), ("0", _("收费"))]
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("domain", _("领域")),
            ("name", _("名称")),
            ("days", _("时限（短→长）")),
            ("-days", _("时限（长→短）")),
        ],
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = ALL + [
            (str(p.pk), p.name) for p in platform_choices_for(actor=actor)
        ]
        _style(self)

    def to_filter(self) -> ItemFilter:
        d = self.cleaned_data if self.is_valid() else {}
        return ItemFilter(
            q=d.get("q", ""),
            platform=_int(d.get("platform")),
            domain=d.get("domain", ""),
            free=d.get("free", ""),
            sort=d.get("sort") or "domain",
        )


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("编号、企业或需求"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=ALL + RequestStatus.choices)
    platform = forms.ChoiceField(label=_("平台"), required=False)
    channel = forms.ChoiceField(label=_("渠道"), required=False, choices=ALL + Channel.choices)
    domain = forms.ChoiceField(label=_("领域"), required=False, choices=ALL + ServiceDomain.choices)
    priority = forms.ChoiceField(label=_("优先级"), required=False, choices=ALL + Priority.choices)
    year = forms.ChoiceField(label=_("年度"), required=False)
    breached = forms.BooleanField(label=_("仅超时"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("-submitted", _("最新提交")),
            ("submitted", _("最早提交")),
            ("due", _("到期时间")),
            ("-closed", _("最近办结")),
        ],
    )

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = ALL + [
            (str(p.pk), p.name) for p in platform_choices_for(actor=actor)
        ]
        self.fields["year"].choices = _years()
        _style(self)
        self.fields["breached"].widget.attrs["class"] = "form-check-input"

    def to_filter(self, enterprise=None) -> RequestFilter:
        d = self.cleaned_data if self.is_valid() else {}
        return RequestFilter(
            q=d.get("q", ""),
            status=d.get("status", ""),
            platform=_int(d.get("platform")),
            channel=d.get("channel", ""),
            domain=d.get("domain", ""),
            priority=d.get("priority", ""),
            year=_int(d.get("year")),
            breached=bool(d.get("breached")),
            enterprise=enterprise,
            sort=d.get("sort") or "-submitted",
        )


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("编号、企业或事项"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("状态"), required=False, choices=ALL + TaskStatus.choices)
    open_only = forms.BooleanField(label=_("仅未完成"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[("-routed", _("最新分派")), ("routed", _("最早分派")), ("due", _("到期时间"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["open_only"].widget.attrs["class"] = "form-check-input"

    def to_filter(self) -> TaskFilter:
        d = self.cleaned_data if self.is_valid() else {}
        return TaskFilter(
            q=d.get("q", ""),
            status=d.get("status", ""),
            open_only=bool(d.get("open_only")),
            sort=d.get("sort") or "-routed",
        )


class SlaFilterForm(forms.Form):
    year = forms.ChoiceField(label=_("年度"), required=False)
    platform = forms.ChoiceField(label=_("平台"), required=False)

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        self.fields["platform"].choices = ALL + [
            (str(p.pk), p.name) for p in platform_choices_for(actor=actor)
        ]
        _style(self)

    def to_filter(self) -> SlaFilter:
        d = self.cleaned_data if self.is_valid() else {}
        return SlaFilter(year=_int(d.get("year")), platform=_int(d.get("platform")))
