"""Writing many already-validated rows in one statement (imports, the audit segments of imports).

`QuerySet.bulk_create` sends every value through each field's full `get_db_prep_save` chain; at
100,000 rows that costs more than the validation itself (bench/import_enterprises.py). Rows reaching
here were cleaned by the services, so only the values the database driver cannot take as they are
(JSON, dates, times) are adapted, by the same backend operations Django itself uses.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache

from django.db import connection, models

CHUNK = 5_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run bulk work without the cyclic garbage collector.

    An import holds hundreds of thousands of row dicts at once; every full collection walks all of
    them, again and again as the heap grows (1.6 M catalog rows: validation and writing 35 % slower
    with it on, measured). Rows are freed by reference counting as usual; cycles made meanwhile wait
    for the next collection after the block. Nests: only the outermost block turns it back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


IMPORT_CACHE_KIB = 1_048_576  # SQLite page cache while an import writes: the catalog's indexes stay in memory


def pragma(name: str, db=None):
    """The value of SQLite's PRAGMA `name` on the connection `db` (the default one)."""
    with (db or connection).cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@contextmanager
def pragma_set(name: str, value: int, db=None) -> Iterator[object]:
    """SQLite's PRAGMA `name` set to `value` on the connection `db` (the default one) for the block,
    then put back as it was; yields the value it had."""
    db = db or connection
    before = pragma(name, db)
    with db.cursor() as cursor:
        cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield before
    finally:
        with db.cursor() as cursor:
            cursor.execute(f"PRAGMA {name} = {int(before)}")


@contextmanager
def page_cache_enlarged(kib: int = IMPORT_CACHE_KIB) -> Iterator[None]:
    """On SQLite, a page cache of `kib` for this connection during a bulk write, then the configured
    one again (config/settings.py keeps 64 MB per connection). Inserting 1.6 M catalog rows touches
    index pages all over the file: 3 % faster with the whole file cached (bench/standards_search.py).
    Pages are only allocated as they are read, and freed when the cache shrinks back."""
    if connection.vendor != "sqlite":
        yield
        return
    with pragma_set("cache_size", -int(kib)):
        yield


@contextmanager
def indexes_deferred(*fields: models.Field, when: bool = True) -> Iterator[None]:
    """On SQLite, the plain (not unique) indexes on `fields` dropped for a bulk load and built again,
    each in one sorted pass, when the block ends. Worth it for keys that arrive in random order (a
    standard's series, a relation's target), whose index takes each new row at a random page: 1.6 M
    catalog rows wrote 6.7 µs a record faster without them. Keys that arrive in order (ids, a NULL
    not yet filled) are appended to their index as cheaply as it is rebuilt: keep those. Inside the
    caller's transaction: if the load fails, the rollback restores the indexes as they were.

    Not on PostgreSQL: DROP INDEX holds an exclusive lock on its table until the transaction ends,
    so nobody could read the table during the load; there COPY keeps the indexes up as it goes."""
    if not when or connection.vendor != "sqlite":
        yield
        return
    quote = connection.ops.quote_name
    dropped = []
    with connection.cursor() as cursor:
        for field in fields:
            table = field.model._meta.db_table
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
            for name, sql in cursor.fetchall():
                cursor.execute(f"SELECT name FROM pragma_index_info({quote(name)})")
                if [column for (column,) in cursor.fetchall()] == [field.column]:
                    dropped.append(sql)
                    cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    if not dropped:
        return
    # SQLite's sorter may hand parts of a large sort to helper threads: the other cores, idle while
    # this one builds the indexes (10 % off a 1.6 M-row index on two cores, measured).
    with pragma_set("threads", (os.cpu_count() or 1) - 1), connection.cursor() as cursor:
        for sql in dropped:
            cursor.execute(sql)


def _adapter(field: models.Field) -> Callable | None:
    """How a clean Python value of `field` becomes a driver parameter; None when it passes as is."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else ops.adapt_json_value(value, field.encoder)
    if isinstance(field, models.DateTimeField):  # a batch shares its timestamps: adapt each once
        return cache(ops.adapt_datetimefield_value)
    if isinstance(field, models.DateField):
        return cache(ops.adapt_datefield_value)
    if isinstance(field, models.ForeignKey):
        return _adapter(field.target_field)
    if isinstance(field, models.CharField | models.TextField | models.IntegerField | models.BooleanField):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def adapt_value(field: models.Field, value):
    """`value` of `field` as the database driver takes it."""
    adapt = _adapter(field)
    return adapt(value) if adapt else value


def insert_rows(
    model: type[models.Model],
    fields: Sequence[models.Field],
    rows: Sequence[Sequence],
    *,
    constants: Mapping[models.Field, object] | None = None,
    ready: bool = False,
) -> None:
    """INSERT `rows` (values in `fields` order, attname values): PostgreSQL takes them by COPY (an
    executemany there is one statement per row, 3x slower, measured); SQLite by one prepared statement
    run per chunk. `constants` are the same in every row (a batch's timestamps and source), adapted
    once: on SQLite they are written into the statement as literals, not bound again for every row;
    by COPY they follow each row's own values. `ready`: the rows hold only values every driver takes
    as they are (text, numbers, None; dates as ISO text), so they are not adapted."""
    constants = {f: adapt_value(f, value) for f, value in (constants or {}).items()}
    adapters = [] if ready else [(i, adapt) for i, field in enumerate(fields) if (adapt := _adapter(field))]
    marks = ["%s"] * len(fields)
    if connection.vendor == "sqlite":
        literals = {f: literal for f, value in constants.items() if (literal := _sqlite_literal(value))}
        marks += literals.values()
        fields = [*fields, *literals]
        constants = {f: value for f, value in constants.items() if f not in literals}
    tail = tuple(constants.values())
    marks += ["%s"] * len(tail)
    fields = [*fields, *constants]

    def adapted(chunk):
        if not adapters:
            return [(*row, *tail) for row in chunk] if tail else chunk
        out = []
        for row in chunk:
            row = [*row, *tail]
            for i, adapt in adapters:
                row[i] = adapt(row[i])
            out.append(row)
        return out

    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in adapted(rows):
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(marks)})"
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, adapted(rows[start : start + CHUNK]))


def _sqlite_literal(value) -> str | None:
    """`value` as a SQLite literal ("%" doubled: Django's cursor reads the statement as a format), or
    None for what must stay a bound parameter (bytes, text holding NUL, other types)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool | int):
        return str(int(value))
    if isinstance(value, str) and "\x00" not in value:
        return "'" + value.replace("'", "''").replace("%", "%%") + "'"
    return None


class IdBlocks:
    """Primary keys for rows this transaction is about to insert, handed out before the rows exist (so
    worker processes can number rows and their children). PostgreSQL draws them from the table's
    sequence, as concurrent inserts do; SQLite has one writer, so they follow the highest id in use
    (or ever used, for AUTOINCREMENT tables). Ids of rows that end up not inserted are simply unused."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self._next: int | None = None

    def take(self, count: int) -> Sequence[int]:
        table, column = self.model._meta.db_table, self.model._meta.pk.column
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, column, count],
                )
                return [pk for (pk,) in cursor.fetchall()]
            if self._next is None:
                quote = connection.ops.quote_name
                cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
                highest = cursor.fetchone()[0]
                cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
                if cursor.fetchone():
                    cursor.execute(
                        "SELECT COALESCE(MAX(seq), 0) FROM sqlite_sequence WHERE name = %s", [table]
                    )
                    highest = max(highest, cursor.fetchone()[0])
                self._next = highest + 1
        first, self._next = self._next, self._next + count
        return range(first, first + count)
