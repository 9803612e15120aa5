"""The one django-tasks task: run a job by id (the job row carries everything else)."""

from django_tasks import task


@task()
def run_job(job_id: int) -> str | None:
    """Executed by `nqi worker` (database backend) or at once (immediate backend, tests)."""
    from nqi.jobs.runner import job_execute

    return job_execute(job_id=job_id)
