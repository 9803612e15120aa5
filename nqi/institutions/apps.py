from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    """The register of quality-infrastructure institutions that serve enterprises."""

    name = "nqi.institutions"
    label = "institutions"
    verbose_name = "技术机构"
