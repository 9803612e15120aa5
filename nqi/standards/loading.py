"""Bulk loading of catalog rows (called by the import services only; bench/standards_search.py times it).

Django's `bulk_create` on SQLite sends ~30 rows per statement (999 bound parameters) and builds a model
instance per row, ~7,000 rows/s for `Standard`. Here an import runs as a pipeline:

1. Worker processes (`nqi.search.parallel.shared_map`) inherit the source rows at their fork and take
   CHUNK rows each: they validate them (`clean_row`), number the good ones with ids this process
   reserved (`bulk.IdBlocks`), stage their table rows in an SQLite image (`nqi.core.staging`), make
   their search documents, and send the chunk back marshalled.
2. This process skips duplicates across chunks, copies each staged table in one statement (INSERT …
   SELECT from the attached image on SQLite, COPY on PostgreSQL) and appends the documents to the
   search index, while the workers prepare the next chunks.
3. Relations and derived dates are resolved with set-based UPDATEs at the end. An import that will
   be half the catalog or more builds the indexes on keys that arrive in random order once, before
   that (`is_large`).

Everything is written inside the caller's transaction: a failed import leaves nothing behind.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, repeat
from operator import eq, itemgetter

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import bulk, staging
from nqi.search import parallel
from nqi.standards.models import Standard, StandardDrafter, StandardIcs, StandardRelation
from nqi.standards.numbers import edition_key
from nqi.standards.validation import ImportReport, RowIssue, clean_row

CONSTANTS = ("created_at", "updated_at", "version", "status_changed_at", "due_at", "source")
STANDARD_FIELDS = [  # what a worker makes of a cleaned row; CONSTANTS are added once per batch
    f
    for f in Standard._meta.concrete_fields
    if not f.primary_key and f.column != "adopted_standard_id" and f.name not in CONSTANTS
]
STANDARD_NAMES = ("id", *(f.name for f in STANDARD_FIELDS))  # the staged fields of a record
# The fields that may be left out of a chunk's stage when every record holds one value (`table_rows`):
# all but those that tell records apart. At least three stay, so a staged row is always a tuple.
CONSTANT_CANDIDATES = tuple(name for name in STANDARD_NAMES if name not in ("id", "number", "edition_key"))
DATE_COLUMNS = [f.column for f in STANDARD_FIELDS if isinstance(f, models.DateField)]
ICS_FIELDS = ("standard_id", "code")
DRAFTER_FIELDS = ("standard_id", "name", "position")
RELATION_FIELDS = ("source_id", "target_number", "target_key", "kind")
# A relation points at its target as it is written when the target is in the catalog already (editions
# come before the ones that replace them in most sources); `resolve_links` finds the rest at the end.
TARGETS = {"target": ("edition_key", "target_key")}
# Where each staged table holds the record a row belongs to (rows of a dropped record are left out).
RECORD_FIELDS = (
    (Standard, "id"),
    (StandardIcs, "standard_id"),
    (StandardDrafter, "standard_id"),
    (StandardRelation, "source_id"),
)
# Indexed keys that a large import brings in random order: their indexes are built after it (`is_large`).
# Not the ICS code: a few hundred codes, each taking its records in id order, so each new entry lands at
# the end of its code's run, as cheap as an append (1.6 M entries: 1.5 s of inserting, shared with the
# workers' core, against 1.5–2.6 s of building the index alone at the end, measured).
RANDOM_KEYS = (
    Standard._meta.get_field("series_key"),
    StandardRelation._meta.get_field("target_key"),
)
CHUNK = 20_000  # rows a worker validates and prepares at a time
SEGMENT = 200_000  # source rows held at once when the source is not a list already


@dataclass(frozen=True)
class _Source:
    """What the workers inherit: a segment of the source rows and what they need to prepare them."""

    rows: Sequence[dict]
    offset: int  # rows before this segment (row numbers in reports count from 1 over the whole source)
    existing: frozenset[str]  # edition keys in the catalog before the import
    analyse: Callable | None  # the search index's analysis of new records (None: not indexed)
    documents_table: tuple[str, tuple[str, ...]] | None  # where to stage that analysis (None: return it)


@dataclass
class Prepared:
    """One chunk of validated rows, numbered with reserved ids: built in a worker, written here
    (`insert`). Its catalog rows (records, ICS codes, drafters, relations) are staged in `image`
    (nqi.core.staging); `keys` are (edition key, row number, number as given) of the records, in id
    order; `constants` the record fields that hold one value in every record of the chunk, which the
    image leaves out (`table_rows`)."""

    image: bytes
    ids: list[int]
    successors: list[tuple]
    keys: list[tuple[str, int, str]]
    constants: dict[str, object]
    documents: object = None  # the search engine's rows for the records, if indexed
    dropped: frozenset[int] = frozenset()  # records left out of `image` and `documents` when written

    def dumps(self) -> bytes:
        """Marshal format 2: no table of shared objects, 40 % faster to write than the default and as
        fast to read, for a third more bytes through the pipe (measured on 20,000-record chunks)."""
        return marshal.dumps(
            (self.image, self.ids, self.successors, self.keys, self.constants, self.documents), 2
        )

    def without(self, ids: set[int]) -> Prepared:
        """This chunk less the records `ids` (duplicates of an earlier chunk's rows): left out of
        the image and the documents as they are written."""
        return Prepared(
            self.image,
            [pk for pk in self.ids if pk not in ids],
            [s for s in self.successors if s[4] not in ids],
            [k for k, pk in zip(self.keys, self.ids, strict=True) if pk not in ids],
            self.constants,
            self.documents,
            frozenset(ids),
        )


def prepared_chunks(
    rows: Iterable[dict],
    *,
    report: ImportReport,
    analyse: Callable | None = None,
    documents_table: tuple[str, tuple[str, ...]] | None = None,
) -> Iterator[Prepared]:
    """Clean every row and turn the good ones into table rows and search documents, CHUNK rows at a
    time in worker processes that inherit the source rows (they are never pickled); chunks come back
    in source order. Duplicates of an earlier row or of a catalog record are skipped with a warning.
    `analyse` makes the search engine's rows of the records; with `documents_table` (the engine's
    `staged_table`) they are staged in the chunk's image with the catalog rows, else returned in
    `Prepared.documents`."""
    existing = frozenset(Standard.objects.values_list("edition_key", flat=True))
    ids = bulk.IdBlocks(Standard)
    seen: dict[str, int] = {}
    for offset, segment in _segments(rows):
        source = _Source(segment, offset, existing, analyse, documents_table)
        tasks = _tasks(len(segment), ids)
        for blob, issues, read, skipped in parallel.shared_map(_prepare, source, tasks):
            report.rows_read += read
            report.skipped += skipped
            report.errors += issues[0]
            report.warnings += issues[1]
            chunk = Prepared(*marshal.loads(blob))
            again = set()
            for (key, n, number), pk in zip(chunk.keys, chunk.ids, strict=True):
                if key in seen:
                    again.add(pk)
                    report.skipped += 1
                    report.warnings.append(_duplicate(n, number, seen[key]))
                else:
                    seen[key] = n
            yield chunk.without(again) if again else chunk


def is_large(expected: int | None) -> bool:
    """Whether `expected` new rows will be at least half of the catalog, whose indexes on RANDOM_KEYS
    are then built once after the rows are written (`bulk.indexes_deferred`): maintaining them row by
    row costs more than building them from scratch. Rows of unknown number are large when the catalog is
    empty. (Half the catalog after the import means at most `expected` records before it: counted no
    further than that.)"""
    catalog = Standard.objects.order_by()
    if expected is None:
        return not catalog.exists()
    return expected > 0 and not catalog[expected : expected + 1].exists()


def _tasks(size: int, ids: bulk.IdBlocks) -> Iterator[tuple[int, int, Sequence[int]]]:
    """(start, stop, the ids reserved for those rows) per chunk; ids are taken as a worker needs them."""
    for start in range(0, size, CHUNK):
        stop = min(start + CHUNK, size)
        yield start, stop, ids.take(stop - start)


def _segments(rows: Iterable[dict]) -> Iterator[tuple[int, Sequence[dict]]]:
    if isinstance(rows, list | tuple):
        yield 0, rows
        return
    iterator, offset = iter(rows), 0
    while segment := list(islice(iterator, SEGMENT)):
        yield offset, segment
        offset += len(segment)


def _duplicate(n: int, number: str, first: int) -> RowIssue:
    return RowIssue(n, "number", _("与第 %(r)s 行是同一标准，已跳过。") % {"r": first}, number)


def _prepare(source: _Source, task: tuple[int, int, Sequence[int]]):
    """Worker side of `prepared_chunks`: rows[start:stop] cleaned and prepared (marshalled: faster to
    read back than a pickle), the row-level issues, rows read and rows skipped."""
    start, stop, ids = task
    errors, warnings, cleaned, seen, skipped = [], [], [], {}, 0
    rows, offset, existing = source.rows, source.offset, source.existing
    for i in range(start, stop):
        n = offset + i + 1
        fields = clean_row(rows[i], n, errors, warnings)
        if fields is None:
            continue
        key = fields["edition_key"]
        if key in existing:
            skipped += 1
        elif key in seen:
            skipped += 1
            warnings.append(_duplicate(n, fields["number"], seen[key]))
        else:
            seen[key] = n
            fields["pk"], fields["row"] = ids[i - start], n
            cleaned.append(fields)
    documents = source.analyse(cleaned)[0] if source.analyse is not None and cleaned else None
    if documents is not None and source.documents_table:
        chunk = table_rows(cleaned, documents=(*source.documents_table, documents))
    else:
        chunk = table_rows(cleaned)
        chunk.documents = documents
    return chunk.dumps(), (errors, warnings), stop - start, skipped


def table_rows(cleaned: list[dict], *, documents: tuple[str, Sequence[str], list] | None = None) -> Prepared:
    """The catalog rows of validated records that have their "pk", staged (pure: runs in workers),
    with `documents` (table, columns, rows: the search engine's rows of the records) when given.
    Most records have no drafter, relation or successor: their lists are only walked when they hold
    some."""
    for f in cleaned:
        for column in DATE_COLUMNS:
            if day := f[column]:
                f[column] = day.isoformat()
    constants = _constant_fields(cleaned)
    staged = [name for name in STANDARD_NAMES if name not in constants]
    values = itemgetter(*staged)
    standards, ics, drafters, relations, successors, keys = [], [], [], [], [], []
    for f in cleaned:
        f["id"] = pk = f["pk"]
        standards.append(values(f))
        keys.append((f["edition_key"], f.get("row", 0), f["number"]))
        if codes := f["ics"]:
            ics += [(pk, code) for code in codes]
        if names := f["drafters"]:
            drafters += [(pk, name, position) for position, name in enumerate(names)]
        if replaces := f["replaces"]:
            named = {}
            for number, kind in replaces:
                named.setdefault((edition_key(number), kind), (pk, number, edition_key(number), kind))
            relations += named.values()
        if named_successors := f["successors"]:
            successors += [
                (edition_key(number), f["number"], f["edition_key"], kind, pk)
                for number, kind in named_successors
            ]
    stage = staging.Stage()
    stage.add(Standard, staged, standards)
    stage.add(StandardIcs, ICS_FIELDS, ics)
    stage.add(StandardDrafter, DRAFTER_FIELDS, drafters)
    stage.add(StandardRelation, RELATION_FIELDS, relations)
    if documents:
        stage.add_table(*documents)
    return Prepared(stage.image(), [row[0] for row in standards], successors, keys, constants)


def _constant_fields(cleaned: list[dict]) -> dict[str, object]:
    """The fields of CONSTANT_CANDIDATES that hold one value in every record of `cleaned`, with it: a
    source leaves a third of the record's fields blank or the same in every row (a synthetic record:
    12 of 33), which then are not bound to the stage row by row (0.2 µs a value) but set once in the
    copy. Compared in C; a field that varies is told by its first rows."""
    if not cleaned:
        return {}
    first = cleaned[0]
    return {
        name: first[name]
        for name in CONSTANT_CANDIDATES
        if all(map(eq, map(itemgetter(name), cleaned), repeat(first[name])))
    }


def insert(chunk: Prepared, *, kind: str, report: ImportReport, appender=None) -> None:
    """Write a prepared chunk (its ids were reserved in this transaction), and hand its search
    documents to `appender` (nqi.search.services.Appender) when given."""
    now = timezone.now()
    constants = {
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "status_changed_at": None,
        "due_at": None,
        "source": str(kind),
    }
    with staging.opened(chunk.image) as staged:
        if chunk.dropped:
            for model, field in RECORD_FIELDS:
                staged.delete(model, field, chunk.dropped)
        report.created += staged.copy(Standard, constants | chunk.constants)
        staged.copy(StandardIcs)
        staged.copy(StandardDrafter)
        report.relations += staged.copy(StandardRelation, lookups=TARGETS)
        if appender is not None:
            appender.add(
                chunk.documents,
                count=len(chunk.ids),
                first=chunk.ids[0] if chunk.ids else None,
                dropped=chunk.dropped,
                staged=staged,
            )


def successors_named(chunk: Prepared) -> list[tuple[str, str, str, str]]:
    """(successor's edition key, number, edition key, kind) for records that name their successors."""
    return [s[:4] for s in chunk.successors]


def add_successor_links(wanted: list[tuple[str, str, str, str]]) -> None:
    """Rows that name their successors ("replaced by", `successors_named`) get the relation from the
    successor's side when the successor is in the catalog and does not list this row already. Run
    after all rows of an import are written: the successor may come later in the file."""
    if not wanted:
        return
    sources = dict(
        Standard.objects.filter(edition_key__in={w[0] for w in wanted}).values_list("edition_key", "pk")
    )
    known = set(
        StandardRelation.objects.filter(source_id__in=sources.values()).values_list("source_id", "target_key")
    )
    rows = {}
    for source_key, number, target_key, kind in wanted:
        source = sources.get(source_key)
        if source and (source, target_key) not in known:
            rows[(source, target_key)] = (source, number, target_key, kind)
    if rows:
        get = StandardRelation._meta.get_field
        bulk.insert_rows(
            StandardRelation, [get(name) for name in RELATION_FIELDS], list(rows.values()), ready=True
        )


def resolve_links() -> None:
    """Fill relation targets and adopted standards that are now in the catalog, and the end date of
    replaced editions that lack one (the day the successor took effect). Runs after every import:
    each statement reaches only the rows still waiting (indexes on what is unresolved), not the
    whole catalog."""
    with connection.cursor() as cursor:
        cursor.execute(  # only relations whose target has come: the others are not rewritten
            "UPDATE standards_standardrelation SET target_id = (SELECT s.id FROM standards_standard s "
            "WHERE s.edition_key = standards_standardrelation.target_key) WHERE target_id IS NULL "
            "AND target_key IN (SELECT edition_key FROM standards_standard)"
        )
        cursor.execute(
            f"UPDATE standards_standard {_waiting('standard_replaced_undated')} SET withdrawn_on = "
            "(SELECT MIN(COALESCE(n.implemented_on, n.published_on)) "
            "FROM standards_standardrelation r JOIN standards_standard n ON n.id = r.source_id "
            "WHERE r.target_id = standards_standard.id AND r.kind <> 'amends') "
            "WHERE status = 'replaced' AND withdrawn_on IS NULL"
        )
    drafters_link_enterprises()
    _resolve_adoptions()


def drafters_link_enterprises() -> None:
    """Link drafting organizations to registered enterprises of exactly the same name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE standards_standarddrafter SET enterprise_id = (SELECT e.id FROM enterprises_enterprise e "
            "WHERE e.name = standards_standarddrafter.name) WHERE enterprise_id IS NULL "
            "AND name IN (SELECT name FROM enterprises_enterprise)"
        )


def _waiting(index: str) -> str:
    """On SQLite, the hint that reads the partial `index` of records still waiting to be resolved
    (Standard.Meta.indexes). Without statistics SQLite's planner prefers the index on the status or
    the adopted standard, which reads a share of the catalog or all of it (the hint is SQLite's own;
    PostgreSQL's planner has its statistics)."""
    return f"INDEXED BY {index}" if connection.vendor == "sqlite" else ""


def _resolve_adoptions() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, adopted_number FROM standards_standard {_waiting('standard_adoption_unresolved')} "
            "WHERE (adopted_standard_id IS NULL AND NOT (adopted_number = ''))"
        )
        pending = cursor.fetchall()
    if not pending:
        return
    keys = {pk: edition_key(number) for pk, number in pending}
    found = dict(Standard.objects.filter(edition_key__in=set(keys.values())).values_list("edition_key", "pk"))
    updates = [(found[key], pk) for pk, key in keys.items() if key in found]
    if updates:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE standards_standard SET adopted_standard_id = %s WHERE id = %s", updates
            )
