"""`nqi standards …`: load, generate, search and maintain the standards catalog.

  nqi standards load-classification        ICS (ed. 7) and CCS trees from the shipped files
  nqi standards import-iso PATH            the ISO catalog (iso_standards.csv or its directory, with abstracts)
  nqi standards import-iec PATH            the IEC catalog (iec_standards.csv or its directory)
  nqi standards import-intl [PATH]         the compact ISO+IEC pack shipped with the app (default)
  nqi standards build-intl-pack ISO IEC OUT   rebuild that pack from the original files
  nqi standards import-curated [PATH]      the curated Chinese standards (282 rows with sources)
  nqi standards synth --count N [--seed S] realistic synthetic Chinese standards (demo, scale tests)
  nqi standards search QUERY [--family …]  the catalog search, as on the search page
  nqi standards change-status NUMBER replace|withdraw|take_effect|publish [--successor NUMBER]
  nqi standards take-effect                daily: 即将实施 standards whose date has come become 现行
  nqi standards rematch                    re-link every product's 执行标准 to the catalog

Imports are all-or-nothing unless --skip-invalid; the row-level report is printed (and written as CSV
with --report PATH). Exit code 1 when rows were rejected.
"""

from __future__ import annotations

import csv
import time

from django.core.management.base import BaseCommand, CommandError

from nqi.accounts.services import system_actor
from nqi.core.errors import DomainError
from nqi.standards import readers, services
from nqi.standards.choices import ImportKind
from nqi.standards.search import SearchFilters, standard_search
from nqi.standards.synth import synth_rows


class Command(BaseCommand):
    help = "Standards catalog tools: imports, synthetic records, search, status changes."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("load-classification")
        for name in ("import-iso", "import-iec"):
            sub = actions.add_parser(name)
            sub.add_argument("path")
            self._import_options(sub)
        for name, default in (("import-intl", readers.INTL_PACK), ("import-curated", readers.CURATED)):
            sub = actions.add_parser(name)
            sub.add_argument("path", nargs="?", default=str(default))
            self._import_options(sub)
        pack = actions.add_parser("build-intl-pack")
        pack.add_argument("iso")
        pack.add_argument("iec")
        pack.add_argument("out", nargs="?", default=str(readers.INTL_PACK))
        synth = actions.add_parser("synth")
        synth.add_argument("--count", type=int, required=True)
        synth.add_argument("--seed", type=int, default=20261125)
        search = actions.add_parser("search")
        search.add_argument("query")
        for key in ("family", "mandate", "status", "ics", "ccs", "issuer"):
            search.add_argument(f"--{key}", default="")
        search.add_argument("--sort", default="relevance")
        search.add_argument("--page", type=int, default=1)
        change = actions.add_parser("change-status")
        change.add_argument("number")
        change.add_argument("transition", choices=["publish", "take_effect", "replace", "withdraw"])
        change.add_argument("--successor", default="")
        change.add_argument("--comment", default="")
        actions.add_parser("take-effect")
        actions.add_parser("rematch")

    def _import_options(self, sub):
        sub.add_argument("--skip-invalid", action="store_true", help="import the valid rows, report the rest")
        sub.add_argument("--report", help="write the row-level report to this CSV file")

    def handle(self, *args, action, **options):
        handler = getattr(self, "do_" + action.replace("-", "_"))
        try:
            handler(system_actor(), **options)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc

    # -- loading ---------------------------------------------------------------------------------

    def do_load_classification(self, actor, **options):
        ics, ccs = services.classification_load_reference(actor=actor)
        self.stdout.write(f"ICS codes: {ics}, CCS codes: {ccs}")

    def do_import_iso(self, actor, path, **options):
        self._import(actor, ImportKind.ISO, readers.relaton_rows(path, "ISO"), path, **options)

    def do_import_iec(self, actor, path, **options):
        self._import(actor, ImportKind.IEC, readers.relaton_rows(path, "IEC"), path, **options)

    def do_import_intl(self, actor, path, **options):
        self._import(actor, ImportKind.INTERNATIONAL_PACK, readers.intl_pack_rows(path), path, **options)

    def do_import_curated(self, actor, path, **options):
        self._import(actor, ImportKind.CURATED, readers.curated_rows(path), path, **options)

    def do_build_intl_pack(self, actor, iso, iec, out, **options):
        count = readers.build_intl_pack(iso, iec, out)
        self.stdout.write(f"wrote {count:,} ISO/IEC records to {out}")

    def do_synth(self, actor, count, seed, **options):
        self._import(
            actor, ImportKind.SYNTHETIC, synth_rows(count, seed), f"synth seed={seed}", skip_invalid=False
        )

    def _import(self, actor, kind, rows, source, skip_invalid=False, report=None, **options):
        started = time.monotonic()
        try:
            batch = services.standard_import(
                actor=actor,
                kind=kind,
                rows=self._progress(rows),
                source=str(source),
                skip_invalid=skip_invalid,
            )
        except services.CatalogImportFailed as exc:
            self._report(exc.report, report)
            raise CommandError(
                f"{exc.message} (--skip-invalid imports the valid rows)", returncode=1
            ) from exc
        elapsed = time.monotonic() - started
        self._report(batch.full_report, report)
        rate = batch.created_count / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{batch.get_kind_display()}: read {batch.rows_read:,}, created {batch.created_count:,}, "
                f"skipped {batch.skipped_count:,}, invalid rows {batch.error_count:,}, warnings "
                f"{batch.warning_count:,}, relations {batch.relation_count:,} in {elapsed:.1f}s ({rate:,.0f}/s)"
            )
        )

    def _progress(self, rows, every: int = 50_000):
        for n, row in enumerate(rows, start=1):
            if n % every == 0:
                self.stdout.write(f"  read {n:,} rows")
            yield row

    def _report(self, report, path):
        issues = report.issues(limit=0)
        for issue in issues[:20]:
            self.stdout.write(
                f"  row {issue['row']} [{issue['level']}] {issue['field']}: {issue['message']} "
                f"({issue['number']})"
            )
        if len(issues) > 20:
            self.stdout.write(f"  … {len(issues) - 20:,} more (see --report)")
        if path:
            with open(path, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=["row", "level", "field", "message", "number"])
                writer.writeheader()
                writer.writerows(issues)

    # -- search and maintenance ------------------------------------------------------------------

    def do_search(self, actor, query, sort, page, **options):
        filters = SearchFilters(
            **{k: options[k] for k in ("family", "mandate", "status", "ics", "ccs", "issuer")}
        )
        started = time.monotonic()
        result = standard_search(actor=actor, query=query, filters=filters, page=page, sort=sort)
        mark = "≈" if result.total_is_estimate else ""
        self.stdout.write(f"{mark}{result.total:,} results ({(time.monotonic() - started) * 1000:.1f} ms)")
        for note in result.notes:
            self.stdout.write(f"  note: {note}")
        for hit in result.hits:
            s = hit.standard
            flag = "*" if hit.exact else " "
            self.stdout.write(
                f"{flag} {s.canonical:<28} {s.get_status_display():<5} {s.title_zh or s.title_en}"
            )

    def do_change_status(self, actor, number, transition, successor, comment, **options):
        standard = services.standard_status_change_by_number(
            actor=actor, number=number, name=transition, successor_number=successor, comment=comment
        )
        self.stdout.write(f"{standard.canonical}: {standard.get_status_display()}")

    def do_take_effect(self, actor, **options):
        self.stdout.write(f"took effect: {services.standard_take_effect_due(actor=actor)}")

    def do_rematch(self, actor, **options):
        self.stdout.write(str(services.productstandard_rematch(actor=actor)))
