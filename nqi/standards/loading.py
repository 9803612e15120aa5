"""Bulk loading of catalog rows (called by the import services only; bench/standards_search.py times it).

Django's `bulk_create` on SQLite sends ~30 rows per statement (999 bound parameters) and builds a model
instance per row, ~7,000 rows/s for `Standard`. Here an import runs as a pipeline:

1. Worker processes (`nqi.search.parallel.shared_map`) inherit the source rows at their fork and take
   CHUNK rows each: they validate them (`clean_row`), number the good ones with ids this process
   reserved (`bulk.IdBlocks`), turn them into table rows and search documents, and send the chunk
   back marshalled (reading it back costs 4 µs a record; a pickle of the cleaned dicts cost 20).
2. This process skips duplicates across chunks, writes each table in one statement (`nqi.core.bulk`:
   COPY on PostgreSQL, a prepared INSERT on SQLite) and appends the documents to the search index,
   while the workers prepare the next chunks.
3. Relations and derived dates are resolved with set-based UPDATEs at the end. An import that will
   be half the catalog or more builds the indexes on keys that arrive in random order once, before
   that (`is_large`), and its chunks leave out the fields that hold one value throughout (`fixed`).

Everything is written inside the caller's transaction: a failed import leaves nothing behind.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import itemgetter

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from nqi.core import bulk
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
STANDARD_COLUMNS = [f.column for f in STANDARD_FIELDS]
STANDARD_NAMES = ("id", *(f.name for f in STANDARD_FIELDS))  # what a row of `Prepared.standards` holds
DATE_COLUMNS = [f.column for f in STANDARD_FIELDS if isinstance(f, models.DateField)]
RELATION_FIELDS = ("source_id", "target_number", "target_key", "kind")
# Indexed keys that a large import brings in random order: their indexes are built after it (`is_large`).
RANDOM_KEYS = (
    Standard._meta.get_field("series_key"),
    StandardIcs._meta.get_field("code"),
    StandardRelation._meta.get_field("target_key"),
)
CHUNK = 20_000  # rows a worker validates and prepares at a time
SEGMENT = 200_000  # source rows held at once when the source is not a list already


def _insert(model, names, rows: list[tuple], constants: dict | None = None) -> None:
    """Append prepared rows (values of the fields `names`, dates as ISO text) to a model's table."""
    if rows:
        get = model._meta.get_field
        bulk.insert_rows(
            model,
            [get(name) for name in names],
            rows,
            constants={get(name): value for name, value in (constants or {}).items()},
            ready=True,
        )


@dataclass(frozen=True)
class _Source:
    """What the workers inherit: a segment of the source rows and what they need to prepare them."""

    rows: Sequence[dict]
    offset: int  # rows before this segment (row numbers in reports count from 1 over the whole source)
    existing: frozenset[str]  # edition keys in the catalog before the import
    analyse: Callable | None  # the search index's analysis of new records (None: not indexed)


@dataclass
class Prepared:
    """One chunk of validated rows as table rows, numbered with reserved ids: built in a worker,
    written here (`insert`). `keys` are (edition key, row number, number as given) of the records,
    in id order."""

    standards: list[tuple]
    # Fields of STANDARD_NAMES that hold one value in every record of the chunk, left out of `standards`.
    fixed: dict[str, object]
    ics: list[tuple]
    drafters: list[tuple]
    relations: list[tuple]
    successors: list[tuple]
    keys: list[tuple[str, int, str]]
    documents: object = None  # the search engine's rows for the records, if indexed
    dropped: frozenset[int] = frozenset()  # records left out after `documents` were made

    def dumps(self) -> bytes:
        """Marshal format 2: no table of shared objects, 40 % faster to write than the default and as
        fast to read, for a third more bytes through the pipe (measured on 20,000-record chunks)."""
        parts = (
            self.standards,
            self.fixed,
            self.ics,
            self.drafters,
            self.relations,
            self.successors,
            self.keys,
        )
        return marshal.dumps((*parts, self.documents), 2)

    @property
    def ids(self) -> list[int]:
        return [row[0] for row in self.standards]

    def without(self, ids: set[int]) -> Prepared:
        """This chunk less the records `ids` (duplicates of an earlier chunk's rows); its documents are
        kept whole, with the ids to leave out in `dropped`."""

        def kept(rows):
            return [r for r in rows if r[0] not in ids]

        return Prepared(
            kept(self.standards),
            self.fixed,
            kept(self.ics),
            kept(self.drafters),
            kept(self.relations),
            [s for s in self.successors if s[4] not in ids],
            [k for k, pk in zip(self.keys, self.ids, strict=True) if pk not in ids],
            self.documents,
            frozenset(ids),
        )


def prepared_chunks(
    rows: Iterable[dict], *, report: ImportReport, analyse: Callable | None = None
) -> Iterator[Prepared]:
    """Clean every row and turn the good ones into table rows and search documents, CHUNK rows at a
    time in worker processes that inherit the source rows (they are never pickled); chunks come back
    in source order. Duplicates of an earlier row or of a catalog record are skipped with a warning."""
    existing = frozenset(Standard.objects.values_list("edition_key", flat=True))
    ids = bulk.IdBlocks(Standard)
    seen: dict[str, int] = {}
    for offset, segment in _segments(rows):
        source = _Source(segment, offset, existing, analyse)
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
    chunk = table_rows(cleaned)
    if source.analyse is not None and cleaned:
        chunk.documents = source.analyse(cleaned)[0]
    return chunk.dumps(), (errors, warnings), stop - start, skipped


def table_rows(cleaned: list[dict]) -> Prepared:
    """The catalog rows of validated records that have their "pk" (pure: runs in workers). Most
    records have no drafter, relation or successor: their lists are only walked when they hold some."""
    values = itemgetter(*STANDARD_COLUMNS)
    standards, ics, drafters, relations, successors, keys = [], [], [], [], [], []
    for f in cleaned:
        pk = f["pk"]
        for column in DATE_COLUMNS:
            if day := f[column]:
                f[column] = day.isoformat()
        standards.append((pk, *values(f)))
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
    standards, fixed = _without_fixed(standards)
    return Prepared(standards, fixed, ics, drafters, relations, successors, keys)


def _without_fixed(rows: list[tuple]) -> tuple[list[tuple], dict[str, object]]:
    """`rows` less the fields that hold one value in every row, and those values by field name: they
    are written once per chunk instead of for every row (`bulk.insert_rows` constants). A source
    often leaves a third of the fields blank or alike throughout, e.g. abstracts it does not give."""
    if len(rows) < 2:
        return rows, {}
    columns = list(zip(*rows, strict=True))
    fixed, kept = {}, [0]  # the id differs in every row
    for i in range(1, len(columns)):
        first, column = columns[i][0], columns[i]
        if column.count(first) == len(column):
            fixed[STANDARD_NAMES[i]] = first
        else:
            kept.append(i)
    if not fixed:
        return rows, {}
    return list(zip(*(columns[i] for i in kept), strict=True)), fixed


def insert(chunk: Prepared, *, kind: str, report: ImportReport) -> None:
    """Write a prepared chunk (its ids were reserved in this transaction)."""
    now = timezone.now()
    constants = {
        "created_at": now,
        "updated_at": now,
        "version": 1,
        "status_changed_at": None,
        "due_at": None,
        "source": str(kind),
    }
    names = [name for name in STANDARD_NAMES if name not in chunk.fixed]
    _insert(Standard, names, chunk.standards, {**constants, **chunk.fixed})
    _insert(StandardIcs, ("standard_id", "code"), chunk.ics)
    _insert(StandardDrafter, ("standard_id", "name", "position"), chunk.drafters)
    _insert(StandardRelation, RELATION_FIELDS, chunk.relations)
    report.created += len(chunk.standards)
    report.relations += len(chunk.relations)


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
    _insert(StandardRelation, RELATION_FIELDS, list(rows.values()))


def resolve_links() -> None:
    """Fill relation targets and adopted standards that are now in the catalog, and the end date of
    replaced editions that lack one (the day the successor took effect)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE standards_standardrelation SET target_id = (SELECT s.id FROM standards_standard s "
            "WHERE s.edition_key = standards_standardrelation.target_key) WHERE target_id IS NULL"
        )
        cursor.execute(
            "UPDATE standards_standard SET withdrawn_on = (SELECT MIN(COALESCE(n.implemented_on, n.published_on)) "
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
            "WHERE e.name = standards_standarddrafter.name) WHERE enterprise_id IS NULL"
        )


def _resolve_adoptions() -> None:
    pending = list(
        Standard.objects.filter(adopted_standard__isnull=True)
        .exclude(adopted_number="")
        .values_list("pk", "adopted_number")
    )
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
