"""The one interface both engines implement; `nqi.search.backends.backend()` picks one by database vendor.

Each index has its own tables (`search_doc_<slug>` and, on SQLite, the FTS5 table `search_fts_<slug>`),
keyed by the record's primary key, so a 1.6-million-row catalogue never slows down the enterprise search
and broad queries can be ordered by the primary key straight from the index.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from nqi.search.analyzer import WORD_CLAUSE, Clause, QueryPlan
from nqi.search.documents import IDENTIFIER_GRAMS, Document
from nqi.search.registry import SearchIndex

_IDENT_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_CODE_RE = re.compile(r"[0-9a-z]{1,32}\Z")


@dataclass(frozen=True)
class EngineQuery:
    """What to match, independent of the engine.

    - `plan`: the analysed query (None or empty: no text condition);
    - `keyword_groups`: AND of OR-groups of keyword tokens (filters, actor scope);
    - `restrict`: (sql, params) selecting the ids allowed (a visibility or ORM filter needing a join);
    - `exclude`: ids left out of pages (pinned exact matches shown separately).
    With neither text nor keywords every document matches ("browse").
    """

    plan: object = None
    keyword_groups: tuple[tuple[str, ...], ...] = ()
    restrict: tuple[str, tuple] | None = None
    exclude: tuple[int, ...] = field(default=())

    @property
    def has_text(self) -> bool:
        return bool(self.plan)

    @property
    def matches_all(self) -> bool:
        return not self.plan and not self.keyword_groups


@dataclass(frozen=True)
class Count:
    """A hit count: exact up to the index's `count_limit`, an honest extrapolation above it."""

    value: int
    exact: bool


def clause_plan(clause: Clause) -> QueryPlan:
    """A plan of one clause, to render clauses one at a time with the analyzer's renderers."""
    return QueryPlan(clauses=(clause,), numbers=(), truncated=False)


def identifier_term(index: SearchIndex, clause: Clause) -> tuple[str, bool] | None:
    """(term, is_prefix) that a one-word clause also matches among identifiers, if the index has any:
    "9133" → ("_9133", False), one stored prefix; "91330402ma2b" → ("_91330402ma2b", True), a prefix of
    the few whole codes sharing it (`documents.identifier_terms`)."""
    if not index.identifiers or clause.kind != WORD_CLAUSE or len(clause.tokens) != 1:
        return None
    token = clause.tokens[0]
    if not _CODE_RE.match(token):
        return None
    return f"_{token}", len(token) > IDENTIFIER_GRAMS


def table_names(index: SearchIndex) -> tuple[str, str]:
    doc, fts = f"search_doc_{index.slug}", f"search_fts_{index.slug}"
    if not (_IDENT_RE.match(doc) and _IDENT_RE.match(fts)):
        raise ValueError(f"index key {index.key!r} is not a valid table name fragment")
    return doc, fts


def rounded(value: float) -> int:
    """An estimate must not look more precise than it is: two significant digits (118,734 → 120,000)."""
    digits = max(0, int(math.log10(max(value, 1))) - 1)
    return int(round(value, -digits))


def estimate(seen: int, covered: float) -> int:
    """Extrapolate `seen` hits found in the first `covered` fraction (0–1] of the index, rounded; never
    below `seen`."""
    if covered <= 0:
        return seen
    return max(seen, rounded(seen / min(covered, 1.0)))


class Backend:
    """Interface of a search engine over per-index tables. All SQL runs on Django's connection, inside
    the caller's transaction: an index write commits or rolls back with the record it describes."""

    vendor = ""

    def __init__(self, connection):
        self.connection = connection

    # -- schema ---------------------------------------------------------------------------------------
    def ensure(self, index: SearchIndex) -> bool:
        """Create the index's tables if missing or of another shape; True when (re)created empty."""
        raise NotImplementedError

    def drop(self, index: SearchIndex) -> None:
        raise NotImplementedError

    def clear(self, index: SearchIndex) -> None:
        """Remove every document (e.g. after the records were flushed)."""
        raise NotImplementedError

    # -- writes ---------------------------------------------------------------------------------------
    def analyser(self, index: SearchIndex) -> Callable[[list[Document]], Any]:
        """The pure, picklable function turning documents into this engine's rows (no database: bulk
        writes run it in worker processes, nqi.search.parallel)."""
        raise NotImplementedError

    def write_analysed(self, index: SearchIndex, rows) -> None:
        """Insert or replace documents already turned into rows by `analyser(index)`."""
        raise NotImplementedError

    def write(self, index: SearchIndex, docs: list[Document]) -> None:
        """Insert or replace documents (unchanged ones are left alone)."""
        self.write_analysed(index, self.analyser(index)(docs))

    def appending(self, index: SearchIndex, *, whole: bool) -> None:
        """Before `append`s. `whole`: the new documents will be a large share of the index, so its
        structures are better rebuilt once in `appended` than added to document by document."""

    def staged_table(self, index: SearchIndex) -> tuple[str, tuple[str, ...]] | None:
        """(table, columns) when the rows `analyser` makes are the rows of one table, which worker
        processes may stage in an SQLite image (nqi.core.staging) for `append_staged`; None when the
        rows travel as values to `append`."""
        return None

    def append_staged(self, index: SearchIndex, staged) -> None:
        """`append` of the rows staged in an attached image (`staged_table`)."""
        raise NotImplementedError

    def append(self, index: SearchIndex, rows) -> None:
        """Add the rows (made by `analyser(index)`) of records created in this transaction, in id order
        and above every id indexed so far; they may be searchable only after `appended`."""
        self.write_analysed(index, rows)

    @staticmethod
    def omit(rows, ids: set[int]):
        """Rows made by `analyser` less the documents of `ids` (rows are tuples, the id first)."""
        return [row for row in rows if row[0] not in ids]

    def appended(self, index: SearchIndex, *, since: int | None, whole: bool) -> None:
        """Make the documents added by `append` (ids from `since` on; None: there were none) searchable."""
        if whole and since is not None:
            self.optimize(index)

    def delete(self, index: SearchIndex, ids: Iterable[int]) -> None:
        raise NotImplementedError

    def load(self, index: SearchIndex, batches: Iterator, progress=None) -> int:
        """Rebuild the whole index from `batches` of rows made by `analyser(index)` (the fast path: no
        per-row index maintenance)."""
        raise NotImplementedError

    def optimize(self, index: SearchIndex) -> None:
        raise NotImplementedError

    # -- reads ----------------------------------------------------------------------------------------
    def count(self, index: SearchIndex, query: EngineQuery, cap: int) -> Count:
        raise NotImplementedError

    def page(
        self,
        index: SearchIndex,
        query: EngineQuery,
        *,
        ranked: bool,
        limit: int,
        offset: int = 0,
        after: int | None = None,
        hits: int | None = None,
    ) -> list[int]:
        """Ids of one page: by relevance (`ranked`) or by primary key, newest first (keyset: `after`).
        `hits`, the count (or estimate) when the caller has it, lets an engine choose how to read."""
        raise NotImplementedError

    def ids_sql(self, index: SearchIndex, query: EngineQuery, cap: int | None = None) -> tuple[str, tuple]:
        """(sql, params) of a subquery selecting matching ids (at most `cap`), for joins in the ORM."""
        raise NotImplementedError

    def matching(self, index: SearchIndex, query: EngineQuery, ids: Iterable[int]) -> set[int]:
        """Which of `ids` match `query`."""
        raise NotImplementedError

    def sample(
        self, index: SearchIndex, query: EngineQuery, *, size: int, strata: int = 8
    ) -> list[tuple[list[int], float]]:
        """About `size` matching ids for estimating over a broad query, as (ids, weight) per stratum.

        The id range is cut into `strata` equal ranges and the first hits of each are read (index
        seeks, never a scan of every hit), so old and new records are both represented: the first
        `size` hits alone would be the oldest imports only. A range's weight is its estimated hits per
        sampled hit (1.0 when it was read to its end).
        """
        low, high = self._id_range(index)
        if low is None:
            return []
        width = max(1, -(-(high - low + 1) // strata))
        per = max(1, size // strata)
        out = []
        for stratum, ids in sorted(self._strata_ids(index, query, low, high, width, per).items()):
            start = low + stratum * width
            end = min(start + width, high + 1)
            weight = (end - start) / (ids[-1] - start + 1) if len(ids) == per else 1.0
            out.append((ids, max(1.0, weight)))
        return out

    def _strata_ids(self, index, query, low: int, high: int, width: int, per: int) -> dict[int, list[int]]:
        """{stratum: its first `per` matching ids, ascending} for the ranges of `width` ids from `low`;
        strata without hits are left out. One query per range (index seeks)."""
        found = {}
        for stratum, start in enumerate(range(low, high + 1, width)):
            if ids := self._range_ids(index, query, start, min(start + width, high + 1), per):
                found[stratum] = ids
        return found

    def _id_range(self, index: SearchIndex) -> tuple[int | None, int | None]:
        raise NotImplementedError

    def _range_ids(
        self, index: SearchIndex, query: EngineQuery, start: int, end: int, limit: int
    ) -> list[int]:
        """The first `limit` matching ids in [start, end), ascending."""
        raise NotImplementedError

    def size(self, index: SearchIndex) -> int:
        """Number of documents."""
        raise NotImplementedError
