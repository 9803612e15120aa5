from django.apps import AppConfig


class SpotchecksConfig(AppConfig):
    """Spot-check plans, random draws, samples, results and after-treatment."""

    name = "nqi.spotchecks"
    label = "spotchecks"
    verbose_name = "监督抽查"

    def ready(self):
        from nqi.spotchecks import profile  # noqa: F401 — registers the enterprise-profile section
