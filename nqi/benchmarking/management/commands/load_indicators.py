"""`nqi load_indicators`: load the curated, cited indicators shipped in nqi/benchmarking/data/ (idempotent),
and link them to the standards catalog. Run after each release and after large catalog imports."""

from django.core.management.base import BaseCommand, CommandError

from nqi.accounts.services import system_actor
from nqi.benchmarking.services import indicators_link_catalog, indicators_load_shipped
from nqi.core.errors import DomainError


class Command(BaseCommand):
    help = "Load the curated benchmarking indicators and link them to the standards catalog."

    def add_arguments(self, parser):
        parser.add_argument("--link-only", action="store_true", help="only re-link indicators to the catalog")

    def handle(self, *args, link_only, **options):
        actor = system_actor()
        try:
            if link_only:
                linked = indicators_link_catalog(actor=actor)
                self.stdout.write(f"{linked} standards newly linked to the catalog")
                return
            result = indicators_load_shipped(actor=actor)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            f"indicators: {result['rows']} rows ({result['created']} new, {result['updated']} refreshed), "
            f"{result['linked']} standards newly linked to the catalog"
        )
