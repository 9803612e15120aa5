from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """Risk grades of products, classes of enterprises and the supervision mode they imply."""

    name = "nqi.supervision"
    label = "supervision"
    verbose_name = "分级分类监管"

    def ready(self):
        from nqi.supervision import profile  # noqa: F401 — registers the enterprise-profile section
