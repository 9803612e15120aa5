from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    """Quality housekeepers' visits and the problems they solve."""

    name = "nqi.assistance"
    label = "assistance"
    verbose_name = "质量管家"

    def ready(self):
        from nqi.assistance.scope import granted_enterprises
        from nqi.enterprises.grants import grant_enterprise_visibility

        grant_enterprise_visibility(granted_enterprises)
        from nqi.assistance import profile  # noqa: F401 — registers the enterprise-profile section
