from django.urls import path

from nqi.core import metrics_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics/", metrics_views.metric_list, name="metric_list"),
    path("metrics/<str:key>/", metrics_views.metric_records, name="metric_records"),
]
