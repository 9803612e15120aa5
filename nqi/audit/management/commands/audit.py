"""`nqi audit verify`: walk the hash-chained audit trail and report the first broken link.

An edited, deleted or inserted row breaks the chain (`nqi.audit.chain`); a deleted newest row is caught
by the chain head. Rows are streamed in id order in chunks, so the check runs in constant memory on
millions of events; a progress line shows how far it got. Exit code 0 when intact, 1 with the first
broken event id otherwise.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from nqi.audit import selectors
from nqi.audit.chain import verify_rows


class Command(BaseCommand):
    help = "Audit trail tools. `verify`: check the hash chain and report the first broken event."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        verify = actions.add_parser("verify", help="check every link of the audit chain")
        verify.add_argument(
            "--chunk-size", type=int, default=5000, help="rows fetched per database round trip"
        )
        verify.add_argument(
            "--progress-every", type=int, default=100_000, help="print a progress line every N events"
        )

    def handle(self, *args, action, **options):
        if action == "verify":
            self.verify(chunk_size=max(100, options["chunk_size"]), every=max(1, options["progress_every"]))

    def verify(self, *, chunk_size: int, every: int) -> None:
        head = selectors.auditchain_head()
        total = head.length if head else 0
        started = time.monotonic()
        result = verify_rows(
            self._with_progress(selectors.auditevent_chain_rows(chunk_size=chunk_size), total, every), head
        )
        elapsed = time.monotonic() - started
        if not result.ok:
            raise CommandError(
                f"audit chain broken at event #{result.broken_event_id} "
                f"(after {result.checked:,} events checked): {result.reason}",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"audit chain intact: {result.checked:,} events verified in {elapsed:.1f}s")
        )

    def _with_progress(self, rows, total: int, every: int):
        """Pass rows through, printing "verified n / total" every `every` rows."""
        for n, row in enumerate(rows, start=1):
            if n % every == 0:
                share = f" ({n / total:.0%})" if total else ""
                self.stdout.write(f"verified {n:,} / {total:,} events{share}")
            yield row
