"""PostgreSQL's hit counts and estimates (ADR 0005): exact up to the cap, the table statistics above it,
and no count at all where it could only confirm an estimate far above the cap."""

from __future__ import annotations

import json
import time

from nqi.search.analyzer import lexeme, match_tokens
from nqi.search.backends.base import Count, EngineQuery, clause_plan, identifier_term, rounded, table_names
from nqi.search.registry import SearchIndex

# A count is skipped when the statistics and the newest records both put the hits at SKIP_COUNT_FACTOR times
# the cap or more; the newest records read for that (SAMPLE_MIN at least) are enough to expect SAMPLE_HITS
# hits at that density.
SKIP_COUNT_FACTOR, SAMPLE_HITS, SAMPLE_MIN = 2, 40, 2_000
SIZE_HINT_SECONDS = 60
_SIZE_HINTS: dict[tuple[str, str], tuple[float, int]] = {}  # (alias, table) → (until, records): `_size_hint`


class Counting:
    """The counting half of `PostgresBackend`, which provides `_fetch`, `_select`, `_conditions` and
    `tsquery`."""

    def count(self, index: SearchIndex, query: EngineQuery, cap: int) -> Count:
        """Counts at most cap+1 hits; above that, the planner's statistics give the estimate.

        The LIMIT does not make a count of a frequent word cheap: PostgreSQL builds the word's whole GIN
        bitmap first and visits the heap for every hit counted (a phrase's hits are rechecked there), 20–
        110 ms at 1.6 M records ("gb", "技术条件", "Q/J"). When the statistics put the hits at
        SKIP_COUNT_FACTOR times the cap or more and the newest records hold them at least that densely
        (`_dense_among_recent`), the count would only confirm an estimate: it is left out."""
        threshold, estimate = SKIP_COUNT_FACTOR * cap, None
        if self._size_hint(index) >= threshold:
            estimate, total = self._estimate(index, query)
            if estimate >= threshold and self._dense_among_recent(index, query, threshold, total):
                return Count(rounded(estimate), False)
        inner, params, _ = self._select(index, query, exclude=False, columns="1")
        ((seen,),) = self._fetch(f"SELECT count(*) FROM ({inner} LIMIT %s) hits", [*params, cap + 1])
        if seen <= cap:
            return Count(seen, True)
        if estimate is None:
            estimate = self._estimate(index, query)[0]
        return Count(max(seen, rounded(estimate)), False)

    def _size_hint(self, index: SearchIndex) -> int:
        """The planner's record count of the index, remembered by this process for SIZE_HINT_SECONDS: an
        index too small to hold a count worth skipping is counted straight away, without the statistics'
        round trips. Only that choice rests on it, never a figure shown."""
        doc, _ = table_names(index)
        key, now = (self.connection.alias, doc), time.monotonic()
        remembered = _SIZE_HINTS.get(key)
        if remembered is None or remembered[0] < now:
            remembered = (now + SIZE_HINT_SECONDS, int(self._planned_records(doc)))
            _SIZE_HINTS[key] = remembered
        return remembered[1]

    def _dense_among_recent(self, index, query, hits: int, total: int) -> bool:
        """Whether the newest records match at least as densely as `hits` of `total` would: a second,
        independent witness beside the statistics (which lag a fresh import, and only bound a phrase from
        above). Enough records are read to expect SAMPLE_HITS hits at that density (1–2 ms)."""
        doc, _ = table_names(index)
        size = min(max(total, 1), max(SAMPLE_MIN, SAMPLE_HITS * total // max(hits, 1)))
        where, params, _ = self._conditions(index, query, exclude=False)
        recent = f"SELECT id, tsv FROM {doc} ORDER BY id DESC LIMIT %s"
        ((found, read),) = self._fetch(
            f"SELECT count(*) FILTER (WHERE {' AND '.join(where) or 'TRUE'}), count(*) FROM ({recent}) recent",
            [*params, size],
        )
        return read > 0 and found * total >= hits * read

    def _planned(self, sql: str, params) -> float:
        ((plan,),) = self._fetch(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return float(plan[0]["Plan"]["Plan Rows"])

    def _planned_records(self, doc: str) -> float:
        return self._planned(f"SELECT 1 FROM {doc}", [])

    def _estimate(self, index: SearchIndex, query: EngineQuery) -> tuple[int, int]:
        """(hits, records) from the table statistics, clause by clause: a phrase of overlapping bigrams is
        about as frequent as its rarest bigram (the planner would multiply their frequencies as if
        independent); separate clauses, keyword groups and a visibility restriction are taken as
        independent."""
        doc, _ = table_names(index)
        where = f"SELECT 1 FROM {doc} WHERE tsv @@ %s::tsquery"
        total = max(1.0, self._planned_records(doc))
        fraction = 1.0
        for clause in query.plan.clauses if query.plan else ():
            if identifier_term(index, clause) or len(match_tokens(clause)) == 1:
                rows = self._planned(where, [self.tsquery(index, EngineQuery(plan=clause_plan(clause)))])
            else:
                last = len(clause.tokens) - 1
                picks = sorted({0, last, last // 3, 2 * last // 3})  # rarest of a few bigrams: an upper bound
                rows = min(
                    self._planned(where, [lexeme(clause.tokens[i], clause.prefix and i == last)])
                    for i in picks
                )
            fraction *= min(1.0, rows / total)
        for group in query.keyword_groups:
            fraction *= min(1.0, self._planned(where, [" | ".join(lexeme("~" + t) for t in group)]) / total)
        if query.restrict:
            sql, params = query.restrict
            fraction *= min(
                1.0, self._planned(f"SELECT 1 FROM {doc} WHERE id IN ({sql})", list(params)) / total
            )
        return int(total * fraction), int(total)
