from django.apps import AppConfig


class StandardsConfig(AppConfig):
    """The catalog of standards and the watch on their changes."""

    name = "nqi.standards"
    label = "standards"
    verbose_name = "标准"

    def ready(self):
        from nqi.standards import profile, signals

        profile.register_section()
        signals.connect()
