"""The NinjaAPI v1: token and session auth, one error shape, a router per app (house rule 7).

Errors are always `{code, message, field}` (plus `errors` for validation failures). Additive changes
only within v1; each bumps API_FEATURE_LEVEL, logged in docs/api-changelog.md and sent in the
`API-Feature-Level` header.
"""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from nqi.accounts.services import apitoken_authenticate
from nqi.core.errors import DomainError

API_FEATURE_LEVEL = 2


class TokenAuth(HttpBearer):
    """`Authorization: Bearer nqi_<prefix>_<secret>` — a personal token from the API-token page."""

    def authenticate(self, request: HttpRequest, token: str):
        user = apitoken_authenticate(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session (CSRF-checked), so pages' scripts can call the API."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated else None


api = NinjaAPI(
    title="NQI Hub API",
    version="1",
    description="质量基础设施一站式服务平台 API v1. Errors: {code, message, field}.",
    urls_namespace="api-v1",
    auth=[TokenAuth(), SessionAuth()],
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, exc.as_dict(), status=exc.status_code)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc: NinjaValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", []) if p not in ("body", "query", "path", "payload")]
    body = {
        "code": "validation_failed",
        "message": first.get("msg", _("请求参数无效。")),
        "field": ".".join(loc) or None,
        "errors": exc.errors,
    }
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(
        request,
        {"code": "not_authenticated", "message": _("请提供有效的令牌或登录。"), "field": None},
        status=401,
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(
        request, {"code": "http_error", "message": str(exc), "field": None}, status=exc.status_code
    )


def _mount_routers():
    """Every NQI app with an api.py exposing `router` is mounted at /api/v1/<app label>/."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.conf import settings

    for app in settings.NQI_APPS:
        if find_spec(f"{app}.api") is None:
            continue
        router = getattr(import_module(f"{app}.api"), "router", None)
        if router is not None:
            api.add_router(f"/{app.rsplit('.', 1)[-1]}", router)


_mount_routers()
