from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    """Background jobs with progress, shared by every long-running operation."""

    name = "nqi.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self):
        from nqi.jobs import imports  # noqa: F401 — registers the tabular-import job kind

        autodiscover_modules("jobs")  # other apps' job kinds, declared in their jobs.py
