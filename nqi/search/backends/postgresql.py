"""PostgreSQL full-text engine (SEARCH-NOTES §1 `pg_tsv`, the scale-out backend), same analyzer as SQLite.

Per index one table `search_doc_<slug>(id, tsv)`: a tsvector built app-side from the analyser's terms
(positions, weight A/B/C by the declared field weights, a position gap between fields so no phrase spans
two), plus the keyword tokens as lexemes prefixed "~" (no query term can start with "~"). GIN index with
a small pending list (`gin_pending_list_limit`): bulk writes stay fast, and the 4 MB default that doubled
p50 after 20k changes (SEARCH-NOTES §5) cannot build up.
Queries are tsquery literals (`'压缩' <-> '缩机'`), never re-parsed by to_tsquery().
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from nqi.search.analyzer import lexeme, to_tsquery, to_tsvector
from nqi.search.backends.base import Backend, EngineQuery, clause_plan, identifier_term, table_names
from nqi.search.backends.postgresql_counts import Counting
from nqi.search.documents import Document
from nqi.search.registry import SearchIndex

_WEIGHTS = ("A", "B", "C", "C", "C", "C", "C", "C", "C")
# New entries wait in a pending list merged into the index in bulk (10x faster writes than fastupdate=off);
# kept small, because every query scans it: the 4 MB default doubled p50 after 20k changes (SEARCH-NOTES §5).
PENDING_LIST_KB = 1024
_IDENTIFIERS = "\0identifiers"
_CODE_POSITION = 16000  # identifier prefixes are single terms: any position, after every field
# Newest-first pages walk back through at least WINDOW_MIN recent records, as long as the walk costs less
# than fetching and sorting every hit: one hit fetched ≈ WALK_PER_HIT records walked (measured at 1.6 M).
WINDOW_MIN, WALK_PER_HIT = 2_000, 8
# A facet sample reads all hits in one statement up to this many estimated hits of a plain word (`_strata_ids`).
SAMPLE_ONCE_MAX_HITS = 60_000
# A deep newest-first page of a plain word (no phrase, no prefix) whose walk back would pass this many records
# reads the hits of a primary-key range instead, sized RANGE_SLACK times the walk (`_newest`).
RANGE_MIN_WALK, RANGE_SLACK = 150_000, 1.3


def _rechecked(tsquery: str) -> bool:
    """Whether a tsquery's GIN matches are candidates to recheck on the heap, one by one: a phrase (the
    positions) or a prefix (the lexemes it expands to)."""
    return "<->" in tsquery or ":*" in tsquery


def document_vectors(
    letters: tuple[tuple[str, ...], str], docs: Iterable[Document]
) -> tuple[list[int], list[str]]:
    """(ids, tsvector literals) of `docs`; `letters` are the fields' and the identifiers' weights.
    Pure (no database): rebuilds compute it in worker processes (nqi.search.parallel)."""
    weights, code_weight = letters
    ids, vectors = [], []
    for d in docs:
        codes = " ".join(f"{lexeme(c)}:{_CODE_POSITION}{code_weight}" for c in d.identifiers)
        keywords = " ".join(lexeme("~" + k) for k in d.keywords)
        ids.append(d.id)
        vectors.append(
            " ".join(x for x in (to_tsvector(zip(d.texts, weights, strict=True)), codes, keywords) if x)
        )
    return ids, vectors


class PostgresBackend(Counting, Backend):
    vendor = "postgresql"

    # -- schema ---------------------------------------------------------------------------------------
    def _execute(self, *statements: str) -> None:
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    def _fetch(self, sql: str, params) -> list[tuple]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _ddl(self, index: SearchIndex, *, with_index: bool = True) -> list[str]:
        doc, _ = table_names(index)
        statements = [f"CREATE TABLE IF NOT EXISTS {doc} (id bigint PRIMARY KEY, tsv tsvector NOT NULL)"]
        if with_index:
            statements.append(self._gin(index))
        return statements

    @staticmethod
    def _gin(index: SearchIndex) -> str:
        doc, _ = table_names(index)
        return (
            f"CREATE INDEX IF NOT EXISTS {doc}_tsv ON {doc} USING gin (tsv) "
            f"WITH (fastupdate = on, gin_pending_list_limit = {PENDING_LIST_KB})"
        )

    def ensure(self, index: SearchIndex) -> bool:
        doc, _ = table_names(index)
        ((exists,),) = self._fetch("SELECT to_regclass(%s) IS NOT NULL", [doc])
        self._execute(*self._ddl(index))
        return not exists

    def drop(self, index: SearchIndex) -> None:
        doc, _ = table_names(index)
        self._execute(f"DROP TABLE IF EXISTS {doc}")

    def clear(self, index: SearchIndex) -> None:
        doc, _ = table_names(index)
        self._execute(f"TRUNCATE {doc}")

    # -- writes ---------------------------------------------------------------------------------------
    @staticmethod
    def _declared(index: SearchIndex) -> dict[str, float]:
        identifiers = max(index.identifiers.values(), default=None)
        return {**index.fields, **({_IDENTIFIERS: identifiers} if identifiers is not None else {})}

    @staticmethod
    def weights(index: SearchIndex) -> dict[str, str]:
        """Field → tsvector weight: the heaviest field A, the next B, the others C (keywords carry none);
        the identifier prefixes count as one field."""
        declared = PostgresBackend._declared(index)
        ordered = sorted(declared, key=lambda f: -declared[f])
        return {f: _WEIGHTS[i] for i, f in enumerate(ordered)}

    @staticmethod
    def rank_weights(index: SearchIndex) -> list[float]:
        """ts_rank's {D, C, B, A} weights from the declared field weights, scaled to at most 1."""
        declared, by_letter = PostgresBackend._declared(index), {}
        for field, letter in PostgresBackend.weights(index).items():
            by_letter[letter] = max(by_letter.get(letter, 0.0), float(declared[field]))
        top = max(by_letter.values()) or 1.0
        return [0.0] + [round(by_letter.get(x, 0.0) / top, 4) for x in ("C", "B", "A")]

    def analyser(self, index: SearchIndex):
        return partial(document_vectors, self._field_letters(index))

    def _field_letters(self, index: SearchIndex) -> tuple[tuple[str, ...], str]:
        """The tsvector weight letter of each declared field, and of the identifiers."""
        letters = self.weights(index)
        return tuple(letters[f] for f in index.fields), letters.get(_IDENTIFIERS, "D")

    def write_analysed(self, index: SearchIndex, rows: tuple[list[int], list[str]]) -> None:
        ids, vectors = rows
        if not ids:
            return
        doc, _ = table_names(index)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {doc} AS d (id, tsv) SELECT * FROM unnest(%s::bigint[], %s::text[]::tsvector[]) "
                "ON CONFLICT (id) DO UPDATE SET tsv = EXCLUDED.tsv WHERE d.tsv IS DISTINCT FROM EXCLUDED.tsv",
                [ids, vectors],
            )

    def delete(self, index: SearchIndex, ids: Iterable[int]) -> None:
        doc, _ = table_names(index)
        with self.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {doc} WHERE id = ANY(%s)", [list(ids)])

    def load(self, index: SearchIndex, batches: Iterator, progress=None) -> int:
        """Recreate the table, COPY every document in, then build the GIN index once."""
        doc, _ = table_names(index)
        self.drop(index)
        self._execute(*self._ddl(index, with_index=False))
        done = 0
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's cursor: COPY is several times faster than INSERTs
            for ids, vectors in batches:
                with raw.copy(f"COPY {doc} (id, tsv) FROM STDIN WITH (FREEZE)") as copy:
                    for row in zip(ids, vectors, strict=True):
                        copy.write_row(row)
                done += len(ids)
                if progress:
                    progress(done)
        self._execute(self._gin(index), f"ANALYZE {doc}")
        return done

    def appending(self, index: SearchIndex, *, whole: bool) -> None:
        """A large share comes: the GIN index goes, to be built once over everything in `appended`."""
        if whole:
            doc, _ = table_names(index)
            self._execute(f"DROP INDEX IF EXISTS {doc}_tsv")

    def append(self, index: SearchIndex, rows: tuple[list[int], list[str]]) -> None:
        """New ids only, so COPY (no conflict to resolve); the GIN index, if kept, takes them in its
        pending list."""
        doc, _ = table_names(index)
        with (
            self.connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {doc} (id, tsv) FROM STDIN") as copy,
        ):
            for row in zip(*rows, strict=True):
                copy.write_row(row)

    @staticmethod
    def omit(rows: tuple[list[int], list[str]], ids: set[int]) -> tuple[list[int], list[str]]:
        kept = [(pk, vector) for pk, vector in zip(*rows, strict=True) if pk not in ids]
        return [pk for pk, _ in kept], [vector for _, vector in kept]

    def appended(self, index: SearchIndex, *, since: int | None, whole: bool) -> None:
        if whole:  # even with nothing added: `appending` dropped the GIN index
            doc, _ = table_names(index)
            self._execute(self._gin(index), f"ANALYZE {doc}")

    def optimize(self, index: SearchIndex) -> None:
        """VACUUM cannot run in a transaction; with fastupdate off ANALYZE keeps the planner informed."""
        doc, _ = table_names(index)
        self._execute(f"ANALYZE {doc}")

    # -- reads ----------------------------------------------------------------------------------------
    @staticmethod
    def tsquery(index: SearchIndex, query: EngineQuery) -> str | None:
        parts = []
        for clause in query.plan.clauses if query.plan else ():
            words = to_tsquery(clause_plan(clause))
            code = identifier_term(index, clause)
            if code:
                words = f"{words} | {lexeme(*code)}"
            parts.append(f"({words})")
        for group in query.keyword_groups:
            parts.append("(" + " | ".join(lexeme("~" + t) for t in group) + ")")
        return " & ".join(parts) or None

    def _conditions(self, index, query: EngineQuery, *, exclude: bool) -> tuple[list[str], list, str | None]:
        """(conditions on `id` and `tsv`, their parameters, the tsquery) of the matching documents."""
        where, params = [], []
        tsquery = self.tsquery(index, query)
        if tsquery is not None:
            where.append("tsv @@ %s::tsquery")
            params.append(tsquery)
        if query.restrict:
            sql, restrict_params = query.restrict
            where.append(f"id IN ({sql})")
            params.extend(restrict_params)
        if exclude and query.exclude:
            where.append("NOT (id = ANY(%s))")
            params.append(list(query.exclude))
        return where, params, tsquery

    def _select(self, index, query: EngineQuery, *, exclude: bool, extra=(), columns="id"):
        doc, _ = table_names(index)
        where, params, tsquery = self._conditions(index, query, exclude=exclude)
        where.extend(extra)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        return f"SELECT {columns} FROM {doc}{clause}", params, tsquery

    def page(self, index, query, *, ranked, limit, offset=0, after=None, hits=None) -> list[int]:
        ranked = ranked and query.plan
        if not ranked and query.plan and hits:
            return self._newest(index, query, limit=limit, offset=offset, after=after, hits=hits)
        extra = ("id < %s",) if after is not None and not ranked else ()
        sql, params, tsquery = self._select(index, query, exclude=True, extra=extra)
        if extra:
            params.append(after)
        if ranked:
            sql += " ORDER BY ts_rank(%s::float4[], tsv, %s::tsquery) DESC, id DESC"
            params += [self.rank_weights(index), tsquery]
        else:
            sql += " ORDER BY id DESC"
        return [r[0] for r in self._fetch(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])]

    def _newest(self, index, query, *, limit: int, offset: int, after: int | None, hits: int) -> list[int]:
        """A newest-first page without the planner's gamble. GIN cannot return hits in id order, so
        PostgreSQL either walks the primary key backwards testing every record — quick when hits are
        dense among recent records, a scan of the table when they are old ("iso" at 1.6 M: 430 ms) — or
        fetches every hit and sorts — quick for thousands, 450 ms for 165,000 — and it guesses wrong
        for phrases, whose frequency it underestimates a hundredfold. Here the backward walk is bounded:
        a window of recent records sized from the hit density (`hits`) — for a plain word's long walk, the
        hits of the primary-key range it would cover (`_range_newest`) — then, for what that did not
        yield, the older hits fetched and sorted (`id + 0` keeps the primary key out of that plan)."""
        doc, _ = table_names(index)
        low, high = self._id_range(index)
        if high is None:
            return []
        top, need = (after if after is not None else high + 1), offset + limit
        walk = need * (high - low + 1) // max(hits, 1)  # records walked to meet `need` evenly spread hits
        window = max(WINDOW_MIN, 2 * walk)
        found: list[int] = []
        bounded = walk <= WALK_PER_HIT * hits  # else fetching and sorting every hit costs less
        if bounded and walk >= RANGE_MIN_WALK and self._plain(index, query):
            floor = top - int(RANGE_SLACK * walk)
            found = self._range_newest(index, query, floor, top, need)
            if len(found) >= need:
                return found[offset:need]
            top = floor
        elif bounded:
            where, params, _ = self._conditions(index, query, exclude=True)
            recent = f"SELECT id, tsv FROM {doc} WHERE id < %s ORDER BY id DESC LIMIT %s"
            found = [
                r[0]
                for r in self._fetch(
                    f"SELECT id FROM ({recent}) recent WHERE {' AND '.join(where) or 'TRUE'} "
                    "ORDER BY id DESC LIMIT %s",
                    [top, window, *params, need],
                )
            ]
            if len(found) >= need:
                return found[offset:need]
            ((floor,),) = self._fetch(
                f"SELECT min(id) FROM (SELECT id FROM {doc} WHERE id < %s ORDER BY id DESC LIMIT %s) w",
                [top, window],
            )
            top = floor if floor is not None else top
        sql, params, _ = self._select(index, query, exclude=True, extra=("id < %s",))
        older = self._fetch(
            f"{sql} ORDER BY id + 0 DESC LIMIT %s OFFSET %s",
            [*params, top, need - max(offset, len(found)), max(0, offset - len(found))],
        )
        return found[offset:] + [r[0] for r in older]

    def _plain(self, index, query: EngineQuery) -> bool:
        """Whether the query is words alone: no phrase or prefix, no visibility restriction (a join)."""
        return not query.restrict and not _rechecked(self.tsquery(index, query) or "")

    def _range_newest(self, index, query, floor: int, top: int, need: int) -> list[int]:
        """The newest `need` hits with floor <= id < top, for a plain word's long walk: PostgreSQL ANDs the
        word's GIN bitmap with the primary key's bitmap of the range and fetches only the hits in it
        ("方法" page 500 at 1.6 M: 117 ms walking back, 57 ms so; a phrase would be rechecked hit by hit
        and is slower so: 36 → 85 ms)."""
        sql, params, _ = self._select(index, query, exclude=True, extra=("id >= %s", "id < %s"))
        rows = self._fetch(f"{sql} ORDER BY id + 0 DESC LIMIT %s", [*params, floor, top, need])
        return [r[0] for r in rows]

    def ids_sql(self, index, query, cap=None) -> tuple[str, tuple]:
        sql, params, _ = self._select(index, query, exclude=False)
        if cap is not None:
            sql += " LIMIT %s"
            params.append(cap)
        return sql, tuple(params)

    def _id_range(self, index: SearchIndex) -> tuple[int | None, int | None]:
        doc, _ = table_names(index)
        ((low, high),) = self._fetch(f"SELECT min(id), max(id) FROM {doc}", [])
        return low, high

    def _range_ids(self, index, query, start, end, limit) -> list[int]:
        sql, params, _ = self._select(index, query, exclude=False, extra=("id >= %s", "id < %s"))
        return [r[0] for r in self._fetch(f"{sql} ORDER BY id LIMIT %s", [*params, start, end, limit])]

    def _strata_ids(self, index, query, low, high, width, per) -> dict[int, list[int]]:
        """The strata read the cheaper of two ways (measured at 1.6 M records).

        A query per range lets PostgreSQL walk the primary key through each range, which is quick for a
        plain word with very many hits ("gb", 138k hits: 51 ms). For a phrase or a prefix every
        candidate is rechecked and each range repeats the GIN lookup ("压缩机" 437 ms, "safety" 232 ms),
        and for a word of moderate frequency each range is a bitmap scan of its own ("灯" 69 ms). Those
        read the hits once in one statement, numbered within their range ("压缩机" 65, "safety" 16,
        "灯" 13 ms). A restriction joined to the hits (the as-of view) favours the walk again.
        """
        once = _rechecked(self.tsquery(index, query) or "")
        if not once and not query.restrict:
            once = self._estimate(index, query)[0] <= SAMPLE_ONCE_MAX_HITS
        if not once:
            return super()._strata_ids(index, query, low, high, width, per)
        sql, params, _ = self._select(index, query, exclude=False)
        rows = self._fetch(
            f"SELECT id, stratum FROM (SELECT id, (id - %s) / %s AS stratum, row_number() OVER "
            f"(PARTITION BY (id - %s) / %s ORDER BY id) AS n FROM ({sql}) hits) numbered "
            "WHERE n <= %s ORDER BY id",
            [low, width, low, width, *params, per],
        )
        found: dict[int, list[int]] = {}
        for pk, stratum in rows:
            found.setdefault(stratum, []).append(pk)
        return found

    def matching(self, index, query, ids) -> set[int]:
        ids = list(ids)
        if not ids:
            return set()
        sql, params, _ = self._select(index, query, exclude=False, extra=("id = ANY(%s)",))
        return {r[0] for r in self._fetch(sql, [*params, ids])}

    def size(self, index: SearchIndex) -> int:
        doc, _ = table_names(index)
        return self._fetch(f"SELECT count(*) FROM {doc}", [])[0][0]
