from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    """Indicator-level comparison of enterprise standards with advanced standards."""

    name = "nqi.benchmarking"
    label = "benchmarking"
    verbose_name = "对标达标"

    def ready(self):
        # The enterprise profile's registry is filled at start-up (enterprises.profile is not auto-discovered).
        from nqi.benchmarking import profile  # noqa: F401
