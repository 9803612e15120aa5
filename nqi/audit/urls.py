from django.urls import path

from nqi.audit import views

app_name = "audit"
urlpatterns = [path("", views.auditevent_list, name="auditevent_list")]
