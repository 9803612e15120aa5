from django.contrib import admin
from django.urls import include, path

from config.api import api

urlpatterns = [
    path("", include("nqi.core.urls")),
    path("accounts/", include("nqi.accounts.urls")),
    path("search/", include("nqi.search.urls")),
    path("enterprises/", include("nqi.enterprises.urls")),
    path("institutions/", include("nqi.institutions.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
