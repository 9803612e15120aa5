from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

# Modules each app may declare into the shared registries (rules, menu, KPIs, search, demo data).
DECLARATION_MODULES = ("rules", "navigation", "home")


class CoreConfig(AppConfig):
    """Shared mechanics every domain app declares into: no domain models of its own."""

    name = "nqi.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        autodiscover_modules(*DECLARATION_MODULES)
