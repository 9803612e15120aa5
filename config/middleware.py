"""Adds the API feature level to every API response, so clients can detect additive changes (Zulip style)."""


class ApiFeatureLevelMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            from config.api import API_FEATURE_LEVEL

            response["API-Feature-Level"] = str(API_FEATURE_LEVEL)
        return response
