"""SQLite FTS5 engine (SEARCH-NOTES §6 `fts5_smart_y`, the embedded default).

Per index:
- `search_doc_<slug>(id, c0…cn, kw)`: the analyser's terms of each declared field, space-separated, and
  the keyword tokens. It exists because SQLite 3.40 has no `contentless_delete`: removing a document
  from FTS5 needs its old terms, and this table keeps them.
- `search_fts_<slug>`: FTS5 over that table (external content), `unicode61` re-splitting the pre-cut
  terms, prefix indexes (`SearchIndex.prefix_lengths`, at least 1) so one-character and typed-prefix
  queries are index lookups, `bm25` weights from the declaration (keywords 0). Every write updates both
  tables in the caller's transaction.

Queries restrict the user's words to the text columns (`{c0 c1} : (…)`) and keywords to `kw`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nqi.search.analyzer import QueryPlan, field_terms, scoring_clauses, to_fts5_match
from nqi.search.backends.base import (
    Backend,
    Count,
    EngineQuery,
    clause_plan,
    estimate,
    identifier_term,
    table_names,
)
from nqi.search.documents import Document
from nqi.search.registry import SearchIndex

TOKENIZE = "unicode61 tokenchars '_'"
_CHUNK = 2000  # ids per IN (…) list; SQLite ≥ 3.32 allows 32,766 parameters
CRISIS_MERGE = 64  # segments on one level that FTS5 merges even while a large share is appended


def _terms(text: str) -> str:
    return " ".join(field_terms(text)) if text else ""


def document_rows(docs: Iterable[Document]) -> list[tuple]:
    """The document-table rows of `docs`: id, the terms of each field, identifier prefixes, keywords.
    Pure (no database): rebuilds compute it in worker processes (nqi.search.parallel)."""
    return [
        (d.id, *(_terms(t) for t in d.texts), " ".join(d.identifiers), " ".join(d.keywords)) for d in docs
    ]


class SqliteBackend(Backend):
    vendor = "sqlite"

    # -- schema ---------------------------------------------------------------------------------------
    @staticmethod
    def _columns(index: SearchIndex) -> list[str]:
        """c0…cn the analysed fields, idn the identifier prefixes, kw the keywords."""
        return [f"c{i}" for i in range(len(index.fields))] + ["idn", "kw"]

    def _doc_ddl(self, index: SearchIndex) -> str:
        doc, _ = table_names(index)
        cols = ", ".join(f"{c} TEXT NOT NULL DEFAULT ''" for c in self._columns(index))
        return f"CREATE TABLE {doc} (id INTEGER PRIMARY KEY, {cols})"

    def _fts_ddl(self, index: SearchIndex) -> list[str]:
        doc, fts = table_names(index)
        cols = ", ".join(self._columns(index))
        return [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{doc}', content_rowid='id', "
            f"tokenize=\"{TOKENIZE}\", prefix='{' '.join(map(str, index.prefix_lengths))}')",
            f"INSERT INTO {fts}({fts}, rank) VALUES('rank', '{self._rank(index)}')",
        ]

    @staticmethod
    def _rank(index: SearchIndex) -> str:
        weights = [*index.fields.values(), max(index.identifiers.values(), default=0.0), 0.0]
        return "bm25(" + ", ".join(f"{float(w)!r}" for w in weights) + ")"

    def _execute(self, *statements: str) -> None:
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def _shape_ok(self, index: SearchIndex) -> bool:
        doc, fts = table_names(index)
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE name IN (%s, %s)", [doc, fts])
            found = dict(cursor.fetchall())
            if found.get(doc) != self._doc_ddl(index) or found.get(fts) != self._fts_ddl(index)[0]:
                return False
            cursor.execute(f"SELECT v FROM {fts}_config WHERE k = 'rank'")
            row = cursor.fetchone()
        return bool(row) and row[0] == self._rank(index)

    def ensure(self, index: SearchIndex) -> bool:
        if self._shape_ok(index):
            return False
        self.drop(index)
        self._execute(self._doc_ddl(index), *self._fts_ddl(index))
        return True

    def drop(self, index: SearchIndex) -> None:
        doc, fts = table_names(index)
        self._execute(f"DROP TABLE IF EXISTS {fts}", f"DROP TABLE IF EXISTS {doc}")

    def clear(self, index: SearchIndex) -> None:
        doc, fts = table_names(index)
        self._execute(f"DELETE FROM {doc}", f"INSERT INTO {fts}({fts}) VALUES('delete-all')")

    # -- writes ---------------------------------------------------------------------------------------
    def _old(self, index: SearchIndex, ids: list) -> dict[int, tuple]:
        """The stored rows of `ids`: FTS5 can only forget a document given the terms it was given."""
        doc, _ = table_names(index)
        cols = ", ".join(self._columns(index))
        found = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            for row in self._fetch(f"SELECT id, {cols} FROM {doc} WHERE id IN ({marks})", chunk):
                found[row[0]] = tuple(row)
        return found

    def _forget(self, index: SearchIndex, cursor, rows: list[tuple]) -> None:
        if not rows:
            return
        _, fts = table_names(index)
        cols = ", ".join(self._columns(index))
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES('delete', {marks})", rows)

    def analyser(self, index: SearchIndex):
        return document_rows

    def write_analysed(self, index: SearchIndex, rows: list[tuple]) -> None:
        """Upsert in ascending id order (FTS5 flushes its pending terms whenever a write goes back to a
        lower rowid). Written directly, not by triggers: a trigger body writing to FTS5 runs in a
        statement savepoint, which makes FTS5 flush a segment per row (7x slower, measured)."""
        rows = sorted(rows)
        if not rows:
            return
        old = self._old(index, [r[0] for r in rows])
        changed = [r for r in rows if old.get(r[0]) != r]
        if not changed:
            return
        doc, fts = table_names(index)
        cols = self._columns(index)
        names, marks = ", ".join(cols), ", ".join(["%s"] * (len(cols) + 1))
        sets = ", ".join(f"{c} = excluded.{c}" for c in cols)
        with self.connection.cursor() as cursor:
            self._forget(index, cursor, [old[r[0]] for r in changed if r[0] in old])
            cursor.executemany(
                f"INSERT INTO {doc} (id, {names}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {sets}",
                changed,
            )
            cursor.executemany(f"INSERT INTO {fts}(rowid, {names}) VALUES ({marks})", changed)

    def delete(self, index: SearchIndex, ids: Iterable[int]) -> None:
        old = self._old(index, sorted(set(ids)))
        if not old:
            return
        doc, _ = table_names(index)
        gone = sorted(old)
        with self.connection.cursor() as cursor:
            self._forget(index, cursor, [old[pk] for pk in gone])
            for start in range(0, len(gone), _CHUNK):
                chunk = gone[start : start + _CHUNK]
                cursor.execute(f"DELETE FROM {doc} WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)

    def appending(self, index: SearchIndex, *, whole: bool) -> None:
        """A large share comes: FTS5 stops merging segments as they are written (`appended` merges
        them all once, into one). Only when CRISIS_MERGE segments pile up on one level are they merged
        meanwhile (FTS5's default, 16, merged each document twice more over 1.6 M: 14.1 against 16.5 µs
        a document, and the final merge 2.6 against 2.3, measured in one run). Levels stay bounded, so
        the segment count stays far below FTS5's limit of 2,000."""
        if whole:
            _, fts = table_names(index)
            self._execute(
                f"INSERT INTO {fts}({fts}, rank) VALUES('automerge', 0)",
                f"INSERT INTO {fts}({fts}, rank) VALUES('crisismerge', {CRISIS_MERGE})",
            )

    def _insert_documents(self, index: SearchIndex, rows: list[tuple]) -> None:
        doc, _ = table_names(index)
        cols = self._columns(index)
        sql = f"INSERT INTO {doc} (id, {', '.join(cols)}) VALUES ({', '.join(['%s'] * (len(cols) + 1))})"
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def append(self, index: SearchIndex, rows: list[tuple]) -> None:
        """New documents (ids above every indexed one, in order): the document table takes the rows and
        FTS5 reads them back from it (one statement in C, no terms bound twice)."""
        if not rows:
            return
        self._insert_documents(index, rows)
        doc, fts = table_names(index)
        names = ", ".join(self._columns(index))
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {fts}(rowid, {names}) SELECT id, {names} FROM {doc} WHERE id >= %s ORDER BY id",
                [rows[0][0]],
            )

    def staged_table(self, index: SearchIndex) -> tuple[str, tuple[str, ...]]:
        """The document table: `document_rows` are its rows."""
        doc, _ = table_names(index)
        return doc, ("id", *self._columns(index))

    def append_staged(self, index: SearchIndex, staged) -> None:
        """`append` of documents an import's worker staged with its chunk (nqi.core.staging): the
        document table and FTS5 read them from the attached image, none of their terms read back
        into Python nor bound to a statement here (3 µs a document, measured)."""
        doc, fts = table_names(index)
        if not staged.table_columns(doc):
            return
        names, source = ", ".join(self._columns(index)), staged.table(doc)
        db = staged.connection
        db.execute(f"INSERT INTO main.{doc} (id, {names}) SELECT id, {names} FROM {source}")
        db.execute(f"INSERT INTO main.{fts}(rowid, {names}) SELECT id, {names} FROM {source} ORDER BY id")

    def _fts_rebuild(self, index: SearchIndex) -> None:
        """FTS5 reads the whole document table in one pass. No incremental merging meanwhile, then one
        merge into a single segment: faster than the default (45k vs 38k documents/s, measured), and
        the index ends optimized."""
        _, fts = table_names(index)
        self._execute(
            f"INSERT INTO {fts}({fts}, rank) VALUES('automerge', 0)",
            f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
            f"INSERT INTO {fts}({fts}) VALUES('optimize')",
            f"INSERT INTO {fts}({fts}, rank) VALUES('automerge', 4)",
        )

    def load(self, index: SearchIndex, batches: Iterator, progress=None) -> int:
        """Drop, fill the document table without FTS maintenance, then let FTS5 'rebuild' in one pass."""
        self.drop(index)
        self._execute(self._doc_ddl(index))
        done = 0
        for rows in batches:
            self._insert_documents(index, rows)
            done += len(rows)
            if progress:
                progress(done)
        self._execute(*self._fts_ddl(index))
        self._fts_rebuild(index)
        return done

    def appended(self, index: SearchIndex, *, since: int | None, whole: bool) -> None:
        """After a large share: every segment written meanwhile merged into one, merging back on
        (faster overall than FTS5 merging as it goes, or a 'rebuild' after: 2.8 + 14.4 µs a document
        against 16.9 µs done alone at the end while the workers wait, measured at 400k)."""
        if whole:
            _, fts = table_names(index)
            self._execute(
                f"INSERT INTO {fts}({fts}) VALUES('optimize')",
                f"INSERT INTO {fts}({fts}, rank) VALUES('automerge', 4)",
                f"INSERT INTO {fts}({fts}, rank) VALUES('crisismerge', 16)",
            )

    def optimize(self, index: SearchIndex) -> None:
        _, fts = table_names(index)
        self._execute(f"INSERT INTO {fts}({fts}) VALUES('optimize')")

    # -- reads ----------------------------------------------------------------------------------------
    def _match(self, index: SearchIndex, query: EngineQuery) -> str:
        parts = []
        text_columns = "{" + " ".join(self._columns(index)[:-2]) + "}"
        for clause in query.plan.clauses if query.plan else ():
            words = f"{text_columns} : ({to_fts5_match(clause_plan(clause))})"
            code = identifier_term(index, clause)
            if code:
                words = f'({words} OR idn : "{code[0]}"{"*" if code[1] else ""})'
            parts.append(words)
        for group in query.keyword_groups:
            parts.append("kw : (" + " OR ".join(f'"{token}"' for token in group) + ")")
        return " AND ".join(parts)

    def _select(
        self, index: SearchIndex, query: EngineQuery, *, exclude: bool, extra: tuple[str, ...] = ()
    ) -> tuple[str, str, list]:
        """(column, 'SELECT col FROM … WHERE …', params) for the matching documents."""
        doc, fts = table_names(index)
        if query.matches_all:
            column, where, params = "id", [], []
            source = doc
        else:
            column, where, params = "rowid", [f"{fts} MATCH %s"], [self._match(index, query)]
            source = fts
        if query.restrict:
            # Correlated, so SQLite flattens it into one primary-key lookup per candidate hit: cost
            # bounded by the hits read (count cap, page), whatever the size of the allowed set. As
            # `rowid IN (…)` FTS5 was probed once per allowed id (88 s for an as-of search over 300k
            # records); as `+rowid IN (…)` the whole allowed set was read per statement (1.2 s).
            sql, restrict_params = query.restrict
            pk = self.connection.ops.quote_name(index.model._meta.pk.column)
            where.append(f"EXISTS (SELECT 1 FROM ({sql}) AS allowed WHERE allowed.{pk} = {source}.{column})")
            params.extend(restrict_params)
        if exclude and query.exclude:
            where.append(f"{column} NOT IN ({', '.join(['%s'] * len(query.exclude))})")
            params.extend(query.exclude)
        where.extend(e.format(col=column) for e in extra)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return column, f"SELECT {column} FROM {source}{clause}", params

    def _fetch(self, sql: str, params) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, index: SearchIndex, query: EngineQuery, cap: int) -> Count:
        column, inner, params = self._select(index, query, exclude=False)
        ((seen, last),) = self._fetch(
            f"SELECT count(*), max({column}) FROM ({inner} ORDER BY {column} LIMIT %s)", [*params, cap + 1]
        )
        if seen <= cap:
            return Count(seen, True)
        low, high = self._id_range(index)
        return Count(estimate(seen, (last - low + 1) / max(1, high - low + 1)), False)

    def _id_range(self, index: SearchIndex) -> tuple[int | None, int | None]:
        doc, _ = table_names(index)
        ((low, high),) = self._fetch(f"SELECT (SELECT min(id) FROM {doc}), (SELECT max(id) FROM {doc})", [])
        return low, high

    def _range_ids(self, index, query, start, end, limit) -> list[int]:
        column, sql, params = self._select(index, query, exclude=False, extra=("{col} >= %s", "{col} < %s"))
        return [r[0] for r in self._fetch(f"{sql} ORDER BY {column} LIMIT %s", [*params, start, end, limit])]

    def page(self, index, query, *, ranked, limit, offset=0, after=None, hits=None) -> list[int]:
        ranked = ranked and not query.matches_all
        extra = ("{col} < %s",) if after is not None and not ranked else ()
        column, sql, params = self._select(index, query, exclude=True, extra=extra)
        if extra:
            params.append(after)
        scoring = scoring_clauses(query.plan) if ranked and query.plan else ()
        if scoring and (len(scoring) < len(query.plan.clauses) or query.keyword_groups):
            sql, params = self._scored(index, scoring, sql, params)
            order = ""
        else:
            order = " ORDER BY rank" if ranked else f" ORDER BY {column} DESC"
        rows = self._fetch(f"{sql}{order} LIMIT %s OFFSET %s", [*params, limit, offset])
        return [r[0] for r in rows]

    def _scored(self, index, scoring, hits_sql: str, params: list) -> tuple[str, list]:
        """The hits of `hits_sql` ordered by bm25 over the `scoring` clauses only: codes and filters
        select, they do not describe. bm25() is computed for the hits alone and weighs only the scoring
        phrases (ORDER BY rank would weigh every phrase, reading the whole doclist of a filter or a
        code such as "GB/T")."""
        _, fts = table_names(index)
        plan = QueryPlan(clauses=scoring, numbers=(), truncated=False)
        weights = self._rank(index).removeprefix("bm25(")
        sql = (
            f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s AND +rowid IN ({hits_sql}) "
            f"ORDER BY bm25({fts}, {weights}"
        )
        return sql, [self._match(index, EngineQuery(plan=plan)), *params]

    def ids_sql(self, index, query, cap=None) -> tuple[str, tuple]:
        column, sql, params = self._select(index, query, exclude=False)
        if cap is not None:
            sql = f"{sql} ORDER BY {column} LIMIT %s"
            params.append(cap)
        return sql, tuple(params)

    def matching(self, index, query, ids) -> set[int]:
        ids = list(ids)
        if not ids:
            return set()
        marks = ", ".join(["%s"] * len(ids))
        column, sql, params = self._select(index, query, exclude=False, extra=(f"{{col}} IN ({marks})",))
        return {r[0] for r in self._fetch(sql, [*params, *ids])}

    def size(self, index: SearchIndex) -> int:
        doc, _ = table_names(index)
        return self._fetch(f"SELECT count(*) FROM {doc}", [])[0][0]
