"""Forms of the spot-check pages: plan, its products and quotas, the task filter."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.regions.selectors import city_districts
from nqi.spotchecks.choices import PlanLevel, Stage, TaskStatus, Verdict
from nqi.spotchecks.selectors import TaskFilter


def _style(form):
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            continue
        css = (
            "form-select form-select-sm"
            if isinstance(field, forms.ChoiceField)
            else "form-control form-control-sm"
        )
        field.widget.attrs.setdefault("class", css)


class PlanForm(forms.Form):
    name = forms.CharField(label=_("计划名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("季度"), required=False, coerce=int, empty_value=None,
        choices=[("", _("全年"))] + [(q, _("第 %(q)s 季度") % {"q": q}) for q in (1, 2, 3, 4)],
    )  # fmt: skip
    level = forms.ChoiceField(label=_("层级"), choices=PlanLevel.choices, initial=PlanLevel.CITY)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        _style(self)


class PlanItemsForm(forms.Form):
    """One product per line: `产品编码, 环节, 批次数` — e.g. `JXPC-01, production, 20`."""

    lines = forms.CharField(
        label=_("抽查产品与批次"),
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control form-control-sm nqi-mono"}),
    )

    def rows(self) -> list[dict]:
        out = []
        for line in self.cleaned_data["lines"].splitlines():
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            if len(parts) == 3 and parts[0]:
                out.append({"category": parts[0], "stage": parts[1], "quota": parts[2]})
            elif line.strip():
                out.append({"category": parts[0], "stage": "", "quota": ""})
        return out


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("企业或产品"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + TaskStatus.choices
    )
    county = forms.ChoiceField(label=_("区县"), required=False)
    verdict = forms.ChoiceField(label=_("结论"), required=False, choices=[("", _("全部"))] + Verdict.choices)
    board = forms.ChoiceField(
        label=_("看板"), required=False,
        choices=[("", _("全部任务")), ("inspector", _("我的抽样任务")), ("lab", _("本机构检验任务"))],
    )  # fmt: skip
    sort = forms.ChoiceField(
        label=_("排序"), required=False,
        choices=[("rank", _("抽取序号")), ("-updated", _("最近办理")), ("status", _("状态")), ("due", _("办理时限"))],
    )  # fmt: skip
    plan = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].choices = [("", _("全部"))] + [(r.code, r.name) for r in city_districts()]
        _style(self)

    def to_filter(self) -> TaskFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return TaskFilter(
            plan=data.get("plan"), status=data.get("status", ""), county=data.get("county", ""),
            verdict=data.get("verdict", ""), q=data.get("q", ""), board=data.get("board", ""),
            sort=data.get("sort") or "rank",
        )  # fmt: skip


STAGE_HELP = ", ".join(Stage.values)
