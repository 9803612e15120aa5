"""`nqi worker`: run background jobs (django-tasks' database worker) and fail jobs whose worker died.

At start-up, and every `--reap-every` seconds while it runs, any job still marked running whose heartbeat
stopped longer ago than NQI_JOBS_STALE_SECONDS (default 60) is marked failed so it can be re-run.
All other options are those of django-tasks-db's `db_worker`.
"""

import logging
import threading

from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from nqi.jobs.services import job_reap_stale

logger = logging.getLogger("nqi.jobs")


class Command(DbWorkerCommand):
    help = "Run the background-job worker; jobs left running by a killed worker are marked failed."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--reap-every", type=float, default=30.0, help="seconds between stale-job sweeps")

    def handle(self, *args, reap_every: float, **options):
        self._reap()
        if reap_every > 0 and not options.get("batch"):
            threading.Thread(target=self._reap_forever, args=(reap_every,), daemon=True).start()
        super().handle(*args, **options)

    def _reap(self) -> None:
        try:
            for job in job_reap_stale():
                self.stdout.write(f"job #{job.pk} ({job.label}) had stopped; marked failed")
        except Exception:  # a locked database or a lost connection: try again next round
            logger.warning("stale-job sweep failed", exc_info=True)
        finally:
            connections.close_all()

    def _reap_forever(self, every: float) -> None:
        stop = threading.Event()
        while not stop.wait(every):
            self._reap()
