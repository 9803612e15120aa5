from django.apps import AppConfig


class RegionsConfig(AppConfig):
    """The administrative-division tree (GB/T 2260) that scopes every jurisdiction."""

    name = "nqi.regions"
    label = "regions"
    verbose_name = "行政区划"
