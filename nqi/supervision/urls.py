from django.urls import path

from nqi.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.supervision_map, name="supervision_map"),
    path("regrade/", views.regrade_start, name="regrade_start"),
    path("enterprises/", views.enterprisegrade_list, name="enterprisegrade_list"),
    path("enterprises/<int:enterprise_id>/", views.enterprisegrade_detail, name="enterprisegrade_detail"),
    path("enterprises/<int:enterprise_id>/regrade/", views.enterprise_regrade, name="enterprise_regrade"),
    path("products/", views.category_list, name="category_list"),
    path("products/<int:pk>/", views.category_detail, name="category_detail"),
    path("policies/", views.policy_list, name="policy_list"),
]
