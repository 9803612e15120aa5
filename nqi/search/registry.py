"""The index registry: each app's `search.py` declares what of its records people can find (ARCHITECTURE §5).

A declaration is a `SearchIndex` subclass decorated with `@register`:

    @register
    class EnterpriseIndex(SearchIndex):
        model = Enterprise
        fields = {"name": 10.0, "uscc": 8.0, "address": 1.0}   # ORM path → BM25 weight (one column each)
        keyword_fields = ("region__path", "organization_id")   # loaded for keywords()
        def keywords(self, row): ...                           # [(name, value)] exact-match tokens
        def visibility(self, actor): return visibility_q(actor)
        def display(self, obj): return Display(title=obj.name, url=…)

Text fields are analysed (`nqi.search.analyzer.index_terms`), so a query finds exact Chinese substrings,
words and standard numbers. Identifiers (USCC, certificate numbers) are stored as all their prefixes
("_9", "_91", "_913" …), so a code typed key by key is one exact lookup instead of a scan of every code
in the index. Keywords are exact tokens in a hidden column: filters ("family" = "GB/T") and actor scope
are answered by the engine from them, without a join.

The static order of broad queries (more hits than `rank_limit`) is the primary key, newest first: the
engine reads it straight from the index instead of ranking every match (SEARCH-NOTES §4).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from django.db import models
from django.db.models import Q, QuerySet

from nqi.search.analyzer import normalize

_NAME_RE = re.compile(r"[a-z][a-z0-9]*\Z")
_VALUE_DROP_RE = re.compile(r"[\W_]+")
MAX_FIELDS = 8


@dataclass(frozen=True)
class Display:
    """How one hit is shown: a title and a subtitle (both highlighted), a link and an optional badge."""

    title: str
    url: str
    subtitle: str = ""
    badge: str = ""


def keyword_token(name: str, value) -> str | None:
    """The keyword token for `name` = `value`: "family", "GB/T" → "family_gbt"; None for an empty value.

    Values are normalised like query text (NFKC, lower case) and keep only letters, digits and Han
    characters, so every spelling of a filter value ("GB/T", "gb/t", "ＧＢ／Ｔ") is the same token.
    """
    if value is None:
        return None
    text = str(value)
    text = _VALUE_DROP_RE.sub("", text.lower() if text.isascii() else normalize(text))[:60]
    return f"{name}_{text}" if text else None


class SearchIndex:
    """Base of every index declaration. Override the attributes and hooks an index needs."""

    model: ClassVar[type[models.Model]]
    label: ClassVar[str] = ""  # the kind people see ("企业"); defaults to the model's verbose_name
    icon: ClassVar[str] = "search"  # Bootstrap icon for the global search groups
    fields: ClassVar[dict[str, float]] = {}  # ORM path → BM25 weight, one engine column each, ≤ 8
    identifiers: ClassVar[dict[str, float]] = {}  # codes found by any prefix (USCC, CMA no.) → weight
    keyword_fields: ClassVar[tuple[str, ...]] = ()  # ORM paths handed to keywords() in `row`
    filters: ClassVar[tuple[str, ...]] = ()  # keyword names callers may filter on
    facets: ClassVar[dict[str, str]] = {}  # facet name → ORM path counted over the hits
    sorts: ClassVar[dict[str, tuple[str, ...]]] = {}  # sort name → ORM ordering ("date": ("-published_on",))
    follow: ClassVar[tuple[tuple[str, str], ...]] = ()  # ("app.model", lookup): its saves reindex ours
    prefix_lengths: ClassVar[tuple[int, ...]] = (1,)  # FTS5 prefix indexes (SEARCH-NOTES §4: '1')
    rank_limit: ClassVar[int] = 10_000  # rank by relevance only up to this many hits
    count_limit: ClassVar[int] = 10_000  # exact counts up to here, an estimate above
    global_search: ClassVar[bool] = True  # shown in the global search box and page
    order: ClassVar[int] = 100  # position among the groups of the global search
    reindex_in_demo: ClassVar[bool] = True  # False when the app's own demo builder indexes its records

    # -- identity -------------------------------------------------------------------------------------
    @property
    def key(self) -> str:
        """The app label and model name, e.g. "enterprises.enterprise" (what `nqi reindex` takes)."""
        return self.model._meta.label_lower

    @property
    def slug(self) -> str:
        """The key as an SQL identifier fragment: "enterprises_enterprise"."""
        return self.key.replace(".", "_")

    @property
    def kind_label(self) -> str:
        return str(self.label or self.model._meta.verbose_name)

    # -- what is indexed ------------------------------------------------------------------------------
    def index_queryset(self) -> QuerySet:
        """The records to index (all of them by default; e.g. exclude drafts here)."""
        return self.model._default_manager.all()

    def keywords(self, row: dict) -> Iterable[tuple[str, object]]:
        """Exact-match (name, value) pairs of one record; `row` maps each of `keyword_fields` to its value
        (a list for a path through a to-many relation). Names are lower-case letters and digits. A pair
        whose value is a tuple or list stands for each of its values (the builder computes the tokens of
        a hashable pair once, so a tuple of values that recurs on many records costs one lookup)."""
        return ()

    def texts(self, row: dict, texts: tuple[str, ...]) -> tuple[str, ...]:
        """The text of each of `fields` for one record: `texts` as read from `row`, unless the index
        knows some of their terms already (`nqi.search.analyzer.CutText`) from values an import put
        in `row` beside the declared paths."""
        return texts

    # -- who sees what --------------------------------------------------------------------------------
    def visibility(self, actor) -> Q:
        """The Q (on `model`) limiting hits to what `actor` may see; Q() means everything.
        Always applied to the rows shown, whatever `actor_keywords` says."""
        return Q(pk__in=[])

    def actor_keywords(self, actor) -> list[tuple[str, object]] | None:
        """The keyword pairs of which a visible record carries at least one, if the index can express
        `visibility(actor)` that way (the engine then scopes counts and pages without a join); [] means
        nothing is visible; None means: use the visibility Q (no restriction when it is Q())."""
        return None

    # -- results --------------------------------------------------------------------------------------
    def exact(self, text: str, plan) -> Q | None:
        """Records that are an exact match for the query (a full USCC, a standard number): shown first."""
        return None

    def queryset(self) -> QuerySet:
        """The rows fetched to show hits (add select_related for `display`)."""
        return self.model._default_manager.all()

    def display(self, obj) -> Display:
        return Display(title=str(obj), url=getattr(obj, "get_absolute_url", lambda: "")())

    def __repr__(self) -> str:
        return f"<SearchIndex {self.key}>"


_indexes: dict[str, SearchIndex] = {}
_by_model: dict[type, SearchIndex] = {}


def register(cls: type[SearchIndex]) -> type[SearchIndex]:
    """Class decorator: declare an index. Re-registering the same model replaces the declaration."""
    index = cls()
    if not 1 <= len(index.fields) <= MAX_FIELDS:
        raise ValueError(f"{cls.__name__}: declare 1–{MAX_FIELDS} fields")
    if 1 not in index.prefix_lengths or not all(0 < n < 32 for n in index.prefix_lengths):
        raise ValueError(f"{cls.__name__}: prefix_lengths must include 1 and stay below 32")
    for name in (*index.filters, *index.facets):
        if not _NAME_RE.match(name):
            raise ValueError(f"{cls.__name__}: filter/facet name {name!r} must be [a-z][a-z0-9]*")
    _indexes[index.key] = index
    _by_model[index.model] = index
    return cls


def unregister(key: str) -> None:
    index = _indexes.pop(key, None)
    if index is not None:
        _by_model.pop(index.model, None)


def get(key: str | SearchIndex) -> SearchIndex:
    """The index declared under `key` ("enterprises.enterprise"); LookupError if none."""
    if isinstance(key, SearchIndex):
        return key
    try:
        return _indexes[str(key).lower()]
    except KeyError:
        raise LookupError(f"no search index {key!r}") from None


def for_model(model) -> SearchIndex | None:
    return _by_model.get(model)


def indexes() -> list[SearchIndex]:
    """Every declared index, in global-search order."""
    return sorted(_indexes.values(), key=lambda i: (i.order, i.key))


def followers(model) -> list[tuple[SearchIndex, str]]:
    """Indexes whose documents include data of `model`, with the lookup from their model to it."""
    label = model._meta.label_lower
    return [(i, lookup) for i in _indexes.values() for m, lookup in i.follow if m.lower() == label]
