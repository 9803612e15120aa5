"""Benchmark suggestions for a product (对标标准推荐): which standards to compare against, and why.

Suggested, in order: standards of the product's industry family that have indicators in the catalog;
standards sharing an ICS code with the product's own standard (the catalog's classification); the
international standard the own standard adopts, and standards adopting the same one; standards whose
title contains the product's name (the standards app's typeahead search). Each suggestion says why it
was made and, for a withdrawn or replaced standard, what replaced it. Only standards with catalog
indicators can be compared; others are listed as "no indicator data yet".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nqi.benchmarking.assessing import standard_key
from nqi.benchmarking.models import Indicator
from nqi.benchmarking.selectors.catalog import BenchmarkOption, benchmark_options
from nqi.standards.choices import ENDED_STATUSES
from nqi.standards.models import Standard, StandardIcs, StandardRelation
from nqi.standards.search import standard_suggest

# product words → the industry family whose indicators apply (featured industries of the source report)
FAMILY_WORDS = [
    (("人造板", "胶合板", "纤维板", "刨花板", "地板", "家具", "木"), "wood_furniture"),
    (("童车", "玩具", "儿童", "婴儿", "学步车", "推车"), "children_products"),
    (("空气压缩机", "空压机", "螺杆压缩机", "活塞压缩机"), "air_compressors"),
    (("电器", "浴霸", "取暖器", "冰箱", "冷柜", "吊顶", "家电", "电热", "风扇"), "appliances"),
    (("涤纶", "化纤", "长丝", "短纤"), "chemical_fibre"),
    (("玻璃纤维", "玻纤"), "glass_fibre"),
    (("皮革", "毛皮", "皮衣"), "leather"),
    (("纺织", "面料", "服装", "毛衫", "针织", "家纺"), "textiles"),
]


def industry_family(*texts: str) -> str:
    """The industry family named by a product's name, category or standard title, or ""."""
    joined = " ".join(t for t in texts if t)
    for words, family in FAMILY_WORDS:
        if any(w in joined for w in words):
            return family
    return ""


@dataclass
class CatalogOnly:
    """A catalog standard that looks relevant but has no indicators in the catalog yet."""

    standard: Standard
    reasons: list[str] = field(default_factory=list)


@dataclass
class Suggestions:
    family: str
    options: list[BenchmarkOption]
    catalog_only: list[CatalogOnly]


def _related_standards(own: Standard | None, product_name: str) -> dict[int, list[str]]:
    """Catalog standards related to the own standard or the product name, with the reasons."""
    related: dict[int, list[str]] = {}
    if own is not None:
        codes = list(StandardIcs.objects.filter(standard=own).values_list("code", flat=True))
        same_ics = (
            StandardIcs.objects.filter(code__in=codes)
            .exclude(standard=own)
            .values_list("standard_id", "code")
        )
        for pk, code in same_ics[:200]:
            related.setdefault(pk, []).append(_("同 ICS %(code)s") % {"code": code})
        if own.adopted_standard_id:
            related.setdefault(own.adopted_standard_id, []).append(_("执行标准采用的国际标准"))
            siblings = Standard.objects.filter(adopted_standard_id=own.adopted_standard_id).exclude(pk=own.pk)
            for pk in siblings.values_list("pk", flat=True)[:20]:
                related.setdefault(pk, []).append(_("采用同一国际标准"))
    for standard in standard_suggest(query=product_name, limit=8) if product_name else []:
        related.setdefault(standard.pk, []).append(_("标题与产品名称相符"))
    return related


def benchmark_suggestions(*, product, own_standard: Standard | None, family: str = "") -> Suggestions:
    """Options to pick for `product` (see the module docstring)."""
    family = family or industry_family(
        product.name, product.category, own_standard.title if own_standard else ""
    )
    related = _related_standards(own_standard, product.name)
    standards = {s.pk: s for s in Standard.objects.filter(pk__in=related)}
    keys_with_indicators = set(
        Indicator.objects.filter(standard_key__in=[s.edition_key for s in standards.values()]).values_list(
            "standard_key", flat=True
        )
    )
    # an option is worth suggesting when it has a key indicator to compare
    options = [o for o in benchmark_options(industry=family) if o.key_count] if family else []
    seen = {o.standard_key for o in options}
    for option in options:
        option.reasons.append(_("同产业指标库"))
    extra = [s.edition_key for s in standards.values() if s.edition_key in keys_with_indicators - seen]
    for option in benchmark_options(keys=extra) if extra else []:
        pk = next(s.pk for s in standards.values() if s.edition_key == option.standard_key)
        option.reasons.extend(related[pk])
        options.append(option)
    _flag_ended(options)
    catalog_only = [
        CatalogOnly(s, related[s.pk]) for s in standards.values() if s.edition_key not in keys_with_indicators
    ]
    return Suggestions(family, options, catalog_only[:12])


def _flag_ended(options: list[BenchmarkOption]) -> None:
    """Mark options whose standard is withdrawn or replaced in the catalog, with the replacement (2 queries)."""
    keys = {o.standard_key for o in options}
    ended = {
        s.edition_key: s
        for s in Standard.objects.filter(edition_key__in=keys, status__in=ENDED_STATUSES).only(
            "pk", "edition_key", "status"
        )
    }
    successors: dict[int, list[str]] = {}
    for relation in StandardRelation.objects.filter(
        target_id__in=[s.pk for s in ended.values()]
    ).select_related("source"):
        successors.setdefault(relation.target_id, []).append(relation.source.canonical)
    for option in options:
        standard = ended.get(option.standard_key)
        if standard is not None:
            option.status_label = str(standard.get_status_display())
            option.replaced_by = successors.get(standard.pk, [])


def own_standard_for(number: str) -> Standard | None:
    """The catalog edition a product's 执行标准 names, if the catalog holds it."""
    key = standard_key(number)
    return Standard.objects.filter(edition_key=key).first() if key else None
