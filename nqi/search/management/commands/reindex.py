"""`nqi reindex [app.model …]`: rebuild search indexes from their records, with a progress line.

Without arguments every declared index is rebuilt. `--stale` rebuilds only indexes whose declaration or
analyzer changed since their last build; `--optimize` merges the index afterwards (off-peak).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from nqi.search import registry, services


class Command(BaseCommand):
    help = "Rebuild search indexes (all, or the given app.model keys) from their records."

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*", help="indexes to rebuild, e.g. enterprises.enterprise")
        parser.add_argument("--stale", action="store_true", help="only indexes that are out of date")
        parser.add_argument("--batch", type=int, default=2000, help="records read per batch")

    def handle(self, *args, keys, stale, batch, **options):
        try:
            indexes = [registry.get(k) for k in keys] if keys else registry.indexes()
        except LookupError as exc:
            known = ", ".join(i.key for i in registry.indexes())
            raise CommandError(f"{exc}; declared indexes: {known}") from exc
        if stale:
            indexes = [i for i in indexes if services.index_is_stale(i)]
        for index in indexes:
            started = time.monotonic()
            done = services.index_rebuild(index, progress=self._progress(index, started), batch=max(1, batch))
            seconds = time.monotonic() - started
            rate = done / seconds if seconds else 0
            self.stdout.write(
                f"\r{index.key}: {done:,} documents in {seconds:.1f}s ({rate:,.0f}/s)".ljust(72)
            )
        if not indexes:
            self.stdout.write("nothing to rebuild")

    def _progress(self, index, started):
        def report(done, total):
            rate = done / max(time.monotonic() - started, 1e-6)
            percent = 100 * done / total if total else 100
            self.stdout.write(f"\r{index.key}: {done:,}/{total:,} ({percent:.0f}%, {rate:,.0f}/s)", ending="")
            self.stdout.flush()

        return report
