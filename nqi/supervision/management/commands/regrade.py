"""`nqi regrade`: regrade the whole city now (the job's body), printing a progress line."""

import datetime as dt
import sys

from django.core.management.base import BaseCommand, CommandError

from nqi.accounts.services import system_actor
from nqi.core.errors import DomainError
from nqi.supervision import services


class Command(BaseCommand):
    help = "Regrade every product and enterprise of the city and recolour the counties."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="grading date YYYY-MM-DD (default: today)")

    def handle(self, *args, as_of=None, **options):
        try:
            day = dt.date.fromisoformat(as_of) if as_of else None
        except ValueError as exc:
            raise CommandError(f"--as-of: {exc}") from exc

        def progress(done, total):
            width = 30
            filled = int(width * done / total) if total else width
            sys.stdout.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}")
            sys.stdout.flush()

        try:
            run = services.city_regrade(actor=system_actor(), as_of=day, progress=progress)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        seconds = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            f"\nregraded {run.total:,} enterprises under {run.policy} in {seconds:.1f}s; {run.changed:,} changed"
        )
