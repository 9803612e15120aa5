from django.urls import path

from nqi.spotchecks import views

app_name = "spotchecks"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/items/", views.plan_items, name="plan_items"),
    path("plans/<int:pk>/transitions/<str:name>/", views.plan_transition, name="plan_transition"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/actions/<str:name>/", views.task_action, name="task_action"),
    path("public/", views.public_results, name="public_results"),
    path("public/plans/<int:pk>/", views.public_plan, name="public_plan"),
    path("public/plans/<int:pk>/inputs/", views.public_plan_inputs, name="public_plan_inputs"),
]
