"""Writes on enterprises and products (house rule 3: authorize → lock → check → mutate → audit → effects)."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nqi.core import auditing, bulk
from nqi.core.errors import Conflict, ValidationFailed
from nqi.core.imports.errors import RowErrors
from nqi.core.permissions import authorize
from nqi.enterprises.models import Enterprise, Product
from nqi.enterprises.validation import ENTERPRISE_FIELDS, clean_enterprise, clean_product
from nqi.industries.models import FeaturedIndustry, Industry
from nqi.regions.models import Region
from nqi.search import services as search_services

AUDITED_ENTERPRISE_FIELDS = [
    "uscc",
    "name",
    "region",
    "region_overridden",
    "industry",
    "featured_industry",
    "scale",
    "founded_on",
    "address",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "status",
]
IDENTITY_FIELDS = {"uscc", "name", "region", "status", "industry", "featured_industry", "scale", "founded_on"}
PRODUCT_FIELDS = ["name", "brand", "model", "category", "standard_code", "status"]


@dataclass
class ReferenceMaps:
    """Lookups for validation, loaded once per call (or once per import)."""

    regions: dict
    industries: set
    featured: dict
    _region_objects: dict = field(default_factory=dict, repr=False)

    def region(self, code: str) -> Region:
        """One unsaved Region per code, shared by every enterprise built from these maps (the rules
        read its path; 100,000 copies of seven districts cost a second at import scale)."""
        if code not in self._region_objects:
            self._region_objects[code] = Region(code=code, path=self.regions[code])
        return self._region_objects[code]

    @classmethod
    def load(cls) -> ReferenceMaps:
        return cls(
            regions=dict(Region.objects.values_list("code", "path")),
            industries=set(Industry.objects.values_list("code", flat=True)),
            featured={str(pk): pk for pk in FeaturedIndustry.objects.values_list("pk", flat=True)}
            | {key: pk for key, pk in FeaturedIndustry.objects.values_list("key", "pk")},
        )


def _labels(model, names) -> list[str]:
    """The fields' human names (verbose_name) for audit summaries, in the active language."""
    return [str(model._meta.get_field(name).verbose_name) for name in names]


def _apply(enterprise: Enterprise, cleaned: dict) -> None:
    for key, value in cleaned.items():
        if key in ("region", "industry", "featured_industry"):
            setattr(enterprise, f"{key}_id", value)
        else:
            setattr(enterprise, key, value)


def enterprise_build(data: dict, *, refs: ReferenceMaps) -> Enterprise:
    """Validate input into an unsaved Enterprise (used by create and by bulk import)."""
    cleaned = clean_enterprise(data, regions=refs.regions, industries=refs.industries, featured=refs.featured)
    enterprise = Enterprise()
    _apply(enterprise, cleaned)
    enterprise.region = refs.region(cleaned["region"])
    return enterprise


def enterprise_create(*, actor, data: dict, refs: ReferenceMaps | None = None) -> Enterprise:
    """Register an enterprise. The USCC must be valid (GB 32100—2015) and not yet registered."""
    enterprise = enterprise_build(data, refs=refs or ReferenceMaps.load())
    authorize(actor, "enterprises.add_enterprise", enterprise)
    try:
        with transaction.atomic():
            if Enterprise.objects.filter(uscc=enterprise.uscc).exists():
                raise ValidationFailed({"uscc": [_("该统一社会信用代码已登记。")]})
            enterprise.save()
            auditing.record(
                actor=actor,
                event_type="enterprises.enterprise_created",
                target=enterprise,
                summary=enterprise.name,
                after=auditing.snapshot(enterprise, AUDITED_ENTERPRISE_FIELDS),
            )
    except IntegrityError as exc:  # a concurrent insert of the same USCC
        raise ValidationFailed({"uscc": [_("该统一社会信用代码已登记。")]}) from exc
    return enterprise


def enterprise_update(
    *, actor, enterprise: Enterprise, data: dict, expected_version: int | None = None
) -> Enterprise:
    """Change an enterprise's fields. Enterprise users may change only contact details.

    `expected_version` guards against lost updates: if someone saved in between, Conflict is raised.
    """
    refs = ReferenceMaps.load()
    cleaned = clean_enterprise(
        {k: v for k, v in data.items() if k in ENTERPRISE_FIELDS},
        regions=refs.regions,
        industries=refs.industries,
        featured=refs.featured,
        partial=True,
        current_uscc=enterprise.uscc,
    )
    touches_identity = bool(IDENTITY_FIELDS & cleaned.keys())
    authorize(
        actor,
        "enterprises.change_enterprise" if touches_identity else "enterprises.change_enterprise_contact",
        enterprise,
    )
    with transaction.atomic():
        current = Enterprise.objects.select_for_update().select_related("region").get(pk=enterprise.pk)
        if expected_version is not None and current.version != expected_version:
            raise Conflict(_("该企业信息已被他人修改，请刷新后重试。"))
        if (
            "uscc" in cleaned
            and Enterprise.objects.filter(uscc=cleaned["uscc"]).exclude(pk=current.pk).exists()
        ):
            raise ValidationFailed({"uscc": [_("该统一社会信用代码已登记。")]})
        before = auditing.snapshot(current, AUDITED_ENTERPRISE_FIELDS)
        _apply(current, cleaned)
        if "region" in cleaned:
            current.region = Region.objects.get(pk=cleaned["region"])
            authorize(actor, "enterprises.change_enterprise", current)  # may not move it out of jurisdiction
        after = auditing.snapshot(current, AUDITED_ENTERPRISE_FIELDS)
        changes = auditing.changed_fields(before, after)
        if changes:
            current.version += 1
            current.save()
            auditing.record(
                actor=actor,
                event_type="enterprises.enterprise_updated",
                target=current,
                summary=_("修改了 %(f)s") % {"f": "、".join(_labels(Enterprise, changes))},
                before={k: v[0] for k, v in changes.items()},
                after={k: v[1] for k, v in changes.items()},
            )
    return current


def product_create(*, actor, enterprise: Enterprise, data: dict) -> Product:
    authorize(actor, "enterprises.manage_product", enterprise)
    cleaned = clean_product(data)
    with transaction.atomic():
        product = Product.objects.create(enterprise=enterprise, **cleaned)
        auditing.record(
            actor=actor,
            event_type="enterprises.product_created",
            target=product,
            summary=f"{enterprise.name}：{product}",
            after=auditing.snapshot(product, PRODUCT_FIELDS),
        )
    return product


def product_update(*, actor, product: Product, data: dict) -> Product:
    authorize(actor, "enterprises.manage_product", product.enterprise)
    cleaned = clean_product({k: v for k, v in data.items() if k in PRODUCT_FIELDS}, partial=True)
    with transaction.atomic():
        current = Product.objects.select_for_update().get(pk=product.pk)
        before = auditing.snapshot(current, PRODUCT_FIELDS)
        for key, value in cleaned.items():
            setattr(current, key, value)
        changes = auditing.changed_fields(before, auditing.snapshot(current, PRODUCT_FIELDS))
        if changes:
            current.save()
            auditing.record(
                actor=actor,
                event_type="enterprises.product_updated",
                target=current,
                summary=str(current),
                before={k: v[0] for k, v in changes.items()},
                after={k: v[1] for k, v in changes.items()},
            )
    return current


BULK_BATCH = 2000  # rows per INSERT round and per audit segment; bounded by PostgreSQL's 65,535 parameters


def enterprise_bulk_create(
    *, actor, rows: list[dict], refs: ReferenceMaps | None = None, dry_run: bool = False, progress=None
) -> list[Enterprise]:
    """Register many enterprises all-or-nothing (imports, demo city): every row is validated exactly as
    `enterprise_create` validates one, any bad row fails the whole batch with its row number, and one
    audit event per enterprise is chained and its search document written in the same transaction.

    `dry_run` validates only and returns the unsaved enterprises. `progress(stage, done, total)` is
    called every `BULK_BATCH` rows while validating ("validate") and writing ("write").
    """
    refs = refs or ReferenceMaps.load()
    report = progress or (lambda stage, done, total: None)
    built, errors = _bulk_validate(actor, rows, refs, report)
    if errors:
        raise BulkValidationFailed(errors)
    if dry_run:
        return built
    with transaction.atomic():
        for start in range(0, len(built), BULK_BATCH):
            batch = built[start : start + BULK_BATCH]
            _bulk_insert(batch)
            auditing.record_many(
                actor=actor,
                event_type="enterprises.enterprise_created",
                items=[(e, e.name, {"uscc": e.uscc, "region": e.region_id}) for e in batch],
            )
            if start + len(batch) < len(built):
                report("write", start + len(batch), len(built))
        search_services.index_objects(Enterprise, [e.pk for e in built])  # analysed on every core
        report("write", len(built), len(built))
    return built


def _bulk_validate(actor, rows, refs, report):
    """Validate every row (as `enterprise_create` does) and name each bad one by its 1-based number."""
    built, numbers, errors, seen = [], [], {}, set()
    for number, data in enumerate(rows, start=1):
        if number % BULK_BATCH == 0:
            report("validate", number, len(rows))
        try:
            enterprise = enterprise_build(data, refs=refs)
        except ValidationFailed as exc:
            errors[number] = exc.errors
            continue
        if enterprise.uscc in seen:
            errors[number] = {"uscc": [_("与本批次前面的行重复。")]}
            continue
        seen.add(enterprise.uscc)
        authorize(actor, "enterprises.add_enterprise", enterprise)
        built.append(enterprise)
        numbers.append(number)
    existing = _registered_usccs(seen)
    for number, enterprise in zip(numbers, built, strict=True):
        if enterprise.uscc in existing:
            errors.setdefault(number, {"uscc": [_("该统一社会信用代码已登记。")]})
    report("validate", len(rows), len(rows))
    return built, errors


def _registered_usccs(codes: set[str]) -> set[str]:
    """Which of `codes` are already registered, asked in chunks (PostgreSQL allows 65,535 parameters)."""
    found, ordered = set(), sorted(codes)
    for start in range(0, len(ordered), BULK_BATCH):
        chunk = ordered[start : start + BULK_BATCH]
        found.update(Enterprise.objects.filter(uscc__in=chunk).values_list("uscc", flat=True))
    return found


def _bulk_insert(batch: list[Enterprise]) -> None:
    """One prepared INSERT for the whole batch (`nqi.core.bulk`), then the new ids read back by USCC."""
    fields = [f for f in Enterprise._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    values = operator.attrgetter(*(f.attname for f in fields))
    for enterprise in batch:
        enterprise.created_at = enterprise.updated_at = now
    bulk.insert_rows(Enterprise, fields, [values(e) for e in batch])
    ids = dict(Enterprise.objects.filter(uscc__in=[e.uscc for e in batch]).values_list("uscc", "pk"))
    for enterprise in batch:
        enterprise.pk = ids[enterprise.uscc]
        enterprise._state.adding = False


class BulkValidationFailed(RowErrors):
    """Some rows of a batch are invalid; `row_errors` maps 1-based row number → {field: [messages]}.

    Nothing was written. The message counts the bad rows; `errors` names the first one's fields.
    """


def product_bulk_create(*, actor, items: list[tuple[Enterprise, dict]]) -> list[Product]:
    """Add many products all-or-nothing; each validated as `product_create` does."""
    built, errors = [], {}
    for number, (enterprise, data) in enumerate(items, start=1):
        authorize(actor, "enterprises.manage_product", enterprise)
        try:
            built.append(Product(enterprise=enterprise, **clean_product(data)))
        except ValidationFailed as exc:
            errors[number] = exc.errors
    if errors:
        raise BulkValidationFailed(errors)
    with transaction.atomic():
        created = Product.objects.bulk_create(built, batch_size=1000)
        search_services.index_objects(Product, [p.pk for p in created if p.pk is not None])
        auditing.record_many(
            actor=actor,
            event_type="enterprises.product_created",
            items=[(p, f"{p.enterprise.name}：{p}", {"standard_code": p.standard_code}) for p in created],
        )
    return created


def enterprise_link_organization(*, actor, enterprise: Enterprise, organization) -> Enterprise:
    """Bind the platform organization whose members act for this enterprise (after a verified claim)."""
    authorize(actor, "enterprises.change_enterprise", enterprise)
    with transaction.atomic():
        current = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        before = current.organization_id
        current.organization = organization
        current.save(update_fields=["organization", "updated_at"])
        auditing.record(
            actor=actor,
            event_type="enterprises.enterprise_organization_linked",
            target=current,
            summary=str(organization),
            before={"organization": before},
            after={"organization": organization.pk},
        )
    return current
