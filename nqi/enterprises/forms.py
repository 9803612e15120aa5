"""Enterprise and product forms: they only shape input; validation lives in validation.py via services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nqi.enterprises.choices import EnterpriseScale, EnterpriseStatus, ProductStatus
from nqi.industries.selectors import featuredindustry_list
from nqi.regions.models import Region


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        widget.attrs.setdefault(
            "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
        )


class EnterpriseForm(forms.Form):
    uscc = forms.CharField(label=_("统一社会信用代码"), max_length=40)
    name = forms.CharField(label=_("企业名称"), max_length=200)
    region = forms.ChoiceField(
        label=_("所在区域"), required=False, help_text=_("留空则按信用代码第 3–8 位自动确定。")
    )
    industry = forms.CharField(
        label=_("国民经济行业代码"), required=False, max_length=5, help_text=_("GB/T 4754—2017，如 3442")
    )
    featured_industry = forms.ChoiceField(label=_("特色产业"), required=False)
    scale = forms.ChoiceField(
        label=_("企业规模"), required=False, choices=[("", "—")] + EnterpriseScale.choices
    )
    founded_on = forms.CharField(
        label=_("成立日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    address = forms.CharField(label=_("住所"), required=False, max_length=300)
    legal_representative = forms.CharField(label=_("法定代表人"), required=False, max_length=60)
    contact_name = forms.CharField(label=_("联系人"), required=False, max_length=60)
    contact_phone = forms.CharField(label=_("联系电话"), required=False, max_length=20)
    status = forms.ChoiceField(label=_("登记状态"), required=False, choices=EnterpriseStatus.choices)

    def __init__(self, *args, contact_only=False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        regions = Region.objects.filter(path__startswith="/330000/330400/").order_by("path")
        self.fields["region"].choices = [("", _("按信用代码推断"))] + [
            (r.code, ("　" * (r.depth - 2)) + r.name) for r in regions
        ]
        self.fields["featured_industry"].choices = [("", "—")] + [
            (str(f.pk), str(f)) for f in featuredindustry_list()
        ]
        if contact_only:
            for name in list(self.fields):
                if name not in ("address", "contact_name", "contact_phone"):
                    del self.fields[name]
        _style(self)


class ProductForm(forms.Form):
    name = forms.CharField(label=_("产品名称"), max_length=200)
    brand = forms.CharField(label=_("品牌"), required=False, max_length=100)
    model = forms.CharField(label=_("型号规格"), required=False, max_length=100)
    category = forms.CharField(label=_("产品类别"), required=False, max_length=100)
    standard_code = forms.CharField(label=_("执行标准"), required=False, max_length=120)
    status = forms.ChoiceField(label=_("状态"), choices=ProductStatus.choices)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        _style(self)
