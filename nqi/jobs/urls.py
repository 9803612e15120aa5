from django.urls import path

from nqi.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<int:pk>/", views.job_detail, name="job_detail"),
    path("<int:pk>/transitions/<str:name>/", views.job_transition, name="job_transition"),
    path("<int:pk>/files/<str:name>/", views.job_download, name="job_download"),
    path("<int:pk>/import/commit/", views.import_commit, name="import_commit"),
]
