from django.urls import path

from nqi.industries import views

app_name = "industries"
urlpatterns = [
    path("featured/", views.featuredindustry_list, name="featuredindustry_list"),
    path("featured/<int:pk>/", views.featuredindustry_detail, name="featuredindustry_detail"),
]
