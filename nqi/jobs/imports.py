"""Spreadsheet imports run as background jobs: upload → dry run (check) → import, each with progress.

The uploaded file is kept in Django storage (not a local path), so any worker can read it. A dry run
validates every row as the commit would and writes nothing; the commit of a checked file is a new job
on the same file. Either job, on bad rows, fails with the rows named and an XLSX error report attached.
"""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nqi.core.errors import Conflict
from nqi.core.imports import ImportOutcome, ImportRejected, get_importer, run_import
from nqi.core.imports.report import error_report_xlsx
from nqi.core.permissions import authorize
from nqi.jobs.choices import JobStatus
from nqi.jobs.models import Job
from nqi.jobs.registry import JobContext, JobFailed, JobKind, register
from nqi.jobs.services import job_start

IMPORT_KIND = "tabular_import"
ROWS_NAMED_IN_REASON = 10


def _authorize(actor, payload: dict) -> None:
    authorize(actor, get_importer(payload.get("importer", "")).permission)


def import_start(
    *, actor, importer: str, filename: str, content: bytes, dry_run: bool = True, enqueue: bool = True
) -> Job:
    """Store an uploaded file and queue its dry run (default) or its import."""
    spec = get_importer(importer)
    authorize(actor, spec.permission)
    if not content:
        raise ImportRejected(_("文件是空的。"))
    safe = get_valid_filename(filename or "upload") or "upload"
    name = default_storage.save(f"imports/{uuid.uuid4().hex}/{safe}", ContentFile(content))
    template = _("预检%(what)s导入：%(file)s") if dry_run else _("导入%(what)s：%(file)s")
    return job_start(
        actor=actor,
        kind=IMPORT_KIND,
        label=template % {"what": spec.label, "file": filename},
        payload={"importer": spec.key, "file": name, "filename": filename, "dry_run": dry_run},
        enqueue=enqueue,
    )


def import_commit(*, actor, job: Job) -> Job:
    """Import for real the file that dry-run `job` checked without finding a problem."""
    payload = job.payload or {}
    if job.kind != IMPORT_KIND or not payload.get("dry_run") or job.status != JobStatus.SUCCEEDED:
        raise Conflict(_("只有预检通过的文件才能正式导入。"), code="import_not_checked")
    spec = get_importer(payload["importer"])
    return job_start(
        actor=actor,
        kind=IMPORT_KIND,
        label=_("导入%(what)s：%(file)s") % {"what": spec.label, "file": payload.get("filename", "")},
        payload={**payload, "dry_run": False, "checked_by_job": job.pk},
    )


def run_tabular_import(context: JobContext) -> dict:
    """The job handler: read the stored file and import (or check) it all-or-nothing."""
    payload = context.payload
    importer = get_importer(payload["importer"])
    authorize(context.actor, importer.permission)
    try:
        with default_storage.open(payload["file"], "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise JobFailed(_("上传的文件已不存在，请重新上传。")) from None
    outcome = run_import(
        importer,
        data,
        filename=payload.get("filename", ""),
        actor=context.actor,
        dry_run=bool(payload.get("dry_run")),
        report=context.report,
    )
    result = outcome.as_result()
    if outcome.ok:
        done = _("预检完成：%(n)s 行均有效") if outcome.dry_run else _("导入完成：已写入 %(n)s 行")
        context.report(outcome.rows, outcome.rows, done % {"n": f"{outcome.rows:,}"})
        return result
    report_name = default_storage.save(
        f"imports/reports/job-{context.job.pk}-{context.job.attempts}.xlsx",
        ContentFile(error_report_xlsx(outcome)),
    )
    result["files"] = {"error_report": report_name}
    raise JobFailed(failure_reason(outcome), result=result)


def failure_reason(outcome: ImportOutcome) -> str:
    """ "3 行数据有误，未写入任何记录：第 5、17、90 行。" — the rows a person must fix, named."""
    rows = outcome.bad_rows
    named = "、".join(str(r) for r in rows[:ROWS_NAMED_IN_REASON]) + (
        "…" if len(rows) > ROWS_NAMED_IN_REASON else ""
    )
    return _("%(n)s 行数据有误，未写入任何记录：第 %(rows)s 行。请下载错误报告，修改后重新导入。") % {
        "n": len(rows),
        "rows": named,
    }


register(
    JobKind(
        key=IMPORT_KIND,
        label=gettext_lazy("表格导入"),
        handler=run_tabular_import,
        authorize=_authorize,
        result_template="jobs/partials/_import_result.html",
    )
)
