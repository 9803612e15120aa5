from django.apps import AppConfig


class ServicedeskConfig(AppConfig):
    """The one-stop window that routes enterprises' requests to NQI providers."""

    name = "nqi.servicedesk"
    label = "servicedesk"
    verbose_name = "一站式服务"

    def ready(self):
        from nqi.servicedesk import profile  # noqa: F401 — registers the enterprise-profile section
