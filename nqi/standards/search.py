"""Catalog search: the standards index declaration and `standard_search`, the one function the search
page, the typeahead, the API and `nqi standards search` call.

The engine is the shared one (nqi.search: one analyzer, SQLite FTS5 / PostgreSQL behind one interface),
so numbers in any form ("gbt 19580—2012", "ＧＢ／Ｔ　１９５８０", "ISO 9001:2015"), Chinese words of any
length, English words and mixed queries ("GB 18580 甲醛") mean the same in every door, and any input —
10,000 characters, punctuation, SQL or FTS syntax — gives a clean result. Rules of the result list:

- exact standard-number matches first (the edition named; every edition of a number given without a year);
- then by relevance up to 5,000 hits, else in-index order, newest record first (broad
  queries never rank every match, SEARCH-NOTES §4); "date" and "number" sorts on request;
- the total is exact up to 10,000 hits, above that an estimate, marked as such; facets likewise.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nqi.search.analyzer import QueryPlan, number_text, query_plan
from nqi.search.highlighting import highlight
from nqi.search.registry import Display, SearchIndex, register
from nqi.search.selectors import MAX_OFFSET, search_visible_to
from nqi.search.standard_numbers import fold
from nqi.standards.choices import Mandate, StandardFamily, StandardStatus
from nqi.standards.facets import browse_counts
from nqi.standards.models import CcsCode, IcsCode, Standard
from nqi.standards.numbers import PARSED_NUMBER
from nqi.standards.selectors import standard_in_force_on

INDEX = "standards.standard"
MAX_QUERY_CHARS = 1000
SORTS = {"relevance": "relevance", "newest": "newest", "date": "date", "number": "number"}
FACETS = ("family", "mandate", "status", "ics", "ccs", "issuer", "year")
FACET_ORDER = ("family", "status", "mandate", "ics", "ccs", "decade", "issuer")


@lru_cache(maxsize=16_384)
def ics_values(codes: str) -> tuple[str, ...]:
    """ "97.200.50 13.120" → 97, 97.200, 97.200.50, 13, 13.120: a filter on a field or group finds its
    sub-groups. (A catalog holds a few thousand distinct code lists: each is expanded once.)"""
    values = []
    for code in codes.split():
        parts = code.split(".")
        values += [".".join(parts[: i + 1]) for i in range(len(parts))]
    return tuple(values)


@register
class StandardIndex(SearchIndex):
    """Standards by number (every normalised key), Chinese title and English title."""

    model = Standard
    label = gettext_lazy("标准")
    icon = "journal-text"
    fields = {"canonical": 10.0, "title_zh": 5.0, "title_en": 2.0}
    keyword_fields = (
        "family",
        "mandate",
        "status",
        "ccs_code",
        "issuer",
        "year",
        "ics_codes",
    )
    filters = ("family", "mandate", "status", "ccs", "ics", "issuer", "year")
    facets = {
        "family": "family",
        "mandate": "mandate",
        "status": "status",
        "ics": "ics_field",
        "ccs": "ccs_class",
        "issuer": "issuer",
        "year": "year",
    }
    sorts = {"date": ("-published_on",), "number": ("edition_key",)}
    # bm25 reads each hit's column sizes and positions: ~1.7 µs a hit on an idle machine, so ranking
    # 5,000–10,000 hits ("灯", "手套", "compressor") made the slowest 5 % of searches 15–30 ms, twice
    # Tantivy's. A word with more than 5,000 standards says little about which one is sought: those
    # lists come newest first (2–3 ms), with the facets to narrow them.
    rank_limit = 5_000
    order = 30
    reindex_in_demo = False  # the standards demo builder indexes its 200,000 records itself

    def keywords(self, row):
        """The CCS class and code, and each ICS code with its field and group, as one pair of many
        values each: records sharing those values share their tokens (`DocumentBuilder`'s memo)."""
        ccs = row["ccs_code"] or ""
        return (
            ("family", row["family"]),
            ("mandate", row["mandate"]),
            ("status", row["status"]),
            ("issuer", row["issuer"]),
            ("year", row["year"]),
            ("ccs", (ccs[:1], ccs) if ccs else ()),
            ("ics", ics_values(row["ics_codes"] or "")),
        )

    def texts(self, row, texts):
        """An import's validated rows carry the number it parsed: the canonical form's terms are made
        from it instead of finding and parsing the number again."""
        number = row.get(PARSED_NUMBER)  # texts[0] is the canonical form, the first of `fields`
        if number is None or texts[0] != number.canonical:
            return texts
        return (number_text(number), *texts[1:])

    def visibility(self, actor):
        """Catalog metadata is public (std.samr.gov.cn shows it to anyone); pages still need a sign-in."""
        return Q()

    def exact(self, text, plan):
        """The edition a full number names; all editions of a number typed without a year."""
        keys = {n.query_key for n in plan.numbers} | {n.key for n in plan.numbers if not n.year}
        if not keys:
            return None
        return Q(edition_key__in=keys) | Q(series_key__in={n.key for n in plan.numbers if not n.year})

    def display(self, obj):
        return Display(
            title=f"{obj.canonical} {obj.title}",
            subtitle=obj.title_en if obj.title_zh else obj.get_status_display(),
            url=reverse("standards:standard_detail", args=[obj.pk]),
            badge=obj.get_status_display() if obj.status != StandardStatus.CURRENT else "",
        )


@dataclass(frozen=True)
class SearchFilters:
    family: str = ""
    mandate: str = ""
    status: str = ""
    ics: str = ""  # an ICS field, group or sub-group: "13", "13.120", "13.120.10"
    ccs: str = ""  # a CCS class letter "Y" or code "Y57"
    issuer: str = ""
    year_from: int | None = None
    year_to: int | None = None
    as_of: dt.date | None = None  # only what was in force on that day

    def engine_filters(self) -> dict:
        simple = {k: getattr(self, k) for k in ("family", "mandate", "status", "issuer")}
        result = {k: v for k, v in simple.items() if v}
        if self.ics:
            result["ics"] = self.ics
        if self.ccs:
            result["ccs"] = self.ccs.upper()
        if self.year_from or self.year_to:
            low, high = self.year_from or 1900, self.year_to or dt.date.today().year + 2
            result["year"] = list(range(max(1900, low), min(2100, high) + 1))
        return result

    def active(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchHit:
    standard: Standard
    number_html: str
    title_zh_html: str
    title_en_html: str
    exact: bool


@dataclass
class SearchPage:
    query: str
    hits: list[SearchHit]
    total: int
    total_is_estimate: bool
    page: int
    page_size: int
    sort: str
    ordering: str = "relevance"
    has_next: bool = False
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    facets_are_estimate: bool = False
    numbers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def num_pages(self) -> int:
        pages = math.ceil(self.total / self.page_size) if self.total else 1
        return max(1, min(pages, MAX_OFFSET // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


def standard_search(
    *,
    actor,
    query: str = "",
    filters: SearchFilters | None = None,
    page: int = 1,
    sort: str = "relevance",
    page_size: int = 20,
    facets: bool = True,
) -> SearchPage:
    """One page of catalog hits for `query` (any text) under `filters`. Never raises for query text."""
    f = filters or SearchFilters()
    text = fold(str(query or "")[:MAX_QUERY_CHARS]).strip()
    plan = query_plan(text)
    try:
        page, page_size = max(1, int(page or 1)), max(1, min(int(page_size or 20), 100))
    except (TypeError, ValueError):
        page, page_size = 1, 20
    page = min(page, MAX_OFFSET // page_size)
    sort = sort if sort in SORTS else "relevance"
    result = SearchPage(
        query=text,
        hits=[],
        total=0,
        total_is_estimate=False,
        page=page,
        page_size=page_size,
        sort=sort,
        numbers=[n.canonical for n in plan.numbers],
    )
    if plan.truncated:
        result.notes.append(_("检索词过长，只按前 256 个字符检索。"))
    if text and not plan:
        result.notes.append(_("检索词中没有可检索的文字或编号。"))
        return result
    found = search_visible_to(
        actor=actor,
        index=INDEX,
        q=text,
        filters=f.engine_filters(),
        where=standard_in_force_on(f.as_of) if f.as_of else None,
        facets=FACETS if facets and plan else (),
        sort=SORTS[sort] if plan or sort != "relevance" else "newest",
        page=page,
        page_size=page_size,
        browse=True,
    )
    result.total, result.total_is_estimate = found.total, found.total_is_estimate
    result.ordering, result.has_next = found.ordering, found.has_next
    result.hits = _exact_first([_hit(h.obj, plan, h.pinned) for h in found.hits])
    raw, result.facets_are_estimate = found.facets, found.facets_are_estimates
    if facets and not plan:
        result.total, raw = browse_counts(f)
        result.total_is_estimate = result.facets_are_estimate = False
    result.facets = _facets(raw, f)
    return result


def _exact_first(hits: list[SearchHit]) -> list[SearchHit]:
    """Exact number matches lead; among them the edition in force first, then newer editions."""
    exact = [h for h in hits if h.exact]
    rank = {StandardStatus.CURRENT: 0, StandardStatus.UPCOMING: 1}
    exact.sort(key=lambda h: (rank.get(h.standard.status, 2), -(h.standard.year or 0)))
    return exact + [h for h in hits if not h.exact]


EXPORT_MAX = 5_000


def standard_search_rows(
    *, actor, query: str = "", filters: SearchFilters | None = None, sort: str = "relevance"
):
    """The records of a search, in page order, for export (at most EXPORT_MAX)."""
    for page in range(1, EXPORT_MAX // 100 + 1):
        found = standard_search(
            actor=actor, query=query, filters=filters, page=page, sort=sort, page_size=100, facets=False
        )
        yield from (hit.standard for hit in found.hits)
        if not found.has_next:
            return


def _hit(standard: Standard, plan: QueryPlan, exact: bool) -> SearchHit:
    return SearchHit(
        standard=standard,
        number_html=highlight(standard.canonical, plan),
        title_zh_html=highlight(standard.title_zh, plan),
        title_en_html=highlight(standard.title_en, plan),
        exact=exact,
    )


def _facets(raw: dict, f: SearchFilters) -> dict[str, list[FacetValue]]:
    """Engine facet counts → labelled values; years are grouped into decades."""
    decades: dict[str, int] = {}
    for value in raw.get("year", []):
        if value.value:
            key = str(int(value.value) // 10 * 10)
            decades[key] = decades.get(key, 0) + value.count
    labels = {
        "family": dict(StandardFamily.choices),
        "mandate": dict(Mandate.choices),
        "status": dict(StandardStatus.choices),
        "ics": dict(IcsCode.objects.filter(level=1).values_list("code", "title_en")),
        "ccs": dict(CcsCode.objects.filter(level=1).values_list("code", "title_zh")),
    }
    selected = {
        "family": f.family,
        "mandate": f.mandate,
        "status": f.status,
        "ics": f.ics,
        "ccs": f.ccs,
        "issuer": f.issuer,
        "decade": "",
    }
    result = {}
    for name in FACET_ORDER:
        if name == "decade":
            pairs = sorted(decades.items(), reverse=True)
        else:
            pairs = [(str(v.value), v.count) for v in raw.get(name, []) if v.value not in (None, "")]
        names = labels.get(name, {})
        result[name] = [
            FacetValue(
                value=value,
                label=_facet_label(name, value, names),
                count=count,
                selected=value == selected[name],
            )
            for value, count in pairs[:15]
        ]
    return result


def _facet_label(name: str, value: str, names: dict) -> str:
    if name == "decade":
        return _("%(y)s 年代") % {"y": value}
    if name in ("ics", "ccs") and value in names:
        return f"{value} {names[value]}"
    return str(names.get(value, value))


def standard_typeahead(*, actor, query: str, limit: int = 8) -> list[SearchHit]:
    """Typeahead: the best few hits for what is typed so far (the last word is a prefix), highlighted."""
    found = standard_search(
        actor=actor, query=str(query or "")[:100], page_size=max(1, min(limit, 20)), facets=False
    )
    return found.hits


def standard_suggest(*, query: str, limit: int = 8, actor=None) -> list[Standard]:
    """The best few catalog records for a text (e.g. a product name), for other apps' suggestions."""
    return [hit.standard for hit in standard_typeahead(actor=actor, query=query, limit=limit)]
