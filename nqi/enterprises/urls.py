from django.urls import path

from nqi.enterprises import claim_views, views
from nqi.enterprises.import_views import enterprise_import, import_template

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="enterprise_list"),
    path("new/", views.enterprise_create, name="enterprise_create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_update, name="enterprise_update"),
    path("<int:pk>/products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/edit/", views.product_update, name="product_update"),
    path("claims/", claim_views.enterpriseclaim_list, name="enterpriseclaim_list"),
    path("claims/new/", claim_views.enterpriseclaim_create, name="enterpriseclaim_create"),
    path("claims/<int:pk>/", claim_views.enterpriseclaim_detail, name="enterpriseclaim_detail"),
    path(
        "claims/<int:pk>/transition/",
        claim_views.enterpriseclaim_transition,
        name="enterpriseclaim_transition",
    ),
    path("import/", enterprise_import, name="enterprise_import"),
    path("import/template/<str:importer>.xlsx", import_template, name="import_template"),
]
