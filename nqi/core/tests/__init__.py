"""Tests of nqi.core.

The pure modules (`workdays`, `workflow`) are tested without a database, so their tests also run
outside pytest-django (`pytest -p no:django ...`); `use_minimal_settings()` then gives Django's
translation functions just enough settings to answer in the source language.
"""

import os

from django.conf import settings


def use_minimal_settings() -> None:
    """Configure bare settings unless real ones (DJANGO_SETTINGS_MODULE) are in use."""
    if settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE"):
        return
    settings.configure(USE_I18N=False, USE_TZ=True, TIME_ZONE="Asia/Shanghai", LANGUAGE_CODE="zh-hans")
