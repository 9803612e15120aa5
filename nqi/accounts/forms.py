from django import forms
from django.utils.translation import gettext_lazy as _


class _NoSuffix(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LoginForm(_NoSuffix):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TotpForm(_NoSuffix):
    code = forms.CharField(
        label=_("动态验证码"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ApiTokenForm(_NoSuffix):
    name = forms.CharField(label=_("用途"), max_length=80)
    expires_on = forms.DateField(
        label=_("过期日期（可空）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
