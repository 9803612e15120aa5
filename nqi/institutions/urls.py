from django.urls import path

from nqi.institutions import views

app_name = "institutions"
urlpatterns = [
    path("", views.institution_list, name="institution_list"),
    path("<int:pk>/", views.institution_detail, name="institution_detail"),
]
