from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    """Indicator-level comparison of enterprise standards with advanced standards."""

    name = "nqi.benchmarking"
    label = "benchmarking"
    verbose_name = "对标达标"
