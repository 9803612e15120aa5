from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    """The register of enterprises (by USCC) and the products they make."""

    name = "nqi.enterprises"
    label = "enterprises"
    verbose_name = "企业"
