"""Puts the request id and client IP where services' audit records can read them."""

import re

from django.conf import settings

from nqi.core import auditing

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trust_forwarded = getattr(settings, "NQI_TRUST_X_FORWARDED_FOR", False)

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else None
        ip = request.META.get("REMOTE_ADDR", "")
        if self.trust_forwarded and request.headers.get("X-Forwarded-For"):
            ip = request.headers["X-Forwarded-For"].split(",")[0].strip()
        token = auditing.set_context(request_id=request_id, ip=ip[:45])
        request.request_id = auditing.current_context().request_id
        try:
            response = self.get_response(request)
        finally:
            auditing.reset_context(token)
        response["X-Request-ID"] = request.request_id
        return response
