from django.urls import path

from nqi.servicedesk import views

app_name = "servicedesk"
urlpatterns = [
    path("", views.servicerequest_list, name="servicerequest_list"),
    path("platforms/", views.platform_list, name="platform_list"),
    path("platforms/<int:pk>/", views.platform_detail, name="platform_detail"),
    path("catalog/", views.serviceitem_list, name="serviceitem_list"),
    path("requests/new/", views.servicerequest_submit, name="servicerequest_submit"),
    path("requests/register/", views.servicerequest_register, name="servicerequest_register"),
    path("requests/<int:pk>/", views.servicerequest_detail, name="servicerequest_detail"),
    path("requests/<int:pk>/transition/", views.servicerequest_transition, name="servicerequest_transition"),
    path("requests/<int:pk>/route/", views.servicerequest_route, name="servicerequest_route"),
    path("requests/<int:pk>/rate/", views.servicerequest_rate, name="servicerequest_rate"),
    path("requests/<int:pk>/followup/", views.followup_answer, name="followup_answer"),
    path("tasks/", views.servicetask_list, name="servicetask_list"),
    path("tasks/<int:pk>/transition/", views.servicetask_transition, name="servicetask_transition"),
    path("tasks/<int:pk>/deliver/", views.servicetask_deliver, name="servicetask_deliver"),
    path("documents/", views.enterprisedocument_list, name="enterprisedocument_list"),
    path(
        "documents/<int:pk>/download/", views.enterprisedocument_download, name="enterprisedocument_download"
    ),
    path("attachments/<int:pk>/download/", views.attachment_download, name="attachment_download"),
    path("sla/", views.sla_dashboard, name="sla_dashboard"),
    path("notices/", views.notice_list, name="notice_list"),
]
