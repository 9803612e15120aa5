from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs with progress, shared by every long-running operation."""

    name = "nqi.jobs"
    label = "jobs"
    verbose_name = "后台任务"
