"""Two-factor gate: a bureau administrator's session is useless until a TOTP code is verified."""

from django.conf import settings
from django.shortcuts import redirect

from nqi.accounts.rules import is_bureau_admin

SESSION_FLAG = "nqi_2fa_verified"
EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/", "/i18n/", "/healthz")


def needs_second_factor(request) -> bool:
    user = request.user
    return (
        settings.NQI_REQUIRE_2FA_FOR_ADMINS
        and user.is_authenticated
        and not request.session.get(SESSION_FLAG)
        and is_bureau_admin(user)
    )


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXEMPT_PREFIXES) and needs_second_factor(request):
            return redirect("accounts:two_factor")
        return self.get_response(request)
