from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules

# Modules each app may declare into the shared registries (rules, menu, KPIs, search, demo data).
DECLARATION_MODULES = ("rules", "navigation", "home", "workflow", "metrics", "search")


class CoreConfig(AppConfig):
    """Shared mechanics every domain app declares into: no domain models of its own."""

    name = "nqi.core"
    label = "core"
    verbose_name = "核心"

    def ready(self):
        from nqi.core import workdays

        workdays.set_override_provider(_calendar_overrides)
        autodiscover_modules(*DECLARATION_MODULES)


def _calendar_overrides():
    """Bureau overrides for the working-day calendar, read fresh on every calculation (no process cache)."""
    from django.db import DatabaseError

    from nqi.core.models import WorkingDayOverride

    try:
        return dict(WorkingDayOverride.objects.values_list("day", "is_working_day"))
    except DatabaseError:  # before migrations have run
        return {}
