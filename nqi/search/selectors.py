"""Actor-scoped search (house rule 4): the only way pages, the API and other apps read a search index.

How one search runs (ARCHITECTURE §5, SEARCH-NOTES §4):
1. The query is analysed once (`query_plan`); nothing searchable gives an empty page, never an error.
2. Count first, at most `count_limit` + 1 hits; above that the count is an estimate, marked as such.
3. Exact matches (`SearchIndex.exact`, e.g. a full USCC or standard number) come first on page one.
4. Order: by relevance (BM25 / ts_rank) when the count is exact and ≤ `rank_limit`; otherwise by the
   static key, newest record first, read straight from the index (broad queries never rank every
   match) and paged with a keyset cursor (`after`), so page 500 costs what page 1 costs.
5. Only rows the actor may see are shown: the index's visibility Q is applied to every row fetched;
   counts are scoped by the engine (keyword scope) or a join (visibility Q) before that.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import RawSQL
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from nqi.core.errors import ValidationFailed
from nqi.search import registry
from nqi.search.analyzer import QueryPlan, query_plan
from nqi.search.backends import EngineQuery, backend
from nqi.search.backends.base import Count
from nqi.search.highlighting import highlight
from nqi.search.registry import Display, SearchIndex, keyword_token

MAX_PAGE_SIZE = 100
MAX_OFFSET = 100_000
MAX_PINNED = 5
FACET_VALUES = 50
FACET_SAMPLE = 4_000  # hits sampled for the facets of a broad query (±1.5 points on a 25 % share)
RELEVANCE, NEWEST = "relevance", "newest"


class SearchHit:
    """One hit: the record, and (computed when first shown) its display with the matches highlighted."""

    def __init__(self, obj, index: SearchIndex, plan: QueryPlan, pinned: bool = False):
        self.obj, self.index, self.plan, self.pinned = obj, index, plan, pinned

    @cached_property
    def display(self) -> Display:
        return self.index.display(self.obj)

    @cached_property
    def title(self) -> str:
        """HTML: the title escaped, what the query matched in <mark>."""
        return mark_safe(highlight(self.display.title, self.plan))  # highlight() escapes the text

    @cached_property
    def subtitle(self) -> str:
        return mark_safe(highlight(self.display.subtitle, self.plan))

    @property
    def url(self) -> str:
        return self.display.url

    def __repr__(self) -> str:
        return f"<SearchHit {self.index.key} {self.obj.pk}>"


@dataclass(frozen=True)
class FacetValue:
    value: object
    count: int


@dataclass
class SearchPage:
    """One page of one index's results, with what a pager and the facet panel need."""

    index: SearchIndex
    q: str
    plan: QueryPlan
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    total_is_estimate: bool = False
    ordering: str = RELEVANCE  # what the hits are ordered by: relevance, newest or a declared sort
    page: int = 1
    page_size: int = 20
    has_next: bool = False
    next_after: int | None = None  # keyset cursor of the next page (static order only)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    facets_are_estimates: bool = False

    @property
    def key(self) -> str:
        return self.index.key

    @property
    def label(self) -> str:
        return self.index.kind_label

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def truncated(self) -> bool:
        return self.plan.truncated


def _number(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def _keyword_groups(index: SearchIndex, filters: dict | None) -> list[tuple[str, ...]]:
    groups = []
    for name, values in (filters or {}).items():
        if name not in index.filters:
            raise ValidationFailed({name: [_("不支持按此条件筛选。")]})
        if values is None or values == "" or values == []:
            continue
        values = [values] if isinstance(values, str | int) else list(values)
        groups.append(tuple(dict.fromkeys(t for v in values if (t := keyword_token(name, v)))))
    return groups


def _engine_query(index: SearchIndex, actor, plan: QueryPlan, filters, where: Q | None) -> EngineQuery | None:
    """The engine's query for this actor, or None when nothing can match (nothing visible, bad filter)."""
    groups = _keyword_groups(index, filters)
    scope = index.actor_keywords(actor)
    restrict_q = Q() if scope is not None else index.visibility(actor)
    if scope is not None:
        groups.append(tuple(dict.fromkeys(t for name, value in scope if (t := keyword_token(name, value)))))
    if where is not None:
        restrict_q &= where
    if any(not group for group in groups):
        return None
    restrict = None
    if restrict_q:
        try:
            restrict = (
                index.model._default_manager.filter(restrict_q)
                .order_by()
                .values(index.model._meta.pk.attname)
                .query.sql_with_params()
            )
        except EmptyResultSet:
            return None
    return EngineQuery(plan=plan or None, keyword_groups=tuple(groups), restrict=restrict)


def _pinned(index: SearchIndex, actor, q: str, plan: QueryPlan, query: EngineQuery) -> list:
    """Visible exact matches that also satisfy the query and filters, at most MAX_PINNED."""
    exact = index.exact(q.strip(), plan) if plan else None
    if exact is None:
        return []
    candidates = list(
        index.model._default_manager.filter(index.visibility(actor))
        .filter(exact)
        .order_by("-pk")
        .values_list("pk", flat=True)[:MAX_PINNED]
    )
    matching = backend().matching(index, query, candidates)
    return [pk for pk in candidates if pk in matching]


def _ordering(index: SearchIndex, sort: str, plan: QueryPlan, count: Count) -> str:
    if sort in index.sorts or sort == NEWEST:
        return sort
    if plan and count.exact and count.value <= index.rank_limit:
        return RELEVANCE
    return NEWEST


def _page_ids(index, query: EngineQuery, ordering, *, limit, offset, after, hits: int) -> list:
    """limit + 1 ids (one more tells whether a next page exists)."""
    engine = backend()
    if ordering in index.sorts:
        rows = (
            index.model._default_manager.filter(pk__in=RawSQL(*engine.ids_sql(index, query)))
            .exclude(pk__in=list(query.exclude))
            .order_by(*index.sorts[ordering], "-pk")
            .values_list("pk", flat=True)
        )
        return list(rows[offset : offset + limit + 1])
    return engine.page(
        index,
        query,
        ranked=ordering == RELEVANCE,
        limit=limit + 1,
        offset=offset,
        after=after if ordering == NEWEST else None,
        hits=hits,
    )


def _hits(index: SearchIndex, actor, plan: QueryPlan, ids: list, pinned: set) -> list[SearchHit]:
    """The visible records for `ids`, in that order."""
    rows = index.queryset().filter(index.visibility(actor)).filter(pk__in=ids)
    by_pk = {obj.pk: obj for obj in rows}
    return [SearchHit(by_pk[pk], index, plan, pk in pinned) for pk in ids if pk in by_pk]


def _facets(index: SearchIndex, query: EngineQuery, names, count: Count) -> dict[str, list[FacetValue]]:
    """Counts per value over the hits; over a broad query (estimated count) over a sample of about
    FACET_SAMPLE hits drawn from every part of the id range (`Backend.sample`), weighted and scaled
    to the estimated total.

    Facets on the record's own columns are counted from one read of those columns (the engine's match
    runs once, not once per facet: seven facets over 10,000 hits cost ~10 ms, not ~70); a facet across
    a to-many relation is read by its own query, each (record, value) pair counted once.
    """
    if not names or not count.value:
        return {}
    paths = {}
    for name in names:
        path = index.facets.get(name)
        if path is None:
            raise ValidationFailed({name: [_("不支持按此项统计。")]})
        paths[name] = path
    manager = index.model._default_manager
    if count.exact:
        weight_of, scale = None, 1.0
        hits = manager.filter(pk__in=RawSQL(*backend().ids_sql(index, query))).order_by()
    else:
        weight_of = {
            pk: w
            for ids, w in backend().sample(index, query, size=min(FACET_SAMPLE, index.count_limit))
            for pk in ids
        }
        scale = count.value / max(1.0, sum(weight_of.values()))
        hits = manager.filter(pk__in=list(weight_of)).order_by()
    counted: dict[str, Counter] = {name: Counter() for name in paths}
    local = [name for name, path in paths.items() if LOOKUP_SEP not in path]
    groups = [local] if local else []
    groups += [[name] for name in paths if name not in local]
    for group in groups:
        rows = hits.values_list("pk", *(paths[name] for name in group))
        if group is not local:
            rows = rows.distinct()
        for pk, *values in rows:  # at most count_limit rows; no server-side cursor (its plan is slow)
            weight = weight_of[pk] if weight_of else 1.0
            for name, value in zip(group, values, strict=True):
                counted[name][value] += weight
    result = {}
    for name in paths:
        ranked = sorted(
            ((value, n) for value, n in counted[name].items() if value is not None),
            key=lambda pair: (-pair[1], str(pair[0])),
        )[:FACET_VALUES]
        result[name] = [FacetValue(value, max(1, round(n * scale))) for value, n in ranked]
    return result


def search_visible_to(
    *,
    actor,
    index: str | SearchIndex,
    q: str = "",
    filters: dict | None = None,
    where: Q | None = None,
    facets=(),
    sort: str = RELEVANCE,
    page: int = 1,
    after: int | None = None,
    page_size: int = 20,
    browse: bool = False,
    count_only: bool = False,
) -> SearchPage:
    """One page of `index` hits for `q` that `actor` may see.

    `filters` maps declared keyword names to a value or values (values of one name are OR-ed, names
    AND-ed: {"family": ["GB", "GB/T"], "year": range(2010, 2021)}); `where` is any extra ORM filter
    (answered with a join: slower on huge indexes); `facets` names declared facets to count; `sort` is
    "relevance", "newest" or a declared sort; `after` is the cursor from the previous page (`next_after`);
    `browse` lists everything when there is no query text. Bad input never raises (except an undeclared
    filter or facet name, a programming error reported as ValidationFailed).
    """
    index = registry.get(index)
    plan = query_plan(q if isinstance(q, str) else "")
    page_size = max(0, min(_number(page_size, 20), MAX_PAGE_SIZE))
    page = max(1, _number(page, 1))
    result = SearchPage(index=index, q=q or "", plan=plan, page=page, page_size=page_size)
    if not plan and not filters and not browse:
        return result
    query = _engine_query(index, actor, plan, filters, where)
    if query is None:
        return result
    engine = backend()
    count = engine.count(index, query, index.count_limit)
    result.total, result.total_is_estimate = count.value, not count.exact
    if not count.value or count_only:
        return result
    pinned = _pinned(index, actor, q, plan, query)
    query = EngineQuery(query.plan, query.keyword_groups, query.restrict, exclude=tuple(pinned))
    ordering = _ordering(index, sort, plan, count)
    cursor = _number(after, 0) or None if ordering == NEWEST and after is not None else None
    first = page == 1 and cursor is None
    limit = page_size - len(pinned) if first else page_size
    offset = 0 if first or cursor else max(0, min(MAX_OFFSET, (page - 1) * page_size - len(pinned)))
    ids = _page_ids(
        index, query, ordering, limit=max(0, limit), offset=offset, after=cursor, hits=count.value
    )
    result.has_next = len(ids) > limit
    ids = ids[: max(0, limit)]
    result.ordering = ordering
    result.next_after = ids[-1] if ids and ordering == NEWEST and result.has_next else None
    shown = (pinned if first else []) + ids
    result.hits = _hits(index, actor, plan, shown, set(pinned))
    result.facets = _facets(index, query, facets, count)
    result.facets_are_estimates = bool(facets) and not count.exact
    return result


def kind_labels() -> list[str]:
    """The kinds of record the global search covers, in its order ("企业", "产品" …)."""
    return [index.kind_label for index in registry.indexes() if index.global_search]


def is_searchable(q: str) -> bool:
    """Whether `q` has anything to look for (letters, digits or Han characters)."""
    return bool(query_plan(q if isinstance(q, str) else ""))


def is_truncated(q: str) -> bool:
    """Whether only the beginning of `q` is searched (it is longer than the analyzer reads)."""
    return query_plan(q if isinstance(q, str) else "").truncated


def global_search_visible_to(
    *, actor, q: str, per_kind: int = 5, count_only: bool = False
) -> list[SearchPage]:
    """The global search box: the best `per_kind` hits of every index in the global search, each group
    with its (possibly estimated) total; groups without hits are left out."""
    if not query_plan(q if isinstance(q, str) else ""):
        return []
    pages = [
        search_visible_to(actor=actor, index=index, q=q, page_size=per_kind, count_only=count_only)
        for index in registry.indexes()
        if index.global_search
    ]
    return [p for p in pages if p.total]
