from django.urls import path

from nqi.assistance import views

app_name = "assistance"
urlpatterns = [
    path("", views.housekeeper_list, name="housekeeper_list"),
    path("housekeepers/<int:pk>/", views.housekeeper_detail, name="housekeeper_detail"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/<int:pk>/transition/", views.problem_transition, name="problem_transition"),
    path("problems/<int:pk>/link/", views.problem_link, name="problem_link"),
]
