from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search over every app's declared records, one analyzer for every engine."""

    name = "nqi.search"
    label = "search"
    verbose_name = "搜索"

    def ready(self):
        from nqi.search import signals

        signals.connect(self)
