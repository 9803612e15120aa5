"""`nqi import <importer> FILE [--dry-run] [--background]`: import a CSV/XLSX file as the system actor.

Runs here with a progress line by default (still recorded as a job); `--background` queues it for
`nqi worker` instead. On bad rows nothing is written, the rows are named and the XLSX error report is
saved next to the file (or to `--errors PATH`); the command then exits with status 1.
"""

from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from nqi.accounts.services import system_actor
from nqi.core.errors import DomainError
from nqi.core.imports import all_importers
from nqi.jobs.console import ProgressLine
from nqi.jobs.imports import import_start
from nqi.jobs.models import Job
from nqi.jobs.runner import job_execute


class Command(BaseCommand):
    help = "Import enterprises or products from a CSV (UTF-8/GBK) or XLSX file, all-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("importer", choices=[i.key for i in all_importers()])
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="validate every row, write nothing")
        parser.add_argument("--background", action="store_true", help="queue for `nqi worker`")
        parser.add_argument("--errors", type=Path, help="where to save the error report (XLSX)")

    def handle(self, *args, importer, file: Path, dry_run, background, errors, **options):
        if not file.is_file():
            raise CommandError(f"no such file: {file}")
        try:
            job = import_start(
                actor=system_actor(),
                importer=importer,
                filename=file.name,
                content=file.read_bytes(),
                dry_run=dry_run,
                enqueue=background,
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        if background:
            self.stdout.write(f"job #{job.pk} queued: {job.label} (run `nqi worker` to process it)")
            return
        line = ProgressLine(self.stderr._out)
        job_execute(job_id=job.pk, listeners=[line] if options["verbosity"] else [])
        line.close()
        self._summarize(Job.objects.get(pk=job.pk), errors or file.with_name(file.name + ".errors.xlsx"))

    def _summarize(self, job: Job, errors_path: Path) -> None:
        result = job.result or {}
        if job.status == "succeeded":
            if result.get("dry_run"):
                self.stdout.write(
                    self.style.SUCCESS(f"dry run passed: {result.get('rows')} rows valid, nothing written")
                )
            else:
                self.stdout.write(
                    self.style.SUCCESS(f"imported {result.get('written')} rows (job #{job.pk})")
                )
            return
        stored = (result.get("files") or {}).get("error_report")
        if stored:
            with default_storage.open(stored, "rb") as handle:
                errors_path.write_bytes(handle.read())
            for problem in result.get("problems", [])[:20]:
                self.stderr.write(f"row {problem['row']} · {problem['column']}: {problem['message']}")
            self.stderr.write(f"error report: {errors_path}")
        raise CommandError(job.error)
