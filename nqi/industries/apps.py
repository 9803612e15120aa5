from django.apps import AppConfig


class IndustriesConfig(AppConfig):
    """The GB/T 4754-2017 industry classification and the city's featured industries."""

    name = "nqi.industries"
    label = "industries"
    verbose_name = "行业"
