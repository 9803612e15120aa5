"""Spreadsheet imports of enterprises and products (glossary: enterprise, product).

Each row goes through the same validation as the registration form (`validation.py`, via
`enterprise_bulk_create` / `product_bulk_create`), so an import can never store what a form would refuse;
a file with any bad row writes nothing and names every bad row. Bureau officers import within their
jurisdiction: an enterprise outside it is refused, a product's enterprise must be one they can see.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from nqi.core import uscc as uscc_rules
from nqi.core.imports import Column, Importer, RowErrors, register
from nqi.enterprises import services
from nqi.enterprises.models import Enterprise
from nqi.enterprises.selectors import visibility_q

_LOOKUP_CHUNK = 2000


@register
class EnterpriseImporter(Importer):
    key = "enterprises"
    label = _("企业")
    permission = "enterprises.import_enterprise"
    columns = (
        Column(
            "uscc",
            _("统一社会信用代码"),
            ("USCC", "信用代码", "社会信用代码", "统一代码", "credit code", "unified social credit code"),
            required=True,
            example="91330402MA2B3C4D1N",
        ),
        Column(
            "name",
            _("企业名称"),
            ("名称", "单位名称", "企业", "name", "enterprise name", "company name"),
            required=True,
            example="嘉兴市示例机械有限公司",
        ),
        Column(
            "region",
            _("所在区域代码"),
            ("区域代码", "区划代码", "行政区划代码", "所在区域", "region", "region code"),
        ),
        Column(
            "industry",
            _("国民经济行业代码"),
            ("行业代码", "行业", "industry", "industry code"),
            example="3442",
        ),
        Column("featured_industry", _("特色产业编号"), ("特色产业", "featured industry")),
        Column("scale", _("企业规模"), ("规模", "scale", "size"), example="小型"),
        Column(
            "founded_on",
            _("成立日期"),
            ("成立时间", "注册日期", "founded", "founded on"),
            example="2015-06-01",
        ),
        Column("address", _("住所"), ("地址", "注册地址", "经营地址", "address")),
        Column("legal_representative", _("法定代表人"), ("法人", "法人代表", "legal representative")),
        Column("contact_name", _("联系人"), ("contact", "contact name")),
        Column("contact_phone", _("联系电话"), ("电话", "手机", "联系方式", "phone", "contact phone")),
        Column("status", _("登记状态"), ("状态", "经营状态", "status"), example="存续"),
    )

    def commit(self, *, actor, records, progress) -> int:
        return len(services.enterprise_bulk_create(actor=actor, rows=records, progress=progress))

    def check(self, *, actor, records, progress) -> int:
        """The bulk service validates without writing, so a dry run never takes the write lock."""
        return len(
            services.enterprise_bulk_create(actor=actor, rows=records, dry_run=True, progress=progress)
        )


@register
class ProductImporter(Importer):
    key = "products"
    label = _("产品")
    permission = "enterprises.import_enterprise"
    columns = (
        Column(
            "enterprise_uscc",
            _("生产企业统一社会信用代码"),
            ("统一社会信用代码", "企业统一社会信用代码", "信用代码", "USCC", "enterprise uscc"),
            required=True,
            example="91330402MA2B3C4D1N",
        ),
        Column("name", _("产品名称"), ("产品", "名称", "product", "product name", "name"), required=True),
        Column("brand", _("品牌"), ("商标", "brand")),
        Column("model", _("型号规格"), ("型号", "规格", "规格型号", "model")),
        Column("category", _("产品类别"), ("类别", "category")),
        Column("standard_code", _("执行标准"), ("标准", "执行标准号", "standard", "standard code")),
        Column("status", _("状态"), ("生产状态", "status"), example="在产"),
    )

    def commit(self, *, actor, records, progress) -> int:
        """Resolve each row's enterprise among those the actor may see, then add the products at once.

        Unknown and invisible enterprises get the same message (house rule 4).
        """
        total = len(records)
        progress("validate", 0, total)
        enterprises = _visible_by_uscc(actor, {uscc_rules.canonical(r["enterprise_uscc"]) for r in records})
        items, positions, errors = [], [], {}
        for position, record in enumerate(records, start=1):
            enterprise = enterprises.get(uscc_rules.canonical(record["enterprise_uscc"]))
            if enterprise is None:
                errors[position] = {"enterprise_uscc": [_("未找到该统一社会信用代码对应的企业。")]}
                continue
            items.append((enterprise, {k: v for k, v in record.items() if k != "enterprise_uscc"}))
            positions.append(position)
        with transaction.atomic():
            try:
                created = services.product_bulk_create(actor=actor, items=items) if items else []
            except services.BulkValidationFailed as exc:
                errors.update({positions[n - 1]: e for n, e in exc.row_errors.items()})
            if errors:
                raise RowErrors(errors)
        progress("validate", total, total)
        progress("write", total, total)
        return len(created)


def _visible_by_uscc(actor, codes: set[str]) -> dict[str, Enterprise]:
    """The enterprises among `codes` that `actor` may see, by USCC (asked in chunks)."""
    ordered, found = sorted(c for c in codes if c), {}
    for start in range(0, len(ordered), _LOOKUP_CHUNK):
        chunk = ordered[start : start + _LOOKUP_CHUNK]
        query = Enterprise.objects.filter(visibility_q(actor), uscc__in=chunk).select_related("region")
        found.update({e.uscc: e for e in query})
    return found
