"""URL map: core pages, then every NQI app that has a urls.py, mounted at /<app label>/."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

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
    path("", include("nqi.core.urls")),
    *_app_urls(),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
