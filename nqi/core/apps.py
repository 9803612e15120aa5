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
        from django.db.models.signals import post_delete, post_save

        from nqi.core import checks, workdays  # noqa: F401 (checks registers the system checks)
        from nqi.core.models import WorkingDayOverride

        workdays.set_override_provider(_calendar_overrides)
        for signal in (post_save, post_delete):
            signal.connect(
                _forget_overrides, sender=WorkingDayOverride, dispatch_uid=f"workday-overrides-{signal}"
            )
        autodiscover_modules(*DECLARATION_MODULES)


OVERRIDES_CACHE_KEY = "nqi:workday-overrides"


def _calendar_overrides():
    """Bureau overrides for the working-day calendar.

    Kept in the shared cache (every server sees the same value; saving an override clears it), so a
    page with fifty deadline badges reads the table once, not fifty times.
    """
    from django.core.cache import cache
    from django.db import DatabaseError

    from nqi.core.models import WorkingDayOverride

    cached = cache.get(OVERRIDES_CACHE_KEY)
    if cached is not None:
        return cached
    try:
        overrides = dict(WorkingDayOverride.objects.values_list("day", "is_working_day"))
    except DatabaseError:  # before migrations have run
        return {}
    cache.set(OVERRIDES_CACHE_KEY, overrides, 300)
    return overrides


def _forget_overrides(**kwargs):
    from django.core.cache import cache

    cache.delete(OVERRIDES_CACHE_KEY)
