"""The job workflow: queued → running → succeeded | failed; a failed job may be queued again.

System-driven steps (start, succeed, fail) need `jobs.run_job`, which only the system actor (the
worker) holds; people re-run a failed job of their own or cancel one still waiting.
"""

from django.utils.translation import gettext_lazy as _

from nqi.core.workflow import ButtonStyle, State, Transition, Workflow, register
from nqi.jobs.choices import JobStatus

JOB_WORKFLOW = register(
    Workflow(
        name="job",
        model="jobs.job",
        status_field="status",
        states=State.from_choices(JobStatus, terminal=[JobStatus.SUCCEEDED, JobStatus.CANCELLED]),
        initial=JobStatus.QUEUED,
        transitions=(
            Transition("start", JobStatus.QUEUED, JobStatus.RUNNING, "jobs.run_job", _("开始运行")),
            Transition("succeed", JobStatus.RUNNING, JobStatus.SUCCEEDED, "jobs.run_job", _("完成")),
            Transition(
                "fail", (JobStatus.QUEUED, JobStatus.RUNNING), JobStatus.FAILED, "jobs.run_job", _("失败")
            ),
            Transition(
                "rerun",
                JobStatus.FAILED,
                JobStatus.QUEUED,
                "jobs.rerun_job",
                _("重新运行"),
                button_style=ButtonStyle.PRIMARY,
            ),
            Transition(
                "cancel",
                JobStatus.QUEUED,
                JobStatus.CANCELLED,
                "jobs.cancel_job",
                _("取消"),
                button_style=ButtonStyle.DANGER,
            ),
        ),
    )
)
