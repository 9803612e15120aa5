"""URL map: core pages, then every NQI app that has a urls.py, mounted at /<app label>/."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from config.api import api

SKIP = {"nqi.core"}  # mounted at the root above the others


def _app_urls():
    patterns = []
    for app in settings.NQI_APPS:
        if app in SKIP or find_spec(f"{app}.urls") is None:
            continue
        module = import_module(f"{app}.urls")
        label = app.rsplit(".", 1)[-1]
        patterns.append(path(f"{label}/", include(module)))
    return patterns


urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name no icon. Answering with the static file (never the
    # rendered 404 page) keeps that stray request from re-sending a CSRF cookie: a late 404 sent with the
    # pre-sign-in cookie would overwrite the token that signing in rotated, and the next form would be refused.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("", include("nqi.core.urls")),
    *_app_urls(),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
