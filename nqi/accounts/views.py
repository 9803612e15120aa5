"""Sign-in, two-factor verification, sign-out and personal API tokens."""

from __future__ import annotations

import datetime as dt

import pyotp
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from nqi.accounts import services, throttle
from nqi.accounts.forms import ApiTokenForm, LoginForm, TotpForm
from nqi.accounts.middleware import SESSION_FLAG, needs_second_factor
from nqi.accounts.models import ApiToken, TotpDevice
from nqi.core.errors import DomainError


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        ip = request.META.get("REMOTE_ADDR", "")
        if throttle.is_locked(username, ip):
            form.add_error(None, _("登录失败次数过多，请 15 分钟后再试。"))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None or getattr(user, "is_system", False):
                throttle.register_failure(username, ip)
                form.add_error(None, _("用户名或密码不正确。"))
            else:
                throttle.clear(username, ip)
                login(request, user)
                if needs_second_factor(request):
                    return redirect(f"{redirect('accounts:two_factor').url}?next={_next_url(request)}")
                return redirect(_next_url(request))
    return render(
        request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}, status=200
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Verify a TOTP code; on first use, show the secret to enrol an authenticator app."""
    device = TotpDevice.objects.filter(user=request.user).first()
    if device is None:
        device = services.totp_enrol(actor=request.user, user=request.user)
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_check(user=request.user, code=form.cleaned_data["code"]):
            request.session[SESSION_FLAG] = True
            request.session.cycle_key()
            return redirect(_next_url(request))
        form.add_error("code", _("验证码不正确或已使用。"))
    context = {"form": form, "enrolling": device.confirmed_at is None, "next": request.GET.get("next", "")}
    if device.confirmed_at is None:
        context["secret"] = device.secret
        context["otpauth_uri"] = pyotp.TOTP(device.secret).provisioning_uri(
            name=request.user.username, issuer_name="NQI Hub"
        )
    return render(request, "accounts/two_factor.html", context)


@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def apitoken_list(request):
    form = ApiTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires_on"]
        expires_at = (
            timezone.make_aware(dt.datetime.combine(expires, dt.time(23, 59, 59))) if expires else None
        )
        try:
            _token, new_secret = services.apitoken_issue(
                actor=request.user, user=request.user, name=form.cleaned_data["name"], expires_at=expires_at
            )
            form = ApiTokenForm()
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request, "accounts/apitoken_list.html", {"form": form, "tokens": tokens, "new_secret": new_secret}
    )


@login_required
@require_POST
def apitoken_revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    services.apitoken_revoke(actor=request.user, token=token)
    messages.success(request, _("令牌已吊销。"))
    return redirect("accounts:apitoken_list")
