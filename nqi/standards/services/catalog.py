"""Writes on the catalog: classification trees, imports, a new edition, a status change (house rule 3).

Imports are all-or-nothing and fast: rows are validated first (every error named by row and field),
then written set-based in one transaction with one audit event for the batch (`CatalogImport`), never
one per row. A status change goes through the one door (`nqi.core.transitions.transition`) and fans
out notices to watchers and to enterprises whose products are made to the standard, in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sized
from contextlib import nullcontext

from django.db import transaction
from django.utils.translation import gettext as _

from nqi.core import auditing, bulk, checkpoints
from nqi.core.errors import DomainError, ValidationFailed
from nqi.core.permissions import authorize
from nqi.core.transitions import transition
from nqi.search import services as search_services
from nqi.standards import loading, readers
from nqi.standards.choices import ImportKind, NoticeKind, RelationKind, StandardStatus
from nqi.standards.models import CatalogImport, CcsCode, IcsCode, Standard, StandardRelation
from nqi.standards.services.notices import notices_fan_out
from nqi.standards.validation import ImportReport, RowIssue, clean_row
from nqi.standards.workflow import STANDARD_STATUS

INDEX = "standards.standard"


class CatalogImportFailed(ValidationFailed):
    """Rows of an import are invalid; nothing was written. `report` lists every error and warning."""

    def __init__(self, report: ImportReport):
        self.report = report
        first = min(report.errors, key=lambda issue: issue.row)
        self.row_errors = {}
        for issue in report.errors:
            self.row_errors.setdefault(issue.row, {}).setdefault(issue.field, []).append(str(issue.message))
        super().__init__(
            {f"row {first.row}.{first.field}": [str(first.message)]},
            message=_("%(n)s 行数据有误，未写入任何记录。") % {"n": len(self.row_errors)},
        )


def classification_load_reference(*, actor) -> tuple[int, int]:
    """Load (or refresh) the ICS edition 7 and CCS trees from the shipped files; idempotent."""
    authorize(actor, "standards.import_standard")
    with transaction.atomic():
        ics = [
            IcsCode(
                code=r["code"],
                level=int(r["level"]),
                parent_id=r["parent"] or None,
                title_en=r["title_en"],
                notes=r["notes"],
            )
            for r in readers.ics_rows()
        ]
        ccs = [
            CcsCode(
                code=r["code"],
                level=int(r["level"]),
                parent_id=r["parent"] or None,
                title_zh=r["title_zh"],
                notes=r["notes"],
            )
            for r in readers.ccs_rows()
        ]
        for model, rows, fields in (
            (IcsCode, ics, ["level", "parent", "title_en", "notes"]),
            (CcsCode, ccs, ["level", "parent", "title_zh", "notes"]),
        ):
            rows.sort(key=lambda node: node.level)
            model.objects.bulk_create(
                rows, batch_size=500, update_conflicts=True, unique_fields=["code"], update_fields=fields
            )
        auditing.record(
            actor=actor,
            event_type="standards.classification_loaded",
            summary=f"ICS {len(ics)}, CCS {len(ccs)}",
            data={"ics": len(ics), "ccs": len(ccs)},
        )
    return len(ics), len(ccs)


def standard_import(
    *,
    actor,
    kind: str,
    rows: Iterable[dict],
    source: str = "",
    skip_invalid: bool = False,
    index: bool = True,
) -> CatalogImport:
    """Import catalog rows; existing editions (same edition key) are skipped.

    All-or-nothing by default: any row with an error raises CatalogImportFailed with the row-level
    report and nothing is written. With `skip_invalid` (bulk catalogs whose few broken source rows,
    e.g. an IEC record without a title, must not block 90,000 good ones) those rows are left out and
    listed in the batch's report instead.
    """
    authorize(actor, "standards.import_standard")
    with bulk.collector_paused(), bulk.page_cache_enlarged(), checkpoints.deferred():
        return _import(
            kind=kind, rows=rows, source=source, skip_invalid=skip_invalid, index=index, actor=actor
        )


def _import(*, actor, kind: str, rows: Iterable[dict], source: str, skip_invalid: bool, index: bool):
    started = time.monotonic()
    report = ImportReport()
    with transaction.atomic():
        ids, successors = [], []
        expected = len(rows) if isinstance(rows, Sized) else None
        with (
            bulk.indexes_deferred(*loading.RANDOM_KEYS, when=loading.is_large(expected)),
            search_services.index_appending(INDEX, expected=expected) if index else nullcontext() as appender,
        ):
            # Worker processes validate a chunk and analyse its documents while this one writes the last.
            analyse = appender.analyse if appender else None
            documents_table = appender.staged_table if appender else None
            chunks = loading.prepared_chunks(
                rows, report=report, analyse=analyse, documents_table=documents_table
            )
            for chunk in chunks:
                if report.errors and not skip_invalid:
                    continue  # nothing more is written (the transaction is undone) but every row is checked
                loading.insert(chunk, kind=kind, report=report, appender=appender)
                ids.extend(chunk.ids)
                successors.extend(loading.successors_named(chunk))
            if report.errors and not skip_invalid:
                report.created = report.relations = 0
                raise CatalogImportFailed(report)  # before the index finishes work that is undone
        loading.add_successor_links(successors)
        loading.resolve_links()
        batch = CatalogImport.objects.create(
            kind=kind,
            source=str(source)[:300],
            rows_read=report.rows_read,
            created_count=report.created,
            skipped_count=report.skipped,
            warning_count=len(report.warnings),
            error_count=len({issue.row for issue in report.errors}),
            relation_count=report.relations,
            duration_ms=int((time.monotonic() - started) * 1000),
            report=report.issues(),
            actor=actor if getattr(actor, "pk", None) else None,
        )
        auditing.record(
            actor=actor,
            event_type="standards.catalog_imported",
            target=batch,
            summary=_("%(kind)s：读取 %(read)s 行，新增 %(new)s 条，跳过 %(skip)s 条")
            % {
                "kind": ImportKind(kind).label,
                "read": report.rows_read,
                "new": report.created,
                "skip": report.skipped,
            },
            data={
                "rows_read": report.rows_read,
                "created": report.created,
                "skipped": report.skipped,
                "warnings": batch.warning_count,
                "invalid_rows": batch.error_count,
                "relations": report.relations,
                "source": batch.source,
            },
        )
        transaction.on_commit(lambda: _after_import(ids))
    batch.full_report = report
    return batch


def _after_import(ids: list[int]) -> None:
    """Re-link products whose executed standards may now be in the catalog."""
    from nqi.accounts.services import system_actor
    from nqi.standards.services.links import productstandard_rematch

    if ids:
        productstandard_rematch(actor=system_actor())


def standard_create(*, actor, data: dict) -> Standard:
    """Add one edition (e.g. a newly published standard); validated as an import row. When it
    replaces editions already in the catalog, their watchers and affected enterprises are told that
    a new version is published (the old edition stays in force until the new one takes effect)."""
    authorize(actor, "standards.import_standard")
    errors, warnings = [], []
    fields = clean_row(data, 1, errors, warnings)
    if errors:
        raise ValidationFailed({e.field: [str(e.message)] for e in errors})
    if Standard.objects.filter(edition_key=fields["edition_key"]).exists():
        raise ValidationFailed({"number": [_("该标准号已在标准库中。")]})
    with transaction.atomic():
        (fields["pk"],) = bulk.IdBlocks(Standard).take(1)
        chunk = loading.table_rows([fields])
        loading.insert(chunk, kind=data.get("source") or ImportKind.CSV, report=ImportReport())
        loading.add_successor_links(loading.successors_named(chunk))
        loading.resolve_links()
        pk = fields["pk"]
        standard = Standard.objects.get(pk=pk)
        search_services.index_objects(Standard, [pk])
        auditing.record(
            actor=actor,
            event_type="standards.standard_created",
            target=standard,
            summary=str(standard),
            after={"number": standard.canonical, "status": standard.status},
        )
        for relation in standard.relations_out.select_related("target").exclude(target=None):
            if relation.target.status in (StandardStatus.CURRENT, StandardStatus.UPCOMING):
                notices_fan_out(
                    standard=relation.target,
                    kind=NoticeKind.NEW_VERSION,
                    successor=standard,
                    effective_on=standard.implemented_on,
                )
    return standard


def standard_status_change(
    *,
    actor,
    standard: Standard,
    name: str,
    comment: str = "",
    successor: Standard | None = None,
    partial: bool = False,
    effective_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Standard:
    """Move a standard along `standard_status` and notify everyone it affects.

    `replace` needs the `successor` edition (the relation 代替/部分代替 is recorded if missing);
    `withdraw` needs the announcement as comment; the end date is `effective_on` (default: the
    successor's implementation date, else today).
    """
    if name == "replace" and successor is None:
        raise ValidationFailed({"successor": [_("请指定代替它的新标准。")]})
    if successor is not None and successor.pk == standard.pk:
        raise ValidationFailed({"successor": [_("新标准不能是它自己。")]})
    changes = {}
    if name in ("replace", "withdraw"):
        ended = (
            effective_on
            or (successor and (successor.implemented_on or successor.published_on))
            or dt.date.today()
        )
        changes["withdrawn_on"] = ended
    with transaction.atomic():
        current = transition(
            actor=actor,
            obj=standard,
            workflow=STANDARD_STATUS,
            name=name,
            comment=comment,
            expected_version=expected_version,
            changes=changes,
            data={"successor": successor.canonical if successor else None},
        )
        if successor is not None:
            kind = RelationKind.PARTIALLY_REPLACES if partial else RelationKind.REPLACES
            StandardRelation.objects.update_or_create(
                source=successor,
                target_key=current.edition_key,
                defaults={"target": current, "target_number": current.canonical, "kind": kind},
            )
        notice_kind = {
            "replace": NoticeKind.REPLACED,
            "withdraw": NoticeKind.WITHDRAWN,
            "take_effect": NoticeKind.TOOK_EFFECT,
            "publish": NoticeKind.PUBLISHED,
        }[name]
        notices_fan_out(
            standard=current,
            kind=notice_kind,
            successor=successor,
            effective_on=changes.get("withdrawn_on") or current.implemented_on,
            comment=comment,
        )
    return current


def standard_take_effect_due(*, actor, today: dt.date | None = None) -> int:
    """Every 即将实施 standard whose implementation date has come becomes 现行 (a daily job)."""
    today = today or dt.date.today()
    due = Standard.objects.filter(status=StandardStatus.UPCOMING, implemented_on__lte=today)
    done = 0
    for standard in due.iterator(chunk_size=500):
        try:
            standard_status_change(actor=actor, standard=standard, name="take_effect")
        except DomainError:
            continue
        done += 1
    return done


def standard_status_change_by_number(
    *, actor, number: str, name: str, successor_number: str = "", comment: str = ""
) -> Standard:
    """The CLI door: the same status change, with standards named by number."""
    from nqi.standards.selectors import standard_get_by_number

    standard = standard_get_by_number(number)
    successor = standard_get_by_number(successor_number) if successor_number else None
    return standard_status_change(
        actor=actor, standard=standard, name=name, successor=successor, comment=comment
    )


__all__ = [
    "CatalogImportFailed",
    "RowIssue",
    "classification_load_reference",
    "standard_create",
    "standard_import",
    "standard_status_change",
    "standard_status_change_by_number",
    "standard_take_effect_due",
]
