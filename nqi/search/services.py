"""Keeping every search index equal to its records (the "search reindex" effect of house rule 3).

Index writes run on the caller's connection and inside the caller's transaction, so what is committed
is exactly what is indexed (a rolled-back save leaves no search document behind). Single saves and
deletes are indexed by the signal receivers in `nqi.search.signals`; bulk paths (`bulk_create`,
`QuerySet.update`, imports) call `index_objects(model, ids)` themselves, inside their transaction.
Index documents are derived data, not business records: no audit event is written for them.
"""

from __future__ import annotations

import hashlib
import inspect
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from nqi.core import bulk
from nqi.search import registry
from nqi.search.backends import backend
from nqi.search.documents import BATCH, DocumentBuilder, ids_q, prepared
from nqi.search.models import IndexState
from nqi.search.parallel import analysed
from nqi.search.registry import SearchIndex

WHOLE_SHARE = 0.4  # new documents that are this share of an index rebuild its structures instead of adding
AUTO_REBUILD_LIMIT = 50_000  # `migrate` rebuilds a stale index itself only up to this many records
_ANALYZER_FILES = ("analyzer.py", "standard_numbers.py", "standard_grammar.py", "standard_prefixes.py")
_pending: ContextVar[dict | None] = ContextVar("nqi_search_pending", default=None)


def index_objects(model, ids: Iterable) -> int:
    """(Re)index the records of `model` with these primary keys, and the records of indexes that follow
    `model` (e.g. products when their enterprise changes). Records that no longer exist, or are no longer
    indexable, are removed. Returns the number of documents written. Call it inside the transaction
    that wrote the records; bulk paths may pass tens of thousands of ids at once.
    """
    ids = [pk for pk in dict.fromkeys(ids) if pk is not None]
    if not ids:
        return 0
    pending = _pending.get()
    if pending is not None:
        pending.setdefault(model, set()).update(ids)
        return 0
    index = registry.for_model(model)
    written = _index_ids(index, ids) if index is not None else 0
    for follower, lookup in registry.followers(model):
        dependent = []
        for start in range(0, len(ids), BATCH):
            chunk = sorted(ids[start : start + BATCH])
            dependent += follower.model._default_manager.filter(ids_q(lookup, chunk)).values_list(
                "pk", flat=True
            )
        written += _index_ids(follower, dependent)
    return written


class Appender:
    """Adds the documents of records its transaction creates (see `index_appending`)."""

    def __init__(self, index: SearchIndex, engine):
        self.index, self.engine = index, engine
        self.first: int | None = None
        self.written = 0
        # What a worker process runs on new records (dicts holding "pk" and the index's paths):
        # (the engine's rows, how many). Picklable, no database.
        self.analyse = partial(prepared, index.key, engine.analyser(index))
        # Where a worker may stage those rows instead of returning them (None: returned as values).
        self.staged_table = engine.staged_table(index)

    def add(self, rows, *, count: int, first: int | None, dropped: Iterable[int] = (), staged=None) -> None:
        """The engine rows made by `analyse`, in ascending id order and above every id indexed so
        far; `dropped`: records among them that were not created after all; `count`: documents kept.
        Rows a worker staged in its chunk's image (the engine's `staged_table`) come as None, with
        that image attached as `staged` (nqi.core.staging)."""
        if rows is None:
            if staged is None:
                raise ValueError("no rows: the image that holds them is needed")
            if dropped and self.staged_table:
                staged.delete_rows(self.staged_table[0], "id", dropped)
        elif dropped:
            rows = self.engine.omit(rows, set(dropped))
        if not count:
            return
        if rows is None:
            self.engine.append_staged(self.index, staged)
        else:
            self.engine.append(self.index, rows)
        self.first = first if self.first is None else self.first
        self.written += count


@contextmanager
def index_appending(index: SearchIndex | str, *, expected: int | None = None) -> Iterator[Appender]:
    """Index records this transaction creates, from the values it writes (imports: worker processes
    validate rows and analyse their documents, nothing is read back).

    When the new documents will be a large share of the index (WHOLE_SHARE of it, by `expected`, the
    caller's count of rows; without it, when the index is empty) its structures are rebuilt once at the
    end (SEARCH-NOTES §5), else the documents are added to them. If the block raises, the index is
    left to the transaction's rollback.
    """
    index = registry.get(index)
    engine = backend()
    engine.ensure(index)
    started = time.monotonic()
    before = engine.size(index)
    whole = before == 0 if expected is None else expected >= WHOLE_SHARE * (before + expected)
    engine.appending(index, whole=whole)
    appender = Appender(index, engine)
    yield appender
    engine.appended(index, since=appender.first, whole=whole)
    written = appender.written
    if written and before == 0 and written == index.index_queryset().count():  # as good as a rebuild
        _built(index, documents=written, started=started)


def unindex_objects(model, ids: Iterable) -> None:
    """Remove the documents of deleted records of `model`."""
    index = registry.for_model(model)
    ids = [pk for pk in ids if pk is not None]
    if index is None or not ids:
        return
    pending = _pending.get()
    if pending is not None:  # a deferred batch finds them missing and removes them
        pending.setdefault(model, set()).update(ids)
    else:
        backend().delete(index, ids)


def _index_ids(index: SearchIndex, ids: list) -> int:
    """Read, build, analyse and write the documents of `ids` batch by batch; beyond one batch the
    building and analysis run in worker processes while this one reads and writes."""
    engine, written = backend(), 0
    batches = DocumentBuilder(index).rows_for_ids(ids, batch=BATCH)
    missing_ids = deque()
    work = partial(prepared, index.key, engine.analyser(index))

    def rows():
        for batch, missing in batches:
            missing_ids.append(missing)
            yield batch

    for analysed_rows, count in analysed(work, rows()):
        engine.write_analysed(index, analysed_rows)
        if missing := missing_ids.popleft():
            engine.delete(index, missing)
        written += count
    return written


@contextmanager
def indexing_deferred():
    """Collect the index work of many single saves and do it in batches when the block ends.

    For code that saves records one by one in a loop (each save would otherwise be indexed at once).
    Nested blocks flush once, at the outermost exit; nothing is indexed if the block raises.
    """
    if _pending.get() is not None:
        yield
        return
    token = _pending.set({})
    try:
        yield
        work = _pending.get()
    finally:
        _pending.reset(token)
    for model, ids in work.items():
        index_objects(model, sorted(ids, key=str))


def signature(index: SearchIndex) -> str:
    """Hash of the engine's, the declaration's and the analyzer's code: when it changes, the stored
    documents may no longer be what queries look for (the index is stale)."""
    digest = hashlib.sha256(inspect.getsource(type(backend())).encode())
    digest.update(inspect.getsource(type(index)).encode())
    here = Path(__file__).resolve().parent
    for name in _ANALYZER_FILES:
        path = here / name
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def index_rebuild(index: SearchIndex | str, *, progress=None, batch: int = BATCH) -> int:
    """Rebuild one index from all its records in one transaction (readers keep the old index until the
    commit). `progress(done, total)` is called after each batch. Returns the number of documents."""
    index = registry.get(index)
    engine = backend()
    total = index.index_queryset().count() if progress else 0
    started = time.monotonic()
    with bulk.collector_paused(), transaction.atomic():
        work = partial(prepared, index.key, engine.analyser(index))
        done = engine.load(
            index,
            (rows for rows, _count in analysed(work, DocumentBuilder(index).all_rows(batch=batch))),
            progress=(lambda n: progress(n, total)) if progress else None,
        )
        _built(index, documents=done, started=started)
    return done


def _built(index: SearchIndex, *, documents: int, started: float) -> None:
    """Record that the index holds every record, analysed by the current code."""
    IndexState.objects.update_or_create(
        key=index.key,
        defaults={
            "signature": signature(index),
            "documents": documents,
            "built_at": timezone.now(),
            "seconds": round(time.monotonic() - started, 3),
        },
    )


def index_is_stale(index: SearchIndex) -> bool:
    state = IndexState.objects.filter(key=index.key).first()
    return state is None or state.signature != signature(index)


def indexes_ensure(*, log=None) -> list[str]:
    """Create missing index tables; rebuild stale indexes of up to AUTO_REBUILD_LIMIT records (after
    `migrate`, and after a test flush emptied the records). Returns the keys still needing a rebuild.
    An index whose records cannot be read (its app's migrations not applied yet) is reported, not fatal.
    """
    left = []
    for index in registry.indexes():
        try:
            with transaction.atomic():
                created = backend().ensure(index)
            with transaction.atomic():
                if not _index_ensure(index, created):
                    left.append(index.key)
        except DatabaseError as exc:
            left.append(index.key)
            if log:
                log(f"search index {index.key} not built: {exc}")
    if log:
        for key in left:
            log(f"search index {key} is out of date: run `nqi reindex {key}`")
    return left


def _index_ensure(index: SearchIndex, created: bool) -> bool:
    """True when the index is now usable (emptied or rebuilt as needed)."""
    engine = backend()
    records = index.index_queryset().count()
    if not records and engine.size(index):
        engine.clear(index)  # the records were flushed; their documents must go too
    if not (created or index_is_stale(index)):
        return True
    if records > AUTO_REBUILD_LIMIT:
        return False
    index_rebuild(index)
    return True
