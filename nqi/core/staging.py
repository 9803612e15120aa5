"""Rows staged by a worker process in an SQLite database image, copied into the database here.

An import's worker processes validate its rows and turn them into table rows (nqi.standards.loading).
Handed over as Python values, those rows cost the writing process twice: reading them back (marshal,
5 µs a catalog record) and binding each value to an INSERT (about 0.2 µs a value, 12 µs for a
catalog record's 41 columns). The writing process is the one the workers wait for.

So a worker writes its rows into a private in-memory SQLite database (`Stage`) and sends that
database's image (`sqlite3.Connection.serialize`, ~320 bytes a catalog record). The writer
(`opened`):
- on SQLite attaches the image as the schema `nqi_stage` and copies each table with one
  INSERT … SELECT, in C and in the caller's transaction (4.3 µs a catalog record against 17, measured
  on 400,000);
- on PostgreSQL reads the image's rows back and sends them by COPY (`bulk.insert_rows`).

A stage table is named and columned like its target and declared without types: every value comes
back as it was given (no type affinity, so the serial "069" stays text). Values must be what
`bulk.insert_rows(ready=True)` takes: text, numbers, None, dates as ISO text.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache

from django.db import connection, models

from nqi.core import bulk

SCHEMA = "nqi_stage"  # the attached schema that holds the image on the writer's SQLite connection
_cookies = itertools.count(1_000_000)  # schema cookies for attached images (`opened`)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Stage:
    """The worker side: rows of several tables in a private in-memory database, then its image."""

    def __init__(self):
        self._db = sqlite3.connect(":memory:")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._tables: set[str] = set()

    def add(self, model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence]) -> None:
        """Append `rows` (values of the fields `names`, in that order) to the stage of `model`'s table.
        A table is staged with the fields of its first rows."""
        if rows:
            get = model._meta.get_field
            self.add_table(model._meta.db_table, [get(name).column for name in names], rows)

    def add_table(self, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
        """`add` for a table that has no model (a search index's document table)."""
        if not rows:
            return
        if table not in self._tables:
            self._db.execute(f"CREATE TABLE {_quote(table)} ({', '.join(map(_quote, columns))})")
            self._tables.add(table)
        marks = ", ".join("?" * len(columns))
        self._db.executemany(f"INSERT INTO {_quote(table)} VALUES ({marks})", rows)

    def image(self) -> bytes:
        """The staged database as bytes; the stage is closed."""
        if not self._tables:  # an empty database has no pages to serialize
            self._db.execute("CREATE TABLE nqi_empty (x)")
        self._db.commit()
        try:
            return self._db.serialize()
        finally:
            self._db.close()


class Staged:
    """The writer side of one image: remove rows from its tables, copy its tables into their targets.
    Statements run on the sqlite3 connection that holds the image: on SQLite the writer's own (inside
    its transaction), on PostgreSQL a private one."""

    def __init__(self, db: sqlite3.Connection, schema: str):
        self._db, self._schema = db, schema

    def _table(self, model: type[models.Model]) -> str:
        return self.table(model._meta.db_table)

    def table(self, name: str) -> str:
        """The staged table `name` as a statement on this image's connection names it."""
        return f"{self._schema}.{_quote(name)}"

    @property
    def connection(self) -> sqlite3.Connection:
        """The sqlite3 connection that holds the image (on SQLite, the writer's own)."""
        return self._db

    def columns(self, model: type[models.Model]) -> list[str]:
        """The staged columns of `model`'s table ([] when nothing of it was staged)."""
        return self.table_columns(model._meta.db_table)

    def table_columns(self, name: str) -> list[str]:
        """The columns of the staged table `name` ([] when nothing of it was staged)."""
        found = self._db.execute("SELECT name FROM pragma_table_info(?, ?)", [name, self._schema])
        return [column for (column,) in found]

    def delete(self, model: type[models.Model], field: str, values: Collection) -> None:
        """Leave out the staged rows of `model` whose `field` holds one of `values`."""
        self.delete_rows(model._meta.db_table, model._meta.get_field(field).column, values)

    def delete_rows(self, table: str, column: str, values: Collection) -> None:
        """`delete` for a staged table that has no model."""
        values = list(values)
        if not values or not self.table_columns(table):
            return
        for start in range(0, len(values), 2000):
            part = values[start : start + 2000]
            self._db.execute(
                f"DELETE FROM {self.table(table)} WHERE {_quote(column)} IN ({', '.join('?' * len(part))})",
                part,
            )

    def copy(
        self,
        model: type[models.Model],
        constants: Mapping[str, object] | None = None,
        *,
        lookups: Mapping[str, tuple[str, str]] | None = None,
    ) -> int:
        """Insert the staged rows of `model` into its table, the fields `constants` names set to
        those values in every row; returns how many rows were inserted.

        `lookups` maps a foreign key of `model` to (a unique field of the model it points to, the
        staged field holding that field's value): on SQLite the copy points each row at the record
        found, in the same statement (one index lookup a row, against an UPDATE of every row after
        the import). The key stays NULL where no record is found, and on PostgreSQL, whose COPY
        cannot look anything up: the caller resolves what is still NULL afterwards."""
        columns = self.columns(model)
        if not columns:
            return 0
        get = model._meta.get_field
        constants = {get(name): value for name, value in (constants or {}).items()}
        selected = ", ".join(map(_quote, columns))
        if self._schema != SCHEMA:  # PostgreSQL: COPY the rows read back
            rows = self._db.execute(f"SELECT {selected} FROM {self._table(model)}").fetchall()
            by_column = {f.column: f for f in model._meta.concrete_fields}
            fields = [by_column[column] for column in columns]
            bulk.insert_rows(model, fields, rows, constants=constants, ready=True)
            return len(rows)
        values = [bulk.adapt_value(field, value) for field, value in constants.items()]
        found = [(get(name), *pair) for name, pair in (lookups or {}).items()]
        target = ", ".join(
            _quote(c) for c in [*columns, *(f.column for f in constants), *(f.column for f, *_ in found)]
        )
        expressions = [selected, *"?" * len(values), *(_lookup(field, *pair) for field, *pair in found)]
        cursor = self._db.execute(
            f"INSERT INTO main.{_quote(model._meta.db_table)} ({target}) "
            f"SELECT {', '.join(expressions)} FROM {self._table(model)} AS nqi_row",
            values,
        )
        return cursor.rowcount


def _lookup(field: models.ForeignKey, key: str, by: str) -> str:
    """The subquery that finds the record `field` points to by its unique `key` (`Staged.copy`)."""
    related = field.related_model._meta
    column = related.get_field(key).column
    staged = field.model._meta.get_field(by).column
    return (
        f"(SELECT found.{_quote(related.pk.column)} FROM main.{_quote(related.db_table)} AS found "
        f"WHERE found.{_quote(column)} = nqi_row.{_quote(staged)})"
    )


@contextmanager
def opened(image: bytes) -> Iterator[Staged]:
    """The rows of a stage's image, ready to copy into this connection's database."""
    if connection.vendor != "sqlite":
        db = sqlite3.connect(":memory:")
        try:
            db.deserialize(image)
            yield Staged(db, "main")
        finally:
            db.close()
        return
    connection.ensure_connection()
    raw = connection.connection
    if not raw.execute("SELECT 1 FROM pragma_database_list WHERE name = ?", [SCHEMA]).fetchone():
        raw.execute(f"ATTACH DATABASE ':memory:' AS {SCHEMA}")  # allowed inside a transaction
    raw.deserialize(image, name=SCHEMA)
    # Statements prepared against an earlier image would read this one's pages by that image's
    # layout: SQLite re-prepares them only when the schema cookie differs, and every fresh image
    # starts from the same few values. A cookie never used before on this process makes it differ.
    raw.execute(f"PRAGMA {SCHEMA}.schema_version = {next(_cookies)}")
    try:
        yield Staged(raw, SCHEMA)
    finally:
        # A schema read in a transaction cannot be detached before it ends; an empty image frees the
        # chunk's memory meanwhile (the attached schema itself lasts as long as the connection).
        raw.deserialize(_blank(), name=SCHEMA)


@cache
def _blank() -> bytes:
    return Stage().image()
