"""Forms of the window's pages: they only shape input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.servicedesk.choices import CLERK_CHANNELS, Channel, DocumentKind, Priority, StaffRole
from nqi.servicedesk.uploads import ALLOWED_TYPES

ACCEPT = ",".join(sorted(ALLOWED_TYPES))


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput | forms.RadioSelect):
            continue
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )


class RequestForm(forms.Form):
    """Online submission; `items` are the chosen platform's catalog, `doc_<kind>` one file per kind."""

    platform = forms.TypedChoiceField(label=_("服务平台"), coerce=int)
    items = forms.TypedMultipleChoiceField(
        label=_("服务事项"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一项服务事项。")},
    )
    title = forms.CharField(label=_("需求概述"), max_length=200)
    description = forms.CharField(
        label=_("需求描述"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    priority = forms.ChoiceField(label=_("紧急程度"), choices=Priority.choices, initial=Priority.NORMAL)
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=60)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)

    def __init__(self, *args, platforms=(), items=(), document_kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].choices = [("", "—")] + [(p.pk, p.name) for p in platforms]
        self.fields["items"].choices = [(i.pk, f"{i.get_domain_display()} · {i.name}") for i in items]
        for kind in document_kinds:
            self.fields[f"doc_{kind}"] = forms.FileField(
                label=DocumentKind(kind).label,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            )
        _style(self)

    def uploads(self) -> dict:
        return {
            name[4:]: f
            for name, f in self.files.items()
            if name.startswith("doc_") and name[4:] in DocumentKind.values
        }


class RegisterForm(RequestForm):
    """A window clerk's registration of a walk-in, phone or housekeeper-referred request."""

    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    channel = forms.ChoiceField(label=_("受理渠道"), choices=[(c.value, c.label) for c in CLERK_CHANNELS])

    field_order = [
        "platform",
        "uscc",
        "channel",
        "items",
        "title",
        "description",
        "priority",
        "contact_name",
        "contact_phone",
    ]


class TransitionForm(forms.Form):
    name = forms.CharField(max_length=40)
    comment = forms.CharField(required=False, max_length=2000)
    version = forms.IntegerField(required=False)


class DeliverForm(forms.Form):
    summary = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 3}))
    report_numbers = forms.CharField(
        label=_("报告/证书编号"), required=False, help_text=_("多个编号用逗号分隔")
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("满意度"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(5, _("非常满意")), (4, _("满意")), (3, _("一般")), (2, _("不满意")), (1, _("非常不满意"))],
    )
    comment = forms.CharField(
        label=_("评价"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class FollowUpForm(forms.Form):
    problem_solved = forms.ChoiceField(
        label=_("问题是否已解决"), choices=[("1", _("已解决")), ("0", _("未解决"))], widget=forms.RadioSelect
    )
    sales_gain = forms.DecimalField(
        label=_("新增销售额（万元）"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    certifications_gained = forms.IntegerField(
        label=_("新获认证（项）"), required=False, min_value=0, initial=0
    )
    standards_gained = forms.IntegerField(
        label=_("新制修订标准（项）"), required=False, min_value=0, initial=0
    )
    note = forms.CharField(label=_("回访记录"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("文件"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    valid_until = forms.DateField(
        label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


CHANNEL_LABELS = dict(Channel.choices)


class StaffForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.ChoiceField(label=_("岗位"), choices=StaffRole.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class PolicyForm(forms.Form):
    """A new SLA policy version for one priority (all items); item-specific rows come through the API later."""

    priority = forms.ChoiceField(label=_("优先级"), choices=Priority.choices)
    response_hours = forms.DecimalField(
        label=_("响应时限（工作小时）"), min_value=0.1, max_digits=6, decimal_places=2
    )
    resolution_factor = forms.DecimalField(
        label=_("办结时限系数"),
        min_value=0.1,
        max_digits=4,
        decimal_places=2,
        initial=1,
        help_text=_("办结时限 = 事项承诺工作日 × 7 工作小时 × 系数"),
    )
    warn_percent = forms.IntegerField(label=_("预警阈值（%）"), initial=80, min_value=1, max_value=99)
    bureau_percent = forms.IntegerField(
        label=_("上报监管部门阈值（%）"), initial=150, min_value=101, max_value=1000
    )
    effective_from = forms.DateTimeField(
        label=_("生效时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), required=False
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)
