"""Build the demo city (嘉兴): reference data, then every app's demo builder, deterministically.

Idempotent: when the demo city already exists the command only brings out-of-date search indexes up to
date and prints the accounts.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules

from nqi.accounts.models import User
from nqi.accounts.services import system_actor
from nqi.core import demo

DEMO_MARKER_USER = "admin"


class Command(BaseCommand):
    help = "Build the deterministic demo city and print the demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=20261125)
        parser.add_argument(
            "--scale", type=float, default=1.0, help="multiply record counts (tests use 0.05)"
        )

    def handle(self, *args, seed, scale, **options):
        autodiscover_modules("demo")
        context = demo.DemoContext(actor=system_actor(), seed=seed, scale=scale, log=self.stdout.write)
        if User.objects.filter(username=DEMO_MARKER_USER).exists():
            self.stdout.write("demo city already built; reusing it")
            self._refresh_search_indexes()
            for builder in demo.builders():
                describe = getattr(builder.build, "accounts", None)
                if describe:
                    describe(context)
        else:
            call_command("load_reference", stdout=self.stdout)
            for builder in demo.builders():
                started = time.monotonic()
                builder.build(context)
                self.stdout.write(f"  {builder.key}: {time.monotonic() - started:.1f}s")
        self._print_accounts(context)

    def _refresh_search_indexes(self):
        """An index whose analyzer or declaration changed since the city was built (an update of the
        code) is rebuilt here: `migrate` leaves large ones to `nqi reindex`, and a demo must search."""
        from nqi.search import services as search_services

        for key in search_services.indexes_ensure():
            started = time.monotonic()
            done = search_services.index_rebuild(key)
            self.stdout.write(
                f"  search index {key} rebuilt: {done:,} documents in {time.monotonic() - started:.1f}s"
            )

    def _print_accounts(self, context):
        self.stdout.write("")
        self.stdout.write("Demo accounts (sign in at http://127.0.0.1:8000/):")
        width = max((len(a[1]) for a in context.accounts), default=10)
        for role, username, password, note in context.accounts:
            self.stdout.write(f"  {username.ljust(width)}  {password}  {role}{'  — ' + note if note else ''}")
