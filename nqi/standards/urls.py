from django.urls import path

from nqi.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.standard_list, name="standard_list"),
    path("typeahead/", views.standard_typeahead_view, name="standard_typeahead"),
    path("as-of/", views.standard_as_of, name="standard_as_of"),
    path("<int:pk>/", views.standard_detail, name="standard_detail"),
    path("<int:pk>/watch/", views.standard_watch, name="standard_watch"),
    path("<int:pk>/status/", views.standard_transition, name="standard_transition"),
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/read/", views.notice_read, name="notice_read"),
    path("watches/", views.watch_list, name="watch_list"),
    path("imports/", views.catalogimport_list, name="catalogimport_list"),
    path("systems/", views.standardsystem_list, name="standardsystem_list"),
    path("systems/new/", views.standardsystem_create, name="standardsystem_create"),
    path("systems/<int:pk>/", views.standardsystem_detail, name="standardsystem_detail"),
    path("systems/<int:pk>/edit/", views.standardsystem_edit, name="standardsystem_edit"),
    path("projects/", views.keyproject_list, name="keyproject_list"),
    path("projects/new/", views.keyproject_create, name="keyproject_create"),
    path("projects/<int:pk>/", views.keyproject_detail, name="keyproject_detail"),
    path("projects/<int:pk>/action/", views.keyproject_action, name="keyproject_action"),
]
