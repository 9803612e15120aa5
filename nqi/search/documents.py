"""Search documents: what one record contributes to its index, read in batches straight from the database.

Only the declared paths are read (`QuerySet.values`, no model instances), so building documents for
hundreds of thousands of records costs little more than analysing their text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP

from nqi.search import registry
from nqi.search.registry import SearchIndex, keyword_token
from nqi.search.standard_numbers import compact

BATCH = 2000
MEMO_PAIRS = 100_000  # keyword (name, value) pairs a builder remembers, at most
MAX_IDENTIFIER = 32
IDENTIFIER_GRAMS = 10


@dataclass(frozen=True)
class Document:
    """One record as the engines see it: raw text per declared field, and its keyword tokens."""

    id: int
    texts: tuple[str, ...]
    keywords: tuple[str, ...]
    identifiers: tuple[str, ...] = ()  # "_" + every prefix of every identifier


def identifier_terms(value) -> list[str]:
    """ "91330402MA2B12345X" → "_9", "_91", … "_91330402ma" (prefixes up to IDENTIFIER_GRAMS characters)
    and the whole code "_91330402ma2b12345x". Longer typed prefixes are prefix queries on the whole codes,
    of which few share ten characters (`nqi.search.backends.base.identifier_term`)."""
    text = str(value)
    code = (text.lower() if text.isalnum() and text.isascii() else compact(text))[:MAX_IDENTIFIER]
    grams = [f"_{code[:n]}" for n in range(1, min(len(code), IDENTIFIER_GRAMS) + 1)]
    return grams + [f"_{code}"] if len(code) > IDENTIFIER_GRAMS else grams


def ids_q(field: str, ids: list) -> Q:
    """`field` in `ids` (sorted); a contiguous run of integers, as a bulk insert makes, is a range (one
    index seek instead of thousands of parameters)."""
    if ids and isinstance(ids[0], int) and isinstance(ids[-1], int) and ids[-1] - ids[0] + 1 == len(ids):
        return Q(**{f"{field}__gte": ids[0], f"{field}__lte": ids[-1]})
    return Q(**{f"{field}__in": ids})


def _is_many(model, path: str) -> bool:
    """True when `path` crosses a to-many relation (its values() rows repeat per related row)."""
    for part in path.split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_text(v) for v in value if v is not None)
    return str(value)


class DocumentBuilder:
    """Turns `values()` rows of one index into Documents."""

    def __init__(self, index: SearchIndex):
        self.index = index
        self.paths = list(dict.fromkeys([*index.fields, *index.identifiers, *index.keyword_fields]))
        self.many = {p for p in self.paths if _is_many(index.model, p)}
        self._tokens: dict[tuple, tuple] = {}  # keyword tokens of the (name, value) pairs met so far

    def _grouped(self, rows: Iterable[dict]) -> list[dict]:
        """values() rows → one dict per record; to-many paths become lists of distinct values."""
        if not self.many:
            return list(rows)
        records: dict[object, dict] = {}
        for row in rows:
            record = records.get(row["pk"])
            if record is None:
                record = records[row["pk"]] = {p: ([] if p in self.many else row[p]) for p in row}
            for path in self.many:
                value = row[path]
                if value is not None and value not in record[path]:
                    record[path].append(value)
        return list(records.values())

    def _keywords(self, row: dict) -> tuple[str, ...]:
        """Keyword tokens of a record, each (name, value) pair's remembered: the same few values
        (regions, families, ICS lists) recur on every record. (Whole keyword sets remembered by the
        record's values rarely repeat in a catalog: the lookup cost more than it saved.)"""
        found: list[str] = []
        memo = self._tokens
        for pair in self.index.keywords(row):
            try:
                found += memo[pair]
            except KeyError:
                if len(memo) >= MEMO_PAIRS:  # values unique to a record (ids) must not pile up
                    memo.clear()
                found += memo.setdefault(pair, self._pair_tokens(*pair))
            except TypeError:  # a list of values
                found += self._pair_tokens(*pair)
        return tuple(dict.fromkeys(found))

    @staticmethod
    def _pair_tokens(name: str, value) -> tuple[str, ...]:
        values = value if isinstance(value, list | tuple | set) else (value,)
        return tuple(token for v in values if (token := keyword_token(name, v)))

    def _identifiers(self, row: dict) -> tuple[str, ...]:
        terms: list[str] = []
        for path in self.index.identifiers:
            value = row[path]
            for v in value if isinstance(value, list) else (value,):
                if v:
                    terms += identifier_terms(v)
        return tuple(dict.fromkeys(terms)) if len(self.index.identifiers) > 1 else tuple(terms)

    def build(self, rows: Iterable[dict]) -> list[Document]:
        fields, texts = tuple(self.index.fields), self.index.texts
        return [
            Document(
                id=row["pk"],
                texts=texts(row, tuple(_text(row[p]) for p in fields)),
                keywords=self._keywords(row),
                identifiers=self._identifiers(row),
            )
            for row in self._grouped(rows)
        ]

    def rows_for_ids(self, ids: Iterable[int], *, batch: int = BATCH) -> Iterator[tuple[list[dict], list]]:
        """(the records' `values()` rows, ids that are no longer indexable) per batch of `ids`, in
        ascending id order (FTS5 flushes its pending terms to a new segment whenever a write goes back
        to a lower rowid). Rows, not documents: building them may run in a worker (`prepared`)."""
        ordered = sorted(dict.fromkeys(ids))
        qs = self.index.index_queryset()
        for start in range(0, len(ordered), batch):
            chunk = ordered[start : start + batch]
            rows = list(qs.filter(ids_q("pk", chunk)).values("pk", *self.paths))
            found = {row["pk"] for row in rows}
            yield rows, [pk for pk in chunk if pk not in found]

    def for_ids(self, ids: Iterable[int], *, batch: int = BATCH) -> Iterator[tuple[list[Document], list]]:
        """`rows_for_ids` built into documents, each batch in id order."""
        for rows, missing in self.rows_for_ids(ids, batch=batch):
            yield sorted(self.build(rows), key=lambda d: d.id), missing

    def all_rows(self, *, batch: int = BATCH) -> Iterator[list[dict]]:
        """The `values()` rows of every indexable record, in primary-key order, about `batch` records
        at a time (keyset paging)."""
        qs = self.index.index_queryset().order_by("pk")
        last = None
        while True:
            page = qs if last is None else qs.filter(pk__gt=last)
            if self.many:
                chunk = list(page.values_list("pk", flat=True)[:batch])
                rows = list(qs.filter(pk__in=chunk).values("pk", *self.paths)) if chunk else []
            else:
                rows = list(page.values("pk", *self.paths)[:batch])
            if not rows:
                return
            yield rows
            last = max(row["pk"] for row in rows)


_builders: dict[str, DocumentBuilder] = {}


def prepared(index_key: str, analyse: Callable[[list[Document]], Any], rows: list[dict]) -> tuple[Any, int]:
    """(`analyse(documents)`, how many) for `values()` rows of one index: the work bulk indexing hands
    to worker processes (nqi.search.parallel), so building documents leaves this process free to read
    and write. Each process keeps one builder per index (its keyword memo)."""
    builder = _builders.get(index_key)
    if builder is None:
        builder = _builders[index_key] = DocumentBuilder(registry.get(index_key))
    docs = builder.build(rows)
    return analyse(docs), len(docs)
